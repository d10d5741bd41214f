import { describe, expect, it } from 'vitest';
import {
  type Acs3SignInput,
  acs3CanonicalHeaders,
  acs3CanonicalQuery,
  acs3CanonicalRequest,
  acs3CanonicalUri,
  acs3Signature,
  acs3StringToSign,
  EMPTY_SHA256,
  parseAcs3Authorization,
  serializeAcs3Body,
  signAcs3,
  verifyAcs3,
} from './acs3';
import { sha256Hex } from './crypto';
import type { ReceivedRequest } from './types';

const date = new Date('2023-10-26T10:22:32.456Z');
const credentials = { accessKeyId: 'YourAccessKeyId', accessKeySecret: 'YourAccessKeySecret' };
const base: Acs3SignInput = {
  method: 'POST',
  host: 'ecs.cn-beijing.aliyuncs.com',
  action: 'DescribeInstanceStatus',
  version: '2014-05-26',
  credentials,
  date,
  nonce: '3156853299f313e23d1673dc12e1703d',
};
const lookup = (id: string) => (id === credentials.accessKeyId ? credentials.accessKeySecret : undefined);
const now = () => date;

function received(r: ReturnType<typeof signAcs3>, method: string): ReceivedRequest {
  return {
    method,
    url: r.url.slice(r.url.indexOf('/', 'https://'.length)),
    rawHeaders: [...Object.entries(r.headers).flat(), 'Authorization', r.authorization],
    body: r.body,
  };
}

