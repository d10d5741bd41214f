import { describe, expect, it } from 'vitest';
import { md5Base64, sha256Hex } from './crypto';
import {
  ossV4AdditionalHeaders,
  ossV4CanonicalQuery,
  ossV4CanonicalRequest,
  ossV4CanonicalUri,
  ossV4Scope,
  ossV4Signature,
  ossV4StringToSign,
  presignOssV4,
  signOssV4,
  verifyOssV4,
} from './oss-v4';
import type { ReceivedRequest } from './types';

const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' };
const lookup = (id: string) => (id === credentials.accessKeyId ? credentials.accessKeySecret : undefined);
const date = new Date('2026-11-26T11:43:06.400Z');
const now = () => date;
const host = 'examplebucket.oss-cn-hangzhou.aliyuncs.com';

function wire(method: string, url: string, headers: Record<string, string>, body?: Uint8Array): ReceivedRequest {
  const raw = ['Host', new URL(url).host];
  for (const [k, v] of Object.entries(headers)) raw.push(k, v);
  return { method, url: url.slice(url.indexOf('/', 8)), rawHeaders: raw, body };
}

describe('V4 canonicalisation', () => {
  it('encodes the URI strictly with / kept, the bucket always included', () => {
    expect(ossV4CanonicalUri('b', "dir one/中 a+b~c*d'(!).bin")).toBe(
      '/b/dir%20one/%E4%B8%AD%20a%2Bb~c%2Ad%27%28%21%29.bin',
    );
    expect(ossV4CanonicalUri('b', undefined)).toBe('/b/');
    expect(ossV4CanonicalUri(undefined, undefined)).toBe('/');
  });

  it('writes the documented query: encoded names in byte order, empty values as bare names', () => {
    const params: Array<[string, string | null]> = [
      ['Zeta', '1'],
      ['alpha', '2'],
      ['Beta', '3'],
      ['prefix', ''],
      ['acl', null],
      ['a b', 'x/y'],
    ];
    expect(ossV4CanonicalQuery(params)).toBe('Beta=3&Zeta=1&a%20b=x%2Fy&acl&alpha=2&prefix');
  });

  it("writes ali-oss's query: raw names by localeCompare, '' as name=, repeated names as indices", () => {
    const params: Array<[string, string | null]> = [
      ['Zeta', '1'],
      ['alpha', '2'],
      ['Beta', '3'],
      ['prefix', ''],
      ['acl', null],
    ];
    expect(ossV4CanonicalQuery(params, 'ali-oss')).toBe('acl&alpha=2&Beta=3&prefix=&Zeta=1');
    const many = Array.from({ length: 11 }, (_, i): [string, string] => ['k', `v${i}`]);
    const line = ossV4CanonicalQuery(many, 'ali-oss');
    expect(line.startsWith('k%5B0%5D=v0&k%5B1%5D=v1&k%5B10%5D=v10&k%5B2%5D=v2')).toBe(true);
    expect(ossV4CanonicalQuery(many)).toBe(
      many
        .map(([k, v]) => `${k}=${v}`)
        .sort()
        .join('&'),
    );
  });

  it('fixes the additional headers and requires them to be present', () => {
    expect(ossV4AdditionalHeaders(['Range', 'host', 'range', 'Content-Type', 'x-oss-meta-a', 'content-md5'])).toEqual([
      'host',
      'range',
    ]);
    expect(() =>
      ossV4CanonicalRequest({ method: 'GET', query: [], headers: new Map(), additionalHeaders: ['range'] }),
    ).toThrow(TypeError);
  });

  it('builds the canonical request, string-to-sign and signature the captured request has', () => {
    // Captured from ali-oss 6.23.0 (spec: oss.md §2.2): PUT /v4.txt, body "x", AK AKID, secret SECRET.
    const canonicalRequest = ossV4CanonicalRequest({
      method: 'put',
      bucket: 'mybucket',
      key: 'v4.txt',
      query: [],
      headers: new Map([
        ['x-oss-date', '20261126T114306Z'],
        ['x-oss-content-sha256', 'UNSIGNED-PAYLOAD'],
        ['content-type', 'text/plain'],
        ['content-md5', md5Base64('x')],
        ['content-length', '1'],
      ]),
      additionalHeaders: [],
    });
    expect(canonicalRequest).toBe(
      'PUT\n/mybucket/v4.txt\n\ncontent-md5:ndTkYSaMgDT1yFZOFVxnpg==\ncontent-type:text/plain\n' +
        'x-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:20261126T114306Z\n\n\nUNSIGNED-PAYLOAD',
    );
    const scope = ossV4Scope('20261126', 'cn-hangzhou', 'oss');
    const sts = ossV4StringToSign('20261126T114306Z', scope, canonicalRequest);
    expect(sts).toBe(`OSS4-HMAC-SHA256\n20261126T114306Z\n${scope}\n${sha256Hex(canonicalRequest)}`);
    expect(ossV4Signature('SECRET', '20261126', 'cn-hangzhou', 'oss', sts)).toBe(
      '4d1fddc92b5fbe3f3c3bb806a03ace64f8a6c2d6167f8ffb70b904da168a1dd7',
    );
  });
});

