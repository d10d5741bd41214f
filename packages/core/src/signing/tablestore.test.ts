import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  signTablestore,
  type TablestoreSignInput,
  type TablestoreSignResult,
  tablestoreCanonicalHeaders,
  tablestoreOperationPath,
  tablestoreStringToSign,
  verifyTablestore,
} from './tablestore';
import type { ReceivedRequest, VerificationResult } from './types';

const KEY_ID = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret+/=';
const TIME = new Date('2025-02-03T04:05:06.789Z');
const lookup = (id: string) => (id === KEY_ID ? SECRET : undefined);

function base(overrides: Partial<TablestoreSignInput> = {}): TablestoreSignInput {
  return {
    endpoint: 'https://myinstance.cn-hangzhou.ots.aliyuncs.com',
    instanceName: 'myinstance',
    operation: 'listTable',
    body: new Uint8Array(0),
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
    date: TIME,
    ...overrides,
  };
}

function received(result: TablestoreSignResult, body: Uint8Array): ReceivedRequest {
  const rawHeaders = Object.entries(result.headers).flat();
  rawHeaders.push('x-ots-signature', result.signature);
  return { method: 'POST', url: result.path, rawHeaders, body };
}

function failure(v: VerificationResult): string | undefined {
  return v.ok ? undefined : v.reason;
}

describe('tablestoreOperationPath', () => {
  it('upper-cases the first letter only', () => {
    expect(tablestoreOperationPath('listTable')).toBe('/ListTable');
    expect(tablestoreOperationPath('ListKnowledgeBase')).toBe('/ListKnowledgeBase');
    expect(tablestoreOperationPath('sQLQuery')).toBe('/SQLQuery');
    expect(() => tablestoreOperationPath('')).toThrow(TypeError);
  });
});

describe('tablestoreCanonicalHeaders', () => {
  it('takes x-ots-* names of any case, lower-cases and sorts them, keeps values untrimmed', () => {
    const out = tablestoreCanonicalHeaders([
      ['X-Ots-Zeta', ' padded '],
      ['x-ots-alpha', 'a'],
      ['X-Custom', 'no'],
      ['Content-Length', '0'],
    ]);
    expect(out).toBe('x-ots-alpha:a\nx-ots-zeta: padded ');
  });

  it('keeps the original order of names that differ only in case', () => {
    expect(
      tablestoreCanonicalHeaders([
        ['x-ots-b', '1'],
        ['X-OTS-A', 'first'],
        ['x-ots-a', 'second'],
      ]),
    ).toBe('x-ots-a:first\nx-ots-a:second\nx-ots-b:1');
  });
});

describe('tablestoreStringToSign', () => {
  it('is path, method, an empty query line, the headers and a final newline', () => {
    expect(tablestoreStringToSign('/ListTable', 'POST', 'x-ots-a:1')).toBe('/ListTable\nPOST\n\nx-ots-a:1\n');
    expect(tablestoreStringToSign('/ListTable', 'POST', '')).toBe('/ListTable\nPOST\n\n');
  });
});

describe('signTablestore', () => {
  it('reproduces the reference for ListTable', () => {
    const r = signTablestore(base({ credentials: { accessKeyId: 'LTAI5tOtsKeyId', accessKeySecret: 'OtsSecret+/=' } }));
    expect(r.stringToSign).toBe(
      '/ListTable\nPOST\n\nx-ots-accesskeyid:LTAI5tOtsKeyId\nx-ots-apiversion:2015-12-31\n' +
        'x-ots-contentmd5:1B2M2Y8AsgTpgAmY7PhCfg==\nx-ots-date:2025-02-03T04:05:06.789Z\nx-ots-instancename:myinstance\n',
    );
    expect(r.signature).toBe('CMaK+aRVOfwQ7WhHkzTCxsTDvV8=');
    expect(r.url).toBe('https://myinstance.cn-hangzhou.ots.aliyuncs.com/ListTable');
    expect(Object.keys(r.headers)).toEqual([
      'x-ots-apiversion',
      'x-ots-instancename',
      'x-ots-contentmd5',
      'Content-Length',
      'Host',
      'x-ots-date',
      'x-ots-accesskeyid',
    ]);
  });

  it('adds Content-Type for JSON APIs and extra headers after the digest', () => {
    const r = signTablestore(
      base({ operation: 'ListKnowledgeBase', json: true, body: '{"maxResults":10}', headers: { 'x-ots-tag': 't' } }),
    );
    expect(r.headers['Content-Type']).toBe('application/json');
    expect(r.headers['Content-Length']).toBe('17');
    expect(r.headers['x-ots-contentmd5']).toBe('bZQ8w8lCSiButwlGJNseBg==');
    expect(r.stringToSign).toContain('\nx-ots-tag:t\n');
    expect(Object.keys(r.headers).indexOf('x-ots-tag')).toBe(Object.keys(r.headers).indexOf('x-ots-contentmd5') + 1);
  });

  it('keeps a caller Content-Length, sends the host without port, drops x-ots-signature, signs the STS token', () => {
    const r = signTablestore(
      base({
        endpoint: 'http://127.0.0.1:8080/ignored',
        headers: { 'Content-Length': '99', 'x-ots-signature': 'stale' },
        credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'tok' },
      }),
    );
    expect(r.headers['Content-Length']).toBe('99');
    expect(r.headers['Host']).toBe('127.0.0.1');
    expect(r.url).toBe('http://127.0.0.1:8080/ListTable');
    expect(r.headers['x-ots-signature']).toBeUndefined();
    expect(r.headers['x-ots-ststoken']).toBe('tok');
    expect(r.stringToSign).toContain('\nx-ots-ststoken:tok\n');
  });

  it('rejects bad arguments before signing', () => {
    expect(() => signTablestore(base({ endpoint: 'myinstance.ots.aliyuncs.com' }))).toThrow(TypeError);
    expect(() => signTablestore(base({ endpoint: 'ftp://x' }))).toThrow(TypeError);
    expect(() => signTablestore(base({ instanceName: '' }))).toThrow(TypeError);
    expect(() => signTablestore(base({ credentials: { accessKeyId: KEY_ID, accessKeySecret: '' } }))).toThrow(
      TypeError,
    );
  });
});

