/**
 * Tablestore signer and verifier against the official `tablestore` 5.6.5:
 * 1. its `lib/signer.js` `Signer#addAuthorization` on the same request;
 * 2. its `Client` (protobuf and JSON APIs) sending to a loopback server whose handler runs `verifyTablestore`;
 * 3. the right and a wrong secret end to end.
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signTablestore, verifyTablestore } from '../../src/signing/tablestore';
import type { VerificationResult } from '../../src/signing/types';

const require = createRequire(import.meta.url);
const TableStore = require('tablestore');

const KEY_ID = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret+/=';

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const token = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,6}$/);
const mixedCase = (t: string, mask: number) =>
  [...t].map((ch, i) => ((mask >> (i % 16)) & 1 ? ch.toUpperCase() : ch)).join('');
const headerName = fc.oneof(
  fc.tuple(token, fc.nat()).map(([t, mask]) => mixedCase(`x-ots-${t}`, mask)),
  token.map((t) => `x-custom-${t}`),
);
/** Values Node sends unchanged: printable ASCII without surrounding spaces (see the padding quirk test). */
const wireValue = fc.oneof(fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,10}[\x21-\x7e])?$/), fc.constant(''));
/** Names unique ignoring case: Node's HTTP client keeps only one of `x-ots-a` and `X-Ots-A`. */
const extraHeaders = (value: fc.Arbitrary<string>) =>
  fc
    .uniqueArray(fc.tuple(headerName, value), { maxLength: 5, selector: ([name]) => name.toLowerCase() })
    .map((pairs) => Object.fromEntries(pairs) as Record<string, string>);
const RESERVED = ['!', '*', "'", '(', ')', '+', '/', '=', '&', '?', '#', '%', '~', ' '];
const text = fc
  .array(
    fc.oneof(fc.constantFrom(...RESERVED, 'é', '中', '😀'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
    {
      maxLength: 8,
    },
  )
  .map((parts) => parts.join(''));
const operation = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,15}$/);
const instanceName = fc.stringMatching(/^[a-z][a-z0-9-]{0,10}$/);
const securityToken = fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,24}$/), { nil: undefined });
const dateArb = fc.date({
  min: new Date('2001-01-01T00:00:00Z'),
  max: new Date('2090-01-01T00:00:00Z'),
  noInvalidDate: true,
});

// ---------------------------------------------------------------------------------------------
// 1. Direct comparison with lib/signer.js
// ---------------------------------------------------------------------------------------------

