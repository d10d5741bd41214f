import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { inspect } from 'node:util';
import { isSdkError, type SdkError } from '@alikit/core';
import { crc64, type OssBucketClient } from '@alikit/oss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OssFixture, randomBytes, startOss } from './helpers';

let fx: OssFixture;
let bucket: OssBucketClient;
let dir: string;

beforeAll(async () => {
  fx = await startOss();
  bucket = fx.oss.getBucketClient(fx.bucketName);
  dir = await mkdtemp(join(tmpdir(), 'alikit-oss-objects-'));
});
afterAll(async () => {
  await fx.emu.stop();
  await rm(dir, { recursive: true, force: true });
});

async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isSdkError(error)).toBe(true);
  return error as SdkError;
}

describe('putObject / getObject / headObject', () => {
  it('round-trips strings with metadata, storage class, SSE, ACL and tags', async () => {
    const put = await bucket.putObject('docs/a b+c.txt', 'hello', {
      contentType: 'text/plain',
      metadata: { Team: 'alpha' },
      storageClass: 'IA',
      serverSideEncryption: 'AES256',
      acl: 'private',
      tags: { env: 'test', 'a b': 'c&d' },
      cacheControl: 'no-cache',
    });
    expect(put.crc64).toBe(crc64('hello'));
    expect(put.etag).toMatch(/^[0-9A-F]{32}$/);
    const got = await bucket.getObject('docs/a b+c.txt');
    expect(new TextDecoder().decode(got.body)).toBe('hello');
    expect(got.contentType).toBe('text/plain');
    expect(got.metadata).toEqual({ team: 'alpha' });
    expect(got.storageClass).toBe('IA');
    expect(got.serverSideEncryption).toBe('AES256');
    expect(got.cacheControl).toBe('no-cache');
    expect(got.crc64).toBe(crc64('hello'));
    const head = await bucket.headObject('docs/a b+c.txt');
    expect(head.contentLength).toBe(5);
    expect(head.etag).toBe(put.etag);
    expect(head.tagCount).toBe(2);
    expect(await bucket.getObjectTagging('docs/a b+c.txt')).toEqual({ env: 'test', 'a b': 'c&d' });
    expect(await bucket.getObjectAcl('docs/a b+c.txt')).toBe('private');
  });

  it('puts Uint8Array, Node Readable and web ReadableStream bodies', async () => {
    const data = randomBytes(300_000, 7);
    expect((await bucket.putObject('bin/u8', data)).crc64).toBe(crc64(data));
    const r1 = await bucket.putObject('bin/node', Readable.from([data.subarray(0, 1000), data.subarray(1000)]));
    expect(r1.crc64).toBe(crc64(data));
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(data.subarray(0, 5));
        c.enqueue(data.subarray(5));
        c.close();
      },
    });
    const r2 = await bucket.putObject('bin/web', web, { contentLength: data.length });
    expect(r2.crc64).toBe(crc64(data));
    for (const key of ['bin/u8', 'bin/node', 'bin/web']) {
      expect(Buffer.from((await bucket.getObject(key)).body).equals(Buffer.from(data))).toBe(true);
    }
  });

  it('reads ranges, streams and files', async () => {
    await bucket.putObject('range.txt', '0123456789');
    const part = await bucket.getObject('range.txt', { range: { start: 2, end: 5 } });
    expect(new TextDecoder().decode(part.body)).toBe('2345');
    expect(part.contentRange).toBe('bytes 2-5/10');
    const tail = await bucket.getObject('range.txt', { range: { start: 7 } });
    expect(new TextDecoder().decode(tail.body)).toBe('789');
    const stream = await bucket.getObjectStream('range.txt');
    const chunks: Buffer[] = [];
    for await (const chunk of stream.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString()).toBe('0123456789');
    const file = join(dir, 'range.txt');
    const props = await bucket.getObjectToFile('range.txt', file);
    expect(props.crc64).toBe(crc64('0123456789'));
    expect(await readFile(file, 'utf8')).toBe('0123456789');
  });

  it('honours If-Match, If-None-Match and If-Modified-Since', async () => {
    const { etag } = await bucket.putObject('cond.txt', 'v1');
    expect((await bucket.getObject('cond.txt', { ifMatch: etag })).body.byteLength).toBe(2);
    expect((await rejection(bucket.getObject('cond.txt', { ifMatch: 'ABC' }))).code).toBe('PreconditionFailed');
    const nm = await rejection(bucket.getObject('cond.txt', { ifNoneMatch: etag }));
    expect([nm.code, nm.status]).toEqual(['NotModified', 304]);
    const future = new Date(Date.now() + 3600_000);
    expect((await rejection(bucket.getObject('cond.txt', { ifModifiedSince: future }))).code).toBe('NotModified');
    expect((await rejection(bucket.headObject('cond.txt', { ifMatch: 'ABC' }))).code).toBe('PreconditionFailed');
  });

  it('maps a missing key to NoSuchKey with request id and EC, and objectExists to false', async () => {
    const error = await rejection(bucket.getObject('missing.txt'));
    expect(error.code).toBe('NoSuchKey');
    expect(error.status).toBe(404);
    expect(error.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(error.details?.ec).toMatch(/^\d{4}-\d{8}$/);
    expect(error.message).toContain('NoSuchKey');
    expect((await rejection(bucket.headObject('missing.txt'))).code).toBe('NoSuchKey');
    expect(await bucket.objectExists('missing.txt')).toBe(false);
    expect(await bucket.objectExists('cond.txt')).toBe(true);
    const other = fx.oss.getBucketClient('no-such-bucket');
    expect((await rejection(other.getObject('x'))).code).toBe('NoSuchBucket');
  });
});

