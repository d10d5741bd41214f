/**
 * SLS signer and verifier against the official `@alicloud/log` 1.2.6:
 * 1. its `Client#_sign` on the same headers/query (string-to-sign observed through `kitx.sha1`);
 * 2. its `Client#_request` sending to a loopback server whose handler runs `verifySls`;
 * 3. its public methods end to end, with the right and a wrong secret.
 */
import { once } from 'node:events';
import { Agent, createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { percentDecode } from '../../src/signing/encoding';
import { parseQueryPairs, splitTarget } from '../../src/signing/received';
import { type SlsQueryValue, signSls, verifySls } from '../../src/signing/sls';
import type { VerificationResult } from '../../src/signing/types';

const require = createRequire(import.meta.url);
const LogClient = require('@alicloud/log');
// The client calls `kitx.sha1(signString, secret, 'base64')`; wrapping it shows the reference's string-to-sign.
const kitx = createRequire(require.resolve('@alicloud/log'))('kitx');
const originalSha1 = kitx.sha1;
let lastSignString: string | undefined;
kitx.sha1 = (data: string, key: string, encoding: string) => {
  lastSignString = data;
  return originalSha1(data, key, encoding);
};

const KEY_ID = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret+/=';

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const RESERVED = ['!', '*', "'", '(', ')', '+', '/', '=', '&', '?', '#', '%', '~', ' ', ',', ':', ';', '@', '$'];
/** Unicode text (astral characters included) salted with reserved characters and spaces. */
const text = (maxLength = 8) =>
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...RESERVED, 'é', '中', '😀', '\u00a0'),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
      ),
      { maxLength },
    )
    .map((parts) => parts.join(''));
const queryKey = text(6).filter((k) => k !== '__proto__');
const scalar: fc.Arbitrary<SlsQueryValue> = fc.oneof(
  { weight: 4, arbitrary: text() },
  { weight: 1, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constant(undefined) },
);
const queryValue: fc.Arbitrary<SlsQueryValue> = fc.oneof(
  { weight: 5, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(fc.oneof(text(), fc.integer()), { minLength: 1, maxLength: 3 }) },
);
const query = fc.dictionary(queryKey, queryValue, { maxKeys: 6, noNullPrototype: true });

const token = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/);
/** Header values Node's HTTP client accepts: printable ASCII, sometimes padded or empty. */
const headerValue = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,10}[\x21-\x7e])?$/),
  fc.constant(''),
  fc.constant('  padded  '),
);
const headerName = fc.oneof(
  token.map((t) => `x-log-${t}`),
  token.map((t) => `x-acs-${t}`),
  token.map((t) => `X-Log-${t.toUpperCase()}`),
  token.map((t) => `x-custom-${t}`),
);
/** Names unique ignoring case: Node's HTTP client keeps only one of `x-log-a` and `X-Log-A` (see the quirk test). */
const headers = fc
  .uniqueArray(fc.tuple(headerName, headerValue), { maxLength: 5, selector: ([name]) => name.toLowerCase() })
  .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);
const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE');
const body = fc.option(fc.uint8Array({ maxLength: 64 }), { nil: undefined });
const securityToken = fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,24}$/), { nil: undefined });
/** Any raw path for the direct comparison. */
const anyPath = fc.array(text(6), { minLength: 1, maxLength: 4 }).map((segments) => `/${segments.join('/')}`);
/**
 * Paths that survive `@alicloud/log`'s HTTP layer (`url.parse`, Node's request-path check): latin-1
 * printable, without `?`, `#`, `%` or `\`, not starting with `//`.
 */
