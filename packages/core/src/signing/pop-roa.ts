/**
 * POP ROA signature v1 (HMAC-SHA1, `Authorization: acs AK:sig`), as `@alicloud/pop-core`
 * ROAClient and `@alicloud/openapi-util` getStringToSign/getROASignature compute it
 * (spec: signing.md §3).
 */
import { compareCodeUnits, sortByName, sortCodeUnits } from './compare';
import { hmacSha1Base64, md5Base64, secretHmacKey, timingSafeEqualString } from './crypto';
import { percentDecode, stringifyQuery } from './encoding';
import { skewProblem, verificationFailure } from './pop-rpc';
import { headerPairs, parseQueryPairs, splitTarget } from './received';
import { formatHttpDate } from './time';
import type { ReceivedRequest, SecretLookup, SigningCredentials, VerificationResult, VerifyOptions } from './types';

/** A ROA query value: an array repeats the name on the wire and is signed joined with `,`, as pop-core does. */
export type PopRoaQueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

/** Everything {@link signPopRoa} needs: the call, the credentials, and the injected clock and nonce. */
export interface PopRoaSignInput {
  /** HTTP method, upper-cased (Node sends it upper-cased whatever the caller wrote). */
  method: string;
  /** Host (and port) the request goes to; also the `host` header. */
  host: string;
  /** Scheme of the returned `url`. @defaultValue `'https'` */
  protocol?: 'https' | 'http' | undefined;
  /** The resource path, signed verbatim; percent-encode path parameters before passing it. */
  path: string;
  /** Query parameters; `null`/`undefined` values are left out (pop-core would sign the text `null`). */
  query?: Readonly<Record<string, PopRoaQueryValue>> | undefined;
  /** Caller headers; names are lower-cased and replace the defaults (`accept`, `date`, ...). */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Request body; text is sent as UTF-8. @defaultValue empty */
  body?: Uint8Array | string | undefined;
  /** API version (`x-acs-version`). */
  version: string;
  /** Access key and secret; an STS token travels in the `x-acs-accesskey-id` and `x-acs-security-token` headers. */
  credentials: SigningCredentials;
  /** The signing clock (`date` header). */
  date: Date;
  /** `x-acs-signature-nonce`, unique per request. */
  nonce: string;
}

/** What {@link signPopRoa} produced. */
export interface PopRoaSignResult {
  /** The exact text the signature covers (for explaining a mismatch). */
  stringToSign: string;
  /** Base64 HMAC-SHA1 of the string-to-sign under the secret. */
  signature: string;
  /** `acs <AccessKeyId>:<signature>`, the `authorization` header value. */
  authorization: string;
  /** Every header to send except `authorization`, names lower-case. */
  headers: Record<string, string>;
  /** Query pairs in the caller's order, decoded (array values repeat the name). */
  query: Array<[string, string]>;
  /** The full URL: path as given plus the query in Node `querystring` encoding. */
  url: string;
  /** The body bytes that `content-md5` and `content-length` describe. */
  body: Uint8Array;
}

/** Replaces TAB, LF, CR and FF by spaces and trims, as the reference does to `x-acs-*` values. */
function cleanHeaderValue(value: string): string {
  // Testing first is cheaper than a global replace on the usual value without such characters.
  return (CONTROL.test(value) ? value.replace(CONTROLS, ' ') : value).trim();
}
const CONTROL = /[\t\n\r\f]/;
const CONTROLS = /[\t\n\r\f]/g;

/**
 * The `x-acs-*` headers as signed: names (already lower-case) sorted by code unit, each
 * `name:value\n` with the value cleaned and trimmed.
 */
export function popRoaCanonicalHeaders(headers: ReadonlyArray<readonly [string, string]>): string {
  return headers
    .filter(([name]) => name.startsWith('x-acs-'))
    .sort((a, b) => compareCodeUnits(a[0], b[0]))
    .map(([name, value]) => `${name}:${cleanHeaderValue(value)}\n`)
    .join('');
}

