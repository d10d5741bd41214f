import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import {
  formatIsoBasic,
  type OssParams,
  type OssSubresources,
  ossV1Signature,
  ossV4Signature,
  parseOssError,
  signOssV1,
  signOssV4,
} from '@alikit/core';
import { crc64 } from '@alikit/oss';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { hostOf, type SentResponse, send } from '../helpers';

const BUCKET = 'objects-bucket';
let emu: Emulators<'oss'>;
let host: string;

beforeAll(async () => {
  emu = await startEmulators({ services: ['oss'] });
  host = hostOf(emu.oss.endpoint);
  emu.oss.createBucket(BUCKET);
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.faults.clear();
  emu.oss.limits.minPartSize = 100 * 1024;
});

interface Call {
  method?: string;
  bucket?: string;
  key?: string;
  query?: OssParams;
  subresources?: OssSubresources;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  v4?: boolean;
  disableContentMd5?: boolean;
}

function sign(call: Call) {
  const input = {
    method: call.method ?? 'GET',
    host,
    protocol: 'http' as const,
    bucket: call.bucket ?? BUCKET,
    key: call.key,
    pathStyle: true,
    query: call.query,
    subresources: call.subresources,
    headers: call.headers,
    body: call.body,
    disableContentMd5: call.disableContentMd5,
    credentials: emu.credentials,
    date: new Date(),
  };
  return call.v4 ? signOssV4({ ...input, region: 'cn-hangzhou' }) : signOssV1(input);
}

function oss(call: Call): Promise<SentResponse> {
  const signed = sign(call);
  return send(signed.url, {
    method: call.method ?? 'GET',
    headers: { ...signed.headers, Authorization: signed.authorization },
    body: call.body,
  });
}

function expectError(res: SentResponse, status: number, code: string): string {
  expect(res.status).toBe(status);
  const xml = res.text();
  const parsed = parseOssError({
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: res.body,
    operation: 'test',
  });
  expect(parsed.code).toBe(code);
  return xml || Buffer.from(String(res.headers['x-oss-err'] ?? ''), 'base64').toString('utf8');
}

