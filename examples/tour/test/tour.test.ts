import { describe, expect, it } from 'vitest';
import type { TourStep } from '../src/step';
import { checkSignatureFamily, signatureFamilies } from '../src/steps/signatures';
import { runTour } from '../src/tour';

/** Every signature family and the code its service answers a tampered request with. */
const EXPECTED_REJECTIONS: Record<string, { code: string; status: number }> = {
  'POP RPC v1': { code: 'SignatureDoesNotMatch', status: 400 },
  'POP ROA v1': { code: 'SignatureDoesNotMatch', status: 400 },
  'ACS3-HMAC-SHA256': { code: 'SignatureDoesNotMatch', status: 400 },
  'OSS V1 header': { code: 'SignatureDoesNotMatch', status: 403 },
  'OSS V1 presigned URL': { code: 'SignatureDoesNotMatch', status: 403 },
  'OSS V4 header': { code: 'SignatureDoesNotMatch', status: 403 },
  'OSS V4 presigned URL': { code: 'SignatureDoesNotMatch', status: 403 },
  SLS: { code: 'SignatureNotMatch', status: 401 },
  Tablestore: { code: 'OTSAuthFailed', status: 403 },
  'MaxCompute legacy': { code: 'SignatureNotMatch', status: 401 },
  'MaxCompute v4': { code: 'SignatureNotMatch', status: 401 },
};
const FAMILIES = Object.keys(EXPECTED_REJECTIONS);

describe('runTour', () => {
  it('has every signature family accepted, and every tampered copy rejected with the service code', async () => {
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line) });

    expect(result.ok).toBe(true);
    expect(result.steps.map((step) => step.name)).toEqual(['signatures']);
    const [signatures] = result.steps;
    expect(signatures?.ok).toBe(true);
    expect(signatures?.checks).toHaveLength(FAMILIES.length * 2);

    for (const family of FAMILIES) {
      const [accepted, tampered, ...extra] = signatures?.checks.filter((check) => check.subject === family) ?? [];
      expect(extra, family).toEqual([]);
      expect(accepted, family).toMatchObject({ ok: true, expected: 'accepted', outcome: 'accepted', status: 200 });
      expect(accepted?.requestId, family).toMatch(/^[0-9A-Fa-f-]{24,36}$/);
      const { code, status } = EXPECTED_REJECTIONS[family]!;
      expect(tampered, family).toMatchObject({ ok: true, expected: code, outcome: code, status });
      expect(tampered?.action, family).toMatch(/^tampered \(.+\)$/);
      expect(tampered?.requestId, family).toMatch(/^[0-9A-Fa-f-]{24,36}$/);
      // The SdkError message names the code, status and request id in its one-line form.
      expect(tampered?.errorMessage, family).toContain(`failed: ${code} (${status}), requestId=${tampered?.requestId}`);
    }

    expect(lines).toContain(
      '✔ OSS V4 header         ListBuckets accepted (200, 1 bucket, requestId ' +
        `${signatures?.checks.find((c) => c.subject === 'OSS V4 header')?.requestId})`,
    );
    expect(lines.some((line) => /^ {2}maxcompute {2}http:\/\/127\.0\.0\.1:\d+\/api$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^✔ Tour passed: 22\/22 checks in 1 step, \d+\.\d s$/);
    // Secrets never reach the report.
    expect(lines.join('\n')).not.toContain('NotTheExampleSecret');
  });

  it('reports failure when a family does not behave, and stops the emulators', async () => {
    let endpoint = '';
    const untampered: TourStep = {
      name: 'untampered',
      title: 'A "tampered" request that is really signed correctly',
      async run({ emulators, record }) {
        endpoint = emulators.oss.endpoint;
        const family = signatureFamilies(emulators).find((f) => f.family === 'OSS V4 header')!;
        for (const check of await checkSignatureFamily({ ...family, tampered: family.signed })) record(check);
      },
    };
    const broken: TourStep = {
      name: 'broken',
      title: 'A step that throws',
      run: async () => {
        throw new Error('boom');
      },
    };
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [untampered, broken] });

    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['untampered', false],
      ['broken', false],
    ]);
    expect(result.steps[0]?.checks.map((c) => [c.ok, c.outcome])).toEqual([
      [true, 'accepted'],
      [false, 'accepted'],
    ]);
    expect(result.steps[1]?.error).toBe('boom');
    expect(lines).toContain('✘ step broken stopped: boom');
    expect(lines.some((l) => l.startsWith('✘ OSS V4 header') && l.endsWith('expected SignatureDoesNotMatch'))).toBe(
      true,
    );
    expect(lines.at(-1)).toMatch(/^✘ Tour failed: 1 of 2 checks failed \(untampered, broken\)/);
    await expect(fetch(endpoint)).rejects.toThrow();
  });
});