/**
 * The path verbatim, then `?` and the query sorted by raw name as raw `name=value` pairs (no
 * encoding at all) when there is at least one parameter.
 */
export function popRoaCanonicalResource(path: string, query: ReadonlyArray<readonly [string, string]>): string {
  if (query.length === 0) return path;
  const sorted = sortByName([...query]);
  let out = `${path}?`;
  for (let i = 0; i < sorted.length; i++) {
    const [k, v] = sorted[i] as readonly [string, string];
    out += i === 0 ? `${k}=${v}` : `&${k}=${v}`;
  }
  return out;
}

/** The parts of a ROA request the string-to-sign covers; header names lower-case. */
export interface PopRoaStringToSignParts {
  method: string;
  path: string;
  /** Lower-case header names with their values. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Query pairs with unique names (values already joined). */
  query: ReadonlyArray<readonly [string, string]>;
  /**
   * What stands for a missing `accept` header. The reference renders it as the text `undefined`.
   * @defaultValue `'undefined'`
   */
  missingAccept?: string | undefined;
}

/** `METHOD\nAccept\nContent-MD5\nContent-Type\nDate\n` + canonical headers + canonical resource. */
export function popRoaStringToSign(parts: PopRoaStringToSignParts): string {
  const get = (name: string) => parts.headers.find(([k]) => k === name)?.[1];
  const accept = get('accept') ?? parts.missingAccept ?? 'undefined';
  return (
    `${parts.method}\n${accept}\n${get('content-md5') || ''}\n${get('content-type') || ''}\n${get('date') || ''}\n` +
    popRoaCanonicalHeaders(parts.headers) +
    popRoaCanonicalResource(parts.path, parts.query)
  );
}

/**
 * {@link popRoaStringToSign} over a header record (unique lower-case names, `accept` always set),
 * read in place rather than listed as pairs first: the signer's hot path.
 */
function popRoaStringToSignOfRecord(
  method: string,
  path: string,
  headers: Readonly<Record<string, string>>,
  query: ReadonlyArray<readonly [string, string]>,
): string {
  const acs: string[] = [];
  for (const name of Object.keys(headers)) if (name.startsWith('x-acs-')) acs.push(name);
  sortCodeUnits(acs);
  let canonical = '';
  for (const name of acs) canonical += `${name}:${cleanHeaderValue(headers[name] as string)}\n`;
  return (
    `${method}\n${headers['accept']}\n${headers['content-md5'] || ''}\n${headers['content-type'] || ''}\n${headers['date'] || ''}\n` +
    canonical +
    popRoaCanonicalResource(path, query)
  );
}

/** Base64 HMAC-SHA1 of the string-to-sign under the secret (no `&` suffix, unlike RPC). */
export function popRoaSignature(accessKeySecret: string, stringToSign: string): string {
  return hmacSha1Base64(accessKeySecret, stringToSign);
}

function queryValues(value: PopRoaQueryValue): string[] | undefined {
  if (value === null || value === undefined) return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v));
  return [String(value)];
}

function requireText(value: unknown, what: string): void {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
}

/**
 * Signs a POP ROA request (signature v1): sets the headers pop-core sets (`accept`, `date`,
 * `host`, `x-acs-signature-*`, `x-acs-version`, STS headers), merges the caller's on top, adds
 * `content-md5` and `content-length` (always, even for an empty body) and signs.
 * @throws TypeError when a required field is missing or a header value is not a string.
 * @throws RangeError when `date` is not a valid date.
 */
