import { describe, expect, it } from 'vitest';
import {
  type PopRoaSignInput,
  popRoaCanonicalHeaders,
  popRoaCanonicalResource,
  popRoaSignature,
  popRoaStringToSign,
  signPopRoa,
  verifyPopRoa,
} from './pop-roa';
import type { ReceivedRequest } from './types';

const date = new Date('2024-03-05T07:08:09.123Z');
const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' };
const base: PopRoaSignInput = {
  method: 'GET',
  host: 'cs.aliyuncs.com',
  path: '/clusters',
  version: '2015-12-15',
  credentials,
  date,
  nonce: 'c5d1b2a0f00d4e8e9f1a2b3c4d5e6f70',
};
const lookup = (id: string) => (id === credentials.accessKeyId ? credentials.accessKeySecret : undefined);
const now = () => date;

function received(r: ReturnType<typeof signPopRoa>, method = 'GET'): ReceivedRequest {
  const target = r.url.slice(r.url.indexOf('/', 'https://'.length));
  return {
    method,
    url: target,
    rawHeaders: [...Object.entries(r.headers).flat(), 'Authorization', r.authorization],
    body: r.body,
  };
}

describe('canonicalisation steps', () => {
  it('signs x-acs-* headers sorted, with control characters turned into spaces and trimmed', () => {
    expect(
      popRoaCanonicalHeaders([
        ['x-acs-zeta', '  z  '],
        ['x-acs-alpha', 'a\tb\nc'],
        ['x-other', 'not signed'],
        ['content-type', 'application/json'],
      ]),
    ).toBe('x-acs-alpha:a b c\nx-acs-zeta:z\n');
  });

  it('appends raw, unencoded query pairs sorted by name, and nothing for an empty query', () => {
    expect(popRoaCanonicalResource('/a b/%20', [])).toBe('/a b/%20');
    expect(
      popRoaCanonicalResource('/items', [
        ['b', '1'],
        ['B', '2'],
        ['name', 'a b&c=d'],
        ['A', ''],
      ]),
    ).toBe('/items?A=&B=2&b=1&name=a b&c=d');
  });

  it('renders a missing accept header as "undefined", like the reference', () => {
    const sts = popRoaStringToSign({ method: 'GET', path: '/', headers: [['date', 'D']], query: [] });
    expect(sts).toBe('GET\nundefined\n\n\nD\n/');
    expect(popRoaStringToSign({ method: 'GET', path: '/', headers: [], query: [], missingAccept: '' })).toBe(
      'GET\n\n\n\n\n/',
    );
  });

  it('keys the HMAC with the secret alone', () => {
    // roa-001 of the shared vectors.
    const sts =
      'GET\napplication/json\n1B2M2Y8AsgTpgAmY7PhCfg==\n\nTue, 05 Mar 2024 07:08:09 GMT\nx-acs-signature-method:HMAC-SHA1\nx-acs-signature-nonce:c5d1b2a0f00d4e8e9f1a2b3c4d5e6f70\nx-acs-signature-version:1.0\nx-acs-version:2015-12-15\n/clusters';
    expect(popRoaSignature('testsecret', sts)).toBe('TkMwE/ZdyHySCeWvzQolENLO9W4=');
  });
});