const md5Base64 = (data: Uint8Array | string) => createHash('md5').update(data).digest('base64');
const md5Hex = (data: Uint8Array | string) => createHash('md5').update(data).digest('hex').toUpperCase();
const decodeEntities = (text: string) =>
  text.replace(
    /&(quot|apos|lt|gt|amp);/g,
    (_, e: string) => ({ quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' })[e] as string,
  );
/** Decoded text of every `<name>` element. */
const tag = (xml: string, name: string) =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => decodeEntities(m[1] as string));

describe('oss emulator: PutObject / GetObject / HeadObject', () => {
  it('stores an object with metadata, SSE, tagging and storage class, and describes it on GET and HEAD', async () => {
    const body = 'The quick brown fox';
    const put = await oss({
      method: 'PUT',
      key: 'put/fox.txt',
      body,
      headers: {
        'Content-Type': 'text/plain',
        'x-oss-meta-Color': 'brown',
        'x-oss-server-side-encryption': 'KMS',
        'x-oss-server-side-encryption-key-id': 'key-1',
        'x-oss-storage-class': 'IA',
        'x-oss-tagging': 'a=1&b=two%20words',
        'Cache-Control': 'no-cache',
      },
    });
    expect(put.status).toBe(200);
    expect(put.headers.etag).toBe(`"${md5Hex(body)}"`);
    expect(put.headers['content-md5']).toBe(md5Base64(body));
    expect(put.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from(body)).toString());
    expect(put.headers['x-oss-request-id']).toMatch(/^[0-9A-F]{24}$/);

    const get = await oss({ key: 'put/fox.txt' });
    expect(get.status).toBe(200);
    expect(get.text()).toBe(body);
    expect(get.headers).toMatchObject({
      'content-type': 'text/plain',
      'content-length': String(body.length),
      etag: `"${md5Hex(body)}"`,
      'x-oss-meta-color': 'brown',
      'x-oss-server-side-encryption': 'KMS',
      'x-oss-server-side-encryption-key-id': 'key-1',
      'x-oss-storage-class': 'IA',
      'x-oss-object-type': 'Normal',
      'x-oss-tagging-count': '2',
      'x-oss-hash-crc64ecma': crc64(Buffer.from(body)).toString(),
      'cache-control': 'no-cache',
      'accept-ranges': 'bytes',
    });
    expect(emu.oss.objectInfo(BUCKET, 'put/fox.txt')?.tags).toEqual([
      ['a', '1'],
      ['b', 'two words'],
    ]);

    const head = await oss({ method: 'HEAD', key: 'put/fox.txt' });
    expect(head.status).toBe(200);
    expect(head.body.byteLength).toBe(0);
    expect(head.headers['content-length']).toBe(String(body.length));
    expect(head.headers['x-oss-meta-color']).toBe('brown');

    const overridden = await oss({
      key: 'put/fox.txt',
      subresources: { 'response-content-type': 'application/x-fox', 'response-content-disposition': 'attachment' },
    });
    expect(overridden.headers['content-type']).toBe('application/x-fox');
    expect(overridden.headers['content-disposition']).toBe('attachment');

    const meta = await oss({ method: 'HEAD', key: 'put/fox.txt', subresources: 'objectMeta' });
    expect(meta.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from(body)).toString());
  });

  it('works with V4 signatures and keys that need encoding', async () => {
    const key = 'v4/dir/a b+c~ü.txt';
    expect((await oss({ method: 'PUT', key, body: 'v4 body', v4: true })).status).toBe(200);
    const got = await oss({ key, v4: true });
    expect(got.text()).toBe('v4 body');
    expect(emu.oss.objectKeys(BUCKET)).toContain(key);
  });

  it('serves ranges: closed, open, suffix; ignores bad ones unless x-oss-range-behavior is standard', async () => {
    await oss({ method: 'PUT', key: 'range/digits', body: '0123456789' });
    const get = (range: string, extra: Record<string, string> = {}) =>
      oss({ key: 'range/digits', headers: { Range: range, ...extra } });
    let res = await get('bytes=2-5');
    expect([res.status, res.text(), res.headers['content-range']]).toEqual([206, '2345', 'bytes 2-5/10']);
    expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('0123456789')).toString());
    res = await get('bytes=7-');
    expect([res.status, res.text(), res.headers['content-range']]).toEqual([206, '789', 'bytes 7-9/10']);
    res = await get('bytes=-3');
    expect([res.status, res.text(), res.headers['content-range']]).toEqual([206, '789', 'bytes 7-9/10']);
    res = await get('bytes=20-30');
    expect([res.status, res.text()]).toEqual([200, '0123456789']);
    res = await get('bytes=5-2');
    expect([res.status, res.text()]).toEqual([200, '0123456789']);
    res = await get('bytes=5-100');
    expect([res.status, res.text()]).toEqual([200, '0123456789']);
    res = await get('bytes=5-100', { 'x-oss-range-behavior': 'standard' });
    expect([res.status, res.text(), res.headers['content-range']]).toEqual([206, '56789', 'bytes 5-9/10']);
    const xml = expectError(await get('bytes=20-', { 'x-oss-range-behavior': 'standard' }), 416, 'InvalidRange');
    expect(xml).toContain('<ActualObjectSize>10</ActualObjectSize>');
  });

  it('evaluates If-Match, If-None-Match, If-Modified-Since and If-Unmodified-Since', async () => {
    const put = await oss({ method: 'PUT', key: 'cond/x', body: 'x' });
    const etag = put.headers.etag as string;
    const past = new Date(Date.now() - 3_600_000).toUTCString();
    const future = new Date(Date.now() + 3_600_000).toUTCString();
    const get = (headers: Record<string, string>) => oss({ key: 'cond/x', headers });
    expect((await get({ 'If-Match': etag })).status).toBe(200);
    expect((await get({ 'If-Match': etag.toLowerCase() })).status).toBe(200);
    expectError(await get({ 'If-Match': '"0000"' }), 412, 'PreconditionFailed');
    const notModified = await get({ 'If-None-Match': etag });
    expect([notModified.status, notModified.body.byteLength, notModified.headers.etag]).toEqual([304, 0, etag]);
    expect((await get({ 'If-None-Match': '"0000"' })).status).toBe(200);
    expect((await get({ 'If-Modified-Since': future })).status).toBe(304);
    expect((await get({ 'If-Modified-Since': past })).status).toBe(200);
    expectError(await get({ 'If-Unmodified-Since': past }), 412, 'PreconditionFailed');
    expect((await get({ 'If-Unmodified-Since': future })).status).toBe(200);
    expect((await oss({ method: 'HEAD', key: 'cond/x', headers: { 'If-None-Match': etag } })).status).toBe(304);
  });

  it('refuses GET of an archived object until it is restored', async () => {
    await oss({ method: 'PUT', key: 'archive/a', body: 'cold', headers: { 'x-oss-storage-class': 'Archive' } });
    expectError(await oss({ key: 'archive/a' }), 403, 'InvalidObjectState');
    expect((await oss({ method: 'HEAD', key: 'archive/a' })).status).toBe(200);
    const body = '<RestoreRequest><Days>2</Days></RestoreRequest>';
    expect((await oss({ method: 'POST', key: 'archive/a', subresources: 'restore', body })).status).toBe(202);
    expect((await oss({ method: 'POST', key: 'archive/a', subresources: 'restore' })).status).toBe(200);
    const got = await oss({ key: 'archive/a' });
    expect(got.text()).toBe('cold');
    expect(got.headers['x-oss-restore']).toMatch(/^ongoing-request="false", expiry-date=".+ GMT"$/);
    await oss({ method: 'PUT', key: 'archive/warm', body: 'warm' });
    expectError(
      await oss({ method: 'POST', key: 'archive/warm', subresources: 'restore' }),
      400,
      'OperationNotSupported',
    );
  });

  it('refuses a body that does not match Content-MD5 and keeps nothing', async () => {
    const res = await oss({ method: 'PUT', key: 'md5/bad', body: 'abc', headers: { 'Content-MD5': md5Base64('abd') } });
    expectError(res, 400, 'InvalidDigest');
    expect(emu.oss.objectInfo(BUCKET, 'md5/bad')).toBeUndefined();
  });

  it('checks a signed V4 payload hash and Content-MD5 on V4 requests', async () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const ok = await oss({
      method: 'PUT',
      key: 'v4/hashed',
      body: 'payload',
      v4: true,
      headers: { 'x-oss-content-sha256': sha256('payload') },
    });
    expect(ok.status).toBe(200);
    const bad = await oss({
      method: 'PUT',
      key: 'v4/hashed2',
      body: 'payload',
      v4: true,
      headers: { 'x-oss-content-sha256': sha256('other') },
    });
    expect(expectError(bad, 400, 'InvalidArgument')).toContain('<ArgumentName>x-oss-content-sha256</ArgumentName>');
    expect(emu.oss.objectInfo(BUCKET, 'v4/hashed2')).toBeUndefined();
    const tagging = '<Tagging><TagSet><Tag><Key>k</Key><Value>v</Value></Tag></TagSet></Tagging>';
    const wrongMd5 = await oss({
      method: 'PUT',
      key: 'v4/hashed',
      subresources: 'tagging',
      body: tagging,
      v4: true,
      headers: { 'Content-MD5': md5Base64('x') },
    });
    expectError(wrongMd5, 400, 'InvalidDigest');
  });

  it('answers NoSuchKey with Key and EC, on HEAD through x-oss-err', async () => {
    const res = await oss({ key: 'missing/key' });
    const xml = expectError(res, 404, 'NoSuchKey');
    expect(xml).toContain('<Key>missing/key</Key><EC>0026-00000001</EC><RecommendDoc>');
    expect(res.headers['x-oss-ec']).toBe('0026-00000001');
    const head = await oss({ method: 'HEAD', key: 'missing/key' });
    expect(head.status).toBe(404);
    expect(Buffer.from(head.headers['x-oss-err'] as string, 'base64').toString()).toContain('<Code>NoSuchKey</Code>');
  });

  it('honours x-oss-forbid-overwrite and deletes with 204 whether or not the key exists', async () => {
    await oss({ method: 'PUT', key: 'once', body: '1' });
    expectError(
      await oss({ method: 'PUT', key: 'once', body: '2', headers: { 'x-oss-forbid-overwrite': 'true' } }),
      409,
      'FileAlreadyExists',
    );
    expect((await oss({ method: 'DELETE', key: 'once' })).status).toBe(204);
    expect((await oss({ method: 'DELETE', key: 'once' })).status).toBe(204);
  });

  it('refuses a declared body over 5 GiB with EntityTooLarge before reading it', async () => {
    const signed = sign({ method: 'PUT', key: 'huge/object', headers: { 'Content-Length': String(6 * 1024 ** 3) } });
    const res = await new Promise<SentResponse>((resolve, reject) => {
      const req = request(signed.url, {
        method: 'PUT',
        headers: { ...signed.headers, Authorization: signed.authorization },
        agent: false,
      });
      req.on('response', (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const body = Buffer.concat(chunks);
          req.destroy();
          resolve({
            status: r.statusCode ?? 0,
            headers: r.headers,
            rawHeaders: r.rawHeaders,
            body,
            text: () => body.toString(),
            json: () => null,
          });
        });
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
    });
    expect(expectError(res, 400, 'EntityTooLarge')).toContain('<MaxSizeAllowed>5368709120</MaxSizeAllowed>');
    expect(emu.oss.objectInfo(BUCKET, 'huge/object')).toBeUndefined();
  });

  it('streams a large body to disk and back', async () => {
    const big = Buffer.alloc(24 * 1024 * 1024 + 7);
    for (let i = 0; i < big.length; i += 4096) big[i] = i % 251;
    const put = await oss({ method: 'PUT', key: 'large/blob', body: big, disableContentMd5: true });
    expect(put.status).toBe(200);
    expect(put.headers['x-oss-hash-crc64ecma']).toBe(crc64(big).toString());
    expect(emu.oss.storageDirectory && existsSync(emu.oss.storageDirectory)).toBe(true);
    const got = await oss({ key: 'large/blob' });
    expect(got.body.equals(big)).toBe(true);
  });
});

