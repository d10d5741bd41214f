import { describe, expect, it } from 'vitest';
import { hmacSha1Base64, md5Base64 } from './crypto';
import { ossV1CanonicalHeaders, ossV1StringToSign, presignOssV1, signOssV1, verifyOssV1 } from './oss-v1';
import type { ReceivedRequest } from './types';

const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' };
const lookup = (id: string) => (id === credentials.accessKeyId ? credentials.accessKeySecret : undefined);
const date = new Date('2026-11-26T11:43:06.400Z');
const now = () => date;
const host = 'examplebucket.oss-cn-hangzhou.aliyuncs.com';
// OSS callback bodies use `${name}` placeholders, which OSS (not JavaScript) fills in.
const BUCKET_VAR = '$' + '{bucket}';

/** The request as a server receives it: the target from the URL, headers as sent, Host first. */
function wire(method: string, url: string, headers: Record<string, string>, body?: Uint8Array): ReceivedRequest {
  const u = new URL(url);
  const raw = ['Host', u.host];
  for (const [k, v] of Object.entries(headers)) raw.push(k, v);
  return { method, url: url.slice(url.indexOf('/', 8)), rawHeaders: raw, body };
}

describe('V1 canonicalisation', () => {
  it('lists x-oss-* headers lower-cased, trimmed and sorted', () => {
    const headers = new Map([
      ['x-oss-meta-b', '  two '],
      ['content-type', 'text/plain'],
      ['x-oss-date', 'D'],
      ['x-oss-meta-a', 'one'],
    ]);
    expect(ossV1CanonicalHeaders(headers)).toBe('x-oss-date:D\nx-oss-meta-a:one\nx-oss-meta-b:two\n');
    expect(ossV1StringToSign({ method: 'put', headers, date: 'D', resource: '/b/k' })).toBe(
      'PUT\n\ntext/plain\nD\nx-oss-date:D\nx-oss-meta-a:one\nx-oss-meta-b:two\n/b/k',
    );
  });
});