describe('delete, copy, append, tagging, ACL', () => {
  it('deletes one and many objects in batches of 1000', async () => {
    await bucket.putObject('del/one', '1');
    await bucket.deleteObject('del/one');
    expect(await bucket.objectExists('del/one')).toBe(false);
    await bucket.deleteObject('del/never-existed');
    const keys = Array.from({ length: 1203 }, (_, i) => `many/${String(i).padStart(4, '0')}`);
    await Promise.all(keys.slice(0, 20).map((k) => bucket.putObject(k, k)));
    const result = await bucket.deleteObjects(keys);
    expect(result.errors).toEqual([]);
    expect(result.deleted.length).toBe(1203);
    expect(await bucket.objectExists(keys[3] as string)).toBe(false);
  });

  it('copies with metadata kept or replaced', async () => {
    await bucket.putObject('copy/src', 'payload', { metadata: { a: '1' }, contentType: 'text/plain' });
    const kept = await bucket.copyObject('copy/src', 'copy/dst1');
    expect(kept.etag).toMatch(/^[0-9A-F]{32}$/);
    expect((await bucket.headObject('copy/dst1')).metadata).toEqual({ a: '1' });
    await bucket.copyObject('copy/src', 'copy/dst2', { metadataDirective: 'replace', metadata: { b: '2' } });
    const head = await bucket.headObject('copy/dst2');
    expect(head.metadata).toEqual({ b: '2' });
    expect(head.crc64).toBe(crc64('payload'));
    expect((await rejection(bucket.copyObject('copy/missing', 'copy/x'))).code).toBe('NoSuchKey');
  });

  it('appends and reports the next position and whole-object CRC', async () => {
    const first = await bucket.appendObject('log.txt', 'abc', { position: 0 });
    expect(first.nextPosition).toBe(3);
    const second = await bucket.appendObject('log.txt', 'def', { position: first.nextPosition });
    expect(second.nextPosition).toBe(6);
    expect(second.crc64).toBe(crc64('abcdef'));
    const wrong = await rejection(bucket.appendObject('log.txt', 'x', { position: 1 }));
    expect(wrong.code).toBe('PositionNotEqualToLength');
    expect(wrong.details?.nextAppendPosition).toBe('6');
  });

  it('puts, reads and deletes tags; sets ACLs', async () => {
    await bucket.putObject('tags.txt', 't');
    await bucket.putObjectTagging('tags.txt', { k: 'v' });
    expect(await bucket.getObjectTagging('tags.txt')).toEqual({ k: 'v' });
    await bucket.deleteObjectTagging('tags.txt');
    expect(await bucket.getObjectTagging('tags.txt')).toEqual({});
    await bucket.putObjectAcl('tags.txt', 'public-read');
    expect(await bucket.getObjectAcl('tags.txt')).toBe('public-read');
  });
});