describe('oss emulator: copy, append, delete many, tagging, ACL', () => {
  it('copies with COPY and REPLACE metadata directives and copy-source conditions', async () => {
    await oss({
      method: 'PUT',
      key: 'copy/src.txt',
      body: 'source',
      headers: { 'x-oss-meta-k': 'v', 'Content-Type': 'text/plain' },
    });
    const copied = await oss({
      method: 'PUT',
      key: 'copy/dst.txt',
      headers: { 'x-oss-copy-source': `/${BUCKET}/copy/src.txt` },
    });
    expect(copied.status).toBe(200);
    expect(tag(copied.text(), 'ETag')).toEqual([`"${md5Hex('source')}"`]);
    expect(copied.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('source')).toString());
    expect(emu.oss.objectInfo(BUCKET, 'copy/dst.txt')?.meta).toEqual({ k: 'v' });

    await oss({
      method: 'PUT',
      key: 'copy/dst.txt',
      headers: {
        'x-oss-copy-source': `/${BUCKET}/copy%2Fsrc.txt`,
        'x-oss-metadata-directive': 'REPLACE',
        'x-oss-meta-new': '1',
        'Content-Type': 'application/json',
      },
    });
    expect(emu.oss.objectInfo(BUCKET, 'copy/dst.txt')).toMatchObject({
      meta: { new: '1' },
      contentType: 'application/json',
    });
    expect(Buffer.from((await emu.oss.getObjectBytes(BUCKET, 'copy/dst.txt')) as Uint8Array).toString()).toBe('source');

    expectError(
      await oss({
        method: 'PUT',
        key: 'copy/dst2.txt',
        headers: { 'x-oss-copy-source': `/${BUCKET}/copy/src.txt`, 'x-oss-copy-source-if-match': '"0000"' },
      }),
      412,
      'PreconditionFailed',
    );
    expectError(
      await oss({ method: 'PUT', key: 'copy/dst3.txt', headers: { 'x-oss-copy-source': `/${BUCKET}/copy/none` } }),
      404,
      'NoSuchKey',
    );
    // Deleting the source leaves the copy's shared data intact.
    await oss({ method: 'DELETE', key: 'copy/src.txt' });
    expect((await oss({ key: 'copy/dst.txt' })).text()).toBe('source');
  });

  it('appends at the right position and reports the whole-object CRC-64', async () => {
    const first = await oss({
      method: 'POST',
      key: 'append/log',
      subresources: { append: '', position: '0' },
      body: 'abc',
    });
    expect(first.status).toBe(200);
    expect(first.headers['x-oss-next-append-position']).toBe('3');
    const second = await oss({
      method: 'POST',
      key: 'append/log',
      subresources: { append: '', position: '3' },
      body: 'defg',
    });
    expect(second.headers['x-oss-next-append-position']).toBe('7');
    expect(second.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('abcdefg')).toString());
    const wrong = await oss({
      method: 'POST',
      key: 'append/log',
      subresources: { append: '', position: '2' },
      body: 'x',
    });
    expectError(wrong, 409, 'PositionNotEqualToLength');
    expect(wrong.headers['x-oss-next-append-position']).toBe('7');
    const got = await oss({ key: 'append/log' });
    expect([got.text(), got.headers['x-oss-object-type'], got.headers['x-oss-next-append-position']]).toEqual([
      'abcdefg',
      'Appendable',
      '7',
    ]);
    await oss({ method: 'PUT', key: 'append/normal', body: 'n' });
    expectError(
      await oss({ method: 'POST', key: 'append/normal', subresources: { append: '', position: '1' }, body: 'x' }),
      409,
      'ObjectNotAppendable',
    );
  });

  it('deletes many objects, quietly or not, with encoding-type=url, and checks Content-MD5', async () => {
    for (const key of ['many/a', 'many/b c', 'many/d&e']) await oss({ method: 'PUT', key, body: key });
    const xml = (keys: string[], quiet: boolean) =>
      `<?xml version="1.0" encoding="UTF-8"?><Delete><Quiet>${quiet}</Quiet>${keys
        .map((k) => `<Object><Key>${k.replace(/&/g, '&amp;')}</Key></Object>`)
        .join('')}</Delete>`;
    const loud = await oss({
      method: 'POST',
      subresources: 'delete',
      query: { 'encoding-type': 'url' },
      body: xml(['many/a', 'many/b c', 'many/never'], false),
      headers: { 'Content-Type': 'application/xml' },
    });
    expect(loud.status).toBe(200);
    expect(loud.text()).toContain('<EncodingType>url</EncodingType>');
    expect(tag(loud.text(), 'Key')).toEqual(['many%2Fa', 'many%2Fb%20c', 'many%2Fnever']);
    const quiet = await oss({ method: 'POST', subresources: 'delete', body: xml(['many/d&e'], true) });
    expect(tag(quiet.text(), 'Key')).toEqual([]);
    expect(emu.oss.objectKeys(BUCKET).filter((k) => k.startsWith('many/'))).toEqual([]);
    expectError(
      await oss({ method: 'POST', subresources: 'delete', body: xml(['x'], true), disableContentMd5: true }),
      400,
      'MissingArgument',
    );
    expectError(await oss({ method: 'POST', subresources: 'delete', body: '<Delete><Object>' }), 400, 'MalformedXML');
  });

  it('puts, gets and deletes object tagging, and sets object ACLs', async () => {
    await oss({ method: 'PUT', key: 'tags/t', body: 't' });
    const body =
      '<Tagging><TagSet><Tag><Key>env</Key><Value>prod</Value></Tag><Tag><Key>a&amp;b</Key><Value></Value></Tag></TagSet></Tagging>';
    expect((await oss({ method: 'PUT', key: 'tags/t', subresources: 'tagging', body })).status).toBe(200);
    const got = await oss({ key: 'tags/t', subresources: 'tagging' });
    expect(got.text()).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Tagging><TagSet><Tag><Key>env</Key><Value>prod</Value></Tag><Tag><Key>a&amp;b</Key><Value></Value></Tag></TagSet></Tagging>',
    );
    expect((await oss({ method: 'DELETE', key: 'tags/t', subresources: 'tagging' })).status).toBe(204);
    expect(emu.oss.objectInfo(BUCKET, 'tags/t')?.tags).toEqual([]);
    const eleven = Array.from({ length: 11 }, (_, i) => `t${i}=v`).join('&');
    expectError(
      await oss({ method: 'PUT', key: 'tags/u', body: 'u', headers: { 'x-oss-tagging': eleven } }),
      400,
      'InvalidArgument',
    );

    expect((await oss({ key: 'tags/t', subresources: 'acl' })).text()).toContain('<Grant>default</Grant>');
    await oss({ method: 'PUT', key: 'tags/t', subresources: 'acl', headers: { 'x-oss-object-acl': 'public-read' } });
    expect((await oss({ key: 'tags/t', subresources: 'acl' })).text()).toContain('<Grant>public-read</Grant>');
    expectError(
      await oss({ method: 'PUT', key: 'tags/t', subresources: 'acl', headers: { 'x-oss-object-acl': 'everyone' } }),
      400,
      'InvalidArgument',
    );
  });
});

