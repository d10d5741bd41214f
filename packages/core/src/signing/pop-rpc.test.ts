import { describe, expect, it } from 'vitest';
import {
  canonicalizePopRpcParams,
  flattenPopParams,
  type PopRpcSignInput,
  popRpcParameters,
  popRpcSignature,
  popRpcStringToSign,
  receivedPopRpcParams,
  signPopRpc,
  sortPopRpcParams,
  upperFirst,
  verifyPopRpc,
} from './pop-rpc';
import type { ReceivedRequest } from './types';

const date = new Date('2016-02-23T12:46:24.789Z');
const credentials = { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' };
const base: PopRpcSignInput = {
  host: 'ecs.aliyuncs.com',
  action: 'DescribeRegions',
  version: '2014-05-26',
  credentials,
  date,
  nonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
};
const lookup = (id: string) => (id === credentials.accessKeyId ? credentials.accessKeySecret : undefined);
const now = () => date;

/** The request a server receives for a signed result. */
function received(r: ReturnType<typeof signPopRpc>, method = 'GET'): ReceivedRequest {
  const target = r.url.slice(r.url.indexOf('/', 'https://'.length));
  return {
    method,
    url: target,
    rawHeaders: Object.entries(r.headers).flat(),
    body: r.body === undefined ? undefined : Buffer.from(r.body),
  };
}

describe('flattenPopParams', () => {
  it('flattens arrays 1-based, array items that are objects, nested arrays and plain objects', () => {
    expect(
      flattenPopParams({
        ResourceId: ['i-1', 'i-2'],
        Tag: [{ Key: 'env', Value: 'prod' }],
        Matrix: [['a'], ['b', 'c']],
        SourceEndpoint: { IP: '10.0.0.1', Port: 3306 },
      }),
    ).toEqual([
      ['ResourceId.1', 'i-1'],
      ['ResourceId.2', 'i-2'],
      ['Tag.1.Key', 'env'],
      ['Tag.1.Value', 'prod'],
      ['Matrix.1.1', 'a'],
      ['Matrix.2.1', 'b'],
      ['Matrix.2.2', 'c'],
      ['SourceEndpoint.IP', '10.0.0.1'],
      ['SourceEndpoint.Port', '3306'],
    ]);
  });

  it('turns numbers and booleans into text and keeps empty strings', () => {
    expect(flattenPopParams({ N: 2, B: false, E: '', F: 1.5 })).toEqual([
      ['N', '2'],
      ['B', 'false'],
      ['E', ''],
      ['F', '1.5'],
    ]);
  });

  it('leaves out null and undefined, keeping the positions of the other array items', () => {
    expect(flattenPopParams({ A: null, B: undefined, L: ['x', null, 'z'], O: { K: null } })).toEqual([
      ['L.1', 'x'],
      ['L.3', 'z'],
    ]);
  });

  it('lets a later name replace an earlier equal one in place', () => {
    expect(flattenPopParams({ 'K.1': 'first', K: ['second'], Z: 'z' })).toEqual([
      ['K.1', 'second'],
      ['Z', 'z'],
    ]);
  });

  it('rejects values without a text form', () => {
    expect(() => flattenPopParams({ F: () => 1 })).toThrow(TypeError);
  });
});

describe('canonicalisation steps', () => {
  it('upper-cases the first code unit like pop-core', () => {
    expect(upperFirst('regionId')).toBe('RegionId');
    expect(upperFirst('ßeta')).toBe('SSeta');
    expect(upperFirst('')).toBe('');
    expect(upperFirst('😀x')).toBe('😀x');
  });

  it('adds the common parameters and lets API parameters override them', () => {
    const params = popRpcParameters({
      ...base,
      credentials: { ...credentials, securityToken: 'CAIS+token' },
      params: { regionId: 'cn-hangzhou', format: 'XML' },
    });
    expect(Object.fromEntries(params)).toEqual({
      Action: 'DescribeRegions',
      Format: 'XML',
      Timestamp: '2016-02-23T12:46:24Z',
      Version: '2014-05-26',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: base.nonce,
      AccessKeyId: credentials.accessKeyId,
      SecurityToken: 'CAIS+token',
      RegionId: 'cn-hangzhou',
    });
  });

  it('drops a common parameter that an API parameter of the same name replaces, but not for null', () => {
    const names = popRpcParameters({ ...base, params: { Timestamp: ['a'], Format: null } }).map(([k]) => k);
    expect(names).toContain('Timestamp.1');
    expect(names).not.toContain('Timestamp');
    expect(names).toContain('Format');
  });

  it('keeps names as given with formatParams false, and the action with formatAction false', () => {
    const params = Object.fromEntries(
      popRpcParameters({
        ...base,
        action: 'describe',
        params: { regionId: 'x' },
        formatParams: false,
        formatAction: false,
      }),
    );
    expect(params['regionId']).toBe('x');
    expect(params['RegionId']).toBeUndefined();
    expect(params['Action']).toBe('describe');
    expect(Object.fromEntries(popRpcParameters({ ...base, action: 'describe', formatParams: false }))['Action']).toBe(
      'Describe',
    );
  });

  it('sorts raw names by UTF-16 code unit before encoding', () => {
    const sorted = sortPopRpcParams([
      ['b', '1'],
      ['B', '2'],
      ['a_b', '3'],
      ['a.b', '4'],
      ['a b', '7'],
      ['\u{1F600}', 'astral'],
      ['\uFF21', 'fullwidth'],
    ]);
    expect(sorted.map(([k]) => k)).toEqual(['B', 'a b', 'a.b', 'a_b', 'b', '\u{1F600}', '\uFF21']);
  });

  it('encodes names and values RFC 3986-strict and the whole string once more', () => {
    const canonical = canonicalizePopRpcParams([
      ['x*y~z', "a b+c*d~e/f!g'h(i)j"],
      ['E', ''],
    ]);
    expect(canonical).toBe('x%2Ay~z=a%20b%2Bc%2Ad~e%2Ff%21g%27h%28i%29j&E=');
    expect(popRpcStringToSign('get', 'A=b%20c')).toBe('GET&%2F&A%3Db%2520c');
  });

  it('keys the HMAC with the secret followed by "&"', () => {
    // The documented DescribeRegions example (Format=XML), reproduced with openapi-util.
    const canonical = canonicalizePopRpcParams(
      sortPopRpcParams([
        ['AccessKeyId', 'testid'],
        ['Action', 'DescribeRegions'],
        ['Format', 'XML'],
        ['SignatureMethod', 'HMAC-SHA1'],
        ['SignatureNonce', '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf'],
        ['SignatureVersion', '1.0'],
        ['Timestamp', '2016-02-23T12:46:24Z'],
        ['Version', '2014-05-26'],
      ]),
    );
    expect(popRpcSignature('testsecret', popRpcStringToSign('GET', canonical))).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });
});

describe('signPopRpc', () => {
  it('reproduces the documented example end to end', () => {
    const r = signPopRpc({
      ...base,
      credentials: { accessKeyId: 'testid', accessKeySecret: 'testsecret' },
      format: 'XML',
    });
    expect(r.signature).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(r.url).toMatch(
      /^https:\/\/ecs\.aliyuncs\.com\/\?AccessKeyId=testid&.*&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D$/,
    );
    expect(r.query.at(-1)).toEqual(['Signature', 'OLeaidS1JvxuMvnyHOwuJ+uX5qY=']);
    expect(r.body).toBeUndefined();
    expect(r.headers).toEqual({ 'x-acs-action': 'DescribeRegions', 'x-acs-version': '2014-05-26' });
  });

  it('sends POST parameters as a form body and the same signature as GET would carry in the URL', () => {
    const r = signPopRpc({ ...base, method: 'post', params: { RegionId: 'cn-beijing' }, protocol: 'http' });
    expect(r.url).toBe('http://ecs.aliyuncs.com/');
    expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(r.body).toBe(`${r.canonicalRequest}&Signature=${encodeURIComponent(r.signature)}`);
    expect(r.stringToSign.startsWith('POST&%2F&')).toBe(true);
    const inQuery = signPopRpc({ ...base, method: 'POST', params: { RegionId: 'cn-beijing' }, transport: 'query' });
    expect(inQuery.signature).toBe(r.signature);
    expect(inQuery.body).toBeUndefined();
  });

  it('keeps the form content type over a caller content type, so the form body stays readable', () => {
    // Before the fix a caller header replaced it and verifyPopRpc no longer found the signature.
    for (const name of ['content-type', 'Content-Type']) {
      const r = signPopRpc({
        ...base,
        method: 'POST',
        params: { RegionId: 'cn-beijing' },
        headers: { [name]: 'text/plain', 'x-trace': 't' },
      });
      expect(r.headers).toEqual({
        'x-acs-action': 'DescribeRegions',
        'x-acs-version': '2014-05-26',
        'x-trace': 't',
        'content-type': 'application/x-www-form-urlencoded',
      });
      expect(verifyPopRpc(received(r, 'POST'), lookup, { now })).toMatchObject({ ok: true });
    }
    const get = signPopRpc({ ...base, headers: { 'Content-Type': 'text/plain' } });
    expect(get.headers['Content-Type']).toBe('text/plain');
  });

  it('carries the STS token as the SecurityToken parameter', () => {
    const r = signPopRpc({ ...base, credentials: { ...credentials, securityToken: 'CAIS/x+y==' } });
    expect(r.query).toContainEqual(['SecurityToken', 'CAIS/x+y==']);
    expect(r.canonicalRequest).toContain('SecurityToken=CAIS%2Fx%2By%3D%3D');
  });

  it('skips null and undefined parameters instead of signing the text "null" (pop-core quirk not kept)', () => {
    const r = signPopRpc({ ...base, params: { A: null, B: undefined, C: 'c' } });
    expect(r.query.map(([k]) => k)).not.toContain('A');
    expect(r.query.map(([k]) => k)).not.toContain('B');
    expect(r.query).toContainEqual(['C', 'c']);
  });

  it('drops milliseconds from the Timestamp', () => {
    expect(signPopRpc(base).query).toContainEqual(['Timestamp', '2016-02-23T12:46:24Z']);
  });

  it('rejects bad arguments before signing', () => {
    expect(() => signPopRpc({ ...base, host: '' })).toThrow(TypeError);
    expect(() => signPopRpc({ ...base, nonce: '' })).toThrow(TypeError);
    expect(() => signPopRpc({ ...base, credentials: { accessKeyId: 'a', accessKeySecret: '' } })).toThrow(TypeError);
    expect(() => signPopRpc({ ...base, date: new Date(Number.NaN) })).toThrow(RangeError);
    expect(() => signPopRpc({ ...base, params: { A: 'bad \uD800 text' } })).toThrow(TypeError);
  });

  it('never puts the secret in an error message', () => {
    try {
      signPopRpc({ ...base, params: { A: '\uDC00' } });
    } catch (e) {
      expect(String(e)).not.toContain(credentials.accessKeySecret);
    }
  });
});

describe('verifyPopRpc', () => {
  const signed = signPopRpc({
    ...base,
    params: { RegionId: 'cn-hangzhou', Name: 'a b+c', Tag: [{ Key: 'k', Value: '😀' }] },
    credentials: { ...credentials, securityToken: 'CAIS+tok' },
  });

  it('accepts a GET request as the wire carries it and reports the token', () => {
    const result = verifyPopRpc(received(signed), lookup, { now });
    expect(result).toEqual({
      ok: true,
      accessKeyId: credentials.accessKeyId,
      securityToken: 'CAIS+tok',
      stringToSign: signed.stringToSign,
    });
  });

  it('accepts a POST form body, and parameters split between the query and the body', () => {
    const post = signPopRpc({ ...base, method: 'POST', params: { RegionId: 'cn-hangzhou', Name: 'x y' } });
    expect(verifyPopRpc(received(post, 'POST'), lookup, { now })).toMatchObject({ ok: true });
    // openapi-client v1 style: common parameters in the query, API parameters in a form body.
    const pairs = post.query;
    const inQuery = pairs.filter(([k]) => k !== 'Name' && k !== 'RegionId');
    const inBody = pairs.filter(([k]) => k === 'Name' || k === 'RegionId');
    const enc = (list: Array<[string, string]>) =>
      list.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
    const split: ReceivedRequest = {
      method: 'POST',
      url: `/?${enc(inQuery)}`,
      rawHeaders: ['Content-Type', 'application/x-www-form-urlencoded; charset=UTF-8'],
      body: Buffer.from(enc(inBody).replace(/%20/g, '+')),
    };
    expect(receivedPopRpcParams(split)).toContainEqual(['Name', 'x y']);
    expect(verifyPopRpc(split, lookup, { now })).toMatchObject({ ok: true });
  });

  it('ignores a body that is not form-encoded', () => {
    const post = signPopRpc({ ...base, method: 'POST' });
    const req = { ...received(post, 'POST'), rawHeaders: ['content-type', 'text/plain'] };
    expect(verifyPopRpc(req, lookup, { now })).toMatchObject({ ok: false, reason: 'MissingSignature' });
  });

  it('refuses a tampered parameter value with the expected string-to-sign and no secret', () => {
    const req = received(signed);
    req.url = req.url.replace('RegionId=cn-hangzhou', 'RegionId=cn-beijing');
    const result = verifyPopRpc(req, lookup, { now });
    expect(result).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch', accessKeyId: credentials.accessKeyId });
    if (result.ok) return;
    expect(result.expectedStringToSign).toContain('cn-beijing');
    expect(result.message).not.toContain(credentials.accessKeySecret);
    expect(result.message).not.toContain(signed.signature);
  });

  it('refuses a tampered body, a wrong method and a wrong secret', () => {
    const post = signPopRpc({ ...base, method: 'POST', params: { RegionId: 'cn-hangzhou' } });
    const tampered = { ...received(post, 'POST'), body: Buffer.from((post.body ?? '').replace('cn-hangzhou', 'cn-x')) };
    expect(verifyPopRpc(tampered, lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    expect(verifyPopRpc(received(post, 'PUT'), lookup, { now })).toMatchObject({ reason: 'SignatureDoesNotMatch' });
    expect(verifyPopRpc(received(signed), () => 'OtherSecret', { now })).toMatchObject({
      reason: 'SignatureDoesNotMatch',
    });
  });

  it('refuses an unknown key, a skewed or missing Timestamp and a missing signature', () => {
    expect(verifyPopRpc(received(signed), () => undefined, { now })).toMatchObject({ reason: 'InvalidAccessKeyId' });
    const later = () => new Date(date.getTime() + 16 * 60_000);
    expect(verifyPopRpc(received(signed), lookup, { now: later })).toMatchObject({ reason: 'RequestTimeTooSkewed' });
    expect(verifyPopRpc(received(signed), lookup, { now: later, maxSkewMs: 20 * 60_000 })).toMatchObject({ ok: true });
    const noTime = received(signed);
    noTime.url = noTime.url.replace(/&Timestamp=[^&]*/, '');
    expect(verifyPopRpc(noTime, lookup, { now })).toMatchObject({ reason: 'RequestTimeTooSkewed' });
    const noSig = received(signed);
    noSig.url = noSig.url.replace(/&Signature=[^&]*/, '');
    expect(verifyPopRpc(noSig, lookup, { now })).toMatchObject({ reason: 'MissingSignature' });
  });

  it('refuses another signature method and a missing AccessKeyId', () => {
    const req = received(signed);
    req.url = req.url.replace('SignatureMethod=HMAC-SHA1', 'SignatureMethod=HMAC-SHA256');
    expect(verifyPopRpc(req, lookup, { now })).toMatchObject({ reason: 'InvalidAuthorization' });
    const noKey = received(signed);
    noKey.url = noKey.url.replace(/AccessKeyId=[^&]*&/, '');
    expect(verifyPopRpc(noKey, lookup, { now })).toMatchObject({ reason: 'InvalidAuthorization' });
  });
});
