/**
 * OpenAPI signature V3, `ACS3-HMAC-SHA256`, in RPC and ROA styles, as `@alicloud/openapi-client`
 * `doRequest` and `@alicloud/openapi-util` `getAuthorization` compute it (spec: signing.md §4).
 */
import { sortByName, sortCodeUnits } from './compare';
import { hmacSha256Hex, secretHmacKey, sha256Hex, timingSafeEqualString } from './crypto';
import { percentEncode, stringifyQuery } from './encoding';
import { flattenPopParams, skewProblem, verificationFailure } from './pop-rpc';
import { headerPairs, parseQueryPairs, splitTarget } from './received';
import { formatIsoSeconds } from './time';
import type { ReceivedRequest, SecretLookup, SigningCredentials, VerificationResult, VerifyOptions } from './types';

/** The only algorithm name this module signs with. */
export const ACS3_HMAC_SHA256 = 'ACS3-HMAC-SHA256';

/** Lower-case hex SHA-256 of the empty body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/**
 * A request body and how openapi-client serialises it:
 * `json` — a string as is, anything else `JSON.stringify`, `content-type: application/json; charset=utf-8`;
 * `form` — flattened like RPC parameters ({@link flattenPopParams}) and `querystring`-encoded,
 * `content-type: application/x-www-form-urlencoded`; `bytes` — sent as given, content type untouched.
 */
export type Acs3Body =
  | {
      /** A JSON body. */
      type: 'json';
      /** Sent as is when a string, else through `JSON.stringify`. */
      value: unknown;
    }
  | {
      /** A form body. */
      type: 'form';
      /** The form fields; nested values are flattened like RPC parameters. */
      value: Readonly<Record<string, unknown>>;
    }
  | {
      /** Raw bytes, sent with the content type untouched. */
      type: 'bytes';
      /** The bytes to send; a string is sent as UTF-8. */
      value: Uint8Array | string;
    };

/** A V3 query value; `null`/`undefined` are signed as `name=` and sent as an empty value. */
export type Acs3QueryValue = string | number | boolean | null | undefined;

/** Everything {@link signAcs3} needs: the call, the credentials, and the injected clock and nonce. */
export interface Acs3SignInput {
  /** HTTP method, upper-cased. */
  method: string;
  /** Host (and port); the signed `host` header. */
  host: string;
  /** Scheme of the returned `url`. @defaultValue `'https'` */
  protocol?: 'https' | 'http' | undefined;
  /**
   * The pathname, already percent-encoded (RFC 3986 per segment, `/` kept), as generated SDKs
   * pass it. RPC style uses `/`. @defaultValue `'/'`
   */
  pathname?: string | undefined;
  /** Query parameters, already flat (use {@link flattenPopParams} for nested RPC parameters). */
  query?: Readonly<Record<string, Acs3QueryValue>> | undefined;
  /** Caller headers, names kept as given; they replace the defaults of the same spelling. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** The body and how to serialise it; its SHA-256 is signed. @defaultValue none: the empty body's hash is signed */
  body?: Acs3Body | undefined;
  /** API name (`x-acs-action`). */
  action: string;
  /** API version (`x-acs-version`). */
  version: string;
  /** Access key and secret; an STS token travels in the `x-acs-accesskey-id` and `x-acs-security-token` headers. */
  credentials: SigningCredentials;
  /** The signing clock (`x-acs-date`, milliseconds dropped). */
  date: Date;
  /** `x-acs-signature-nonce`, unique per request. */
  nonce: string;
  /**
   * `x-acs-credentials-provider` header (signed), naming where the credentials came from, as
   * openapi-client sends it (`static_ak`, `static_sts`, ...). Left out when not given.
   */
  credentialsProvider?: string | undefined;
  /** Only `ACS3-HMAC-SHA256` is supported. @defaultValue `'ACS3-HMAC-SHA256'` */
  signatureAlgorithm?: typeof ACS3_HMAC_SHA256 | undefined;
}

/** What {@link signAcs3} produced. */
export interface Acs3SignResult {
  /** The canonical request the string-to-sign hashes (for explaining a mismatch). */
  canonicalRequest: string;
  /** The exact text the signature covers (for explaining a mismatch). */
  stringToSign: string;
  /** Lower-case hex HMAC-SHA256. */
  signature: string;
  /** The `Authorization` header value. */
  authorization: string;
  /** Every header to send except `Authorization`, names as given. */
  headers: Record<string, string>;
  /** Query pairs in the caller's order, decoded. */
  query: Array<[string, string]>;
  /** The full URL: pathname plus the query in Node `querystring` encoding, as the official runtime builds it. */
  url: string;
  /** The serialised body (empty when there is none). */
  body: Uint8Array;
}

