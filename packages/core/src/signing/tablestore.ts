/**
 * Tablestore (OTS) request signature, header `x-ots-signature` (spec: signing.md §7; reference
 * `tablestore` 5.6.5 `lib/signer.js`, `lib/client.js`, `lib/event_listeners.js`).
 */

import { sortByName } from './compare';
import { hmacSha1Base64, md5Base64, secretHmacKey, timingSafeEqualString } from './crypto';
import { assertWellFormed } from './encoding';
import { getHeader, headerPairs } from './received';
import { recordFromPairs } from './record';
import { formatIsoMillis, parseSigningDate } from './time';
import type { ReceivedRequest, SecretLookup, SigningCredentials, VerificationResult, VerifyOptions } from './types';

/** The protocol version every Tablestore request announces. */
export const TABLESTORE_API_VERSION = '2015-12-31';

const DEFAULT_MAX_SKEW_MS = 900_000;

/** What a client has when it signs one Tablestore request. */
export interface TablestoreSignInput {
  /**
   * Instance endpoint, e.g. `https://myinstance.cn-hangzhou.ots.aliyuncs.com`; its path is ignored
   * because every request goes to `/<Operation>`.
   */
  endpoint: string;
  /** Instance name, sent as `x-ots-instancename`. */
  instanceName: string;
  /** Operation, e.g. `listTable` or `ListKnowledgeBase`; the first letter is upper-cased for the path. */
  operation: string;
  /** Body bytes as sent: protobuf for table/row APIs, JSON text for JSON APIs. */
  body?: Uint8Array | string | undefined;
  /** A JSON API (knowledge base, memory store): adds `Content-Type: application/json`. @defaultValue false */
  json?: boolean | undefined;
  /**
   * Extra headers, set by exact name after `x-ots-contentmd5` (the reference applies its configured
   * `extraHeaders` only to JSON APIs). `x-ots-*` names of any case are signed, values as given.
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Access key pair; an STS token is sent and signed as `x-ots-ststoken`. */
  credentials: SigningCredentials;
  /** The signing clock (becomes `x-ots-date`, ISO 8601 with milliseconds). */
  date: Date;
}

/** The signed Tablestore request. */
export interface TablestoreSignResult {
  /** What was signed, for comparing with a server's expectation. */
  stringToSign: string;
  /** Value of the `x-ots-signature` header. */
  signature: string;
  /** Every header to send, names as sent, except `x-ots-signature` itself. */
  headers: Record<string, string>;
  /** `/<Operation>`. */
  path: string;
  /** The full URL. */
  url: string;
}

/** Upper-cases the first letter of an operation name, as the reference builds the path. */
export function tablestoreOperationPath(operation: string): string {
  if (!operation) throw new TypeError('operation is required');
  return `/${operation.charAt(0).toUpperCase()}${operation.slice(1)}`;
}

/** `/^x-ots-/i.test(name)` without the regular expression (letters compared case-folded, as `/i` does for ASCII). */
function isOtsHeader(name: string): boolean {
  return (
    name.length >= 6 &&
    (name.charCodeAt(0) | 0x20) === 0x78 &&
    name.charCodeAt(1) === 0x2d &&
    (name.charCodeAt(2) | 0x20) === 0x6f &&
    (name.charCodeAt(3) | 0x20) === 0x74 &&
    (name.charCodeAt(4) | 0x20) === 0x73 &&
    name.charCodeAt(5) === 0x2d
  );
}

/**
 * CanonicalHeaders: every header whose name starts with `x-ots-` in any case, ordered by lower-cased
 * name (ties keep their order), each `lowercasedname:value` with the value untrimmed, joined by `\n`.
 */
export function tablestoreCanonicalHeaders(headers: Iterable<readonly [string, string]>): string {
  const picked: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    if (isOtsHeader(name)) picked.push([name.toLowerCase(), value]);
  }
  // A stable sort, which is what the reference's comparator yields for equal names.
  sortByName(picked);
  let out = '';
  for (let i = 0; i < picked.length; i++) {
    const [name, value] = picked[i] as [string, string];
    out += i === 0 ? `${name}:${value}` : `\n${name}:${value}`;
  }
  return out;
}

/** `path\nMETHOD\n\nCanonicalHeaders\n` (the empty line is the never-used query string). */
export function tablestoreStringToSign(path: string, method: string, canonicalHeaders: string): string {
  const parts = [path, `${method}\n`];
  if (canonicalHeaders) parts.push(canonicalHeaders);
  return `${parts.join('\n')}\n`;
}

function setHeader(list: Array<[string, string]>, name: string, value: string): void {
  const found = list.find((h) => h[0] === name);
  if (found) found[1] = value;
  else list.push([name, value]);
}

/** The parts of an endpoint URL the signer uses. */
interface EndpointParts {
  protocol: string;
  host: string;
  hostname: string;
}

// A client signs every request for the same endpoint, and parsing a URL costs as much as the
// rest of the signature; parsed endpoints (not secrets) are kept, a bounded number of them.
const endpointCache = new Map<string, EndpointParts>();
const ENDPOINT_CACHE_SIZE = 64;