describe('canonicalisation steps', () => {
  it('rewrites only the first "+", "*" and "%7E" of a raw pathname, like the reference', () => {
    expect(acs3CanonicalUri('/a+b+c/d*e*f/%7E%7E')).toBe('/a%20b+c/d%2Ae*f/~%7E');
    expect(acs3CanonicalUri('/a+b+c/d*e*f/%7E%7E', { allOccurrences: true })).toBe('/a%20b%20c/d%2Ae%2Af/~~');
    // An already-encoded pathname (the normal case) is left alone by both.
    const encoded = '/api/v1/jobs/%E4%BD%9C%E4%B8%9A%201%2B2%2A3~4';
    expect(acs3CanonicalUri(encoded)).toBe(encoded);
    expect(acs3CanonicalUri(encoded, { allOccurrences: true })).toBe(encoded);
    expect(acs3CanonicalUri(undefined)).toBe('');
  });

  it('signs query names raw (reference) where the documented rule encodes them', () => {
    const query: Array<[string, string | null]> = [
      ['VpcName', "a b+c*d~e/f!g'h(i)j"],
      ['Key With Space', 'x'],
      ['Ünïcøde', 'y'],
      ['Empty', ''],
      ['Missing', null],
    ];
    expect(acs3CanonicalQuery(query)).toBe(
      'Empty=&Key With Space=x&Missing=&VpcName=a%20b%2Bc%2Ad~e%2Ff%21g%27h%28i%29j&Ünïcøde=y',
    );
    // Documented rule: encoded names, so the escaped `Ü` now sorts first.
    expect(acs3CanonicalQuery(query, { encodeNames: true })).toBe(
      '%C3%9Cn%C3%AFc%C3%B8de=y&Empty=&Key%20With%20Space=x&Missing=&VpcName=a%20b%2Bc%2Ad~e%2Ff%21g%27h%28i%29j',
    );
    // For names made of unreserved characters the two rules agree.
    const plain: Array<[string, string]> = [
      ['RegionId', 'cn-beijing'],
      ['InstanceId.1', 'i-1'],
      ['a_b~c', 'v w'],
    ];
    expect(acs3CanonicalQuery(plain)).toBe(acs3CanonicalQuery(plain, { encodeNames: true }));
  });

  it('groups headers by lower-case name, trims and sorts the values, and lists the names', () => {
    const { canonicalHeaders, signedHeaders } = acs3CanonicalHeaders([
      ['Host', 'h'],
      ['X-Acs-Dup', '  zz '],
      ['x-acs-dup', 'aa'],
      ['Content-Type', 'text/plain'],
      ['accept', 'application/json'],
      ['x-custom', 'no'],
      ['x-acs-empty', ''],
    ]);
    expect(canonicalHeaders).toBe('content-type:text/plain\nhost:h\nx-acs-dup:aa,zz\nx-acs-empty:\n');
    expect(signedHeaders).toBe('content-type;host;x-acs-dup;x-acs-empty');
    expect(
      acs3CanonicalHeaders(
        [
          ['Accept', 'a'],
          ['host', 'h'],
        ],
        ['accept', 'host'],
      ).signedHeaders,
    ).toBe('accept;host');
  });

  it('builds the canonical request with an empty line before the signed headers', () => {
    const cr = acs3CanonicalRequest({
      method: 'GET',
      canonicalUri: '/',
      canonicalQuery: '',
      canonicalHeaders: 'host:h\n',
      signedHeaders: 'host',
      hashedPayload: EMPTY_SHA256,
    });
    expect(cr).toBe(`GET\n/\n\nhost:h\n\nhost\n${EMPTY_SHA256}`);
    expect(acs3StringToSign(cr)).toBe(`ACS3-HMAC-SHA256\n${sha256Hex(cr)}`);
    expect(acs3Signature('k', 'x')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serialises bodies the way openapi-client does', () => {
    const json = serializeAcs3Body({ type: 'json', value: { a: [1, 'x'] } });
    expect(Buffer.from(json.bytes).toString()).toBe('{"a":[1,"x"]}');
    expect(json.contentType).toBe('application/json; charset=utf-8');
    expect(Buffer.from(serializeAcs3Body({ type: 'json', value: '{"raw":1}' }).bytes).toString()).toBe('{"raw":1}');
    const form = serializeAcs3Body({
      type: 'form',
      value: { ImageId: 'img 1', Tag: [{ Key: 'k1', Value: 'v 1' }], Skip: null, Amount: 2 },
    });
    expect(Buffer.from(form.bytes).toString()).toBe('ImageId=img%201&Tag.1.Key=k1&Tag.1.Value=v%201&Amount=2');
    expect(form.contentType).toBe('application/x-www-form-urlencoded');
    const bytes = serializeAcs3Body({ type: 'bytes', value: new Uint8Array([0, 1, 255]) });
    expect([...bytes.bytes]).toEqual([0, 1, 255]);
    expect(bytes.contentType).toBeUndefined();
    expect(() => serializeAcs3Body({ type: 'json', value: undefined })).toThrow(TypeError);
  });

  it('parses the Authorization header, tolerating spaces after the commas', () => {
    expect(
      parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=AK, SignedHeaders=host;X-Acs-Date, Signature=ab'),
    ).toEqual({ accessKeyId: 'AK', signedHeaders: ['host', 'x-acs-date'], signature: 'ab' });
    expect(parseAcs3Authorization('ACS3-HMAC-SHA256 Credential=AK')).toBeUndefined();
    expect(parseAcs3Authorization('acs AK:sig')).toBeUndefined();
  });
});

describe('signAcs3', () => {
  it('reproduces the documented RPC example (vector acs3-001)', () => {
    const r = signAcs3({
      ...base,
      query: {
        RegionId: 'cn-beijing',
        'InstanceId.1': 'i-bp11ht4h2kdXXXXXXXX',
        'InstanceId.2': 'i-bp16maz3h3xgXXXXXXXX',
      },
      credentialsProvider: 'static_ak',
    });
    expect(r.signature).toBe('9c8fc6cbae8ba92c98c17790a55669cbe0d844934735f8cef71b17e15616e4e0');
    expect(r.authorization).toBe(
      'ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=9c8fc6cbae8ba92c98c17790a55669cbe0d844934735f8cef71b17e15616e4e0',
    );
    expect(r.headers['x-acs-content-sha256']).toBe(EMPTY_SHA256);
    expect(r.headers['accept']).toBe('application/json');
    expect(r.body.length).toBe(0);
    expect(r.url).toBe(
      'https://ecs.cn-beijing.aliyuncs.com/?RegionId=cn-beijing&InstanceId.1=i-bp11ht4h2kdXXXXXXXX&InstanceId.2=i-bp16maz3h3xgXXXXXXXX',
    );
  });

  it('adds the STS headers and signs them; leaves the provider header out unless given', () => {
    const r = signAcs3({ ...base, credentials: { ...credentials, securityToken: 'CAIS+tok' } });
    expect(r.headers['x-acs-accesskey-id']).toBe(credentials.accessKeyId);
    expect(r.headers['x-acs-security-token']).toBe('CAIS+tok');
    expect(r.headers['x-acs-credentials-provider']).toBeUndefined();
    expect(r.authorization).toContain('x-acs-accesskey-id;');
    expect(r.authorization).toContain('x-acs-security-token;');
  });

  it('sets the body content type over a caller header of the same spelling and hashes the body', () => {
    const r = signAcs3({
      ...base,
      pathname: '/clusters',
      headers: { 'content-type': 'text/plain', 'x-acs-content-sha256': 'forged' },
      body: { type: 'json', value: { count: 3 } },
    });
    expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r.headers['x-acs-content-sha256']).toBe(sha256Hex('{"count":3}'));
    expect(r.canonicalRequest.endsWith(`\n${sha256Hex('{"count":3}')}`)).toBe(true);
  });

  it('leaves a caller Authorization of any spelling out of the headers and the signature', () => {
    // Before the fix the stale value stayed in `headers` and a server saw two Authorization values.
    for (const name of ['Authorization', 'authorization']) {
      const r = signAcs3({ ...base, headers: { [name]: 'ACS3-HMAC-SHA256 Credential=stale', 'x-acs-extra': 'v' } });
      expect(Object.keys(r.headers).filter((k) => k.toLowerCase() === 'authorization')).toEqual([]);
      expect(r.headers['x-acs-extra']).toBe('v');
      expect(verifyAcs3(received(r, 'POST'), lookup, { now })).toMatchObject({
        ok: true,
        stringToSign: r.stringToSign,
      });
    }
  });

  it('rejects nested query values, unsupported algorithms and bad arguments', () => {
    expect(() => signAcs3({ ...base, query: { A: ['x'] as unknown as string } })).toThrow(TypeError);
    expect(() => signAcs3({ ...base, signatureAlgorithm: 'ACS3-HMAC-SM3' as 'ACS3-HMAC-SHA256' })).toThrow(RangeError);
    expect(() => signAcs3({ ...base, action: '' })).toThrow(TypeError);
    expect(() => signAcs3({ ...base, date: new Date(Number.NaN) })).toThrow(RangeError);
    expect(() => signAcs3({ ...base, query: { A: '\uD83D' } })).toThrow(TypeError);
  });
});

