/**
 * Test helpers shared by the POP signer cross-checks and vector adapters: a loopback server that
 * records what an official client sent, typed handles on the official CommonJS packages, and the
 * view of API parameters that reproduces pop-core's value quirks.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { ReceivedRequest, VerificationResult } from '../../src/signing/types';

const require = createRequire(import.meta.url);

/** The parts of pop-core's RPCClient the tests drive. */
export interface PopCoreRpcClient {
  request(action: string, params?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<unknown>;
}
/** The parts of pop-core's ROAClient the tests drive. */
export interface PopCoreRoaClient {
  request(
    method: string,
    uriPattern: string,
    query?: Record<string, unknown>,
    body?: string,
    headers?: Record<string, string>,
    opts?: Record<string, unknown>,
  ): Promise<unknown>;
}
interface PopCoreConfig {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}
interface PopCoreModule {
  RPCClient: new (config: PopCoreConfig) => PopCoreRpcClient;
  ROAClient: new (config: PopCoreConfig) => PopCoreRoaClient;
}
/** `@alicloud/pop-core` (CommonJS). */
export const popCore = require('@alicloud/pop-core') as PopCoreModule;

/** `@alicloud/openapi-util` static functions used by the cross-checks. */
export interface OpenApiUtilStatic {
  getRPCSignature(signedParams: Record<string, unknown>, method: string, secret: string): string;
  getStringToSign(request: {
    method: string;
    pathname: string;
    headers: Record<string, string>;
    query: Record<string, string>;
  }): string;
  getROASignature(stringToSign: string, secret: string): string;
  getAuthorization(
    request: { method: string; pathname: string; headers: Record<string, string>; query: Record<string, string> },
    signatureAlgorithm: string,
    payload: string,
    accessKeyId: string,
    accessKeySecret: string,
  ): string;
  query(filter: Record<string, unknown>): Record<string, string>;
  toForm(filter: Record<string, unknown>): string;
}
export const openApiUtil = (require('@alicloud/openapi-util') as { default: OpenApiUtilStatic }).default;

/** `@alicloud/openapi-client` (CommonJS), typed loosely. */
export interface OpenApiClientModule {
  default: new (config: unknown) => { callApi(params: unknown, request: unknown, runtime: unknown): Promise<unknown> };
  Config: new (map: Record<string, unknown>) => unknown;
  Params: new (map: Record<string, unknown>) => unknown;
  OpenApiRequest: new (map: Record<string, unknown>) => unknown;
}
export const openApiClient = require('@alicloud/openapi-client') as OpenApiClientModule;

/** What a loopback server received, as a verifier wants it. */
export type CapturedRequest = ReceivedRequest & { body: Uint8Array };

/** A JSON answer for the loopback server. */
export interface LoopbackReply {
  status: number;
  body: unknown;
}

/** A server on 127.0.0.1 (ephemeral port) that records requests and answers with `reply`. */
export interface LoopbackServer {
  port: number;
  origin: string;
  requests: CapturedRequest[];
  close(): Promise<void>;
}

/** Starts a loopback server; `reply` decides the JSON answer (default 200 `{ RequestId }`). */
export async function startLoopback(reply?: (req: CapturedRequest) => LoopbackReply): Promise<LoopbackServer> {
  const requests: CapturedRequest[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const captured: CapturedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        rawHeaders: [...req.rawHeaders],
        body: new Uint8Array(Buffer.concat(chunks)),
      };
      requests.push(captured);
      const answer = reply ? reply(captured) : { status: 200, body: { RequestId: 'LOOPBACK' } };
      res.writeHead(answer.status, { 'content-type': 'application/json;charset=utf-8' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The POP error body a server sends when a verifier refused the request. */
export function popErrorReply(code: string, message: string): LoopbackReply {
  return {
    status: code === 'InvalidAccessKeyId.NotFound' ? 404 : 400,
    body: { RequestId: 'LOOPBACK', HostId: '127.0.0.1', Code: code, Message: message },
  };
}

/**
 * Rewrites API parameters so that our (openapi-util style) flattening yields exactly what
 * pop-core 1.8.0 signs: `null`/`undefined` become the text `null`/`undefined`, and objects that
 * pop-core does not flatten (top level, or nested inside an array item's field) become
 * `[object Object]`. Arrays and the fields of array items stay for the flattener.
 */
export function popCoreParamsView(params: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(params)) {
    const value = params[key];
    out[key] = Array.isArray(value) ? repeatView(value) : String(value);
  }
  return out;
}

function repeatView(list: readonly unknown[]): unknown[] {
  return list.map((item) => {
    if (Array.isArray(item)) return repeatView(item);
    if (item && typeof item === 'object') {
      const fields: Record<string, unknown> = Object.create(null);
      for (const key of Object.keys(item)) {
        const v = (item as Record<string, unknown>)[key];
        fields[key] = Array.isArray(v) ? repeatView(v) : String(v);
      }
      return fields;
    }
    return String(item);
  });
}

/**
 * The headers pop-core 1.8.0 RPCClient hands to its HTTP layer for a request our signer produced:
 * caller headers REPLACE its defaults (`x-acs-action`, `x-acs-version`) instead of joining them,
 * and with a form body it sets `content-type` last, leaving the caller's other spellings in place.
 */
export function popCoreRpcHeadersView(
  signed: Readonly<Record<string, string>>,
  caller: Readonly<Record<string, string>>,
  form: boolean,
): Record<string, string> {
  if (Object.keys(caller).length === 0) return { ...signed };
  const out: Record<string, string> = { ...signed };
  for (const name of ['x-acs-action', 'x-acs-version']) {
    if (!Object.hasOwn(caller, name)) delete out[name];
  }
  const formType = out['content-type'];
  if (form && formType !== undefined) {
    for (const [name, value] of Object.entries(caller)) {
      if (name !== 'content-type' && name.toLowerCase() === 'content-type') out[name] = value;
    }
    // Set last, as pop-core does, so that Node (last spelling wins) sends the form type.
    delete out['content-type'];
    out['content-type'] = formType;
  }
  return out;
}

/**
 * rawHeaders as Node's `http.request` sends a headers record: names that differ only in case
 * collapse into one, the last value winning.
 */
export function nodeWireRawHeaders(headers: Readonly<Record<string, string>>): string[] {
  const byLowerName = new Map<string, [string, string]>();
  for (const [name, value] of Object.entries(headers)) byLowerName.set(name.toLowerCase(), [name, value]);
  return [...byLowerName.values()].flat();
}

/**
 * Header pairs of a record, in order, as rawHeaders, followed by `extra`; a header of the record
 * named like one of `extra` (in any case) is left out, as the computed Authorization replaces a
 * caller's stale one.
 */
export function rawHeadersOf(headers: Readonly<Record<string, string>>, extra: Array<[string, string]> = []): string[] {
  const replaced = new Set(extra.map(([k]) => k.toLowerCase()));
  const out: string[] = [];
  for (const [k, v] of Object.entries(headers)) if (!replaced.has(k.toLowerCase())) out.push(k, v);
  for (const [k, v] of extra) out.push(k, v);
  return out;
}

/**
 * Drops the headers the vectors leave out: the never-signed client headers and the Authorization
 * header itself (a caller's stale one of another spelling included).
 */
export function withoutUnsignedClientHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    if (lower === 'user-agent' || lower === 'x-sdk-client' || lower === 'authorization') continue;
    out[k] = v;
  }
  return out;
}

/** Asserts every non-null field of a vector output against what our signer returned. */
export function expectOutputFields(actual: Record<string, unknown>, expected: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(expected)) {
    if (value === null || value === undefined) continue;
    if (field === 'headers') {
      expect(withoutUnsignedClientHeaders(actual[field] as Record<string, string>), field).toEqual(
        withoutUnsignedClientHeaders(value as Record<string, string>),
      );
    } else {
      expect(actual[field], field).toEqual(value);
    }
  }
}