/**
 * The canonical URI: the pathname as given, except that the reference rewrites only the FIRST
 * `+` (to `%20`), the first `*` (to `%2A`) and the first `%7E` (to `~`) — a string `replace`
 * without the global flag. An already-encoded pathname contains none of them, so this matters only
 * for raw pathnames. `allOccurrences` applies the rewrite everywhere (what the documentation
 * describes); the verifier accepts both.
 */
export function acs3CanonicalUri(pathname: string | undefined, options?: { allOccurrences?: boolean }): string {
  const path = pathname ?? '';
  if (options?.allOccurrences) return path.replace(/\+/g, '%20').replace(/\*/g, '%2A').replace(/%7E/g, '~');
  return path.replace('+', '%20').replace('*', '%2A').replace('%7E', '~');
}

/**
 * The canonical query string: names sorted by code unit, each `name=` + RFC 3986-strict value
 * (nothing after `=` for a missing value), joined with `&`. Names are NOT encoded, as the
 * reference (and so the official SDK) signs them; the V3 documentation encodes them, which
 * differs only for names with characters outside `A-Z a-z 0-9 - _ . ~` — `encodeNames` does that.
 * @throws TypeError when a name or value holds a lone surrogate.
 */
export function acs3CanonicalQuery(
  query: ReadonlyArray<readonly [string, string | null | undefined]>,
  options?: { encodeNames?: boolean },
): string {
  const encodeNames = options?.encodeNames === true;
  const items = query.map(([name, value]): [string, string] => [
    encodeNames ? percentEncode(name) : name,
    value === null || value === undefined ? '' : percentEncode(value),
  ]);
  sortByName(items);
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const [name, value] = items[i] as [string, string];
    out += i === 0 ? `${name}=${value}` : `&${name}=${value}`;
  }
  return out;
}

/**
 * The canonical headers block and the signed header list: headers named `host`, `content-type`
 * or `x-acs-*` (any case), grouped by lower-case name; values trimmed, sorted and joined with `,`
 * within a group; groups sorted by name, each line `name:value\n`. `names` picks other headers
 * instead (a verifier passes the client's SignedHeaders).
 */
export function acs3CanonicalHeaders(
  headers: ReadonlyArray<readonly [string, string]>,
  names?: readonly string[],
): { canonicalHeaders: string; signedHeaders: string } {
  const groups = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const wanted = names
      ? names.includes(lower)
      : lower === 'host' || lower === 'content-type' || lower.startsWith('x-acs-');
    if (!wanted) continue;
    const trimmed = (value || '').trim();
    const list = groups.get(lower);
    if (list) list.push(trimmed);
    else groups.set(lower, [trimmed]);
  }
  const sorted = sortCodeUnits([...groups.keys()]);
  let canonicalHeaders = '';
  for (const n of sorted) {
    const list = groups.get(n) as string[];
    canonicalHeaders += `${n}:${list.length === 1 ? list[0] : sortCodeUnits(list).join(',')}\n`;
  }
  return { canonicalHeaders, signedHeaders: sorted.join(';') };
}

/** `METHOD\nURI\nQUERY\nHEADERS\nSIGNED\nPAYLOAD` (the headers block already ends with a newline). */
export function acs3CanonicalRequest(parts: {
  method: string;
  canonicalUri: string;
  canonicalQuery: string;
  canonicalHeaders: string;
  signedHeaders: string;
  hashedPayload: string;
}): string {
  return `${parts.method}\n${parts.canonicalUri}\n${parts.canonicalQuery}\n${parts.canonicalHeaders}\n${parts.signedHeaders}\n${parts.hashedPayload}`;
}

/** `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request. */
export function acs3StringToSign(canonicalRequest: string): string {
  return `${ACS3_HMAC_SHA256}\n${sha256Hex(canonicalRequest)}`;
}

/** Lower-case hex HMAC-SHA256 of the string-to-sign under the secret. */
export function acs3Signature(accessKeySecret: string, stringToSign: string): string {
  return hmacSha256Hex(accessKeySecret, stringToSign);
}

