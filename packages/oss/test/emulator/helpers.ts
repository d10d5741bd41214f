import { type Emulators, startEmulators } from '@alikit/emulators';
import { OssClient, type OssClientOptions } from '@alikit/oss';

export interface OssFixture {
  emu: Emulators<'oss'>;
  oss: OssClient;
  bucketName: string;
}

/** Starts the OSS emulator with one bucket and a client pointed at it (fast retries). */
export async function startOss(
  options: Partial<OssClientOptions> = {},
  bucketName = 'test-bucket',
): Promise<OssFixture> {
  const emu = await startEmulators({ services: ['oss'] });
  emu.oss.createBucket(bucketName);
  const oss = new OssClient({
    region: emu.oss.region,
    endpoint: emu.oss.endpoint,
    credentials: { ...emu.credentials, source: 'emulator' },
    retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 5 },
    timeoutMs: 10_000,
    ...options,
  });
  return { emu, oss, bucketName };
}

/** Deterministic pseudo-random bytes. */
export function randomBytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
