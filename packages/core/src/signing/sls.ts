/**
 * SLS (Simple Log Service) request signature, `Authorization: LOG <AccessKeyId>:<Signature>`
 * (spec: signing.md §6; reference `@alicloud/log` 1.2.6 `Client#_request` / `Client#_sign`).
 */
import { sortByName, sortCodeUnits } from './compare';
import { hmacSha1Base64, md5HexUpper, secretHmacKey, timingSafeEqualString } from './crypto';
import { assertWellFormed, isWellFormedText, percentDecode, querystringEscape } from './encoding';
import { headerPairs, parseQueryPairs, splitTarget } from './received';
import { recordFromPairs } from './record';
import { formatHttpDate, parseSigningDate } from './time';
import type { ReceivedRequest, SecretLookup, SigningCredentials, VerificationResult, VerifyOptions } from './types';

/** The API version `@alicloud/log` announces on every request. */
export const SLS_API_VERSION = '0.6.0';

const DEFAULT_MAX_SKEW_MS = 900_000;

/** One scalar query value as SLS callers pass it; `undefined` and `null` are sent as an empty value. */
export type SlsQueryScalar = string | number | boolean | bigint | null | undefined;

/** A query value: a scalar, or a list that goes on the wire as a repeated name (signed joined by `,`). */
export type SlsQueryValue = SlsQueryScalar | readonly SlsQueryScalar[];

/** What a client has when it signs one SLS request. */
export interface SlsSignInput {
  /** HTTP method, e.g. `GET`; used verbatim. */
  method: string;
  /** Host the request goes to: `<project>.<endpoint>`, or the bare endpoint for project-less calls. */
  host: string;
  /** Resource path as the caller gives it (raw, not encoded), e.g. `/logstores/app`. */
  path: string;
  /**
   * Query parameters in the order they go on the wire. `undefined` means "no query object": the URL then
   * has no `?` (with an empty object the reference still appends a bare `?`, which is harmless).
   */
  query?: Readonly<Record<string, SlsQueryValue>> | undefined;
  /**
   * Caller headers, merged over the defaults by exact name. Only names that are lower-case as given
   * (`x-log-…`, `x-acs-…`) are signed; `X-Log-Foo` is sent but not signed, like the reference.
   */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Body bytes; when present (even empty) `content-md5` and `content-length` are added. */
  body?: Uint8Array | string | undefined;
  /** Access key pair; an STS token is sent and signed as `x-acs-security-token`. */
  credentials: SigningCredentials;
  /** The signing clock (becomes the `date` header). */
  date: Date;
  /** Scheme of the returned URL. @defaultValue `'https'` */
  protocol?: 'http' | 'https' | undefined;
}

/** The signed SLS request. */
export interface SlsSignResult {
  /** What was signed, for comparing with a server's expectation. */
  stringToSign: string;
  /** Base64 HMAC-SHA1. */
  signature: string;
  /** Value of the `authorization` header: `LOG <AccessKeyId>:<Signature>`. */
  authorization: string;
  /** Every header to send, names as sent, except `authorization` itself. */
  headers: Record<string, string>;
  /** Final query pairs, decoded, in wire order. */
  query: Array<[string, string]>;
  /** The full URL: raw path plus the query serialised like Node's `querystring`. */
  url: string;
}

function exactHeader(list: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  return list.find((h) => h[0] === name)?.[1];
}

function scalarText(value: SlsQueryScalar, name: string): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'object') throw new TypeError(`query parameter "${name}" must be a string, number or list`);
  const text = String(value);
  if (!isWellFormedText(text)) assertWellFormed(text, `query parameter "${name}"`);
  return text;
}

/**
 * Turns a query object into wire pairs (arrays become repeated names) and the pairs that are signed
 * (arrays joined by `,`, as `String(array)` does in the reference).
 */
export function slsQueryPairs(query: Readonly<Record<string, SlsQueryValue>>): {
  wire: Array<[string, string]>;
  signed: Array<[string, string]>;
} {
  const wire: Array<[string, string]> = [];
  const signed: Array<[string, string]> = [];
  for (const name of Object.keys(query)) {
    const value = query[name];
    assertWellFormed(name, 'query parameter name');
    if (Array.isArray(value)) {
      // An empty list puts nothing on the wire, so nothing is signed for it either.
      if (value.length === 0) continue;
      const texts = value.map((v: SlsQueryScalar) => scalarText(v, name));
      for (const t of texts) wire.push([name, t]);
      signed.push([name, texts.join(',')]);
    } else {
      const text = scalarText(value as SlsQueryScalar, name);
      wire.push([name, text]);
      signed.push([name, text]);
    }
  }
  return { wire, signed };
}

/**
 * One pass over a query object for the signer: the wire pairs (as {@link slsQueryPairs} gives
 * them), the signed `name=value` strings {@link slsCanonicalizedResource} would build (unsorted),
 * and the URL search part (`?` alone for an empty object, as the reference sends it).
 */