/** Serialises a body the way openapi-client does; `contentType` is undefined for raw bytes. */
export function serializeAcs3Body(body: Acs3Body): { bytes: Uint8Array; contentType: string | undefined } {
  switch (body.type) {
    case 'json': {
      const text = typeof body.value === 'string' ? body.value : JSON.stringify(body.value);
      if (text === undefined) throw new TypeError('a json body must be serialisable with JSON.stringify');
      return { bytes: Buffer.from(text, 'utf8'), contentType: 'application/json; charset=utf-8' };
    }
    case 'form':
      return {
        bytes: Buffer.from(stringifyQuery(flattenPopParams(body.value)), 'utf8'),
        contentType: 'application/x-www-form-urlencoded',
      };
    case 'bytes':
      return {
        bytes: typeof body.value === 'string' ? Buffer.from(body.value, 'utf8') : body.value,
        contentType: undefined,
      };
    default:
      throw new TypeError('body.type must be json, form or bytes');
  }
}

function requireText(value: unknown, what: string): void {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
}

/**
 * Signs a request with `ACS3-HMAC-SHA256`: sets the headers openapi-client sets (`host`,
 * `x-acs-version`, `x-acs-action`, `x-acs-date`, `x-acs-signature-nonce`, `accept`), merges the
 * caller's, serialises the body, adds `x-acs-content-sha256`, `x-acs-credentials-provider` and the
 * STS headers, and signs every `host`/`content-type`/`x-acs-*` header.
 * @throws TypeError when a required field is missing, a value is not flat, or text holds a lone surrogate.
 * @throws RangeError for an unsupported signature algorithm or an invalid date.
 */
export function signAcs3(input: Acs3SignInput): Acs3SignResult {
  requireText(input.method, 'method');
  requireText(input.host, 'host');
  requireText(input.action, 'action');
  requireText(input.version, 'version');
  requireText(input.nonce, 'nonce');
  requireText(input.credentials?.accessKeyId, 'credentials.accessKeyId');
  requireText(input.credentials?.accessKeySecret, 'credentials.accessKeySecret');
  if ((input.signatureAlgorithm ?? ACS3_HMAC_SHA256) !== ACS3_HMAC_SHA256) {
    throw new RangeError(`unsupported signature algorithm ${String(input.signatureAlgorithm)}`);
  }
  if (!(input.date instanceof Date) || Number.isNaN(input.date.getTime())) {
    throw new RangeError('date must be a valid Date');
  }
  const { credentials } = input;
  const callerHeaders = input.headers ?? {};
  let protoName = false;
  for (const name of Object.keys(callerHeaders)) if (name === '__proto__') protoName = true;
  // A null-prototype object is only needed for a header named `__proto__`; V8 keeps it in slow
  // dictionary mode, which makes the copies and listings below several times slower.
  const headers: Record<string, string> = protoName ? Object.create(null) : {};
  headers['host'] = input.host;
  headers['x-acs-version'] = input.version;
  headers['x-acs-action'] = input.action;
  headers['x-acs-date'] = formatIsoSeconds(input.date);
  headers['x-acs-signature-nonce'] = input.nonce;
  headers['accept'] = 'application/json';
  for (const [name, value] of Object.entries(callerHeaders)) {
    if (typeof value !== 'string') throw new TypeError(`header ${name} must have a string value`);
    // The computed Authorization replaces a caller's (stale) one of any spelling; the result carries it apart.
    if (name.toLowerCase() !== 'authorization') headers[name] = value;
  }
  let body: Uint8Array = new Uint8Array(0);
  let hashedPayload = EMPTY_SHA256;
  if (input.body) {
    const serialized = serializeAcs3Body(input.body);
    body = serialized.bytes;
    hashedPayload = sha256Hex(body);
    if (serialized.contentType) headers['content-type'] = serialized.contentType;
  }
  headers['x-acs-content-sha256'] = hashedPayload;
  if (input.credentialsProvider) headers['x-acs-credentials-provider'] = input.credentialsProvider;
  if (credentials.securityToken) {
    headers['x-acs-accesskey-id'] = credentials.accessKeyId;
    headers['x-acs-security-token'] = credentials.securityToken;
  }

  const query: Array<[string, string]> = [];
  const signedQuery: Array<[string, string | undefined]> = [];
  const inputQuery = input.query ?? {};
  for (const name of Object.keys(inputQuery)) {
    const value = inputQuery[name];
    if (value !== null && typeof value === 'object') {
      throw new TypeError(`query parameter ${name} must be flat; flatten it with flattenPopParams first`);
    }
    const text = value === null || value === undefined ? undefined : String(value);
    signedQuery.push([name, text]);
    query.push([name, text ?? '']);
  }
  const pathname = input.pathname ?? '/';
  const method = input.method.toUpperCase();
  const { canonicalHeaders, signedHeaders } = acs3CanonicalHeaders(Object.entries(headers));
  const canonicalRequest = acs3CanonicalRequest({
    method,
    canonicalUri: acs3CanonicalUri(pathname),
    canonicalQuery: acs3CanonicalQuery(signedQuery),
    canonicalHeaders,
    signedHeaders,
    hashedPayload,
  });
  const stringToSign = acs3StringToSign(canonicalRequest);
  // acs3Signature with the credentials' cached key.
  const signature = hmacSha256Hex(secretHmacKey(credentials), stringToSign);
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization: `${ACS3_HMAC_SHA256} Credential=${credentials.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`,
    // The record is not used after this; only the null-prototype one is copied to a plain object.
    headers: protoName ? { ...headers } : headers,
    query,
    url: `${input.protocol ?? 'https'}://${input.host}${pathname}${query.length > 0 ? `?${stringifyQuery(query)}` : ''}`,
    body,
  };
}