describe('signPopRoa', () => {
  it('sets the pop-core default headers, content-md5 and content-length even without a body', () => {
    const r = signPopRoa(base);
    expect(r.headers).toEqual({
      accept: 'application/json',
      date: 'Tue, 05 Mar 2024 07:08:09 GMT',
      host: 'cs.aliyuncs.com',
      'x-acs-signature-nonce': base.nonce,
      'x-acs-version': '2015-12-15',
      'x-acs-signature-method': 'HMAC-SHA1',
      'x-acs-signature-version': '1.0',
      'content-md5': '1B2M2Y8AsgTpgAmY7PhCfg==',
      'content-length': '0',
    });
    expect(r.authorization).toBe(`acs ${credentials.accessKeyId}:${r.signature}`);
    expect(r.url).toBe('https://cs.aliyuncs.com/clusters');
  });

  it('adds the STS headers and signs them', () => {
    const r = signPopRoa({ ...base, credentials: { ...credentials, securityToken: 'CAIS+tok' } });
    expect(r.headers['x-acs-accesskey-id']).toBe(credentials.accessKeyId);
    expect(r.headers['x-acs-security-token']).toBe('CAIS+tok');
    expect(r.stringToSign).toContain('x-acs-accesskey-id:LTAI5tExampleKeyId\nx-acs-security-token:CAIS+tok\n');
  });

  it('lower-cases caller headers and lets them replace the defaults', () => {
    const r = signPopRoa({
      ...base,
      method: 'post',
      headers: { Accept: 'application/xml', 'Content-Type': 'application/json', 'X-Acs-Extra': ' v ' },
      body: '{"k":"中文"}',
    });
    expect(r.headers['accept']).toBe('application/xml');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.headers['x-acs-extra']).toBe(' v ');
    expect(r.headers['content-length']).toBe(String(Buffer.byteLength('{"k":"中文"}')));
    expect(r.stringToSign.split('\n').slice(0, 4)).toEqual([
      'POST',
      'application/xml',
      'Aas6wC3db4uc53FUk9rpSQ==',
      'application/json',
    ]);
    expect(r.stringToSign).toContain('x-acs-extra:v\n');
  });

  it('leaves a caller authorization header out of the headers, so only the new signature is sent', () => {
    // Before the fix the stale value stayed in `headers` and a server saw two Authorization values.
    const r = signPopRoa({ ...base, headers: { Authorization: 'acs caller:stale', 'X-Acs-Extra': 'v' } });
    expect(Object.keys(r.headers).filter((k) => k.toLowerCase() === 'authorization')).toEqual([]);
    expect(r.headers['x-acs-extra']).toBe('v');
    expect(verifyPopRoa(received(r), lookup, { now })).toMatchObject({ ok: true, stringToSign: r.stringToSign });
  });

  it('signs the query raw but sends it querystring-encoded in the caller order', () => {
    const r = signPopRoa({ ...base, query: { pageSize: 10, name: 'a b&c=d', state: '', skip: null, ids: ['x', 'y'] } });
    expect(r.stringToSign.endsWith('/clusters?ids=x,y&name=a b&c=d&pageSize=10&state=')).toBe(true);
    expect(r.query).toEqual([
      ['pageSize', '10'],
      ['name', 'a b&c=d'],
      ['state', ''],
      ['ids', 'x'],
      ['ids', 'y'],
    ]);
    expect(r.url).toBe('https://cs.aliyuncs.com/clusters?pageSize=10&name=a%20b%26c%3Dd&state=&ids=x&ids=y');
  });

  it('rejects bad arguments before signing', () => {
    expect(() => signPopRoa({ ...base, path: 'clusters' })).toThrow(TypeError);
    expect(() => signPopRoa({ ...base, version: '' })).toThrow(TypeError);
    expect(() => signPopRoa({ ...base, date: new Date('x') })).toThrow(RangeError);
    expect(() => signPopRoa({ ...base, headers: { 'x-acs-n': 1 as unknown as string } })).toThrow(TypeError);
  });
});