describe('signOssV1', () => {
  // Captured from ali-oss 6.23.0 (spec: oss.md §2.1): AK AKID, secret SECRET.
  const captured = { accessKeyId: 'AKID', accessKeySecret: 'SECRET' };
  const at = new Date('Thu, 26 Nov 2026 11:43:06 GMT');

  it('reproduces the captured PUT with metadata, storage class and body', () => {
    const r = signOssV1({
      method: 'PUT',
      host: 'mybucket.oss-cn-hangzhou.aliyuncs.com',
      bucket: 'mybucket',
      key: 'dir/a b+c.txt',
      headers: { 'Content-Type': 'text/plain', 'x-oss-meta-foo': 'bar', 'x-oss-storage-class': 'IA' },
      body: 'hello',
      credentials: captured,
      date: at,
    });
    expect(r.signature).toBe('Nq3bt46yesFqkEca72/IBJSeMzs=');
    expect(r.url).toBe('https://mybucket.oss-cn-hangzhou.aliyuncs.com/dir/a%20b%2Bc.txt');
    expect(r.headers).toEqual({
      'x-oss-date': 'Thu, 26 Nov 2026 11:43:06 GMT',
      'Content-Type': 'text/plain',
      'x-oss-meta-foo': 'bar',
      'x-oss-storage-class': 'IA',
      'Content-MD5': 'XUFAKrxLKna5cZ2REBfFkg==',
      'Content-Length': '5',
    });
  });

  it('reproduces the captured ListObjectsV2 (only continuation-token signed) and UploadPart', () => {
    const list = signOssV1({
      method: 'GET',
      host: 'h',
      bucket: 'mybucket',
      query: { 'list-type': 2, prefix: 'dir/', 'max-keys': 10, 'encoding-type': 'url' },
      subresources: { 'continuation-token': 'tok' },
      credentials: captured,
      date: at,
    });
    expect(list.signature).toBe('+j6mXxxRV4dBt0+xaH8oy1/99kY=');
    expect(list.stringToSign.endsWith('\n/mybucket/?continuation-token=tok')).toBe(true);
    const part = signOssV1({
      method: 'PUT',
      host: 'h',
      bucket: 'mybucket',
      key: 'big.bin',
      subresources: { partNumber: 1, uploadId: 'UPID' },
      headers: { 'Content-Type': 'application/octet-stream' },
      credentials: captured,
      date: at,
    });
    expect(part.signature).toBe('tImzJMAnnMnXkpsPW1Rww3UfxWU=');
    expect(part.query).toEqual([
      ['partNumber', '1'],
      ['uploadId', 'UPID'],
    ]);
  });

  it('adds the STS token header, keeps a caller Content-MD5 and can leave Content-MD5 out', () => {
    const sts = signOssV1({
      method: 'PUT',
      host,
      bucket: 'examplebucket',
      key: 'k',
      body: new Uint8Array([1, 2]),
      headers: { 'content-md5': 'given==' },
      credentials: { ...credentials, securityToken: 'CAIS+token' },
      date,
    });
    expect(sts.headers).toMatchObject({ 'x-oss-security-token': 'CAIS+token', 'content-md5': 'given==' });
    expect(sts.headers['Content-MD5']).toBeUndefined();
    expect(sts.stringToSign).toContain('\nx-oss-security-token:CAIS+token\n');
    const noMd5 = signOssV1({
      method: 'PUT',
      host,
      key: 'k',
      bucket: 'b',
      body: 'x',
      disableContentMd5: true,
      credentials,
      date,
    });
    expect(noMd5.headers).toEqual({ 'x-oss-date': 'Thu, 26 Nov 2026 11:43:06 GMT', 'Content-Length': '1' });
  });

  it('rejects missing fields and invalid dates before signing', () => {
    expect(() => signOssV1({ method: '', host, credentials, date })).toThrow(TypeError);
    expect(() => signOssV1({ method: 'GET', host: '', credentials, date })).toThrow(TypeError);
    expect(() =>
      signOssV1({ method: 'GET', host, credentials: { ...credentials, accessKeySecret: '' }, date }),
    ).toThrow(TypeError);
    expect(() => signOssV1({ method: 'GET', host, key: 'a\uD800', bucket: 'b', credentials, date })).toThrow(TypeError);
    expect(() => signOssV1({ method: 'GET', host, credentials, date: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('presignOssV1', () => {
  it('signs Expires = round(now) + expiry, options as sub-resources, headers out of the URL', () => {
    const r = presignOssV1({
      method: 'put',
      host,
      bucket: 'examplebucket',
      key: "a'b.txt",
      expiresInSeconds: 60,
      process: 'image/resize,w_1',
      response: { 'Content-Type': 'text/plain' },
      headers: { 'Content-Type': 'text/plain', 'X-OSS-Object-Acl': 'private', 'Cache-Control': 'x' },
      credentials: { ...credentials, securityToken: 'tok' },
      date,
    });
    expect(r.expires).toBe(Math.round(date.getTime() / 1000) + 60);
    expect(r.stringToSign).toBe(
      `PUT\n\ntext/plain\n${r.expires}\nx-oss-object-acl:private\n` +
        "/examplebucket/a'b.txt?response-content-type=text/plain&security-token=tok&x-oss-process=image/resize,w_1",
    );
    expect(r.query.map(([k]) => k)).toEqual([
      'OSSAccessKeyId',
      'Expires',
      'Signature',
      'x-oss-process',
      'response-content-type',
      'security-token',
    ]);
    expect(r.url.startsWith(`https://${host}/a%27b.txt?OSSAccessKeyId=`)).toBe(true);
  });

  it('defaults to GET for 1800 s and encodes the callback as base64 JSON', () => {
    const r = presignOssV1({
      host,
      bucket: 'b',
      key: 'k',
      callback: {
        url: 'https://cb.example/a b',
        body: `x=${BUCKET_VAR}`,
        contentType: 'application/json',
        customValue: { v: '1' },
      },
      credentials,
      date: new Date('2026-11-26T11:43:06.500Z'),
    });
    expect(r.expires).toBe(Math.round(Date.parse('2026-11-26T11:43:06.500Z') / 1000) + 1800);
    expect(r.stringToSign.startsWith('GET\n')).toBe(true);
    const callback = r.query.find(([k]) => k === 'callback')?.[1] as string;
    expect(JSON.parse(Buffer.from(callback, 'base64').toString())).toEqual({
      callbackUrl: 'https://cb.example/a%20b',
      callbackBody: `x=${BUCKET_VAR}`,
      callbackBodyType: 'application/json',
    });
    const vars = r.query.find(([k]) => k === 'callback-var')?.[1] as string;
    expect(JSON.parse(Buffer.from(vars, 'base64').toString())).toEqual({ 'x:v': '1' });
  });

  it('rejects an expiry that is not a positive whole number of seconds', () => {
    for (const expiresInSeconds of [0, -1, 1.5, Number.NaN]) {
      expect(() => presignOssV1({ host, bucket: 'b', key: 'k', expiresInSeconds, credentials, date })).toThrow(
        RangeError,
      );
    }
  });
});

describe('verifyOssV1', () => {
  const signed = () =>
    signOssV1({
      method: 'PUT',
      host,
      bucket: 'examplebucket',
      key: 'dir/a b.txt',
      query: { prefix: 'p' },
      subresources: { partNumber: 2, uploadId: 'U+1' },
      headers: { 'Content-Type': 'text/plain', 'x-oss-meta-a': ' v ' },
      body: 'hello',
      credentials: { ...credentials, securityToken: 'sts' },
      date,
    });
  const send = (r = signed(), body: Uint8Array = Buffer.from('hello')) =>
    wire('PUT', r.url, { ...r.headers, Authorization: r.authorization }, body);

  it('accepts what signOssV1 produced and reports the token and the string-to-sign', () => {
    const r = signed();
    expect(verifyOssV1(send(r), lookup, { now })).toEqual({
      ok: true,
      accessKeyId: credentials.accessKeyId,
      securityToken: 'sts',
      stringToSign: r.stringToSign,
    });
  });

  it('ignores unsigned query parameters but not sub-resources', () => {
    const req = send();
    expect(verifyOssV1({ ...req, url: req.url.replace('prefix=p', 'prefix=other') }, lookup, { now }).ok).toBe(true);
    const tampered = verifyOssV1({ ...req, url: req.url.replace('partNumber=2', 'partNumber=3') }, lookup, { now });
    expect(tampered).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
    expect(tampered.ok ? '' : tampered.expectedStringToSign).toContain('?partNumber=3&uploadId=U+1');
  });

  it('refuses a changed signed header, a wrong secret, an unknown key and a changed body', () => {
    const r = signed();
    const headerChanged = wire('PUT', r.url, { ...r.headers, 'x-oss-meta-a': 'w', Authorization: r.authorization });
    expect(verifyOssV1(headerChanged, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    const wrong = verifyOssV1(send(r), () => 'OtherSecret', { now });
    expect(wrong).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    expect(JSON.stringify(wrong)).not.toContain(r.signature);
    expect(verifyOssV1(send(r), () => undefined, { now })).toMatchObject({ reason: 'InvalidAccessKeyId' });
    expect(verifyOssV1(send(r, Buffer.from('HELLO')), lookup, { now })).toMatchObject({
      reason: 'ContentDigestMismatch',
    });
  });

  it('checks the request date against the clock', () => {
    const late = () => new Date(date.getTime() + 16 * 60_000);
    expect(verifyOssV1(send(), lookup, { now: late })).toMatchObject({ reason: 'RequestTimeTooSkewed' });
    expect(verifyOssV1(send(), lookup, { now: late, maxSkewMs: 3_600_000 }).ok).toBe(true);
  });

  it('accepts a Date header on the date line (OSS Go SDK style)', () => {
    const at = date.toUTCString();
    const stringToSign = ossV1StringToSign({
      method: 'GET',
      headers: new Map([['date', at]]),
      date: at,
      resource: '/examplebucket/k?acl',
    });
    const sig = hmacSha1Base64(credentials.accessKeySecret, stringToSign);
    const req = wire(`GET`, `https://${host}/k?acl&prefix=x`, {
      Date: at,
      Authorization: `OSS ${credentials.accessKeyId}:${sig}`,
    });
    expect(verifyOssV1(req, lookup, { now })).toMatchObject({ ok: true, stringToSign });
  });

  it('uses a routed bucket and key when the server gives them', () => {
    const r = signOssV1({
      method: 'GET',
      host: 'cdn.example.com',
      bucket: 'examplebucket',
      key: 'k',
      credentials,
      date,
    });
    const req = wire('GET', r.url, { ...r.headers, Authorization: r.authorization });
    expect(verifyOssV1(req, lookup, { now }).ok).toBe(false);
    expect(verifyOssV1(req, lookup, { now, bucket: 'examplebucket', key: 'k' }).ok).toBe(true);
  });

  it('explains missing and malformed signatures', () => {
    expect(verifyOssV1(wire('GET', `https://${host}/k`, {}), lookup)).toMatchObject({ reason: 'MissingSignature' });
    expect(verifyOssV1(wire('GET', `https://${host}/k`, { Authorization: 'OSS nocolon' }), lookup)).toMatchObject({
      reason: 'InvalidAuthorization',
    });
    const v4 = verifyOssV1(
      wire('GET', `https://${host}/k`, { Authorization: 'OSS4-HMAC-SHA256 Credential=a' }),
      lookup,
    );
    expect(v4).toMatchObject({ reason: 'InvalidAuthorization' });
    expect(verifyOssV1(wire('GET', `https://${host}/k?OSSAccessKeyId=a`, {}), lookup)).toMatchObject({
      reason: 'InvalidAuthorization',
    });
  });

  describe('presigned URLs', () => {
    const url = () =>
      presignOssV1({
        host,
        bucket: 'examplebucket',
        key: 'dir/a b.txt',
        expiresInSeconds: 60,
        subresources: { versionId: 'v1', custom: 'x' },
        headers: { 'Content-Type': 'text/plain' },
        credentials: { ...credentials, securityToken: 'sts' },
        date,
      });

    it('accepts a URL with its signed headers, even with custom sub-resource names', () => {
      const r = url();
      expect(verifyOssV1(wire('GET', r.url, { 'Content-Type': 'text/plain' }), lookup, { now })).toMatchObject({
        ok: true,
        securityToken: 'sts',
        stringToSign: r.stringToSign,
      });
    });

    it('refuses a missing signed header, a changed parameter, a changed Expires and an expired URL', () => {
      const r = url();
      expect(verifyOssV1(wire('GET', r.url, {}), lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
      const headers = { 'Content-Type': 'text/plain' };
      expect(verifyOssV1(wire('GET', r.url.replace('custom=x', 'custom=y'), headers), lookup, { now })).toMatchObject({
        reason: 'SignatureDoesNotMatch',
      });
      const later = r.url.replace(`Expires=${r.expires}`, `Expires=${r.expires + 1}`);
      expect(verifyOssV1(wire('GET', later, headers), lookup, { now })).toMatchObject({
        reason: 'SignatureDoesNotMatch',
      });
      const after = () => new Date((r.expires + 1) * 1000);
      expect(verifyOssV1(wire('GET', r.url, headers), lookup, { now: after })).toMatchObject({
        reason: 'RequestExpired',
      });
    });

    it('checks Content-MD5 against the body of a presigned PUT', () => {
      const r = presignOssV1({
        method: 'PUT',
        host,
        bucket: 'examplebucket',
        key: 'k',
        headers: { 'Content-MD5': md5Base64('x') },
        credentials,
        date,
      });
      const headers = { 'Content-MD5': md5Base64('x') };
      expect(verifyOssV1(wire('PUT', r.url, headers, Buffer.from('x')), lookup, { now }).ok).toBe(true);
      expect(verifyOssV1(wire('PUT', r.url, headers, Buffer.from('y')), lookup, { now })).toMatchObject({
        reason: 'ContentDigestMismatch',
      });
    });
  });
});
