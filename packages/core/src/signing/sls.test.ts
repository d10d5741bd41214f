import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  type SlsSignInput,
  type SlsSignResult,
  signSls,
  slsCanonicalizedHeaders,
  slsCanonicalizedResource,
  slsQueryPairs,
  slsStringToSign,
  verifySls,
} from './sls';
import type { ReceivedRequest, VerificationResult } from './types';

const KEY_ID = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret+/=';
const TIME = new Date('2025-01-15T03:04:05.006Z');
const lookup = (id: string) => (id === KEY_ID ? SECRET : undefined);

function base(overrides: Partial<SlsSignInput> = {}): SlsSignInput {
  return {
    method: 'GET',
    host: 'my-project.cn-hangzhou.log.aliyuncs.com',
    path: '/logstores/app',
    query: {},
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
    date: TIME,
    ...overrides,
  };
}

/** The signed request as a server receives it: target from the URL, headers in order, authorization last. */
function received(result: SlsSignResult, method: string, body?: Uint8Array): ReceivedRequest {
  const rawHeaders = Object.entries(result.headers).flat();
  rawHeaders.push('authorization', result.authorization);
  return { method, url: result.url.replace(/^https?:\/\/[^/]+/, ''), rawHeaders, body };
}

function failure(v: VerificationResult): string | undefined {
  return v.ok ? undefined : v.reason;
}

describe('slsCanonicalizedHeaders', () => {
  it('signs only names that start with lower-case x-log- or x-acs- as stored, sorted, values trimmed', () => {
    const out = slsCanonicalizedHeaders([
      ['x-log-zeta', '  z '],
      ['X-Log-Upper', 'not signed'],
      ['x-acs-alpha', 'a'],
      ['content-type', 'application/json'],
      ['x-logic', 'no dash after log'],
      ['x-log-apiversion', '0.6.0'],
    ]);
    expect(out).toBe('x-acs-alpha:a\nx-log-apiversion:0.6.0\nx-log-zeta:z\n');
  });

  it('is empty when nothing qualifies', () => {
    expect(slsCanonicalizedHeaders([['Date', 'x']])).toBe('');
  });
});

describe('slsCanonicalizedResource', () => {
  it('sorts whole key=value strings, so "a-b=2" precedes "a=1" and upper case precedes lower case', () => {
    const out = slsCanonicalizedResource('/logstores/x', [
      ['a', '1'],
      ['a-b', '2'],
      ['a.c', '3'],
      ['a_d', '4'],
      ['B', '5'],
      ['k e y', 'v w'],
    ]);
    expect(out).toBe('/logstores/x?B=5&a-b=2&a.c=3&a=1&a_d=4&k e y=v w');
  });

  it('keeps path and values raw and gives the path alone without parameters', () => {
    expect(slsCanonicalizedResource('/a b/中', [['q', 'x: 1 | 😀']])).toBe('/a b/中?q=x: 1 | 😀');
    expect(slsCanonicalizedResource('/a', [])).toBe('/a');
  });
});

describe('slsQueryPairs', () => {
  it('repeats list values on the wire and signs them joined by a comma', () => {
    const { wire, signed } = slsQueryPairs({ tag: ['a', 'b'], n: 3, flag: true, none: undefined, nil: null });
    expect(wire).toEqual([
      ['tag', 'a'],
      ['tag', 'b'],
      ['n', '3'],
      ['flag', 'true'],
      ['none', ''],
      ['nil', ''],
    ]);
    expect(signed).toEqual([
      ['tag', 'a,b'],
      ['n', '3'],
      ['flag', 'true'],
      ['none', ''],
      ['nil', ''],
    ]);
  });

  it('drops an empty list, which puts nothing on the wire', () => {
    expect(slsQueryPairs({ a: [] })).toEqual({ wire: [], signed: [] });
  });

  it('rejects objects and lone surrogates', () => {
    expect(() => slsQueryPairs({ a: {} as unknown as string })).toThrow(TypeError);
    expect(() => slsQueryPairs({ a: '\uD800' })).toThrow(TypeError);
  });
});

describe('slsStringToSign', () => {
  it('joins the parts with empty lines for missing md5/content-type', () => {
    expect(
      slsStringToSign({
        method: 'GET',
        contentMd5: '',
        contentType: '',
        date: 'D',
        canonicalizedHeaders: 'x-log-a:1\n',
        canonicalizedResource: '/',
      }),
    ).toBe('GET\n\n\nD\nx-log-a:1\n/');
  });
});

