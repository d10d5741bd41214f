import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { deriveAliyunV4Key } from './crypto';
import {
  buildMaxComputeUrl,
  type MaxComputeSignInput,
  type MaxComputeSignResult,
  maxComputeCanonicalResource,
  maxComputeCanonicalString,
  maxComputeRegionFromEndpoint,
  maxComputeV4Key,
  pythonParseQsl,
  pythonUnquote,
  pythonUrlParse,
  signMaxCompute,
  verifyMaxCompute,
} from './maxcompute';
import type { ReceivedRequest, VerificationResult } from './types';

const KEY_ID = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret+/=';
const TIME = new Date('2025-03-04T05:06:07.000Z');
const DATE = 'Tue, 04 Mar 2025 05:06:07 GMT';
const ENDPOINT = 'http://service.cn-hangzhou.maxcompute.aliyun.com/api';
const lookup = (id: string) => (id === KEY_ID ? SECRET : undefined);

function base(overrides: Partial<MaxComputeSignInput> = {}): MaxComputeSignInput {
  return {
    method: 'GET',
    endpoint: ENDPOINT,
    path: '/projects/p1',
    query: { curr_project: 'p1' },
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
    date: TIME,
    userAgent: 'alikit-test',
    ...overrides,
  };
}

function received(result: MaxComputeSignResult, method: string, body?: Uint8Array): ReceivedRequest {
  const rawHeaders = Object.entries(result.headers).flat();
  rawHeaders.push('Authorization', result.authorization);
  return { method, url: result.url.replace(/^https?:\/\/[^/]+/, ''), rawHeaders, body };
}

function failure(v: VerificationResult): string | undefined {
  return v.ok ? undefined : v.reason;
}

describe('pythonUnquote', () => {
  it('decodes UTF-8 escapes, keeps malformed escapes and non-ASCII text', () => {
    expect(pythonUnquote('%E8%B5%84%E6%BA%90%20a%2Bb')).toBe('资源 a+b');
    expect(pythonUnquote('100%zz%4')).toBe('100%zz%4');
    expect(pythonUnquote('中%41😀')).toBe('中A😀');
    expect(pythonUnquote('%F0%9F%98%80')).toBe('😀');
  });

  it('replaces invalid UTF-8 with U+FFFD and keeps a byte-order mark', () => {
    expect(pythonUnquote('%E4%B8x')).toBe('\uFFFDx');
    expect(pythonUnquote('%ED%A0%80')).toBe('\uFFFD\uFFFD\uFFFD');
    expect(pythonUnquote('%EF%BB%BFa')).toBe('\uFEFFa');
  });
});

describe('pythonUrlParse', () => {
  it('splits at the first "?" and keeps "#" (fragments are off)', () => {
    expect(pythonUrlParse('/a/b?x=1?y#z')).toEqual({ path: '/a/b', query: 'x=1?y#z' });
  });

  it('drops ";params" of the last path segment only', () => {
    expect(pythonUrlParse('/a;x/b;y/c;z?q')).toEqual({ path: '/a;x/b;y/c', query: 'q' });
    expect(pythonUrlParse('/a;x/b')).toEqual({ path: '/a;x/b', query: '' });
  });

  it('removes tabs and newlines anywhere and leading control characters', () => {
    expect(pythonUrlParse(' \x01/a\tb\nc')).toEqual({ path: '/abc', query: '' });
  });
});

describe('pythonParseQsl', () => {
  it('keeps blank values, turns "+" into a space and unquotes each side', () => {
    expect(pythonParseQsl('a&b=&c=x+y%2541&&d=%E4%B8%AD')).toEqual([
      ['a', ''],
      ['b', ''],
      ['c', 'x y%41'],
      ['d', '中'],
    ]);
  });
});

