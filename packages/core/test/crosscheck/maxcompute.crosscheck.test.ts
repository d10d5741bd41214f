/**
 * MaxCompute has no npm SDK, so this cross-check compares `signMaxCompute` with an independent
 * re-statement of signing.md §8 written below (its own URL builder, percent-decoder, sort and key
 * derivation, from `node:crypto` and `Buffer` only), and sends every signed request through a
 * loopback HTTP server whose handler runs `verifyMaxCompute`.
 */
import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMaxComputeUrl,
  type MaxComputeQueryValue,
  signMaxCompute,
  verifyMaxCompute,
} from '../../src/signing/maxcompute';
import type { VerificationResult } from '../../src/signing/types';

const KEY_ID = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret+/=';

// ---------------------------------------------------------------------------------------------
// The re-statement
// ---------------------------------------------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** IMF-fixdate, as Python's `email.utils.formatdate(usegmt=True)` prints it. */
function imfDate(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`
  );
}

function ymd(d: Date): string {
  return `${d.getUTCFullYear()}${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())}`;
}

/** Python code-point order. */
function byCodePoint(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0) as number);
  const y = Array.from(b, (c) => c.codePointAt(0) as number);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] as number) - (y[i] as number);
  return x.length - y.length;
}

/** Python `quote_plus`: unreserved `A-Z a-z 0-9 _ . - ~` kept, space → `+`, everything else `%XX` of UTF-8. */
function quotePlus(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9_.~-]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** PyODPS + requests: segments quote_plus'd with `+` → `%20`; action names first, then `name=value`. */
function pyodpsUrl(endpoint: string, segments: string[], query: Array<[string, string | null]>): string {
  const path = segments.map((s) => `/${quotePlus(s).replace(/\+/g, '%20')}`).join('');
  const actions = query.filter(([, v]) => v === null).map(([k]) => quotePlus(k));
  const pairs = query.filter(([, v]) => v !== null).map(([k, v]) => `${quotePlus(k)}=${quotePlus(v as string)}`);
  const all = [...actions, ...pairs];
  return `${endpoint}${path}${all.length ? `?${all.join('&')}` : ''}`;
}

/** Decodes `%XX` over the UTF-8 bytes of the whole text, invalid UTF-8 → U+FFFD (Python `unquote`). */
function unquote(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  const out: number[] = [];
  const hex = (b: number | undefined) => b !== undefined && /[0-9A-Fa-f]/.test(String.fromCharCode(b));
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0x25 && hex(bytes[i + 1]) && hex(bytes[i + 2])) {
      out.push(Number.parseInt(String.fromCharCode(bytes[i + 1] as number, bytes[i + 2] as number), 16));
      i += 2;
    } else {
      out.push(bytes[i] as number);
    }
  }
  return Buffer.from(out).toString('utf8');
}

/** §8.2: the canonical string from the URL relative to the endpoint, the headers and the Date. */
function canonical(method: string, relativeUrl: string, headers: Record<string, string>): string {
  // Decode once; urlparse drops tabs/newlines, takes `//host`, splits at the first `?`, cuts `;params`.
  let rest = unquote(relativeUrl).replace(/[\t\r\n]/g, '');
  if (rest.startsWith('//')) rest = rest.slice(rest.slice(2).search(/[/?#]|$/) + 2);
  const q = rest.indexOf('?');
  let path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  const lastSlash = path.lastIndexOf('/');
  const semi = path.indexOf(';', Math.max(lastSlash, 0));
  if (semi >= 0) path = path.slice(0, semi);
  // parse_qsl(keep_blank_values): decode again with `+` as space; a repeated name keeps its last value.
  const params = new Map<string, string>();
  for (const piece of query.split('&').filter(Boolean)) {
    const [name, ...value] = piece.split('=');
    params.set(unquote((name as string).replace(/\+/g, ' ')), unquote(value.join('=').replace(/\+/g, ' ')));
  }
  let resource = path;
  if (query) {
    const names = [...params.keys()].sort(byCodePoint);
    resource += `?${names.map((n) => (params.get(n) === '' ? n : `${n}=${params.get(n)}`)).join('&')}`;
  }
  const lines = new Map<string, string>([
    ['content-type', ''],
    ['content-md5', ''],
  ]);
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'content-type' || lower === 'content-md5' || lower.startsWith('x-odps-')) lines.set(lower, value);
  }
  lines.set('date', Object.entries(headers).find(([n]) => n.toLowerCase() === 'date')?.[1] ?? '');
  for (const [name, value] of params) if (name.startsWith('x-odps-')) lines.set(name, value);
  const body = [...lines.keys()]
    .sort(byCodePoint)
    .map((n) => (n.startsWith('x-odps-') ? `${n}:${lines.get(n)}` : lines.get(n)));
  return [method, ...body, resource].join('\n');
}