describe('oss emulator: listing', () => {
  const bucket = 'list-bucket';
  beforeAll(async () => {
    emu.oss.createBucket(bucket);
    for (const key of ['a.txt', 'dir/1.txt', 'dir/2.txt', 'dir/sub/3.txt', 'e f+g.txt', 'z.txt']) {
      await emu.oss.putObject(bucket, key, key);
    }
  });

  it('pages ListObjectsV2 with continuation tokens, delimiter and common prefixes', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const res = await oss({
        bucket,
        query: { 'list-type': '2', delimiter: '/', 'max-keys': '2' },
        subresources: token ? { 'continuation-token': token } : undefined,
      });
      const xml = res.text();
      seen.push(...tag(xml, 'Key'), ...tag(xml, 'Prefix').filter((p) => p !== ''));
      expect(tag(xml, 'KeyCount')).toEqual([String(tag(xml, 'Key').length + tag(xml, 'Prefix').length - 1)]);
      if (tag(xml, 'IsTruncated')[0] !== 'true') break;
      token = tag(xml, 'NextContinuationToken')[0];
    }
    expect(seen).toEqual(['a.txt', 'dir/', 'e f+g.txt', 'z.txt']);
  });

  it('encodes keys with encoding-type=url, honours start-after and fetch-owner', async () => {
    const res = await oss({
      bucket,
      query: { 'list-type': '2', prefix: 'e', 'encoding-type': 'url', 'fetch-owner': 'true' },
    });
    const xml = res.text();
    expect(tag(xml, 'Key')).toEqual(['e%20f%2Bg.txt']);
    expect(xml).toContain('<EncodingType>url</EncodingType>');
    expect(xml).toContain('<Owner><ID>alikit-emulator-owner</ID>');
    const after = await oss({ bucket, query: { 'list-type': '2', 'start-after': 'dir/2.txt' } });
    expect(tag(after.text(), 'Key')).toEqual(['dir/sub/3.txt', 'e f+g.txt', 'z.txt']);
    expect(after.text()).toContain('<StartAfter>dir/2.txt</StartAfter>');
    expect(after.text()).not.toContain('<Owner>');
  });

  it('pages ListObjects (v1) with marker and NextMarker', async () => {
    const first = (await oss({ bucket, query: { prefix: 'dir/', 'max-keys': '2' } })).text();
    expect(tag(first, 'Key')).toEqual(['dir/1.txt', 'dir/2.txt']);
    expect(tag(first, 'NextMarker')).toEqual(['dir/2.txt']);
    const second = (await oss({ bucket, query: { prefix: 'dir/', marker: 'dir/2.txt' } })).text();
    expect(tag(second, 'Key')).toEqual(['dir/sub/3.txt']);
    expect(tag(second, 'IsTruncated')).toEqual(['false']);
  });

  it('refuses bad list arguments', async () => {
    expectError(await oss({ bucket, query: { 'list-type': '2', 'max-keys': '0' } }), 400, 'InvalidArgument');
    expectError(await oss({ bucket, query: { 'list-type': '2', 'encoding-type': 'base64' } }), 400, 'InvalidArgument');
    expectError(
      await oss({ bucket, query: { 'list-type': '2' }, subresources: { 'continuation-token': '!!' } }),
      400,
      'InvalidArgument',
    );
  });
});