describe('signSls', () => {
  it('reproduces the reference for a bodiless GET (content-type is still signed)', () => {
    const r = signSls(
      base({
        path: '/',
        credentials: { accessKeyId: 'LTAI5tSlsKeyId', accessKeySecret: 'SlsSecret+/=' },
        protocol: 'http',
      }),
    );
    expect(r.stringToSign).toBe(
      'GET\n\napplication/json\nWed, 15 Jan 2025 03:04:05 GMT\nx-log-apiversion:0.6.0\nx-log-signaturemethod:hmac-sha1\n/',
    );
    expect(r.authorization).toBe('LOG LTAI5tSlsKeyId:UNne2tPoqFnEgcOvcZkREkvShhU=');
    expect(r.url).toBe('http://my-project.cn-hangzhou.log.aliyuncs.com/?');
    expect(r.headers).toEqual({
      'content-type': 'application/json',
      date: 'Wed, 15 Jan 2025 03:04:05 GMT',
      'x-log-apiversion': '0.6.0',
      'x-log-signaturemethod': 'hmac-sha1',
    });
  });

  it('appends a bare "?" for an empty query object but not without one', () => {
    expect(signSls(base({ query: {} })).url).toBe('https://my-project.cn-hangzhou.log.aliyuncs.com/logstores/app?');
    expect(signSls(base({ query: undefined })).url).toBe(
      'https://my-project.cn-hangzhou.log.aliyuncs.com/logstores/app',
    );
  });

  it('puts the query on the wire with querystring escaping and signs it raw', () => {
    const r = signSls(base({ query: { query: 'status: 500 | select *', topic: '' } }));
    expect(r.url).toContain('?query=status%3A%20500%20%7C%20select%20*&topic=');
    expect(r.stringToSign.endsWith('/logstores/app?query=status: 500 | select *&topic=')).toBe(true);
    expect(r.query).toEqual([
      ['query', 'status: 500 | select *'],
      ['topic', ''],
    ]);
  });

  it('adds upper-case hex content-md5 and content-length for a body, even an empty one', () => {
    const r = signSls(base({ method: 'POST', body: new Uint8Array(0) }));
    expect(r.headers['content-md5']).toBe('D41D8CD98F00B204E9800998ECF8427E');
    expect(r.headers['content-length']).toBe('0');
    expect(r.stringToSign.split('\n')[1]).toBe('D41D8CD98F00B204E9800998ECF8427E');
    const s = signSls(base({ method: 'POST', body: '{"ttl":7}' }));
    expect(s.headers['content-md5']).toBe('CE9D8D3813CADC9B3BDDE231A5E5EB7A');
  });

  it('merges caller headers by exact name: a capitalised Content-Type is sent but not the signed one', () => {
    const r = signSls(base({ headers: { 'content-type': 'application/x-protobuf', 'Content-Type': 'text/plain' } }));
    expect(r.headers['content-type']).toBe('application/x-protobuf');
    expect(r.headers['Content-Type']).toBe('text/plain');
    expect(r.stringToSign.split('\n')[2]).toBe('application/x-protobuf');
  });

  it('signs the STS token as x-acs-security-token', () => {
    const r = signSls(base({ credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'tok' } }));
    expect(r.headers['x-acs-security-token']).toBe('tok');
    expect(r.stringToSign).toContain('\nx-acs-security-token:tok\n');
  });

  it('rejects bad arguments before signing', () => {
    expect(() => signSls(base({ path: 'no-slash' }))).toThrow(TypeError);
    expect(() => signSls(base({ path: '/\uDC00' }))).toThrow(TypeError);
    expect(() => signSls(base({ credentials: { accessKeyId: '', accessKeySecret: SECRET } }))).toThrow(TypeError);
  });
});