/** §8.3: legacy `ODPS ak:sig`, or v4 with the key chain and an HMAC-SHA1 final MAC. */
function authorization(canonicalString: string, date: Date, region: string | undefined): string {
  if (!region) return `ODPS ${KEY_ID}:${createHmac('sha1', SECRET).update(canonicalString).digest('base64')}`;
  let key: Buffer = createHmac('sha256', `aliyun_v4${SECRET}`).update(ymd(date)).digest();
  for (const part of [region, 'odps', 'aliyun_v4_request']) key = createHmac('sha256', key).update(part).digest();
  const sig = createHmac('sha1', key).update(canonicalString).digest('base64');
  return `ODPS ${KEY_ID}/${ymd(date)}/${region}/odps/aliyun_v4_request:${sig}`;
}

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const RESERVED = ['!', '*', "'", '(', ')', '+', '/', '=', '&', '?', '#', '%', '~', ' ', ';', ',', ':', '@', '$'];
const anyText = (minLength: number) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...RESERVED, '%41', '%E4%B8%AD', '%zz', 'é', '中', '😀', '\t'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      { minLength, maxLength: 8 },
    )
    .map((parts) => parts.join(''));
/** Text whose double decoding gives it back unchanged: none of `+ % & = ; ? # /`, tabs or newlines. */
const plainText = (minLength: number) =>
  anyText(minLength).filter((s) => s.length >= minLength && !/[+%&=;?#/\t\r\n]/.test(s));
const queryEntries = (text: fc.Arbitrary<string>) =>
  fc.uniqueArray(fc.tuple(text, fc.oneof(text, fc.constant(''), fc.constant(null))), {
    maxLength: 5,
    selector: ([name]) => name,
  });
const token = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/);
const headerValue = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,12}[\x21-\x7e])?$/);
const headerName = fc.oneof(
  fc.constantFrom('Content-Type', 'content-md5', 'Content-MD5', 'content-type'),
  token.map((t) => `x-odps-${t}`),
  token.map((t) => `X-ODPS-${t.toUpperCase()}`),
  token.map((t) => `x-custom-${t}`),
);
const headers = fc
  .uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 5, selector: ([n]) => n.toLowerCase() })
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD');
const region = fc.option(fc.constantFrom('cn-hangzhou', 'cn-shanghai', 'ap-southeast-1', 'eu-central-1'), {
  nil: undefined,
});
const securityToken = fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,24}$/), { nil: undefined });
const givenDate = fc.boolean();

// ---------------------------------------------------------------------------------------------
// Loopback server that runs the verifier
// ---------------------------------------------------------------------------------------------

let server: Server;
let port: number;
let endpoint: string;
let lastVerdict: VerificationResult | undefined;

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      lastVerdict = verifyMaxCompute(
        { method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders },
        (id) => (id === KEY_ID ? SECRET : undefined),
        { pathPrefix: '/api' },
      );
      res.statusCode = lastVerdict.ok ? 200 : 401;
      res.end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
  endpoint = `http://127.0.0.1:${port}/api`;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