describe('oss emulator: listing pages (property)', () => {
  const byUtf8 = (x: string, y: string) => Buffer.compare(Buffer.from(x), Buffer.from(y));

  it('paging ListObjectsV2 with any max-keys and delimiter returns each key or common prefix once, in UTF-8 order', async () => {
    const alphabet = ['a', 'b', '/', 'é', '😀', '\uffee', ' '];
    const keyArb = fc.array(fc.constantFrom(...alphabet), { minLength: 1, maxLength: 5 }).map((cs) => cs.join(''));
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(
          keyArb.filter((k) => !k.startsWith('/')),
          { minLength: 0, maxLength: 12 },
        ),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('', '/', 'b'),
        async (keys, maxKeys, delimiter) => {
          const bucket = `prop-bucket-${++run}`;
          emu.oss.createBucket(bucket);
          for (const key of keys) await emu.oss.putObject(bucket, key, key);
          const expected = new Set<string>();
          for (const key of keys) {
            const at = delimiter === '' ? -1 : key.indexOf(delimiter);
            expected.add(at < 0 ? key : key.slice(0, at + delimiter.length));
          }
          const sorted = [...expected].sort(byUtf8);
          const seen: string[] = [];
          let token: string | undefined;
          for (let page = 0; page <= keys.length + 1; page++) {
            const xml = (
              await oss({
                bucket,
                query: { 'list-type': '2', 'max-keys': String(maxKeys), delimiter, 'encoding-type': 'url' },
                subresources: token ? { 'continuation-token': token } : undefined,
              })
            ).text();
            const keysInPage = [...xml.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => decodeURIComponent(m[1] as string));
            const prefixesInPage = [
              ...xml.matchAll(/<CommonPrefixes><Prefix>([^<]*)<\/Prefix><\/CommonPrefixes>/g),
            ].map((m) => decodeURIComponent(m[1] as string));
            expect(keysInPage.length + prefixesInPage.length).toBeLessThanOrEqual(maxKeys);
            seen.push(...[...keysInPage, ...prefixesInPage].sort(byUtf8));
            if (!xml.includes('<IsTruncated>true</IsTruncated>')) break;
            token = /<NextContinuationToken>([^<]*)</.exec(xml)?.[1];
          }
          // Pages follow each other in key order, so their concatenation is the whole sorted listing.
          expect(seen).toEqual(sorted);
        },
      ),
      { numRuns: 25 },
    );
  });
});