export function signPopRoa(input: PopRoaSignInput): PopRoaSignResult {
  requireText(input.method, 'method');
  requireText(input.host, 'host');
  requireText(input.version, 'version');
  requireText(input.nonce, 'nonce');
  requireText(input.credentials?.accessKeyId, 'credentials.accessKeyId');
  requireText(input.credentials?.accessKeySecret, 'credentials.accessKeySecret');
  if (typeof input.path !== 'string' || !input.path.startsWith('/')) throw new TypeError('path must start with "/"');
  if (!(input.date instanceof Date) || Number.isNaN(input.date.getTime())) {
    throw new RangeError('date must be a valid Date');
  }
  const { credentials } = input;
  const caller: Array<[string, string]> = [];
  let protoName = false;
  const callerHeaders = input.headers ?? {};
  for (const name of Object.keys(callerHeaders)) {
    const value = callerHeaders[name];
    if (typeof value !== 'string') throw new TypeError(`header ${name} must have a string value`);
    const lower = name.toLowerCase();
    if (lower === '__proto__') protoName = true;
    caller.push([lower, value]);
  }
  // A null-prototype object is only needed for a header named `__proto__`; V8 keeps it in slow
  // dictionary mode, which makes the copies and listings below several times slower.
  const headers: Record<string, string> = protoName ? Object.create(null) : {};
  headers['accept'] = 'application/json';
  headers['date'] = formatHttpDate(input.date);
  headers['host'] = input.host;
  headers['x-acs-signature-nonce'] = input.nonce;
  headers['x-acs-version'] = input.version;
  headers['x-acs-signature-method'] = 'HMAC-SHA1';
  headers['x-acs-signature-version'] = '1.0';
  if (credentials.securityToken) {
    headers['x-acs-accesskey-id'] = credentials.accessKeyId;
    headers['x-acs-security-token'] = credentials.securityToken;
  }
  // The computed signature replaces a caller's (stale) authorization header; the result carries it apart.
  for (const [name, value] of caller) if (name !== 'authorization') headers[name] = value;
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : (input.body ?? new Uint8Array(0));
  headers['content-md5'] = md5Base64(body);
  headers['content-length'] = String(body.length);

  const signed: Array<[string, string]> = [];
  const wire: Array<[string, string]> = [];
  const query = input.query ?? {};
  for (const name of Object.keys(query)) {
    const value = query[name];
    if (value === null || value === undefined) continue;
    if (!Array.isArray(value)) {
      // One pair serves both lists: neither is changed afterwards.
      const pair: [string, string] = [name, String(value)];
      signed.push(pair);
      wire.push(pair);
      continue;
    }
    const values = queryValues(value) as string[];
    signed.push([name, values.join(',')]);
    for (const v of values) wire.push([name, v]);
  }
  const method = input.method.toUpperCase();
  const stringToSign = popRoaStringToSignOfRecord(method, input.path, headers, signed);
  // popRoaSignature with the credentials' cached key.
  const signature = hmacSha1Base64(secretHmacKey(credentials), stringToSign);
  const origin = `${input.protocol ?? 'https'}://${input.host}`;
  return {
    stringToSign,
    signature,
    authorization: `acs ${credentials.accessKeyId}:${signature}`,
    // The record is not used after this; only the null-prototype one is copied to a plain object.
    headers: protoName ? { ...headers } : headers,
    query: wire,
    url: wire.length > 0 ? `${origin}${input.path}?${stringifyQuery(wire)}` : `${origin}${input.path}`,
    body,
  };
}

/** The escapes Node's legacy `url.parse` adds to a URL (its auto-escaped characters). */
const URL_PARSE_ESCAPES = /%(?:09|0A|0D|20|22|27|3C|3E|5E|60|7B|7C|7D)/g;

/** Beyond this many escapes only "all undone" is tried, bounding the work to 2^8 candidates. */
const MAX_ESCAPE_COMBINATIONS = 8;

/** The received path with every subset of its url.parse-style escapes undone (the path itself excluded). */
function unescapedPathVariants(rawPath: string): string[] {
  const pieces = rawPath.split(URL_PARSE_ESCAPES);
  const escapes = rawPath.match(URL_PARSE_ESCAPES) ?? [];
  if (escapes.length === 0) return [];
  if (escapes.length > MAX_ESCAPE_COMBINATIONS) {
    return [rawPath.replace(URL_PARSE_ESCAPES, (e) => percentDecode(e))];
  }
  const out: string[] = [];
  for (let mask = 1; mask < 1 << escapes.length; mask++) {
    let path = pieces[0] as string;
    for (let i = 0; i < escapes.length; i++) {
      const escaped = escapes[i] as string;
      path += (mask & (1 << i) ? percentDecode(escaped) : escaped) + (pieces[i + 1] as string);
    }
    out.push(path);
  }
  return out;
}