function queryForSigning(query: Readonly<Record<string, SlsQueryValue>>): {
  wire: Array<[string, string]>;
  items: string[];
  search: string;
} {
  const wire: Array<[string, string]> = [];
  const items: string[] = [];
  let search = '';
  for (const name of Object.keys(query)) {
    const value = query[name];
    assertWellFormed(name, 'query parameter name');
    if (Array.isArray(value)) {
      if (value.length === 0) continue;
      const texts = value.map((v: SlsQueryScalar) => scalarText(v, name));
      const escapedName = querystringEscape(name);
      for (const t of texts) {
        wire.push([name, t]);
        search += `${search === '' ? '?' : '&'}${escapedName}=${querystringEscape(t)}`;
      }
      items.push(`${name}=${texts.join(',')}`);
    } else {
      const text = scalarText(value as SlsQueryScalar, name);
      wire.push([name, text]);
      items.push(`${name}=${text}`);
      search += `${search === '' ? '?' : '&'}${querystringEscape(name)}=${querystringEscape(text)}`;
    }
  }
  return { wire, items, search: search === '' ? '?' : search };
}

/**
 * CanonicalizedHeaders: headers whose name, exactly as stored, starts with `x-log-` or `x-acs-`
 * (case-sensitive), sorted by code unit, each `name:trimmed value\n`.
 */
export function slsCanonicalizedHeaders(headers: Iterable<readonly [string, string]>): string {
  const picked: Array<[string, string]> = [];
  for (const [name, value] of headers) {
    if (name.startsWith('x-log-') || name.startsWith('x-acs-')) picked.push([name, value]);
  }
  sortByName(picked);
  let out = '';
  for (const [name, value] of picked) out += `${name}:${value.trim()}\n`;
  return out;
}

/** {@link slsCanonicalizedHeaders} of a header record (unique names), read in place. */
function canonicalizedHeadersOfRecord(headers: Readonly<Record<string, string>>): string {
  const names: string[] = [];
  for (const name of Object.keys(headers)) if (name.startsWith('x-log-') || name.startsWith('x-acs-')) names.push(name);
  sortCodeUnits(names);
  let out = '';
  for (const name of names) out += `${name}:${(headers[name] as string).trim()}\n`;
  return out;
}

/**
 * CanonicalizedResource: the raw path, then `?` and the `key=value` strings sorted as whole strings
 * (so `a-b=2` sorts before `a=1`) and joined by `&`; the path alone when there is no parameter.
 */
export function slsCanonicalizedResource(path: string, pairs: ReadonlyArray<readonly [string, string]>): string {
  if (pairs.length === 0) return path;
  const items = sortCodeUnits(pairs.map(([k, v]) => `${k}=${v}`));
  return `${path}?${items.join('&')}`;
}

/** `VERB\nContent-MD5\nContent-Type\nDate\nCanonicalizedHeaders + CanonicalizedResource`. */
export function slsStringToSign(parts: {
  method: string;
  contentMd5: string;
  contentType: string;
  date: string;
  canonicalizedHeaders: string;
  canonicalizedResource: string;
}): string {
  return `${parts.method}\n${parts.contentMd5}\n${parts.contentType}\n${parts.date}\n${parts.canonicalizedHeaders}${parts.canonicalizedResource}`;
}