describe('signOssV4', () => {
  it('adds x-oss-date and x-oss-content-sha256, strips oss- from the region and lists additional headers', () => {
    const r = signOssV4({
      method: 'GET',
      host,
      bucket: 'examplebucket',
      key: 'k',
      region: 'oss-cn-hangzhou',
      headers: { Range: 'bytes=0-1' },
      additionalHeaders: ['range', 'x-oss-meta-a'],
      credentials: { ...credentials, securityToken: 'sts' },
      date,
    });
    expect(r.headers).toEqual({
      'x-oss-date': '20261126T114306Z',
      'x-oss-content-sha256': 'UNSIGNED-PAYLOAD',
      'x-oss-security-token': 'sts',
      Range: 'bytes=0-1',
    });
    expect(r.authorization).toBe(
      `OSS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/20261126/cn-hangzhou/oss/aliyun_v4_request,` +
        `AdditionalHeaders=range,Signature=${r.signature}`,
    );
    expect(r.canonicalRequest.split('\n').slice(-3)).toEqual(['', 'range', 'UNSIGNED-PAYLOAD']);
  });

  it('scopes CloudBox requests to the box id and the oss-cloudbox product', () => {
    const r = signOssV4({ method: 'GET', host, bucket: 'b', key: 'k', cloudBoxId: 'cb-1', credentials, date });
    expect(r.stringToSign.split('\n')[2]).toBe('20261126/cb-1/oss-cloudbox/aliyun_v4_request');
  });

  it('signs query and sub-resources together, sub-resources first on ties and empty ones bare', () => {
    const r = signOssV4({
      method: 'POST',
      host,
      bucket: 'b',
      key: 'k',
      region: 'cn-hangzhou',
      query: { 'max-keys': 10 },
      subresources: { append: '', position: 0 },
      credentials,
      date,
    });
    expect(r.canonicalRequest.split('\n')[2]).toBe('append&max-keys=10&position=0');
    expect(r.url).toBe(`https://${host}/k?max-keys=10&append=&position=0`);
  });

  it('rejects bad input before signing', () => {
    const base = { method: 'GET', host, bucket: 'b', region: 'cn-hangzhou', credentials, date };
    expect(() => signOssV4({ ...base, region: undefined })).toThrow(TypeError);
    expect(() => signOssV4({ ...base, bucket: undefined, key: 'k' })).toThrow(TypeError);
    expect(() => signOssV4({ ...base, additionalHeaders: ['range'] })).toThrow(TypeError);
    expect(() => signOssV4({ ...base, queryCanonicalization: 'other' as 'ali-oss' })).toThrow(TypeError);
    expect(() => signOssV4({ ...base, date: new Date(Number.NaN) })).toThrow(RangeError);
  });
});