describe('maxComputeCanonicalResource', () => {
  it('sorts by name in code-point order, renders empty values as bare names, keeps the last of repeated names', () => {
    const { resource } = maxComputeCanonicalResource(
      '/projects/p1/tables/t1?partitions&curr_project=p1&marker=&b=1&b=2',
    );
    expect(resource).toBe('/projects/p1/tables/t1?b=2&curr_project=p1&marker&partitions');
    expect(maxComputeCanonicalResource('/x?\uFFFD=1&\u{1F600}=2').resource).toBe('/x?\uFFFD=1&\u{1F600}=2');
  });

  it('decodes the URL twice: "+" and space are indistinguishable and encoded "&"/"=" split parameters', () => {
    expect(
      maxComputeCanonicalResource(
        '/projects/p1/resources/%E8%B5%84%E6%BA%90%20a%2Bb.txt?curr_project=p1&name=x+y%26z%3D1',
      ).resource,
    ).toBe('/projects/p1/resources/资源 a+b.txt?curr_project=p1&name=x y&z=1');
  });

  it('keeps a "?" with nothing after it only when the query is not empty', () => {
    expect(maxComputeCanonicalResource('/p?').resource).toBe('/p');
    expect(maxComputeCanonicalResource('/p?&').resource).toBe('/p?');
  });
});

describe('maxComputeCanonicalString', () => {
  it('signs content-md5, content-type, date, x-odps-* headers and x-odps-* query parameters', () => {
    const out = maxComputeCanonicalString(
      'PUT',
      [
        ['X-ODPS-Owner', 'ALIYUN$a@b.com'],
        ['Content-Type', 'application/xml'],
        ['x-odps-user-agent', 'ua'],
        ['User-Agent', 'ua'],
        ['Date', DATE],
      ],
      '/projects/p1/tables/t1?x-odps-tag=abc&curr_project=p1',
    );
    expect(out).toBe(
      `PUT\n\napplication/xml\n${DATE}\nx-odps-owner:ALIYUN$a@b.com\nx-odps-tag:abc\nx-odps-user-agent:ua\n` +
        '/projects/p1/tables/t1?curr_project=p1&x-odps-tag=abc',
    );
  });

  it('does not trim values', () => {
    expect(
      maxComputeCanonicalString(
        'GET',
        [
          ['Date', ' d '],
          ['x-odps-a', ' v '],
        ],
        '/',
      ),
    ).toBe('GET\n\n\n d \nx-odps-a: v \n/');
  });
});

describe('maxComputeRegionFromEndpoint', () => {
  it('reads the region from service endpoints', () => {
    expect(maxComputeRegionFromEndpoint('https://service.cn-hangzhou.maxcompute.aliyun.com/api')).toBe('cn-hangzhou');
    expect(maxComputeRegionFromEndpoint('https://service.cn-shanghai-vpc.maxcompute.aliyun-inc.com/api')).toBe(
      'cn-shanghai',
    );
    expect(maxComputeRegionFromEndpoint('http://service.ap-southeast-1-internal.odps.aliyun.com/api')).toBe(
      'ap-southeast-1',
    );
  });

  it('finds none for other hosts or names without a dash', () => {
    expect(maxComputeRegionFromEndpoint('http://service.odps.aliyun.com/api')).toBeUndefined();
    expect(maxComputeRegionFromEndpoint('http://service.hangzhou.maxcompute.aliyun.com/api')).toBeUndefined();
    expect(maxComputeRegionFromEndpoint('http://127.0.0.1:1234/api')).toBeUndefined();
    expect(maxComputeRegionFromEndpoint('not a url')).toBeUndefined();
  });
});

describe('maxComputeV4Key', () => {
  it('is the aliyun_v4 chain with product odps, and a custom prefix renames the terminator', () => {
    expect(maxComputeV4Key('s', '20250304', 'cn-hangzhou')).toEqual(
      deriveAliyunV4Key('s', '20250304', 'cn-hangzhou', 'odps'),
    );
    expect(maxComputeV4Key('s', '20250304', 'cn-hangzhou', 'other_v4')).not.toEqual(
      maxComputeV4Key('s', '20250304', 'cn-hangzhou'),
    );
  });
});