/**
 * Verifies a POP ROA v1 signature on a request as a server received it: the canonical resource
 * is the received path (still encoded, as generated SDKs sign it; with the escapes pop-core's HTTP
 * layer adds undone, as pop-core signs it) plus the decoded query
 * (repeated names joined with `,`). Checks the `date` header against the server clock and
 * `content-md5` against the body.
 */
export function verifyPopRoa(req: ReceivedRequest, lookup: SecretLookup, options?: VerifyOptions): VerificationResult {
  const headers: Array<[string, string]> = [];
  for (const [name, value] of headerPairs(req)) {
    const lower = name.toLowerCase();
    const seen = headers.find(([k]) => k === lower);
    if (seen) seen[1] = `${seen[1]}, ${value}`;
    else headers.push([lower, value]);
  }
  const get = (name: string) => headers.find(([k]) => k === name)?.[1];
  const authorization = get('authorization');
  if (!authorization) return verificationFailure('MissingSignature', 'the request has no Authorization header');
  const match = /^acs ([^:\s]+):(\S+)$/.exec(authorization.trim());
  if (!match)
    return verificationFailure(
      'InvalidAuthorization',
      'the Authorization header is not "acs <AccessKeyId>:<Signature>"',
    );
  const accessKeyId = match[1] as string;
  const signature = match[2] as string;
  const skew = skewProblem(get('date'), 'date header', options);
  if (skew) return verificationFailure('RequestTimeTooSkewed', skew, { accessKeyId });
  const body = req.body ?? new Uint8Array(0);
  const contentMd5 = get('content-md5');
  if (contentMd5 && contentMd5 !== md5Base64(body)) {
    return verificationFailure('ContentDigestMismatch', 'content-md5 does not match the body received', {
      accessKeyId,
    });
  }
  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    return verificationFailure('InvalidAccessKeyId', `access key id ${accessKeyId} is not known`, { accessKeyId });
  }
  const { rawPath, rawQuery } = splitTarget(req.url);
  const query: Array<[string, string]> = [];
  for (const [name, value] of parseQueryPairs(rawQuery)) {
    const seen = query.find(([k]) => k === name);
    if (seen) seen[1] = `${seen[1]},${value ?? ''}`;
    else query.push([name, value ?? '']);
  }
  const headersSigned = headers.filter(([k]) => k !== 'authorization');
  const parts = { method: req.method.toUpperCase(), path: rawPath, headers: headersSigned, query };
  const stringToSign = popRoaStringToSign(parts);
  const variants: PopRoaStringToSignParts[] = [parts];
  // pop-core signs the path as given, but its HTTP layer (url.parse) escapes space, quotes and a
  // few more characters on the way out: undoing just those escapes gives what such a client signed.
  // The caller may also have written such an escape itself, so each one may or may not be undone.
  for (const path of unescapedPathVariants(rawPath)) variants.push({ ...parts, path });
  // A client without an accept header may sign an empty line instead of the reference's "undefined".
  if (get('accept') === undefined) variants.push(...variants.map((v) => ({ ...v, missingAccept: '' })));
  const candidates = variants.map(popRoaStringToSign);
  for (const candidate of candidates) {
    if (timingSafeEqualString(popRoaSignature(secret, candidate), signature)) {
      return {
        ok: true,
        accessKeyId,
        securityToken: get('x-acs-security-token') || undefined,
        stringToSign: candidate,
      };
    }
  }
  return verificationFailure('SignatureDoesNotMatch', 'the request signature does not match the one computed for it', {
    accessKeyId,
    expectedStringToSign: stringToSign,
  });
}