describe('verifySls', () => {
  const signed = signSls(
    base({
      method: 'PUT',
      query: { offset: 0, q: 'a b&c', list: ['x', 'y'] },
      headers: { 'x-log-bodyrawsize': '9', 'X-Log-Upper': 'unsigned', 'x-acs-extra': ' v ' },
      body: '{"ttl":7}',
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'sts-token' },
    }),
  );
  const body = Buffer.from('{"ttl":7}');
  const now = () => TIME;

  it('accepts the request as signed and reports the key and token', () => {
    const v = verifySls(received(signed, 'PUT', body), lookup, { now });
    expect(v).toEqual({ ok: true, accessKeyId: KEY_ID, securityToken: 'sts-token', stringToSign: signed.stringToSign });
  });

  it('ignores a change to an unsigned upper-case X-Log- header (the reference does not sign it)', () => {
    const req = received(signed, 'PUT', body);
    const rawHeaders = [...req.rawHeaders];
    rawHeaders[rawHeaders.indexOf('X-Log-Upper') + 1] = 'changed';
    expect(verifySls({ ...req, rawHeaders }, lookup, { now }).ok).toBe(true);
  });

  it('rejects a changed query value, signed header, method or secret', () => {
    const req = received(signed, 'PUT', body);
    expect(failure(verifySls({ ...req, url: req.url.replace('offset=0', 'offset=1') }, lookup, { now }))).toBe(
      'SignatureDoesNotMatch',
    );
    const rawHeaders = [...req.rawHeaders];
    rawHeaders[rawHeaders.indexOf('x-log-bodyrawsize') + 1] = '10';
    expect(failure(verifySls({ ...req, rawHeaders }, lookup, { now }))).toBe('SignatureDoesNotMatch');
    expect(failure(verifySls({ ...req, method: 'POST' }, lookup, { now }))).toBe('SignatureDoesNotMatch');
    const v = verifySls(req, () => 'OtherSecret', { now });
    expect(v).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch', expectedStringToSign: signed.stringToSign });
    expect(JSON.stringify(v)).not.toContain(SECRET);
    expect(JSON.stringify(v)).not.toContain(signed.signature);
  });

  it('rejects a body that does not match content-md5', () => {
    const v = verifySls({ ...received(signed, 'PUT', body), body: Buffer.from('{"ttl":8}') }, lookup, { now });
    expect(failure(v)).toBe('ContentDigestMismatch');
  });

  it('rejects a stale or missing date', () => {
    const late = () => new Date(TIME.getTime() + 16 * 60_000);
    expect(failure(verifySls(received(signed, 'PUT', body), lookup, { now: late }))).toBe('RequestTimeTooSkewed');
    expect(verifySls(received(signed, 'PUT', body), lookup, { now: late, maxSkewMs: 20 * 60_000 }).ok).toBe(true);
    const req = received(signed, 'PUT', body);
    const rawHeaders = [...req.rawHeaders];
    rawHeaders.splice(rawHeaders.indexOf('date'), 2);
    expect(failure(verifySls({ ...req, rawHeaders }, lookup, { now }))).toBe('RequestTimeTooSkewed');
  });

  it('names missing, malformed and unknown credentials', () => {
    const req = received(signed, 'PUT', body);
    const noAuth = { ...req, rawHeaders: req.rawHeaders.slice(0, -2) };
    expect(failure(verifySls(noAuth, lookup, { now }))).toBe('MissingSignature');
    const bad = { ...req, rawHeaders: [...noAuth.rawHeaders, 'authorization', 'LOG nocolon'] };
    expect(failure(verifySls(bad, lookup, { now }))).toBe('InvalidAuthorization');
    expect(verifySls(req, () => undefined, { now })).toMatchObject({
      ok: false,
      reason: 'InvalidAccessKeyId',
      accessKeyId: KEY_ID,
    });
  });

  it('accepts a request that travelled through a real HTTP server', async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const v = verifySls(
          { method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) },
          lookup,
        );
        res.end(JSON.stringify(v));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const r = signSls(
        base({
          host: `127.0.0.1:${port}`,
          protocol: 'http',
          method: 'POST',
          path: '/logstores/a b',
          query: { q: '中文 😀 *', n: 1 },
          headers: { 'x-log-bodyrawsize': '2' },
          body: 'hi',
          date: new Date(),
        }),
      );
      const answer = await new Promise<string>((resolve, reject) => {
        const target = new URL(r.url);
        const req = request(
          { host: '127.0.0.1', port, method: 'POST', path: target.pathname + target.search, headers: r.headers },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              text += c;
            });
            res.on('end', () => resolve(text));
          },
        );
        req.setHeader('authorization', r.authorization);
        req.on('error', reject);
        req.end('hi');
      });
      expect(JSON.parse(answer)).toMatchObject({ ok: true, accessKeyId: KEY_ID });
    } finally {
      server.close();
    }
  });
});
