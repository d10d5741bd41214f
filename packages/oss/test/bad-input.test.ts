import { Readable } from 'node:stream';
import { OssClient } from '@alikit/oss';
import { describe, expect, it } from 'vitest';

let credentialCalls = 0;
// Port 9 (discard) on loopback: any request that got out would fail with a network error, not a TypeError.
const oss = new OssClient({
  region: 'cn-hangzhou',
  endpoint: 'http://127.0.0.1:9',
  credentials: async () => {
    credentialCalls++;
    return { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret', source: 'test' };
  },
});
const bucket = oss.getBucketClient('valid-bucket');

describe('bad input is refused before any I/O', () => {
  it('bucket names follow the OSS rules', () => {
    for (const name of ['ab', 'A-bucket', '-bucket', 'bucket-', 'buck_et', 'a'.repeat(64), '', 'bucket.name']) {
      expect(() => oss.getBucketClient(name)).toThrow(TypeError);
    }
    expect(() => oss.getBucketClient(42 as never)).toThrow(TypeError);
    expect(oss.getBucketClient('abc').name).toBe('abc');
    expect(oss.getBucketClient('a'.repeat(63)).name).toHaveLength(63);
  });

  it('object keys follow the OSS rules', async () => {
    await expect(bucket.putObject('', 'x')).rejects.toThrow(TypeError);
    await expect(bucket.putObject('/abs', 'x')).rejects.toThrow(/must not start/);
    await expect(bucket.putObject('\\win', 'x')).rejects.toThrow(TypeError);
    await expect(bucket.getObject('a'.repeat(1024))).rejects.toThrow(RangeError);
    await expect(bucket.getObject('é'.repeat(512))).rejects.toThrow(/1023/);
    await expect(bucket.headObject('bad\uD800key')).rejects.toThrow(/surrogate/);
    await expect(bucket.deleteObjects(['ok', '/bad'])).rejects.toThrow(/keys\[1\]/);
    await expect(bucket.copyObject('ok', '')).rejects.toThrow(/targetKey/);
  });

  it('ranges must be whole, non-negative and in order', async () => {
    await expect(bucket.getObject('k', { range: { start: -1 } })).rejects.toThrow(RangeError);
    await expect(bucket.getObject('k', { range: { start: 10, end: 5 } })).rejects.toThrow(/before range.start/);
    await expect(bucket.getObject('k', { range: { start: 1.5 } })).rejects.toThrow(RangeError);
    await expect(bucket.getObjectStream('k', { range: { start: 0, end: -2 } })).rejects.toThrow(RangeError);
  });

  it('a single put over 5 GiB is refused', async () => {
    const huge = Readable.from([]);
    await expect(bucket.putObject('big', huge, { contentLength: 5 * 1024 ** 3 + 1 })).rejects.toThrow(/5 GiB/);
    await expect(bucket.putObject('big', 'x', { contentLength: -1 })).rejects.toThrow(RangeError);
    await expect(bucket.appendObject('big', 'x', { position: 5 * 1024 ** 3 })).rejects.toThrow(RangeError);
  });

  it('options are checked', async () => {
    await expect(bucket.putObject('k', 42 as never)).rejects.toThrow(TypeError);
    await expect(bucket.putObject('k', 'x', { acl: 'everyone' as never })).rejects.toThrow(/acl/);
    await expect(bucket.putObject('k', 'x', { storageClass: 'Cold' as never })).rejects.toThrow(/storageClass/);
    await expect(bucket.putObject('k', 'x', { metadata: { 'bad name': 'v' } })).rejects.toThrow(/metadata name/);
    await expect(bucket.putObject('k', 'x', { metadata: { a: 'line\nbreak' } })).rejects.toThrow(/CR, LF/);
    await expect(
      bucket.putObject('k', 'x', { tags: Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`t${i}`, 'v'])) }),
    ).rejects.toThrow(/10 tags/);
    await expect(bucket.getObject('k', { timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(bucket.getObject('k', { signal: {} as never })).rejects.toThrow(TypeError);
    await expect(bucket.getObject('k', { ifModifiedSince: new Date('nope') })).rejects.toThrow(TypeError);
    await expect(bucket.appendObject('k', 'x', { position: -1 })).rejects.toThrow(RangeError);
    expect(() => bucket.listObjects({ prefix: 3 as never })).toThrow(TypeError);
  });

  it('transfer options are checked', async () => {
    await expect(bucket.uploadFile('k', '/nonexistent', { partSize: 1000 })).rejects.toThrow(/partSize/);
    await expect(bucket.uploadFile('k', '/nonexistent', { concurrency: 0 })).rejects.toThrow(/concurrency/);
    await expect(bucket.uploadFile('k', '/nonexistent', { checkpoint: {} as never })).rejects.toThrow(
      /CheckpointStore/,
    );
    await expect(bucket.uploadStream('k', 'text' as never)).rejects.toThrow(TypeError);
    await expect(bucket.downloadFile('k', '')).rejects.toThrow(TypeError);
    await expect(bucket.copyLarge('a', 'b', { multipartThreshold: -1 })).rejects.toThrow(RangeError);
  });

  it('client options are checked', () => {
    expect(() => new OssClient({ region: 'Hangzhou!' })).toThrow(RangeError);
    expect(() => new OssClient({ region: 'cn-hangzhou', endpoint: 'http://oss.example.com' })).toThrow(TypeError);
    expect(() => new OssClient({ region: 'cn-hangzhou', timeoutMs: -5 })).toThrow(RangeError);
    expect(() => new OssClient({ region: 'cn-hangzhou', signatureVersion: 'v2' as never })).toThrow(TypeError);
    expect(
      new OssClient({
        region: 'oss-cn-hangzhou',
        credentials: { accessKeyId: 'a', accessKeySecret: 'b', source: 'test' },
      }).endpoint,
    ).toBe('https://oss-cn-hangzhou.aliyuncs.com');
  });

  it('none of the above fetched credentials or sent a request', () => {
    expect(credentialCalls).toBe(0);
  });
});