describe('presignOssV4', () => {
  it('adds the signing parameters after the caller query and the signature last', () => {
    const r = presignOssV4({
      method: 'GET',
      host,
      bucket: 'examplebucket',
      key: "a'b.txt",
      region: 'cn-hangzhou',
      expiresInSeconds: 60,
      query: { versionId: 'v1' },
      headers: { Range: 'bytes=0-1' },
      additionalHeaders: ['Range'],
      credentials: { ...credentials, securityToken: 'sts' },
      date,
    });
    expect(r.query.map(([k]) => k)).toEqual([
      'versionId',
      'x-oss-additional-headers',
      'x-oss-credential',
      'x-oss-date',
      'x-oss-expires',
      'x-oss-signature-version',
      'x-oss-security-token',
      'x-oss-signature',
    ]);
    expect(r.query.at(-1)).toEqual(['x-oss-signature', r.signature]);
    expect(r.url.startsWith(`https://${host}/a%27b.txt?versionId=v1&x-oss-additional-headers=range&`)).toBe(true);
    expect(r.canonicalRequest.split('\n')[3]).toBe('range:bytes=0-1');
  });

  it('rejects an expiry that is not a positive whole number of seconds', () => {
    for (const expiresInSeconds of [0, 1.5, -3]) {
      expect(() =>
        presignOssV4({ method: 'GET', host, bucket: 'b', region: 'r', expiresInSeconds, credentials, date }),
      ).toThrow(RangeError);
    }
  });
});

