import { fromEcsRamRole, memoize } from '@alikit/core';
import { type Emulators, startEmulators } from '@alikit/emulators';
import { crc64, OssClient } from '@alikit/oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from './helpers';

let offsetMs = 0;
let emu: Emulators<'oss' | 'metadata'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['oss', 'metadata'], now: () => new Date(Date.now() + offsetMs) });
  emu.oss.createBucket('rotation');
  emu.metadata.credentialsLifetimeMs = 2 * 60_000;
});
afterAll(() => emu.stop());

describe('credentials rotating under concurrent uploads', () => {
  it('50 concurrent uploads signed with keys that expire mid-flight all succeed', async () => {
    const fetched: string[] = [];
    const ecs = fromEcsRamRole({ endpoint: emu.metadata.endpoint });
    const provider = memoize(
      async (options) => {
        const creds = await ecs(options);
        fetched.push(creds.accessKeyId);
        return creds;
      },
      { refreshMarginMs: 10_000 },
    );
    const oss = new OssClient({
      region: emu.oss.region,
      endpoint: emu.oss.endpoint,
      credentials: provider,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
    });
    const bucket = oss.getBucketClient('rotation');
    await bucket.putObject('warm-up', 'x');
    const oldKey = fetched[0];
    // Every upload signs with the current keys, then waits at the emulator while they expire there.
    const delay = emu.faults.inject('oss', { delayMs: 150, match: { operation: 'PutObject' } });
    const bodies = Array.from({ length: 50 }, (_, i) => randomBytes(2048 + i, i + 1));
    const uploads = bodies.map((body, i) => bucket.putObject(`obj/${i}`, body));
    await new Promise((r) => setTimeout(r, 50));
    offsetMs = 3 * 60_000; // the old keys are now past their 2-minute lifetime at the emulator
    emu.metadata.rotateCredentials();
    const results = await Promise.all(uploads);
    results.forEach((r, i) => {
      expect(r.crc64).toBe(crc64(bodies[i] as Uint8Array));
    });
    // Each upload was refused once (SecurityTokenExpired) and repeated once with the new keys.
    expect(delay.hits).toBe(100);
    // A single refresh served all 50 retries (single-flight), with new keys.
    const newKeys = fetched.slice(1);
    expect(newKeys.length).toBeGreaterThanOrEqual(1);
    expect(newKeys.length).toBeLessThanOrEqual(2);
    expect(newKeys.every((k) => k !== oldKey)).toBe(true);
    expect(emu.oss.objectKeys('rotation').filter((k) => k.startsWith('obj/')).length).toBe(50);
  });
});