const wirePath = fc
  .array(fc.stringMatching(/^[A-Za-z0-9\-_.~!*'()+=&:@$,; "<>^`{|}]{1,6}$/), { minLength: 1, maxLength: 3 })
  .map((segments) => `/${segments.join('/')}`);
const dateArb = fc.date({
  min: new Date('2001-01-01T00:00:00Z'),
  max: new Date('2090-01-01T00:00:00Z'),
  noInvalidDate: true,
});

// ---------------------------------------------------------------------------------------------
// 1. Direct comparison with Client#_sign
// ---------------------------------------------------------------------------------------------

describe('signSls against @alicloud/log Client#_sign', () => {
  it('gives the same string to sign and Authorization for random requests', () => {
    fc.assert(
      fc.property(
        method,
        anyPath,
        query,
        headers,
        body,
        securityToken,
        dateArb,
        (verb, path, q, h, bytes, sts, date) => {
          const credentials = { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: sts };
          const ours = signSls({
            method: verb,
            host: 'p.cn-hangzhou.log.aliyuncs.com',
            path,
            query: q,
            headers: h,
            body: bytes,
            credentials,
            date,
          });
          // The reference signs the merged header object `_request` builds, which is what we send.
          lastSignString = undefined;
          const authorization = LogClient.prototype._sign.call({}, verb, path, q, { ...ours.headers }, credentials);
          expect(lastSignString).toBe(ours.stringToSign);
          expect(authorization).toBe(ours.authorization);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('documents where the reference signs what it does not send: null values and empty lists', () => {
    const credentials = { accessKeyId: KEY_ID, accessKeySecret: SECRET };
    const date = new Date('2025-01-15T03:04:05Z');
    const ours = signSls({ method: 'GET', host: 'h', path: '/l', query: { a: null, b: [] }, credentials, date });
    LogClient.prototype._sign.call({}, 'GET', '/l', { a: null, b: [] }, { ...ours.headers }, credentials);
    // `String(null)` and `String([])`: the reference signs "a=null" and "b=" but sends "a=" and nothing for b.
    expect(lastSignString?.endsWith('/l?a=null&b=')).toBe(true);
    expect(ours.stringToSign.endsWith('/l?a=')).toBe(true);
    expect(ours.url.endsWith('/l?a=')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// Loopback server that runs the verifier
// ---------------------------------------------------------------------------------------------

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
  verdict: VerificationResult;
}

let server: Server;
let port: number;
let seen: Seen[] = [];
let secretForServer = SECRET;

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const received = {
        method: req.method ?? '',
        url: req.url ?? '',
        rawHeaders: req.rawHeaders,
        body: Buffer.concat(chunks),
      };
      const verdict = verifySls(received, (id) => (id === KEY_ID ? secretForServer : undefined));
      seen.push({ ...received, verdict });
      res.setHeader('content-type', 'application/json');
      if (verdict.ok) {
        res.end('{}');
      } else {
        res.statusCode = 401;
        res.end(JSON.stringify({ errorCode: verdict.reason, errorMessage: verdict.message }));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(() => {
  server.closeAllConnections();
  server.close();
});

function headerMap(rawHeaders: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) map.set(rawHeaders[i] as string, rawHeaders[i + 1] as string);
  return map;
}

// ---------------------------------------------------------------------------------------------
// 2. Client#_request through the loopback server
// ---------------------------------------------------------------------------------------------

describe('@alicloud/log Client#_request against a verifying loopback server', () => {
  it('is accepted by verifySls and matches signSls header for header', async () => {
    await fc.assert(
      fc.asyncProperty(method, wirePath, query, headers, body, securityToken, async (verb, path, q, h, bytes, sts) => {
        seen = [];
        const client = new LogClient({
          accessKeyId: KEY_ID,
          accessKeySecret: SECRET,
          securityToken: sts,
          endpoint: `http://127.0.0.1:${port}`,
        });
        await client._request(verb, undefined, path, q, bytes ? Buffer.from(bytes) : null, { ...h });
        expect(seen).toHaveLength(1);
        const got = seen[0] as Seen;
        expect(got.verdict).toMatchObject({ ok: true, accessKeyId: KEY_ID, securityToken: sts });

        const sent = headerMap(got.rawHeaders);
        const date = new Date(Date.parse(sent.get('date') as string));
        const ours = signSls({
          method: verb,
          host: `127.0.0.1:${port}`,
          path,
          query: q,
          headers: h,
          body: bytes,
          credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: sts },
          date,
          protocol: 'http',
        });
        expect(sent.get('authorization')).toBe(ours.authorization);
        expect(got.verdict.ok && got.verdict.stringToSign).toBe(ours.stringToSign);
        // Same header names (case included) and values; the HTTP parser trims surrounding spaces.
        for (const [name, value] of Object.entries(ours.headers)) expect(sent.get(name)).toBe(value.trim());
        const { rawPath, rawQuery } = splitTarget(got.url);
        expect(percentDecode(rawPath)).toBe(path);
        expect(parseQueryPairs(rawQuery)).toEqual(ours.query);
        // The reference appends "?" even for an empty query object.
        if (Object.keys(q).length === 0) expect(got.url.endsWith('?')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('shows the header-case quirk: a caller "Content-Type" replaces the signed "content-type" on the wire', async () => {
    seen = [];
    const client = new LogClient({
      accessKeyId: KEY_ID,
      accessKeySecret: SECRET,
      endpoint: `http://127.0.0.1:${port}`,
    });
    await expect(
      client._request('POST', undefined, '/logstores', {}, Buffer.from('{}'), { 'Content-Type': 'text/plain' }),
    ).rejects.toMatchObject({ code: 'SignatureDoesNotMatch' });
    // The reference signed "application/json" (its lower-case default) but Node sent one header, the caller's.
    expect(lastSignString?.split('\n')[2]).toBe('application/json');
    expect(headerMap(seen[0]?.rawHeaders ?? []).get('Content-Type')).toBe('text/plain');
    expect(headerMap(seen[0]?.rawHeaders ?? []).has('content-type')).toBe(false);
  });

  it('shows the null-value quirk: the reference signs "k=null", sends "k=" and is refused', async () => {
    seen = [];
    const client = new LogClient({
      accessKeyId: KEY_ID,
      accessKeySecret: SECRET,
      endpoint: `http://127.0.0.1:${port}`,
    });
    await expect(client._request('GET', undefined, '/logstores', { k: null }, null, {})).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    expect(seen[0]?.url).toBe('/logstores?k=');
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Public methods end to end
// ---------------------------------------------------------------------------------------------

describe('@alicloud/log public methods end to end', () => {
  // `<project>.127.0.0.1` must reach the loopback server: resolve every name to 127.0.0.1.
  const agent = new Agent({
    lookup: ((_host: string, options: { all?: boolean }, cb: (...args: unknown[]) => void) => {
      if (options.all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else cb(null, '127.0.0.1', 4);
    }) as never,
  });
  afterAll(() => agent.destroy());

  const client = (secret: string, securityToken?: string) =>
    new LogClient({
      accessKeyId: KEY_ID,
      accessKeySecret: secret,
      securityToken,
      endpoint: `http://127.0.0.1:${port}`,
    });

  it('accepts project, logstore, query and PutLogs calls, with and without STS', async () => {
    seen = [];
    secretForServer = SECRET;
    const from = new Date('2025-01-15T00:00:00Z');
    const to = new Date('2025-01-15T01:00:00Z');
    for (const c of [client(SECRET), client(SECRET, 'CAIS+sts/token==')]) {
      await c.getProject('my-project', { agent });
      await c.createLogStore('my-project', 'app', { ttl: 7, shardCount: 2 }, { agent });
      await c.listLogStore('my-project', {}, { agent });
      await c.getLogs(
        'my-project',
        'app',
        from,
        to,
        { query: 'status: 500 and 中文 | select *', topic: '' },
        { agent },
      );
      await c.postLogStoreLogs(
        'my-project',
        'app',
        { logs: [{ timestamp: 1736910245, content: { msg: 'hello 世界 😀' } }], tags: [{ env: 'prod' }], topic: 't' },
        { agent },
      );
      await c.deleteProject('my-project', { agent });
    }
    expect(seen).toHaveLength(12);
    for (const s of seen) expect(s.verdict).toMatchObject({ ok: true, accessKeyId: KEY_ID });
    expect(seen.filter((s) => s.verdict.ok && s.verdict.securityToken === 'CAIS+sts/token==')).toHaveLength(6);
    const putLogs = seen.find((s) => s.url.startsWith('/logstores/app/shards/lb'));
    expect(headerMap(putLogs?.rawHeaders ?? []).get('content-type')).toBe('application/x-protobuf');
  });

  it('refuses a client holding the wrong secret', async () => {
    seen = [];
    await expect(client('WrongSecret').getLogStore('my-project', 'app', { agent })).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
    expect(seen[0]?.verdict).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
  });
});
