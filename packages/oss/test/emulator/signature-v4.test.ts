import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc64 } from '@alikit/oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OssFixture, randomBytes, startOss } from './helpers';

let fx: OssFixture;
let dir: string;

beforeAll(async () => {
  fx = await startOss({ signatureVersion: 'v4' });
  dir = await mkdtemp(join(tmpdir(), 'alikit-oss-v4-'));
});
afterAll(async () => {
  await fx.emu.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("signatureVersion: 'v4' for every request", () => {
  it('puts, reads, lists, tags, copies and uploads in parts with OSS4-HMAC-SHA256', async () => {
    const bucket = fx.oss.getBucketClient(fx.bucketName);
    await bucket.putObject('v4/a b.txt', 'four', { metadata: { k: 'v' }, tags: { t: '1' } });
    expect(new TextDecoder().decode((await bucket.getObject('v4/a b.txt')).body)).toBe('four');
    expect((await bucket.headObject('v4/a b.txt')).metadata).toEqual({ k: 'v' });
    expect(await bucket.getObjectTagging('v4/a b.txt')).toEqual({ t: '1' });
    await bucket.copyObject('v4/a b.txt', 'v4/copy.txt');
    const keys: string[] = [];
    for await (const page of bucket.listObjects({ prefix: 'v4/' }).byPage({ maxPageSize: 1 })) {
      keys.push(...page.objects.map((o) => o.key));
    }
    expect(keys).toEqual(['v4/a b.txt', 'v4/copy.txt']);
    const data = randomBytes(3 * 100 * 1024 + 5, 31);
    const file = join(dir, 'v4.bin');
    await writeFile(file, data);
    const result = await bucket.uploadFile('v4/big.bin', file, { partSize: 100 * 1024, checkpoint: false });
    expect(result.crc64).toBe(crc64(data));
    const deleted = await bucket.deleteObjects(['v4/a b.txt', 'v4/copy.txt']);
    expect(deleted.errors).toEqual([]);
  });
});