describe('oss emulator: multipart uploads', () => {
  const partBody = (n: number, size: number) => Buffer.alloc(size, n);

  async function initiate(key: string, headers: Record<string, string> = {}): Promise<string> {
    const res = await oss({ method: 'POST', key, subresources: 'uploads', headers });
    expect(res.status).toBe(200);
    return tag(res.text(), 'UploadId')[0] as string;
  }
  function upload(key: string, uploadId: string, partNumber: number, body: Buffer) {
    return oss({ method: 'PUT', key, subresources: { partNumber, uploadId }, body });
  }
  function complete(key: string, uploadId: string, parts: Array<[number, string]>) {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUpload>\n${parts
      .map(([n, e]) => `<Part>\n<PartNumber>${n}</PartNumber>\n<ETag>${e}</ETag>\n</Part>\n`)
      .join('')}</CompleteMultipartUpload>`;
    return oss({
      method: 'POST',
      key,
      subresources: { uploadId },
      body,
      headers: { 'Content-Type': 'application/xml' },
    });
  }

  it('uploads, lists and completes parts; ETag and CRC-64 cover the whole object', async () => {
    const key = 'mp/object.bin';
    const uploadId = await initiate(key, { 'x-oss-meta-origin': 'mp', 'Content-Type': 'application/x-test' });
    expect(uploadId).toMatch(/^[0-9A-F]{32}$/);
    const parts = [partBody(1, 100 * 1024), partBody(2, 100 * 1024), partBody(3, 10)];
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      const res = await upload(key, uploadId, i + 1, body);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${md5Hex(body)}"`);
      expect(res.headers['x-oss-hash-crc64ecma']).toBe(crc64(body).toString());
      etags.push(res.headers.etag as string);
    }
    const listed = (await oss({ key, subresources: { uploadId }, query: { 'max-parts': '2' } })).text();
    expect(tag(listed, 'PartNumber')).toEqual(['1', '2']);
    expect(tag(listed, 'IsTruncated')).toEqual(['true']);
    expect(tag(listed, 'NextPartNumberMarker')).toEqual(['2']);
    expect(tag(listed, 'HashCrc64ecma')[0]).toBe(crc64(parts[0] as Buffer).toString());
    const rest = (await oss({ key, subresources: { uploadId }, query: { 'part-number-marker': '2' } })).text();
    expect(tag(rest, 'PartNumber')).toEqual(['3']);

    const uploads = (await oss({ subresources: 'uploads', query: { prefix: 'mp/' } })).text();
    expect(tag(uploads, 'UploadId')).toEqual([uploadId]);

    const done = await complete(
      key,
      uploadId,
      etags.map((e, i) => [i + 1, e]),
    );
    expect(done.status).toBe(200);
    const whole = Buffer.concat(parts);
    const expectedEtag = `"${createHash('md5')
      .update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest())))
      .digest('hex')
      .toUpperCase()}-3"`;
    expect(tag(done.text(), 'ETag')).toEqual([expectedEtag]);
    expect(done.headers['x-oss-hash-crc64ecma']).toBe(crc64(whole).toString());
    expect(tag(done.text(), 'Location')[0]).toBe(`http://${host}/${BUCKET}/mp/object.bin`);
    const got = await oss({ key });
    expect(got.body.equals(whole)).toBe(true);
    expect(got.headers).toMatchObject({
      'x-oss-object-type': 'Multipart',
      'x-oss-meta-origin': 'mp',
      'content-type': 'application/x-test',
      etag: expectedEtag,
    });
    expect(emu.oss.multipartUploads(BUCKET)).toEqual([]);
    expectError(await oss({ key, subresources: { uploadId } }), 404, 'NoSuchUpload');
  });

  it('refuses bad part lists: InvalidPartOrder, InvalidPart, EntityTooSmall, MalformedXML', async () => {
    const key = 'mp/bad.bin';
    const uploadId = await initiate(key);
    const e1 = (await upload(key, uploadId, 1, partBody(1, 1000))).headers.etag as string;
    const e2 = (await upload(key, uploadId, 2, partBody(2, 1000))).headers.etag as string;
    expectError(
      await complete(key, uploadId, [
        [2, e2],
        [1, e1],
      ]),
      400,
      'InvalidPartOrder',
    );
    expectError(
      await complete(key, uploadId, [
        [1, e1],
        [3, e2],
      ]),
      400,
      'InvalidPart',
    );
    expectError(await complete(key, uploadId, [[1, e2]]), 400, 'InvalidPart');
    expectError(
      await complete(key, uploadId, [
        [1, e1],
        [2, e2],
      ]),
      400,
      'EntityTooSmall',
    );
    expectError(await oss({ method: 'POST', key, subresources: { uploadId }, body: '<Complete' }), 400, 'MalformedXML');
    expectError(await upload(key, uploadId, 10001, partBody(1, 1)), 400, 'InvalidArgument');
    emu.oss.limits.minPartSize = 1000;
    expect(
      (
        await complete(key, uploadId, [
          [1, e1],
          [2, e2],
        ])
      ).status,
    ).toBe(200);
  });

  it('aborts an upload: its parts are gone and the id is unknown afterwards', async () => {
    const key = 'mp/aborted.bin';
    const uploadId = await initiate(key);
    await upload(key, uploadId, 1, partBody(1, 10));
    expect(emu.oss.multipartUploads(BUCKET).find((u) => u.uploadId === uploadId)?.parts).toHaveLength(1);
    expect((await oss({ method: 'DELETE', key, subresources: { uploadId } })).status).toBe(204);
    expect(emu.oss.multipartUploads(BUCKET).find((u) => u.uploadId === uploadId)).toBeUndefined();
    expectError(await oss({ method: 'DELETE', key, subresources: { uploadId } }), 404, 'NoSuchUpload');
    expectError(await upload(key, uploadId, 2, partBody(2, 10)), 404, 'NoSuchUpload');
  });

  it('copies a byte range of an object into a part with UploadPartCopy', async () => {
    const source = Buffer.from('0123456789abcdefghij');
    await emu.oss.putObject(BUCKET, 'mp/copy-source', source);
    const key = 'mp/copied.bin';
    const uploadId = await initiate(key);
    const copy = (range: string, partNumber: number) =>
      oss({
        method: 'PUT',
        key,
        subresources: { partNumber, uploadId },
        headers: { 'x-oss-copy-source': `/${BUCKET}/mp/copy-source`, 'x-oss-copy-source-range': range },
      });
    const first = await copy('bytes=10-19', 1);
    expect(first.status).toBe(200);
    expect(tag(first.text(), 'ETag')).toEqual([`"${md5Hex(source.subarray(10))}"`]);
    const second = await copy('bytes=0-9', 2);
    expectError(await copy('bytes=5-40', 3), 400, 'InvalidArgument');
    emu.oss.limits.minPartSize = 1;
    const done = await complete(key, uploadId, [
      [1, first.headers.etag as string],
      [2, second.headers.etag as string],
    ]);
    expect(done.headers['x-oss-hash-crc64ecma']).toBe(crc64(Buffer.from('abcdefghij0123456789')).toString());
    expect((await oss({ key })).text()).toBe('abcdefghij0123456789');
  });
});