async function send(method: string, url: string, wireHeaders: Record<string, string>): Promise<VerificationResult> {
  lastVerdict = undefined;
  await new Promise<void>((resolve, reject) => {
    // Options rather than a URL string: WHATWG URL parsing would drop an empty trailing "?".
    const path = url.slice(`http://127.0.0.1:${port}`.length);
    const req = request({ host: '127.0.0.1', port, method, path, headers: wireHeaders }, (res) => {
      res.resume();
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  return lastVerdict as unknown as VerificationResult;
}

function signAndCompare(
  m: string,
  segments: string[],
  entries: Array<[string, string | null]>,
  h: Record<string, string>,
  r: string | undefined,
  sts: string | undefined,
  date: Date,
  withDate: boolean,
) {
  const url = pyodpsUrl(endpoint, segments, entries);
  const callerHeaders = withDate ? { ...h, Date: imfDate(new Date(date.getTime() - 60_000)) } : h;
  const ours = signMaxCompute({
    method: m,
    endpoint,
    url,
    headers: callerHeaders,
    credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: sts },
    date,
    region: r,
    signatureVersion: r ? 'v4' : 'legacy',
    userAgent: 'alikit-crosscheck',
  });
  const expectedHeaders = { ...callerHeaders, 'x-odps-user-agent': 'alikit-crosscheck' } as Record<string, string>;
  if (!withDate) expectedHeaders['Date'] = imfDate(date);
  const expected = canonical(m, url.slice(endpoint.length), expectedHeaders);
  expect(ours.stringToSign).toBe(expected);
  expect(ours.authorization).toBe(authorization(expected, date, r));
  // Our URL builder agrees with the re-statement's (it takes a path string, so names cannot hold "/").
  if (!segments.some((s) => s.includes('/'))) {
    const built = buildMaxComputeUrl(
      endpoint,
      `/${segments.join('/')}`,
      Object.fromEntries(entries) as Record<string, MaxComputeQueryValue>,
    );
    expect(built).toBe(url);
  }
  // The STS token travels unsigned, after signing.
  if (sts) expect(ours.headers['authorization-sts-token']).toBe(sts);
  return { ours, url };
}

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

describe('signMaxCompute against the re-statement of signing.md §8', () => {
  it('matches for plain names, where the canonical resource is the decoded path and sorted query', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        fc.array(plainText(1), { minLength: 1, maxLength: 4 }),
        queryEntries(plainText(1)),
        headers,
        region,
        securityToken,
        givenDate,
        async (m, segments, entries, h, r, sts, withDate) => {
          const now = new Date();
          const { ours, url } = signAndCompare(m, segments, entries, h, r, sts, now, withDate);
          // For plain text the resource is simply the path and the sorted parameters, untouched.
          const sorted = [...entries].sort((a, b) => byCodePoint(a[0], b[0]));
          const rendered = sorted.map(([k, v]) => (v ? `${k}=${v}` : k)).join('&');
          expect(ours.stringToSign.split('\n').at(-1)).toBe(
            `/${segments.join('/')}${entries.length ? `?${rendered}` : ''}`,
          );
          const verdict = await send(m, url, { ...ours.headers, Authorization: ours.authorization });
          expect(verdict).toMatchObject({ ok: true, accessKeyId: KEY_ID, securityToken: sts });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('matches for any unicode and reserved characters (double decoding included), and the verifier agrees', async () => {
    await fc.assert(
      fc.asyncProperty(
        method,
        fc.array(anyText(1), { minLength: 1, maxLength: 4 }),
        queryEntries(anyText(0)),
        headers,
        region,
        securityToken,
        givenDate,
        async (m, segments, entries, h, r, sts, withDate) => {
          const now = new Date();
          const { ours, url } = signAndCompare(m, segments, entries, h, r, sts, now, withDate);
          const verdict = await send(m, url, { ...ours.headers, Authorization: ours.authorization });
          expect(verdict).toMatchObject({ ok: true, accessKeyId: KEY_ID, stringToSign: ours.stringToSign });
          // One changed signed input, or the wrong secret, is refused.
          const tampered = await send(m, `${url}${url.includes('?') ? '&' : '?'}extra=1`, {
            ...ours.headers,
            Authorization: ours.authorization,
          });
          expect(tampered).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
          const wrong = signMaxCompute({
            method: m,
            endpoint,
            url,
            headers: ours.headers,
            credentials: { accessKeyId: KEY_ID, accessKeySecret: 'WrongSecret' },
            date: now,
            region: r,
            signatureVersion: r ? 'v4' : 'legacy',
          });
          expect(await send(m, url, { ...ours.headers, Authorization: wrong.authorization })).toMatchObject({
            ok: false,
            reason: 'SignatureDoesNotMatch',
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('documented quirks of the reference canonicalisation', () => {
  const date = new Date('2025-03-04T05:06:07Z');
  const sign = (path: string, query: Record<string, MaxComputeQueryValue>) =>
    signMaxCompute({
      method: 'GET',
      endpoint: 'http://service.cn-hangzhou.maxcompute.aliyun.com/api',
      path,
      query,
      credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET },
      date,
      signatureVersion: 'legacy',
    }).stringToSign.split('\n');

  it('cannot tell "+" from a space, and splits values at encoded "&" and "="', () => {
    expect(sign('/p/a+b c', { v: 'x+y z', w: 'k&n=1' }).at(-1)).toBe('/p/a+b c?n=1&v=x y z&w=k');
  });

  it('decodes a value twice, keeps the last of repeated names, and renders empty values as bare names', () => {
    expect(sign('/p', { a: '%41', b: ['1', '2'], c: '', d: null }).at(-1)).toBe('/p?a=A&b=2&c&d');
  });

  it('drops ";params" from the last path segment and starts the query at a "?" inside a name', () => {
    expect(sign('/p;x/t;y', {}).at(-1)).toBe('/p;x/t');
    // "/p/a%3Fb?c=1" decodes to "/p/a?b?c=1": path "/p/a", one parameter named "b?c".
    expect(sign('/p/a?b', { c: '1' }).at(-1)).toBe('/p/a?b?c=1');
  });

  it('reads a path that starts with "//" as a network location, as urlparse does', () => {
    // An empty first segment (or a first name starting with "/", sent as %2F) decodes to "//host/t",
    // and "host" is taken as the network location, not signed.
    expect(sign('//host/t', {}).at(-1)).toBe('/t');
  });

  it('signs x-odps-* query parameters as header lines', () => {
    expect(sign('/p', { 'x-odps-tag': 'v' })).toEqual([
      'GET',
      '',
      '',
      imfDate(date),
      'x-odps-tag:v',
      '/p?x-odps-tag=v',
    ]);
  });
});