describe('verifyOssV4', () => {
  const signed = (queryCanonicalization?: 'ali-oss') =>
    signOssV4({
      method: 'PUT',
      host,
      bucket: 'examplebucket',
      key: 'dir/a b.txt',
      region: 'cn-hangzhou',
      query: { Zeta: '1', alpha: '', 'x y': 'z' },
      subresources: { acl: '' },
      headers: { 'Content-Type': 'text/plain', 'x-oss-meta-a': ' v ', Range: 'bytes=1-2' },
      additionalHeaders: ['range'],
      body: 'hello',
      credentials: { ...credentials, securityToken: 'sts' },
      date,
      queryCanonicalization,
    });
  const send = (r = signed(), body: Uint8Array = Buffer.from('hello')) =>
    wire('PUT', r.url, { ...r.headers, Authorization: r.authorization }, body);

  it('accepts both canonical query forms, and only the documented one when told so', () => {
    const ours = signed();
    const aliOss = signed('ali-oss');
    expect(ours.signature).not.toBe(aliOss.signature);
    expect(verifyOssV4(send(ours), lookup, { now })).toEqual({
      ok: true,
      accessKeyId: credentials.accessKeyId,
      securityToken: 'sts',
      stringToSign: ours.stringToSign,
    });
    expect(verifyOssV4(send(aliOss), lookup, { now })).toMatchObject({ ok: true, stringToSign: aliOss.stringToSign });
    const strict = { now, queryCanonicalizations: ['documented'] as const };
    expect(verifyOssV4(send(aliOss), lookup, strict)).toMatchObject({
      ok: false,
      reason: 'SignatureDoesNotMatch',
      expectedStringToSign: ours.stringToSign,
    });
  });

  it('refuses a changed query value, signed header, additional header, secret and body', () => {
    const r = signed();
    const req = send(r);
    expect(verifyOssV4({ ...req, url: req.url.replace('Zeta=1', 'Zeta=2') }, lookup, { now })).toMatchObject({
      reason: 'SignatureDoesNotMatch',
    });
    const meta = wire('PUT', r.url, { ...r.headers, 'x-oss-meta-a': 'w', Authorization: r.authorization });
    expect(verifyOssV4(meta, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    const range = wire('PUT', r.url, { ...r.headers, Range: 'bytes=0-9', Authorization: r.authorization });
    expect(verifyOssV4(range, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    const { Range: _r, ...withoutRange } = r.headers;
    const missing = verifyOssV4(wire('PUT', r.url, { ...withoutRange, Authorization: r.authorization }), lookup, {
      now,
    });
    expect(missing).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    expect(missing.ok ? '' : missing.message).toContain('range');
    const wrong = verifyOssV4(req, () => 'OtherSecret', { now });
    expect(wrong).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    expect(JSON.stringify(wrong)).not.toContain(r.signature);
    expect(verifyOssV4(send(r, Buffer.from('HELLO')), lookup, { now })).toMatchObject({
      reason: 'ContentDigestMismatch',
    });
  });

  it('checks x-oss-date against the clock and the credential scope', () => {
    const late = () => new Date(date.getTime() + 16 * 60_000);
    expect(verifyOssV4(send(), lookup, { now: late })).toMatchObject({ reason: 'RequestTimeTooSkewed' });
    const r = signed();
    const otherDay = r.authorization.replace('/20261126/', '/20261125/');
    expect(verifyOssV4(wire('PUT', r.url, { ...r.headers, Authorization: otherDay }), lookup, { now })).toMatchObject({
      reason: 'InvalidAuthorization',
    });
    expect(verifyOssV4(send(r), lookup, { now, region: 'oss-cn-beijing' })).toMatchObject({
      reason: 'InvalidAuthorization',
    });
    expect(verifyOssV4(send(r), lookup, { now, region: 'oss-cn-hangzhou' }).ok).toBe(true);
  });

  it('checks a declared x-oss-content-sha256 against the body', () => {
    const body = Buffer.from('payload');
    const r = signOssV4({
      method: 'PUT',
      host,
      bucket: 'examplebucket',
      key: 'k',
      region: 'cn-hangzhou',
      headers: { 'x-oss-content-sha256': sha256Hex(body) },
      body,
      disableContentMd5: true,
      credentials,
      date,
    });
    const req = wire('PUT', r.url, { ...r.headers, Authorization: r.authorization }, body);
    expect(verifyOssV4(req, lookup, { now }).ok).toBe(true);
    expect(verifyOssV4({ ...req, body: Buffer.from('other') }, lookup, { now })).toMatchObject({
      reason: 'ContentDigestMismatch',
    });
  });

  it('explains missing, foreign and malformed signatures and unknown keys', () => {
    expect(verifyOssV4(wire('GET', `https://${host}/k`, {}), lookup)).toMatchObject({ reason: 'MissingSignature' });
    expect(verifyOssV4(wire('GET', `https://${host}/k`, { Authorization: 'OSS a:b' }), lookup)).toMatchObject({
      reason: 'InvalidAuthorization',
    });
    const bad = 'OSS4-HMAC-SHA256 Credential=a/b,Signature=c';
    expect(verifyOssV4(wire('GET', `https://${host}/k`, { Authorization: bad }), lookup)).toMatchObject({
      reason: 'InvalidAuthorization',
    });
    expect(verifyOssV4(send(), () => undefined, { now })).toMatchObject({ reason: 'InvalidAccessKeyId' });
  });

  describe('presigned URLs', () => {
    const url = () =>
      presignOssV4({
        method: 'GET',
        host,
        bucket: 'examplebucket',
        key: '中/a b.txt',
        region: 'cn-hangzhou',
        expiresInSeconds: 60,
        query: { 'response-content-type': 'text/plain', acl: null },
        headers: { 'Content-Type': 'text/plain' },
        credentials: { ...credentials, securityToken: 'sts' },
        date,
      });
    const headers = { 'Content-Type': 'text/plain' };

    it('accepts the URL with its signed headers', () => {
      const r = url();
      expect(verifyOssV4(wire('GET', r.url, headers), lookup, { now })).toMatchObject({
        ok: true,
        securityToken: 'sts',
        stringToSign: r.stringToSign,
      });
    });

    it('refuses a changed parameter, a missing signed header, an expired URL and a future date', () => {
      const r = url();
      const changed = r.url.replace('x-oss-expires=60', 'x-oss-expires=600');
      expect(verifyOssV4(wire('GET', changed, headers), lookup, { now })).toMatchObject({
        reason: 'SignatureDoesNotMatch',
      });
      expect(verifyOssV4(wire('GET', r.url, {}), lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
      const after = () => new Date(date.getTime() + 61_000);
      expect(verifyOssV4(wire('GET', r.url, headers), lookup, { now: after })).toMatchObject({
        reason: 'RequestExpired',
      });
      const before = () => new Date(date.getTime() - 3_600_000);
      expect(verifyOssV4(wire('GET', r.url, headers), lookup, { now: before })).toMatchObject({
        reason: 'RequestTimeTooSkewed',
      });
      const noVersion = r.url.replace('x-oss-signature-version=OSS4-HMAC-SHA256', 'x-oss-signature-version=V1');
      expect(verifyOssV4(wire('GET', noVersion, headers), lookup, { now })).toMatchObject({
        reason: 'InvalidAuthorization',
      });
    });
  });
});