describe('oss emulator: faults on operations', () => {
  it('names operations so faults can target UploadPart with an error status', async () => {
    const key = 'fault/503.bin';
    const res = await oss({ method: 'POST', key, subresources: 'uploads' });
    const uploadId = tag(res.text(), 'UploadId')[0] as string;
    emu.faults.inject('oss', { status: 503, times: 1, match: { operation: 'UploadPart' } });
    expectError(
      await oss({ method: 'PUT', key, subresources: { partNumber: 1, uploadId }, body: 'x' }),
      503,
      'ServiceUnavailable',
    );
    expect((await oss({ method: 'PUT', key, subresources: { partNumber: 1, uploadId }, body: 'x' })).status).toBe(200);
  });

  it('resets the connection while a part body is arriving, then serves the retry', async () => {
    const key = 'fault/reset.bin';
    const res = await oss({ method: 'POST', key, subresources: 'uploads' });
    const uploadId = tag(res.text(), 'UploadId')[0] as string;
    const handle = emu.faults.inject('oss', { resetConnection: true, times: 1, match: { operation: 'UploadPart' } });
    const body = Buffer.alloc(4 * 1024 * 1024, 7);
    const signed = sign({ method: 'PUT', key, subresources: { partNumber: 1, uploadId }, body });
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const req = request(signed.url, {
        method: 'PUT',
        headers: { ...signed.headers, Authorization: signed.authorization },
        agent: false,
      });
      req.on('response', () => reject(new Error('expected the connection to be reset')));
      req.on('error', resolve);
      // Send the body in pieces so the reset lands while it is still being written.
      let offset = 0;
      const write = () => {
        while (offset < body.length) {
          const chunk = body.subarray(offset, offset + 64 * 1024);
          offset += chunk.length;
          if (!req.write(chunk)) {
            req.once('drain', write);
            return;
          }
        }
        req.end();
      };
      write();
    });
    expect(['ECONNRESET', 'EPIPE']).toContain(error.code);
    expect(handle.hits).toBe(1);
    expect(emu.oss.multipartUploads(BUCKET).find((u) => u.uploadId === uploadId)?.parts).toEqual([]);
    const retry = await oss({ method: 'PUT', key, subresources: { partNumber: 1, uploadId }, body });
    expect(retry.headers['x-oss-hash-crc64ecma']).toBe(crc64(body).toString());
  });
});

describe('oss emulator: PostObject (form upload with a signed policy)', () => {
  function policyOf(conditions: unknown[], expiresInMs = 600_000): string {
    const expiration = new Date(Date.now() + expiresInMs).toISOString();
    return Buffer.from(JSON.stringify({ expiration, conditions })).toString('base64');
  }

  function v4Fields(policy: string, secret = emu.credentials.accessKeySecret): Record<string, string> {
    const date = formatIsoBasic(new Date());
    const ymd = date.slice(0, 8);
    return {
      policy,
      'x-oss-signature-version': 'OSS4-HMAC-SHA256',
      'x-oss-credential': `${emu.credentials.accessKeyId}/${ymd}/cn-hangzhou/oss/aliyun_v4_request`,
      'x-oss-date': date,
      'x-oss-signature': ossV4Signature(secret, ymd, 'cn-hangzhou', 'oss', policy),
    };
  }

  function headersOf(res: Response): Record<string, string> {
    const out: Record<string, string> = {};
    res.headers.forEach((value, name) => {
      out[name] = value;
    });
    return out;
  }

  async function post(fields: Record<string, string>, file: string, filename = 'upload.txt'): Promise<SentResponse> {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append('file', new Blob([file], { type: 'text/plain' }), filename);
    const res = await fetch(`${emu.oss.endpoint}/${BUCKET}`, { method: 'POST', body: form });
    const body = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      headers: headersOf(res),
      rawHeaders: [],
      body,
      text: () => body.toString('utf8'),
      json: () => JSON.parse(body.toString('utf8')),
    };
  }

  const conditions = [{ bucket: BUCKET }, ['starts-with', '$key', 'user/42/'], ['content-length-range', 1, 64]];

  it('stores the file under the key when the V4 signature and the policy conditions hold', async () => {
    const policy = policyOf(conditions);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: OSS's literal ${filename} placeholder
    const res = await post({ key: 'user/42/${filename}', 'x-oss-meta-from': 'form', ...v4Fields(policy) }, 'form body');
    expect(res.status).toBe(204);
    expect(res.headers.etag).toBe(`"${md5Hex('form body')}"`);
    expect(emu.oss.objectInfo(BUCKET, 'user/42/upload.txt')).toMatchObject({
      size: 9,
      contentType: 'text/plain',
      meta: { from: 'form' },
    });
    const created = await post({ key: 'user/42/b.txt', success_action_status: '201', ...v4Fields(policy) }, 'b');
    expect(created.status).toBe(201);
    expect(tag(created.text(), 'Key')).toEqual(['user/42/b.txt']);
  });

  it('accepts a V1 policy signature', async () => {
    const policy = policyOf(conditions);
    const res = await post(
      {
        key: 'user/42/v1.txt',
        policy,
        OSSAccessKeyId: emu.credentials.accessKeyId,
        Signature: ossV1Signature(emu.credentials.accessKeySecret, policy),
        success_action_status: '200',
      },
      'v1 form',
    );
    expect(res.status).toBe(200);
    expect(Buffer.from((await emu.oss.getObjectBytes(BUCKET, 'user/42/v1.txt')) as Uint8Array).toString()).toBe(
      'v1 form',
    );
  });

  it('refuses a key outside the prefix, a file out of range, an expired policy and a wrong signature', async () => {
    const policy = policyOf(conditions);
    const outside = await post({ key: 'other/x.txt', ...v4Fields(policy) }, 'x');
    expect(expectError(outside, 403, 'AccessDenied')).toContain('Policy Condition failed: [&quot;starts-with&quot;');
    expectError(await post({ key: 'user/42/big.txt', ...v4Fields(policy) }, 'x'.repeat(65)), 400, 'EntityTooLarge');
    expectError(await post({ key: 'user/42/empty.txt', ...v4Fields(policy) }, ''), 400, 'EntityTooSmall');
    const expired = policyOf(conditions, -1000);
    expect(
      expectError(await post({ key: 'user/42/late.txt', ...v4Fields(expired) }, 'x'), 403, 'AccessDenied'),
    ).toContain('Policy expired.');
    expectError(
      await post({ key: 'user/42/sig.txt', ...v4Fields(policy, 'WrongSecret') }, 'x'),
      403,
      'SignatureDoesNotMatch',
    );
    expectError(await post({ key: 'user/42/anon.txt', policy }, 'x'), 403, 'AccessDenied');
    for (const key of ['other/x.txt', 'user/42/big.txt', 'user/42/empty.txt', 'user/42/late.txt', 'user/42/sig.txt']) {
      expect(emu.oss.objectInfo(BUCKET, key)).toBeUndefined();
    }
  });
});

