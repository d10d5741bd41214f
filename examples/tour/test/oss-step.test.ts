import { startEmulators } from '@alikit/emulators';
import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../src/step';
import { ossStep, progressBar, TOUR_BUCKET, TOUR_FILE_BYTES, TOUR_OBJECT_KEY } from '../src/steps/oss';

describe('tour step: oss', () => {
  it('uploads with a progress bar, lists, downloads and verifies, and fetches a presigned URL', async () => {
    const emulators = await startEmulators({ services: ['oss'] });
    try {
      const lines: string[] = [];
      const checks: CheckResult[] = [];
      await ossStep.run({ emulators: emulators as never, log: (l) => lines.push(l), record: (c) => checks.push(c) });
      expect(checks.map((c) => [c.action, c.ok])).toEqual([
        [`uploadFile ${TOUR_OBJECT_KEY}`, true],
        ["listObjects({ prefix: 'uploads/' })", true],
        ['downloadFile, CRC-64 compared', true],
        ['presignUrl (V4) fetched with plain fetch', true],
      ]);
      expect(lines.at(0)).toBe('    [....................]   0%');
      expect(lines.at(-1)).toBe('    [####################] 100%');
      expect(emulators.oss.objectInfo(TOUR_BUCKET, TOUR_OBJECT_KEY)).toMatchObject({ size: TOUR_FILE_BYTES });
    } finally {
      await emulators.stop();
    }
  });

  it('draws the bar from the bytes done', () => {
    expect(progressBar({ loadedBytes: 50, totalBytes: 100 })).toBe('[##########..........]  50%');
    expect(progressBar({ loadedBytes: 0, totalBytes: 0 })).toBe('[####################] 100%');
  });
});