describe('verifyPopRoa', () => {
  const signed = signPopRoa({
    ...base,
    method: 'PUT',
    path: '/clusters/c%201',
    query: { name: '标签 😀', b: 'x y' },
    headers: { 'Content-Type': 'application/json', 'x-acs-extra': 'e' },
    body: '{"a":1}',
    credentials: { ...credentials, securityToken: 'CAIS+tok' },
  });

  it('accepts a path whose literal escape sits next to one added by url.parse after signing', () => {
    // pop-core signs "/%20/'" verbatim; its HTTP layer sends "/%20/%27" (a fast-check counterexample).
    const r = signPopRoa({ ...base, path: "/%20/'" });
    const req = received(r);
    expect(req.url).toBe("/%20/'");
    const verdict = verifyPopRoa({ ...req, url: '/%20/%27' }, lookup, { now });
    expect(verdict).toMatchObject({ ok: true, stringToSign: r.stringToSign });
  });

  it('accepts the request as the wire carries it and reports the token', () => {
    expect(verifyPopRoa(received(signed, 'PUT'), lookup, { now })).toEqual({
      ok: true,
      accessKeyId: credentials.accessKeyId,
      securityToken: 'CAIS+tok',
      stringToSign: signed.stringToSign,
    });
  });

  it('joins a repeated query name with "," as the reference signs an array', () => {
    const r = signPopRoa({ ...base, query: { ids: ['1', '2'] } });
    expect(verifyPopRoa(received(r), lookup, { now })).toMatchObject({ ok: true });
  });

  it('accepts a path signed unescaped but escaped on the wire (pop-core with a raw path)', () => {
    const r = signPopRoa({ ...base, path: "/jobs/my job's" });
    const req = { ...received(r), url: '/jobs/my%20job%27s' };
    expect(verifyPopRoa(req, lookup, { now })).toMatchObject({ ok: true, stringToSign: r.stringToSign });
  });

  it('accepts a client that signed an empty accept line when it sent no accept header', () => {
    const headers: Array<[string, string]> = [
      ['date', 'Tue, 05 Mar 2024 07:08:09 GMT'],
      ['x-acs-signature-nonce', 'n'],
    ];
    const sts = popRoaStringToSign({ method: 'GET', path: '/x', headers, query: [], missingAccept: '' });
    const req: ReceivedRequest = {
      method: 'GET',
      url: '/x',
      rawHeaders: [
        ...headers.flat(),
        'Authorization',
        `acs ${credentials.accessKeyId}:${popRoaSignature('ExampleSecret', sts)}`,
      ],
    };
    expect(verifyPopRoa(req, lookup, { now })).toMatchObject({ ok: true, stringToSign: sts });
  });

  it('refuses a tampered query value, signed header or path', () => {
    const q = received(signed, 'PUT');
    q.url = q.url.replace('b=x%20y', 'b=x%20z');
    expect(verifyPopRoa(q, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    const h = received(signed, 'PUT');
    h.rawHeaders = h.rawHeaders.map((v) => (v === 'e' ? 'f' : v));
    const result = verifyPopRoa(h, lookup, { now });
    expect(result).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
    if (!result.ok) {
      expect(result.expectedStringToSign).toContain('x-acs-extra:f');
      expect(result.message).not.toContain(credentials.accessKeySecret);
    }
    const p = received(signed, 'PUT');
    p.url = p.url.replace('c%201', 'c%202');
    expect(verifyPopRoa(p, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
  });

  it('refuses a body that does not match content-md5', () => {
    const req = { ...received(signed, 'PUT'), body: Buffer.from('{"a":2}') };
    expect(verifyPopRoa(req, lookup, { now })).toMatchObject({ reason: 'ContentDigestMismatch' });
  });

  it('refuses a wrong secret, an unknown key, a skewed date and a missing or malformed Authorization', () => {
    expect(verifyPopRoa(received(signed, 'PUT'), () => 'Other', { now })).toMatchObject({
      reason: 'SignatureDoesNotMatch',
    });
    expect(verifyPopRoa(received(signed, 'PUT'), () => undefined, { now })).toMatchObject({
      reason: 'InvalidAccessKeyId',
    });
    const later = () => new Date(date.getTime() + 16 * 60_000);
    expect(verifyPopRoa(received(signed, 'PUT'), lookup, { now: later })).toMatchObject({
      reason: 'RequestTimeTooSkewed',
    });
    const none = { ...received(signed, 'PUT'), rawHeaders: Object.entries(signed.headers).flat() };
    expect(verifyPopRoa(none, lookup, { now })).toMatchObject({ reason: 'MissingSignature' });
    const bad = { ...none, rawHeaders: [...none.rawHeaders, 'authorization', 'Bearer x'] };
    expect(verifyPopRoa(bad, lookup, { now })).toMatchObject({ reason: 'InvalidAuthorization' });
  });
});