describe('signTablestore against tablestore Signer#addAuthorization', () => {
  it('gives the same string to sign, signature and headers for random requests', () => {
    const anyValue = fc.oneof(wireValue, text, fc.constant(' padded '));
    fc.assert(
      fc.property(
        operation,
        instanceName,
        fc.uint8Array({ maxLength: 64 }),
        fc.boolean(),
        extraHeaders(anyValue),
        securityToken,
        dateArb,
        (op, instance, body, json, headers, sts, date) => {
          const credentials = { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: sts };
          const ours = signTablestore({
            endpoint: `https://${instance}.cn-hangzhou.ots.aliyuncs.com`,
            instanceName: instance,
            operation: op,
            body,
            json,
            headers,
            credentials,
            date,
          });
          // The reference signer gets the request as its build listeners leave it, before SIGN.
          const before = { ...ours.headers };
          delete before['x-ots-date'];
          delete before['x-ots-accesskeyid'];
          delete before['x-ots-ststoken'];
          const request = { path: ours.path, method: 'POST', headers: before };
          const signer = new TableStore.Signer(request);
          signer.addAuthorization({ accessKeyId: KEY_ID, secretAccessKey: SECRET, securityToken: sts }, date);
          expect(request.headers['x-ots-signature']).toBe(ours.signature);
          delete request.headers['x-ots-signature'];
          expect(signer.stringToSign()).toBe(ours.stringToSign);
          expect(Object.entries(request.headers)).toEqual(Object.entries(ours.headers));
        },
      ),
      { numRuns: 300 },
    );
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
      const verdict = verifyTablestore(received, (id) => (id === KEY_ID ? SECRET : undefined));
      seen.push({ ...received, verdict });
      if (verdict.ok) {
        // An empty protobuf message decodes for ListTable; JSON APIs get an empty object.
        res.end(received.url.startsWith('/ListTable') ? '' : '{}');
      } else {
        res.statusCode = 403;
        res.end(`<Error><Code>OTSAuthFailed</Code><Message>${verdict.reason}</Message></Error>`);
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

function client(options: { secret?: string; sts?: string; instance?: string; extraHeaders?: Record<string, string> }) {
  return new TableStore.Client({
    accessKeyId: KEY_ID,
    secretAccessKey: options.secret ?? SECRET,
    stsToken: options.sts,
    endpoint: `http://127.0.0.1:${port}`,
    instancename: options.instance ?? 'myinstance',
    extraHeaders: options.extraHeaders,
  });
}

/** Runs a call whose response may not decode: only what the server saw matters here. */
async function settle(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch {
    // Decoding a minimal response can fail after verification; the assertions use what the server saw.
  }
}

// ---------------------------------------------------------------------------------------------
// 2. The official Client through the loopback server
// ---------------------------------------------------------------------------------------------

describe('tablestore Client against a verifying loopback server', () => {
  const params = fc.oneof(
    fc.dictionary(fc.stringMatching(/^[a-zA-Z]{1,8}$/), fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 4 }),
    text,
  );

  it('is accepted by verifyTablestore and matches signTablestore, protobuf and JSON APIs', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        operation,
        params,
        fc.stringMatching(/^[a-zA-Z0-9_]{1,16}$/),
        instanceName,
        extraHeaders(wireValue),
        securityToken,
        async (json, apiName, jsonParams, tableName, instance, headers, sts) => {
          seen = [];
          if (json) {
            const c = client({ sts, instance, extraHeaders: headers });
            await settle(c.makeJsonRequest(apiName, jsonParams));
          } else {
            // Protobuf APIs: extraHeaders are not applied by the reference.
            const c = client({ sts, instance, extraHeaders: headers });
            await settle(apiName.length % 2 ? c.listTable({}) : c.describeTable({ tableName }));
          }
          expect(seen.length).toBeGreaterThanOrEqual(1);
          const got = seen[0] as Seen;
          expect(got.verdict).toMatchObject({ ok: true, accessKeyId: KEY_ID, securityToken: sts });

          const sent = headerMap(got.rawHeaders);
          const ours = signTablestore({
            endpoint: `http://127.0.0.1:${port}`,
            instanceName: instance,
            operation: got.url.slice(1),
            body: got.body,
            json,
            headers: json ? headers : undefined,
            credentials: { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: sts },
            date: new Date(sent.get('x-ots-date') as string),
          });
          expect(sent.get('x-ots-signature')).toBe(ours.signature);
          expect(got.verdict.ok && got.verdict.stringToSign).toBe(ours.stringToSign);
          for (const [name, value] of Object.entries(ours.headers)) expect(sent.get(name)).toBe(value);
          if (json) expect(got.url).toBe(`/${apiName.charAt(0).toUpperCase()}${apiName.slice(1)}`);
          // A string is sent as is (an empty one is replaced by `{}` upstream of the body builder).
          if (json && typeof jsonParams === 'string' && jsonParams !== '') {
            expect(got.body.toString('utf8')).toBe(jsonParams);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('shows the padding quirk: x-ots values are signed untrimmed, arrive trimmed and are refused', async () => {
    seen = [];
    await settle(client({ extraHeaders: { 'x-ots-zeta': ' padded ' } }).listKnowledgeBase({ maxResults: 1 }));
    const got = seen[0] as Seen;
    expect(headerMap(got.rawHeaders).get('x-ots-zeta')).toBe('padded');
    expect(got.verdict).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. End to end with the right and a wrong secret
// ---------------------------------------------------------------------------------------------

describe('tablestore Client end to end', () => {
  it('accepts ListTable, DescribeTable, GetRow and a JSON API, with and without STS', async () => {
    seen = [];
    for (const c of [client({}), client({ sts: 'CAIS+sts/token==' })]) {
      await c.listTable({});
      await settle(c.describeTable({ tableName: 'sample_table' }));
      await settle(c.getRow({ tableName: 't1', primaryKey: [{ pk: '中文 key 😀' }], maxVersions: 1 }));
      await c.listKnowledgeBase({ maxResults: 10 });
    }
    expect(seen).toHaveLength(8);
    for (const s of seen) expect(s.verdict).toMatchObject({ ok: true, accessKeyId: KEY_ID });
    expect(seen.map((s) => s.url)).toEqual([
      '/ListTable',
      '/DescribeTable',
      '/GetRow',
      '/ListKnowledgeBase',
      '/ListTable',
      '/DescribeTable',
      '/GetRow',
      '/ListKnowledgeBase',
    ]);
    expect(seen.filter((s) => s.verdict.ok && s.verdict.securityToken === 'CAIS+sts/token==')).toHaveLength(4);
  });

  it('refuses a client holding the wrong secret', async () => {
    seen = [];
    await expect(client({ secret: 'WrongSecret' }).listTable({})).rejects.toBeTruthy();
    expect(seen).toHaveLength(1);
    expect(seen[0]?.verdict).toMatchObject({ ok: false, reason: 'SignatureDoesNotMatch' });
  });
});