/** The fields of an `ACS3-HMAC-SHA256` Authorization header, or `undefined` when it is not one. */
export function parseAcs3Authorization(
  value: string,
): { accessKeyId: string; signedHeaders: string[]; signature: string } | undefined {
  const text = value.trim();
  if (!text.startsWith(`${ACS3_HMAC_SHA256} `)) return undefined;
  const fields = new Map<string, string>();
  for (const part of text.slice(ACS3_HMAC_SHA256.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return { accessKeyId, signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()), signature };
}

/**
 * Verifies an `ACS3-HMAC-SHA256` signature on a request as a server received it: rebuilds the
 * canonical request from the received pathname, decoded query and the headers the client listed in
 * SignedHeaders; checks `x-acs-date` against the server clock and `x-acs-content-sha256` against the
 * body. Accepts both the official SDK's canonical form (raw query names, first-occurrence pathname
 * rewrite) and the documented one (encoded names, every occurrence rewritten).
 */
export function verifyAcs3(req: ReceivedRequest, lookup: SecretLookup, options?: VerifyOptions): VerificationResult {
  const pairs = headerPairs(req);
  const get = (name: string) => pairs.find(([k]) => k.toLowerCase() === name)?.[1];
  const authorization = get('authorization');
  if (!authorization) return verificationFailure('MissingSignature', 'the request has no Authorization header');
  const auth = parseAcs3Authorization(authorization);
  if (!auth) {
    return verificationFailure(
      'InvalidAuthorization',
      'the Authorization header is not "ACS3-HMAC-SHA256 Credential=...,SignedHeaders=...,Signature=..."',
    );
  }
  const { accessKeyId } = auth;
  if (!auth.signedHeaders.includes('host')) {
    return verificationFailure('InvalidAuthorization', 'SignedHeaders must include host', { accessKeyId });
  }
  const skew = skewProblem(get('x-acs-date'), 'x-acs-date header', options);
  if (skew) return verificationFailure('RequestTimeTooSkewed', skew, { accessKeyId });
  const body = req.body ?? new Uint8Array(0);
  const bodyHash = sha256Hex(body);
  const declared = get('x-acs-content-sha256');
  if (declared !== undefined && declared !== 'UNSIGNED-PAYLOAD' && declared.trim().toLowerCase() !== bodyHash) {
    return verificationFailure('ContentDigestMismatch', 'x-acs-content-sha256 does not match the body received', {
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
    // The SDK signs an array value as its String() (joined with `,`) and querystring repeats the name.
    if (seen) seen[1] = `${seen[1]},${value ?? ''}`;
    else query.push([name, value ?? '']);
  }
  const { canonicalHeaders, signedHeaders } = acs3CanonicalHeaders(pairs, auth.signedHeaders);
  const build = (documented: boolean) =>
    acs3CanonicalRequest({
      method: req.method.toUpperCase(),
      canonicalUri: acs3CanonicalUri(rawPath, { allOccurrences: documented }),
      canonicalQuery: acs3CanonicalQuery(query, { encodeNames: documented }),
      canonicalHeaders,
      signedHeaders,
      hashedPayload: declared === undefined ? bodyHash : declared.trim(),
    });
  const reference = build(false);
  const documented = build(true);
  const candidates = documented === reference ? [reference] : [reference, documented];
  for (const canonicalRequest of candidates) {
    const stringToSign = acs3StringToSign(canonicalRequest);
    if (timingSafeEqualString(acs3Signature(secret, stringToSign), auth.signature)) {
      return { ok: true, accessKeyId, securityToken: get('x-acs-security-token') || undefined, stringToSign };
    }
  }
  return verificationFailure('SignatureDoesNotMatch', 'the request signature does not match the one computed for it', {
    accessKeyId,
    expectedStringToSign: acs3StringToSign(reference),
  });
}