describe('buildMaxComputeUrl', () => {
  it('builds the URL PyODPS sends: quote_plus segments with %20, action names first', () => {
    expect(
      buildMaxComputeUrl(ENDPOINT, '/projects/p1/tables/t1', { partitions: null, curr_project: 'p1', marker: '' }),
    ).toBe(`${ENDPOINT}/projects/p1/tables/t1?partitions&curr_project=p1&marker=`);
    expect(
      buildMaxComputeUrl(ENDPOINT, '/projects/p1/resources/资源 a+b.txt', { curr_project: 'p1', name: 'x y&z=1' }),
    ).toBe(`${ENDPOINT}/projects/p1/resources/%E8%B5%84%E6%BA%90%20a%2Bb.txt?curr_project=p1&name=x+y%26z%3D1`);
    expect(buildMaxComputeUrl(ENDPOINT, '/projects', { curr_project: 'p1', tag: ['a', 'b'], n: 3 })).toBe(
      `${ENDPOINT}/projects?curr_project=p1&tag=a&tag=b&n=3`,
    );
    expect(buildMaxComputeUrl(ENDPOINT, '/projects')).toBe(`${ENDPOINT}/projects`);
  });
});

describe('signMaxCompute', () => {
  it('reproduces the reference legacy signature, generating the Date', () => {
    const r = signMaxCompute(
      base({
        path: '/projects/p1/resources/资源 a+b.txt',
        query: { curr_project: 'p1', name: 'x y&z=1' },
        credentials: { accessKeyId: 'LTAI5tOdpsKeyId', accessKeySecret: 'OdpsSecret+/=' },
        userAgent: 'pyodps-vector-generator',
        signatureVersion: 'legacy',
      }),
    );
    expect(r.stringToSign).toBe(
      `GET\n\n\n${DATE}\nx-odps-user-agent:pyodps-vector-generator\n` +
        '/projects/p1/resources/资源 a+b.txt?curr_project=p1&name=x y&z=1',
    );
    expect(r.authorization).toBe('ODPS LTAI5tOdpsKeyId:Ya46MRFLnbIjsRKHOHCquKFuC34=');
    expect(r.headers).toEqual({ 'x-odps-user-agent': 'pyodps-vector-generator', Date: DATE });
    expect(r.signatureVersion).toBe('legacy');
  });

  it('reproduces the reference v4 signature with a caller Date', () => {
    const r = signMaxCompute(
      base({
        path: '/projects/my_project/tables',
        query: { curr_project: 'my_project', expectmarker: 'true', maxitems: '100' },
        headers: { Date: DATE },
        credentials: { accessKeyId: 'LTAI5tOdpsKeyId', accessKeySecret: 'OdpsSecret+/=' },
        userAgent: 'pyodps-vector-generator',
        region: 'cn-hangzhou',
      }),
    );
    expect(r.authorization).toBe(
      'ODPS LTAI5tOdpsKeyId/20250304/cn-hangzhou/odps/aliyun_v4_request:c8nTbgL6T7IWfBNkyIPmj+xq/WA=',
    );
    expect(Object.keys(r.headers)).toEqual(['Date', 'x-odps-user-agent']);
  });

  it('chooses v4 from the endpoint region in auto mode and legacy when no region is known', () => {
    expect(signMaxCompute(base()).authorization).toMatch(/^ODPS LTAI5tExampleKeyId\/20250304\/cn-hangzhou\/odps\//);
    const local = signMaxCompute(base({ endpoint: 'http://127.0.0.1:9/api' }));
    expect(local.signatureVersion).toBe('legacy');
    expect(() => signMaxCompute(base({ endpoint: 'http://127.0.0.1:9/api', signatureVersion: 'v4' }))).toThrow(
      TypeError,
    );
    const custom = signMaxCompute(base({ signaturePrefix: 'other_v4' }));
    expect(custom.authorization).toContain('/odps/other_v4_request:');
  });

  it('treats header names case-insensitively and replaces an empty Date', () => {
    const r = signMaxCompute(base({ headers: { date: '', 'X-ODPS-USER-AGENT': 'old' } }));
    expect(r.headers).toEqual({ Date: DATE, 'x-odps-user-agent': 'alikit-test' });
    const kept = signMaxCompute(base({ headers: { DATE: 'Mon, 03 Mar 2025 00:00:00 GMT' } }));
    expect(kept.headers['DATE']).toBe('Mon, 03 Mar 2025 00:00:00 GMT');
    expect(kept.stringToSign).toContain('\nMon, 03 Mar 2025 00:00:00 GMT\n');
  });

  it('adds the STS token after signing, unsigned', () => {
    const creds = { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'tok' };
    const r = signMaxCompute(base({ credentials: creds, tokenRefreshTime: TIME }));
    expect(r.headers['authorization-sts-token']).toBe('tok');
    expect(r.headers['x-pyodps-token-timestamp']).toBe('1741064767.0');
    expect(r.stringToSign).not.toContain('tok');
    expect(r.signature).toBe(signMaxCompute(base()).signature);
    expect(
      signMaxCompute(base({ credentials: creds, tokenRefreshTime: new Date(1741064767250) })).headers,
    ).toMatchObject({
      'x-pyodps-token-timestamp': '1741064767.25',
    });
  });

  it('signs an exact URL relative to the endpoint and rejects one outside it', () => {
    const url = `${ENDPOINT}/projects/p1?curr_project=p1`;
    expect(signMaxCompute(base({ url, path: undefined, query: undefined })).stringToSign).toBe(
      signMaxCompute(base()).stringToSign,
    );
    expect(() => signMaxCompute(base({ url: 'http://elsewhere/api/projects' }))).toThrow(TypeError);
    expect(() => signMaxCompute(base({ endpoint: 'service.cn-hangzhou.maxcompute.aliyun.com/api' }))).toThrow(
      TypeError,
    );
    expect(() => signMaxCompute(base({ path: '/\uD800' }))).toThrow(TypeError);
  });
});

describe('verifyMaxCompute', () => {
  const now = () => TIME;
  const options = { now, pathPrefix: '/api' };
  const xml = Buffer.from('<Instance/>');
  const signedV4 = signMaxCompute(
    base({
      method: 'POST',
      path: '/projects/p1/instances',
      headers: { 'Content-Type': 'application/xml', 'x-odps-comment': 'job' },
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'sts' },
    }),
  );
  const signedLegacy = signMaxCompute(
    base({
      path: '/projects/p1/tables/t 1',
      query: { partitions: null, curr_project: 'p1' },
      signatureVersion: 'legacy',
    }),
  );

  it('accepts v4 and legacy requests and reports the key and token', () => {
    expect(verifyMaxCompute(received(signedV4, 'POST', xml), lookup, options)).toEqual({
      ok: true,
      accessKeyId: KEY_ID,
      securityToken: 'sts',
      stringToSign: signedV4.stringToSign,
    });
    expect(verifyMaxCompute(received(signedLegacy, 'GET'), lookup, options)).toMatchObject({ ok: true });
  });

  it('needs the endpoint path prefix removed', () => {
    expect(failure(verifyMaxCompute(received(signedLegacy, 'GET'), lookup, { now }))).toBe('SignatureDoesNotMatch');
  });

  it('rejects a changed query, signed header, method or secret', () => {
    const req = received(signedV4, 'POST', xml);
    expect(failure(verifyMaxCompute({ ...req, url: `${req.url}&x=1` }, lookup, options))).toBe('SignatureDoesNotMatch');
    const rawHeaders = [...req.rawHeaders];
    rawHeaders[rawHeaders.indexOf('x-odps-comment') + 1] = 'other';
    expect(failure(verifyMaxCompute({ ...req, rawHeaders }, lookup, options))).toBe('SignatureDoesNotMatch');
    expect(failure(verifyMaxCompute({ ...req, method: 'PUT' }, lookup, options))).toBe('SignatureDoesNotMatch');
    const v = verifyMaxCompute(req, () => 'OtherSecret', options);
    expect(v).toMatchObject({
      ok: false,
      reason: 'SignatureDoesNotMatch',
      expectedStringToSign: signedV4.stringToSign,
    });
    expect(JSON.stringify(v)).not.toContain(signedV4.signature);
  });

  it('accepts a changed unsigned header (the STS token is not signed)', () => {
    const req = received(signedV4, 'POST', xml);
    const rawHeaders = [...req.rawHeaders];
    rawHeaders[rawHeaders.indexOf('authorization-sts-token') + 1] = 'other';
    expect(verifyMaxCompute({ ...req, rawHeaders }, lookup, options)).toMatchObject({
      ok: true,
      securityToken: 'other',
    });
  });

  it('checks Content-MD5 (hex or base64) against a non-empty body', () => {
    const hex = signMaxCompute(
      base({
        method: 'PUT',
        headers: { 'Content-MD5': 'a7ab4d3e1b8f6d0f6f70c1b2e5fa5c6d' },
        signatureVersion: 'legacy',
      }),
    );
    expect(failure(verifyMaxCompute(received(hex, 'PUT', xml), lookup, options))).toBe('ContentDigestMismatch');
    expect(verifyMaxCompute(received(hex, 'PUT'), lookup, options).ok).toBe(true);
    const md5 = (text: string) => createHash('md5').update(text);
    const b64 = signMaxCompute(
      base({ method: 'PUT', headers: { 'Content-MD5': md5('hello').digest('base64') }, signatureVersion: 'legacy' }),
    );
    expect(verifyMaxCompute(received(b64, 'PUT', Buffer.from('hello')), lookup, options).ok).toBe(true);
    const upperHex = signMaxCompute(
      base({
        method: 'PUT',
        headers: { 'Content-MD5': md5('hello').digest('hex').toUpperCase() },
        signatureVersion: 'legacy',
      }),
    );
    expect(verifyMaxCompute(received(upperHex, 'PUT', Buffer.from('hello')), lookup, options).ok).toBe(true);
  });

  it('rejects a stale Date, a v4 scope date that is not today and a foreign region', () => {
    const late = () => new Date(TIME.getTime() + 16 * 60_000);
    expect(failure(verifyMaxCompute(received(signedV4, 'POST', xml), lookup, { ...options, now: late }))).toBe(
      'RequestTimeTooSkewed',
    );
    const yesterday = signMaxCompute(
      base({ headers: { Date: DATE }, date: new Date(TIME.getTime() - 86_400_000), signatureVersion: 'v4' }),
    );
    expect(failure(verifyMaxCompute(received(yesterday, 'GET'), lookup, options))).toBe('RequestTimeTooSkewed');
    expect(
      failure(verifyMaxCompute(received(signedV4, 'POST', xml), lookup, { ...options, region: 'cn-beijing' })),
    ).toBe('InvalidAuthorization');
  });

  it('names missing, malformed and unknown credentials', () => {
    const req = received(signedLegacy, 'GET');
    const noAuth = { ...req, rawHeaders: req.rawHeaders.slice(0, -2) };
    expect(failure(verifyMaxCompute(noAuth, lookup, options))).toBe('MissingSignature');
    for (const bad of ['ODPS nocolon', 'OSS a:b', `ODPS ${KEY_ID}/20250304/cn-hangzhou/oss/aliyun_v4_request:sig`]) {
      const v = verifyMaxCompute({ ...req, rawHeaders: [...noAuth.rawHeaders, 'Authorization', bad] }, lookup, options);
      expect(failure(v)).toBe('InvalidAuthorization');
    }
    expect(failure(verifyMaxCompute(req, () => undefined, options))).toBe('InvalidAccessKeyId');
  });

  it('accepts a request that travelled through a real HTTP server', async () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const v = verifyMaxCompute(
          { method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) },
          lookup,
          { pathPrefix: '/api' },
        );
        res.end(JSON.stringify(v));
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as AddressInfo;
    try {
      const r = signMaxCompute(
        base({
          endpoint: `http://127.0.0.1:${port}/api`,
          region: 'cn-hangzhou',
          method: 'POST',
          path: '/projects/p1/resources/资源 a+b.txt',
          query: { curr_project: 'p1', name: 'x y&z=1', 'x-odps-tag': '1' },
          headers: { 'Content-Type': 'application/xml' },
          date: new Date(),
        }),
      );
      const answer = await new Promise<string>((resolve, reject) => {
        const target = new URL(r.url);
        const req = request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: target.pathname + target.search,
            headers: { ...r.headers, Authorization: r.authorization },
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
        req.end(xml);
      });
      expect(JSON.parse(answer)).toMatchObject({ ok: true, accessKeyId: KEY_ID });
    } finally {
      server.close();
    }
  });
});