function toBytes(body: Uint8Array | string): Uint8Array {
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/**
 * Signs an SLS request the way `@alicloud/log` does: default headers, caller headers on top,
 * `x-acs-security-token` for STS, upper-case hex `content-md5` for a body, then `LOG ak:sig`.
 * @throws TypeError when a path, query name or value cannot be encoded (lone surrogate, object value).
 */
export function signSls(input: SlsSignInput): SlsSignResult {
  const { method, path, credentials } = input;
  if (!method) throw new TypeError('method is required');
  if (!path.startsWith('/')) throw new TypeError('path must start with "/"');
  if (!credentials.accessKeyId || !credentials.accessKeySecret) {
    throw new TypeError('credentials need an accessKeyId and an accessKeySecret');
  }
  assertWellFormed(path, 'path');

  // Headers as a plain object, which has the semantics the reference relies on (an existing exact
  // name keeps its position); a null-prototype one only for a caller header named `__proto__`,
  // because V8 keeps those in slow dictionary mode.
  const callerHeaders = input.headers ?? {};
  const callerNames = Object.keys(callerHeaders);
  const protoName = callerNames.includes('__proto__');
  const headers: Record<string, string> = protoName ? Object.create(null) : {};
  headers['content-type'] = 'application/json';
  headers['date'] = formatHttpDate(input.date);
  headers['x-log-apiversion'] = SLS_API_VERSION;
  headers['x-log-signaturemethod'] = 'hmac-sha1';
  for (const name of callerNames) headers[name] = String(callerHeaders[name]);
  if (credentials.securityToken) headers['x-acs-security-token'] = credentials.securityToken;
  if (input.body !== undefined) {
    const bytes = toBytes(input.body);
    headers['content-md5'] = md5HexUpper(bytes);
    headers['content-length'] = String(bytes.byteLength);
  }

  const { wire, items, search } = input.query ? queryForSigning(input.query) : { wire: [], items: [], search: '' };
  const stringToSign = slsStringToSign({
    method,
    contentMd5: headers['content-md5'] ?? '',
    contentType: headers['content-type'] ?? '',
    date: headers['date'] ?? '',
    canonicalizedHeaders: canonicalizedHeadersOfRecord(headers),
    canonicalizedResource: items.length === 0 ? path : `${path}?${sortCodeUnits(items).join('&')}`,
  });
  const signature = hmacSha1Base64(secretHmacKey(credentials), stringToSign);
  return {
    stringToSign,
    signature,
    authorization: `LOG ${credentials.accessKeyId}:${signature}`,
    headers: protoName ? recordFromPairs(Object.entries(headers)) : headers,
    query: wire,
    url: `${input.protocol ?? 'https'}://${input.host}${path}${search}`,
  };
}

/**
 * Groups repeated query names back into one signed pair (`k=a&k=b` → `k=a,b`): the reference only
 * repeats a name when the caller passed a list, which it signs joined by `,`.
 */
function groupReceivedPairs(pairs: ReadonlyArray<readonly [string, string | null]>): Array<[string, string]> {
  const grouped = new Map<string, string[]>();
  for (const [k, v] of pairs) {
    const list = grouped.get(k);
    if (list) list.push(v ?? '');
    else grouped.set(k, [v ?? '']);
  }
  return [...grouped].map(([k, vs]) => [k, vs.join(',')]);
}

/** Looks a header up by its exact (lower-case) name first, then case-insensitively. */
function receivedHeader(pairs: ReadonlyArray<readonly [string, string]>, name: string): string | undefined {
  const exact = exactHeader(pairs, name);
  if (exact !== undefined) return exact;
  return pairs.find((h) => h[0].toLowerCase() === name)?.[1];
}

/**
 * Verifies an SLS request as a server received it: `LOG ak:sig`, the `date` within the allowed skew,
 * `content-md5` against the body, and the signature over what arrived (header names with their
 * original case, so only lower-case `x-log-`/`x-acs-` names count).
 */
export function verifySls(req: ReceivedRequest, lookup: SecretLookup, options: VerifyOptions = {}): VerificationResult {
  const headers = headerPairs(req);
  const auth = receivedHeader(headers, 'authorization');
  if (auth === undefined) return { ok: false, reason: 'MissingSignature', message: 'no Authorization header' };
  const m = /^LOG ([^:\s]+):(\S+)$/.exec(auth.trim());
  if (!m) {
    return {
      ok: false,
      reason: 'InvalidAuthorization',
      message: 'Authorization must be "LOG <AccessKeyId>:<Signature>"',
    };
  }
  const accessKeyId = m[1] as string;
  const given = m[2] as string;
  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    return { ok: false, reason: 'InvalidAccessKeyId', message: `unknown access key id ${accessKeyId}`, accessKeyId };
  }

  const date = receivedHeader(headers, 'date');
  const when = date === undefined ? undefined : parseSigningDate(date);
  const now = (options.now ?? (() => new Date()))();
  const maxSkew = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (!when || Math.abs(when.getTime() - now.getTime()) > maxSkew) {
    return {
      ok: false,
      reason: 'RequestTimeTooSkewed',
      message: date === undefined ? 'no date header' : `date ${date} is too far from the server time`,
      accessKeyId,
    };
  }

  const contentMd5 = receivedHeader(headers, 'content-md5');
  if (contentMd5 !== undefined && contentMd5.toUpperCase() !== md5HexUpper(req.body ?? new Uint8Array(0))) {
    return { ok: false, reason: 'ContentDigestMismatch', message: 'content-md5 does not match the body', accessKeyId };
  }

  const { rawPath, rawQuery } = splitTarget(req.url);
  const stringToSign = slsStringToSign({
    method: req.method,
    contentMd5: contentMd5 ?? '',
    contentType: receivedHeader(headers, 'content-type') ?? '',
    date: date ?? '',
    canonicalizedHeaders: slsCanonicalizedHeaders(headers),
    canonicalizedResource: slsCanonicalizedResource(
      percentDecode(rawPath),
      groupReceivedPairs(parseQueryPairs(rawQuery, true)),
    ),
  });
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
  const securityToken = receivedHeader(headers, 'x-acs-security-token');
  return { ok: true, accessKeyId, securityToken, stringToSign };
}