describe('oss emulator: buckets and names', () => {
  it('creates, describes and deletes buckets through the API', async () => {
    expect((await oss({ method: 'PUT', bucket: 'api-bucket' })).status).toBe(200);
    expectError(await oss({ method: 'PUT', bucket: 'api-bucket' }), 409, 'BucketAlreadyExists');
    const info = (await oss({ bucket: 'api-bucket', subresources: 'bucketInfo' })).text();
    expect(tag(info, 'Name')).toEqual(['api-bucket']);
    expect((await oss({ bucket: 'api-bucket', subresources: 'location' })).text()).toContain(
      '<LocationConstraint>oss-cn-hangzhou</LocationConstraint>',
    );
    await oss({ method: 'PUT', bucket: 'api-bucket', key: 'k', body: 'v' });
    expectError(await oss({ method: 'DELETE', bucket: 'api-bucket' }), 409, 'BucketNotEmpty');
    await oss({ method: 'DELETE', bucket: 'api-bucket', key: 'k' });
    expect((await oss({ method: 'DELETE', bucket: 'api-bucket' })).status).toBe(204);
    expectError(await oss({ bucket: 'api-bucket', key: 'k' }), 404, 'NoSuchBucket');
  });

  it('answers NoSuchBucket for unknown buckets unless autoCreateBuckets is on', async () => {
    const xml = expectError(
      await oss({ method: 'PUT', bucket: 'not-created', key: 'k', body: 'v' }),
      404,
      'NoSuchBucket',
    );
    expect(xml).toContain('<BucketName>not-created</BucketName>');
    emu.oss.autoCreateBuckets = true;
    try {
      expect((await oss({ method: 'PUT', bucket: 'auto-created', key: 'k', body: 'v' })).status).toBe(200);
      expect(emu.oss.objectKeys('auto-created')).toEqual(['k']);
    } finally {
      emu.oss.autoCreateBuckets = false;
    }
  });

  it('refuses invalid bucket names and object names', async () => {
    expectError(await oss({ bucket: 'Bad_Bucket', key: 'k' }), 400, 'InvalidBucketName');
    expectError(await oss({ method: 'PUT', key: 'x'.repeat(1024), body: 'v' }), 400, 'KeyTooLong');
    const signed = signOssV1({
      method: 'GET',
      host,
      protocol: 'http',
      bucket: BUCKET,
      key: '\\back',
      pathStyle: true,
      credentials: emu.credentials,
      date: new Date(),
    });
    const res = await send(signed.url, { headers: { ...signed.headers, Authorization: signed.authorization } });
    expectError(res, 400, 'InvalidObjectName');
  });

  it('addresses buckets virtual-hosted through the Host header', async () => {
    const virtualHost = `${BUCKET}.oss-cn-hangzhou.aliyuncs.com`;
    await emu.oss.putObject(BUCKET, 'vh/key.txt', 'virtual');
    const signed = signOssV1({
      method: 'GET',
      host: virtualHost,
      protocol: 'http',
      bucket: BUCKET,
      key: 'vh/key.txt',
      credentials: emu.credentials,
      date: new Date(),
    });
    const res = await send(`${emu.oss.endpoint}/vh/key.txt`, {
      headers: { ...signed.headers, Authorization: signed.authorization, Host: virtualHost },
    });
    expect(res.text()).toBe('virtual');
  });

  it('removes its temporary directory on stop', async () => {
    const other = await startEmulators({ services: ['oss'] });
    await other.oss.putObject('tmp-bucket', 'k', 'v');
    const dir = other.oss.storageDirectory as string;
    expect(existsSync(dir)).toBe(true);
    await other.stop();
    expect(existsSync(dir)).toBe(false);
  });
});