describe('verifyAcs3', () => {
  const signed = signAcs3({
    ...base,
    method: 'PUT',
    pathname: '/api/v1/jobs/%E4%BD%9C%E4%B8%9A%201',
    query: { 'Key With Space': 'a b', Name: '中文 😀', Empty: '' },
    headers: { 'x-acs-extra': ' v ' },
    body: { type: 'form', value: { Tag: [{ Key: 'k' }] } },
    credentials: { ...credentials, securityToken: 'CAIS+tok' },
    credentialsProvider: 'static_sts',
  });

  it('accepts the request as the wire carries it and reports the token', () => {
    expect(verifyAcs3(received(signed, 'PUT'), lookup, { now })).toEqual({
      ok: true,
      accessKeyId: credentials.accessKeyId,
      securityToken: 'CAIS+tok',
      stringToSign: signed.stringToSign,
    });
  });

  it('also accepts a client that follows the documented rule (encoded names)', () => {
    const headers: Array<[string, string]> = [
      ['host', 'h'],
      ['x-acs-date', '2023-10-26T10:22:32Z'],
      ['x-acs-content-sha256', EMPTY_SHA256],
    ];
    const { canonicalHeaders, signedHeaders } = acs3CanonicalHeaders(headers);
    const sts = acs3StringToSign(
      acs3CanonicalRequest({
        method: 'GET',
        canonicalUri: '/',
        canonicalQuery: acs3CanonicalQuery([['Key With Space', 'x']], { encodeNames: true }),
        canonicalHeaders,
        signedHeaders,
        hashedPayload: EMPTY_SHA256,
      }),
    );
    const req: ReceivedRequest = {
      method: 'GET',
      url: '/?Key%20With%20Space=x',
      rawHeaders: [
        ...headers.flat(),
        'authorization',
        `ACS3-HMAC-SHA256 Credential=${credentials.accessKeyId},SignedHeaders=${signedHeaders},Signature=${acs3Signature(credentials.accessKeySecret, sts)}`,
      ],
    };
    expect(verifyAcs3(req, lookup, { now })).toMatchObject({ ok: true, stringToSign: sts });
  });

  it('refuses a tampered query value, signed header, path or method', () => {
    const q = received(signed, 'PUT');
    q.url = q.url.replace('Empty=', 'Empty=x');
    expect(verifyAcs3(q, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    const h = received(signed, 'PUT');
    h.rawHeaders = h.rawHeaders.map((v) => (v === ' v ' ? 'w' : v));
    const result = verifyAcs3(h, lookup, { now });
    expect(result).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch', accessKeyId: credentials.accessKeyId });
    if (!result.ok) {
      expect(result.expectedStringToSign).toMatch(/^ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
      expect(result.message).not.toContain(credentials.accessKeySecret);
      expect(result.message).not.toContain(signed.signature);
    }
    const p = received(signed, 'PUT');
    p.url = p.url.replace('%201', '%202');
    expect(verifyAcs3(p, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    expect(verifyAcs3(received(signed, 'POST'), lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
  });

  it('refuses a body that does not match x-acs-content-sha256', () => {
    const req = { ...received(signed, 'PUT'), body: Buffer.from('Tag.1.Key=x') };
    expect(verifyAcs3(req, lookup, { now })).toMatchObject({ reason: 'ContentDigestMismatch' });
  });

  it('refuses a wrong secret, an unknown key, a skewed date and a missing or malformed Authorization', () => {
    expect(verifyAcs3(received(signed, 'PUT'), () => 'Other', { now })).toMatchObject({
      reason: 'SignatureDoesNotMatch',
    });
    expect(verifyAcs3(received(signed, 'PUT'), () => undefined, { now })).toMatchObject({
      reason: 'InvalidAccessKeyId',
    });
    const later = () => new Date(date.getTime() + 16 * 60_000);
    expect(verifyAcs3(received(signed, 'PUT'), lookup, { now: later })).toMatchObject({
      reason: 'RequestTimeTooSkewed',
    });
    const none = { ...received(signed, 'PUT'), rawHeaders: Object.entries(signed.headers).flat() };
    expect(verifyAcs3(none, lookup, { now })).toMatchObject({ reason: 'MissingSignature' });
    const bad = { ...none, rawHeaders: [...none.rawHeaders, 'Authorization', 'ACS3-HMAC-SHA256 Credential=x'] };
    expect(verifyAcs3(bad, lookup, { now })).toMatchObject({ reason: 'InvalidAuthorization' });
    const noHost = {
      ...none,
      rawHeaders: [
        ...none.rawHeaders,
        'Authorization',
        'ACS3-HMAC-SHA256 Credential=x,SignedHeaders=x-acs-date,Signature=00',
      ],
    };
    expect(verifyAcs3(noHost, lookup, { now })).toMatchObject({ reason: 'InvalidAuthorization' });
  });
});