function parseEndpoint(text: string): EndpointParts {
  const cached = typeof text === 'string' ? endpointCache.get(text) : undefined;
  if (cached) return cached;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError('endpoint must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('endpoint must be an absolute http(s) URL');
  }
  const parts = { protocol: url.protocol, host: url.host, hostname: url.hostname };
  if (typeof text === 'string') {
    if (endpointCache.size >= ENDPOINT_CACHE_SIZE) endpointCache.clear();
    endpointCache.set(text, parts);
  }
  return parts;
}

/**
 * Signs a Tablestore request the way the `tablestore` client pipeline does: `POST /<Operation>`,
 * `x-ots-apiversion`, `x-ots-instancename`, base64 `x-ots-contentmd5`, `Content-Length`, `Host`,
 * then `x-ots-date`, `x-ots-accesskeyid` and `x-ots-ststoken` before the HMAC-SHA1.
 * @throws TypeError when the endpoint is not an http(s) URL or a required field is missing.
 */
export function signTablestore(input: TablestoreSignInput): TablestoreSignResult {
  const endpoint = parseEndpoint(input.endpoint);
  if (!input.instanceName) throw new TypeError('instanceName is required');
  const { credentials } = input;
  if (!credentials.accessKeyId || !credentials.accessKeySecret) {
    throw new TypeError('credentials need an accessKeyId and an accessKeySecret');
  }
  const path = tablestoreOperationPath(input.operation);
  assertWellFormed(path, 'operation');
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : (input.body ?? new Uint8Array(0));

  const headers: Array<[string, string]> = [
    ['x-ots-apiversion', TABLESTORE_API_VERSION],
    ['x-ots-instancename', input.instanceName],
  ];
  if (input.json) setHeader(headers, 'Content-Type', 'application/json');
  setHeader(headers, 'x-ots-contentmd5', md5Base64(body));
  for (const [name, value] of Object.entries(input.headers ?? {})) setHeader(headers, name, String(value));
  if (!headers.some((h) => h[0] === 'Content-Length')) headers.push(['Content-Length', String(body.byteLength)]);
  // The reference sends the hostname without the port.
  setHeader(headers, 'Host', endpoint.hostname);
  setHeader(headers, 'x-ots-date', formatIsoMillis(input.date));
  setHeader(headers, 'x-ots-accesskeyid', credentials.accessKeyId);
  if (credentials.securityToken) setHeader(headers, 'x-ots-ststoken', credentials.securityToken);
  const wire = headers.filter((h) => h[0] !== 'x-ots-signature');

  const stringToSign = tablestoreStringToSign(path, 'POST', tablestoreCanonicalHeaders(wire));
  return {
    stringToSign,
    signature: hmacSha1Base64(secretHmacKey(credentials), stringToSign),
    headers: recordFromPairs(wire),
    path,
    url: `${endpoint.protocol}//${endpoint.host}${path}`,
  };
}

/**
 * Verifies a Tablestore request as a server received it: `x-ots-accesskeyid`, `x-ots-date` within the
 * allowed skew, `x-ots-contentmd5` against the body, and `x-ots-signature` over the received
 * `x-ots-*` headers and the request target.
 */
export function verifyTablestore(
  req: ReceivedRequest,
  lookup: SecretLookup,
  options: VerifyOptions = {},
): VerificationResult {
  const given = getHeader(req, 'x-ots-signature');
  if (given === undefined) return { ok: false, reason: 'MissingSignature', message: 'no x-ots-signature header' };
  const accessKeyId = getHeader(req, 'x-ots-accesskeyid');
  if (!accessKeyId) {
    return { ok: false, reason: 'InvalidAuthorization', message: 'no x-ots-accesskeyid header' };
  }
  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    return { ok: false, reason: 'InvalidAccessKeyId', message: `unknown access key id ${accessKeyId}`, accessKeyId };
  }

  const date = getHeader(req, 'x-ots-date');
  const when = date === undefined ? undefined : parseSigningDate(date);
  const now = (options.now ?? (() => new Date()))();
  if (!when || Math.abs(when.getTime() - now.getTime()) > (options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS)) {
    return {
      ok: false,
      reason: 'RequestTimeTooSkewed',
      message: date === undefined ? 'no x-ots-date header' : `x-ots-date ${date} is too far from the server time`,
      accessKeyId,
    };
  }

  const contentMd5 = getHeader(req, 'x-ots-contentmd5');
  if (contentMd5 !== undefined && contentMd5 !== md5Base64(req.body ?? new Uint8Array(0))) {
    return {
      ok: false,
      reason: 'ContentDigestMismatch',
      message: 'x-ots-contentmd5 does not match the body',
      accessKeyId,
    };
  }

  // The reference signs the path it sends (it never has a query), so the target is taken whole.
  const signed = headerPairs(req).filter(([name]) => name.toLowerCase() !== 'x-ots-signature');
  const stringToSign = tablestoreStringToSign(req.url, req.method, tablestoreCanonicalHeaders(signed));
  const expected = hmacSha1Base64(secret, stringToSign);
  if (!timingSafeEqualString(expected, given)) {
    return {
      ok: false,
      reason: 'SignatureDoesNotMatch',
      message: 'the signature does not match the string to sign the server computed',
      accessKeyId,
      expectedStringToSign: stringToSign,
    };
  }
  return { ok: true, accessKeyId, securityToken: getHeader(req, 'x-ots-ststoken'), stringToSign };
}