describe('verifyTablestore', () => {
  const body = Buffer.from('\n\fsample_table');
  const signed = signTablestore(
    base({
      operation: 'describeTable',
      body,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'sts' },
    }),
  );
  const now = () => TIME;

  it('accepts the request as signed and reports the key and token', () => {
    expect(verifyTablestore(received(signed, body), lookup, { now })).toEqual({
      ok: true,
      accessKeyId: KEY_ID,
      securityToken: 'sts',
      stringToSign: signed.stringToSign,
    });
  });

  it('rejects a changed body, signed header, path or secret', () => {
    const req = received(signed, body);
    expect(failure(verifyTablestore({ ...req, body: Buffer.from('x') }, lookup, { now }))).toBe(
      'ContentDigestMismatch',
    );
    const rawHeaders = [...req.rawHeaders];
    rawHeaders[rawHeaders.indexOf('x-ots-instancename') + 1] = 'other';
    expect(failure(verifyTablestore({ ...req, rawHeaders }, lookup, { now }))).toBe('SignatureDoesNotMatch');
    expect(failure(verifyTablestore({ ...req, url: '/DeleteTable' }, lookup, { now }))).toBe('SignatureDoesNotMatch');
    const v = verifyTablestore(req, () => 'OtherSecret', { now });
    expect(v).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch', expectedStringToSign: signed.stringToSign });
    expect(JSON.stringify(v)).not.toContain(signed.signature);
  });

  it('accepts a change to an unsigned header', () => {
    const req = received(signed, body);
    expect(verifyTablestore({ ...req, rawHeaders: [...req.rawHeaders, 'User-Agent', 'x'] }, lookup, { now }).ok).toBe(
      true,
    );
  });

  it('rejects a stale x-ots-date', () => {
    const late = () => new Date(TIME.getTime() - 16 * 60_000);
    expect(failure(verifyTablestore(received(signed, body), lookup, { now: late }))).toBe('RequestTimeTooSkewed');
  });

  it('names missing, incomplete and unknown credentials', () => {
    const req = received(signed, body);
    expect(failure(verifyTablestore({ ...req, rawHeaders: req.rawHeaders.slice(0, -2) }, lookup, { now }))).toBe(
      'MissingSignature',
    );
    const rawHeaders = [...req.rawHeaders];
    rawHeaders.splice(rawHeaders.indexOf('x-ots-accesskeyid'), 2);
    expect(failure(verifyTablestore({ ...req, rawHeaders }, lookup, { now }))).toBe('InvalidAuthorization');
    expect(failure(verifyTablestore(req, () => undefined, { now }))).toBe('InvalidAccessKeyId');
  });

  it('accepts a request that travelled through a real HTTP server', async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const v = verifyTablestore(
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
      const r = signTablestore(base({ endpoint: `http://127.0.0.1:${port}`, body, date: new Date() }));
      const answer = await new Promise<string>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: r.path,
            headers: { ...r.headers, 'x-ots-signature': r.signature },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (c: string) => {
              text += c;
            });
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      expect(JSON.parse(answer)).toMatchObject({ ok: true, accessKeyId: KEY_ID });
    } finally {
      server.close();
    }
  });
});