describe('listObjects', () => {
  it('lists with prefix, delimiter, common prefixes and continuation tokens', async () => {
    const keys = ['ls/a.txt', 'ls/b c.txt', 'ls/d/1', 'ls/d/2', 'ls/e/1', 'ls/z+.txt'];
    for (const k of keys) await bucket.putObject(k, k);
    const all: string[] = [];
    for await (const obj of bucket.listObjects({ prefix: 'ls/' })) all.push(obj.key);
    expect(all).toEqual(keys);
    const pages = [];
    for await (const page of bucket.listObjects({ prefix: 'ls/', delimiter: '/' }).byPage({ maxPageSize: 2 })) {
      pages.push(page);
    }
    expect(pages.flatMap((p) => p.objects.map((o) => o.key))).toEqual(['ls/a.txt', 'ls/b c.txt', 'ls/z+.txt']);
    expect(pages.flatMap((p) => p.prefixes)).toEqual(['ls/d/', 'ls/e/']);
    expect(pages.length).toBeGreaterThan(1);
    const token = pages[0]?.continuationToken as string;
    const rest: string[] = [];
    for await (const page of bucket
      .listObjects({ prefix: 'ls/' })
      .byPage({ continuationToken: token, maxPageSize: 100 })) {
      rest.push(...page.objects.map((o) => o.key));
    }
    expect(rest.length).toBeGreaterThan(0);
    expect(keys).toEqual(expect.arrayContaining(rest));
    const first = await bucket.listObjects({ prefix: 'ls/' }).next();
    expect(first.value).toMatchObject({ key: 'ls/a.txt', size: 8, storageClass: 'Standard' });
  });
});

describe('errors never carry secrets', () => {
  it('a wrong secret gives SignatureDoesNotMatch without the secret or signature', async () => {
    const secret = 'WrongSecretValue0123456789abcd';
    const { OssClient } = await import('@alikit/oss');
    const bad = new OssClient({
      region: fx.emu.oss.region,
      endpoint: fx.emu.oss.endpoint,
      credentials: { accessKeyId: fx.emu.credentials.accessKeyId, accessKeySecret: secret, source: 'test' },
      retry: { maxAttempts: 1 },
    }).getBucketClient(fx.bucketName);
    for (const call of [bad.getObject('cond.txt'), bad.putObject('x', 'y')]) {
      const error = await rejection(call);
      expect(error.code).toBe('SignatureDoesNotMatch');
      const text = `${error.message}\n${JSON.stringify(error)}\n${inspect(error, { depth: 10 })}`;
      expect(text).not.toContain(secret);
      expect(text).not.toMatch(/OSS [A-Za-z0-9]+:[A-Za-z0-9+/=]{20,}/);
    }
  });
});

describe('timeouts, resets and retries on ali-oss calls', () => {
  it('retries a 503 and a reset, and maps exhausted failures to typed errors', async () => {
    await bucket.putObject('faults.txt', 'ok');
    const busy = fx.emu.faults.inject('oss', { status: 503, times: 2, match: { operation: 'GetObject' } });
    expect(new TextDecoder().decode((await bucket.getObject('faults.txt')).body)).toBe('ok');
    expect(busy.hits).toBe(2);
    const reset = fx.emu.faults.inject('oss', { resetConnection: true, times: 1, match: { operation: 'HeadObject' } });
    expect((await bucket.headObject('faults.txt')).contentLength).toBe(2);
    expect(reset.hits).toBe(1);

    const { OssClient } = await import('@alikit/oss');
    const once = new OssClient({
      region: fx.emu.oss.region,
      endpoint: fx.emu.oss.endpoint,
      credentials: { ...fx.emu.credentials, source: 'emulator' },
      retry: { maxAttempts: 1 },
      timeoutMs: 200,
    }).getBucketClient(fx.bucketName);
    fx.emu.faults.inject('oss', { status: 503, times: 1, match: { operation: 'GetObject' } });
    const unavailable = await rejection(once.getObject('faults.txt'));
    expect([unavailable.code, unavailable.status, unavailable.retryable]).toEqual(['ServiceUnavailable', 503, true]);
    fx.emu.faults.inject('oss', { resetConnection: true, times: 1, match: { operation: 'GetObject' } });
    expect((await rejection(once.getObject('faults.txt'))).code).toBe('ERR_NETWORK');
    fx.emu.faults.inject('oss', { delayMs: 1000, times: 1, match: { operation: 'GetObject' } });
    const slow = await rejection(once.getObject('faults.txt'));
    expect([slow.code, slow.retryable]).toEqual(['ERR_TIMEOUT', true]);
    fx.emu.faults.clear();
  });

  it('an aborted call rejects with the signal reason', async () => {
    fx.emu.faults.inject('oss', { delayMs: 300, times: 1, match: { operation: 'GetObject' } });
    const controller = new AbortController();
    const reason = new Error('stop');
    const call = bucket.getObject('faults.txt', { signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(call).rejects.toBe(reason);
    fx.emu.faults.clear();
  });
});