/** The POP error code a service answers with for each verifier failure. */
export function popCodeFor(result: Extract<VerificationResult, { ok: false }>): string {
  switch (result.reason) {
    case 'InvalidAccessKeyId':
      return 'InvalidAccessKeyId.NotFound';
    case 'RequestTimeTooSkewed':
      return 'InvalidTimeStamp.Expired';
    case 'ContentDigestMismatch':
      return 'ContentMD5NotMatched';
    case 'MissingSignature':
    case 'InvalidAuthorization':
      return 'IncompleteSignature';
    default:
      return 'SignatureDoesNotMatch';
  }
}

/** A server reply that runs a verifier: 200 when it accepts, the POP error body when it refuses. */
export function verifyingReply(
  verify: (req: CapturedRequest) => VerificationResult,
): (req: CapturedRequest) => LoopbackReply {
  return (req) => {
    const result = verify(req);
    return result.ok
      ? { status: 200, body: { RequestId: 'LOOPBACK', Code: '200' } }
      : popErrorReply(popCodeFor(result), result.message);
  };
}

const reservedChars = [..."!*'()+/=&?#%~ "];
const plainChars = [...'aZ09-_.'];
const unicodeChars = ['é', '中', '😀', '\u00a0', 'ß', 'Ü'];

/** Text mixing ASCII, reserved characters, spaces and unicode (astral included); may be empty. */
export function popText(options: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  const unit = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...plainChars) },
    { weight: 2, arbitrary: fc.constantFrom(...reservedChars) },
    { weight: 1, arbitrary: fc.constantFrom(...unicodeChars) },
    { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }) },
  );
  return fc.string({ unit, minLength: options.minLength ?? 0, maxLength: options.maxLength ?? 10 });
}

/** Text made of characters Node accepts in a request path or header value (visible ASCII and tab). */
export function wireSafeText(
  options: { minLength?: number; maxLength?: number; extra?: string } = {},
): fc.Arbitrary<string> {
  const chars = [...`abcXYZ019-_.~!*'()+=&,;:@$${options.extra ?? ''}`];
  return fc.string({
    unit: fc.constantFrom(...chars),
    minLength: options.minLength ?? 0,
    maxLength: options.maxLength ?? 10,
  });
}

/** Unique names (at least one character) paired with values from `value`. */
export function uniqueRecord<T>(
  name: fc.Arbitrary<string>,
  value: fc.Arbitrary<T>,
  maxLength = 6,
): fc.Arbitrary<Record<string, T>> {
  return fc
    .uniqueArray(fc.tuple(name, value), { selector: (t) => t[0], maxLength })
    .map((entries) => Object.fromEntries(entries) as Record<string, T>);
}
