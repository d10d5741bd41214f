/**
 * OSS signature V4 (`OSS4-HMAC-SHA256`): the `Authorization` header and presigned URLs with
 * `x-oss-signature*` parameters (spec: signing.md §5.4–5.5).
 *
 * The canonical query follows the documented OSS Go/C# SDK v2 rules by default: parameters
 * sorted by their encoded names in byte order, an empty value written as the bare name. ali-oss
 * sorts the raw names with `localeCompare` and writes an empty string as `name=`; the
 * `'ali-oss'` canonicalization reproduces that, and the verifier accepts both.
 */
import { compareCodeUnits } from './compare';
import { deriveAliyunV4Key, hmacSha256Hex, sha256Hex, timingSafeEqualString } from './crypto';
import { percentEncode, percentEncodePath } from './encoding';
import {
  isOssSignedSubresource,
  mergeOssParams,
  normalizeOssParams,
  normalizeOssSubresources,
  type OssParamPair,
  type OssParams,
  type OssSubresources,
  ossLowerHeaders,
  ossRequestUrl,
  ossWirePairs,
} from './oss-common';
import { ossAddressOf, ossCheckContentMd5, ossFailure, ossRequestHeaders, type VerifyOssOptions } from './oss-v1';
import { getHeader, headerPairs, parseQueryPairs, splitTarget } from './received';
import { formatIsoBasic, formatYmd, parseSigningDate } from './time';
import type { ReceivedRequest, SecretLookup, SigningCredentials, VerificationResult } from './types';

/** The algorithm name in the string-to-sign, the `Authorization` header and presigned URLs. */
export const OSS_V4_ALGORITHM = 'OSS4-HMAC-SHA256';

/** The payload hash OSS V4 clients send: the body is not part of the signature. */
export const OSS_UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/**
 * How the canonical query is written: `'documented'` (OSS Go/C# SDK v2: encoded names sorted
 * by bytes, empty values as the bare name) or `'ali-oss'` (raw names sorted with
 * `localeCompare`, `''` as `name=`, `null` as the bare name, repeated names as `name[i]`).
 */
export type OssV4QueryCanonicalization = 'documented' | 'ali-oss';

const localeCollator = new Intl.Collator('en-US');

/** RFC 3986 encoding of `/` + bucket + `/` + key with `/` kept (the bucket is always there). */
export function ossV4CanonicalUri(bucket: string | undefined, key: string | undefined): string {
  return percentEncodePath(`/${bucket ? `${bucket}/` : ''}${key ?? ''}`);
}

/**
 * The canonical query string: every parameter (sub-resources and ordinary ones alike),
 * RFC 3986-encoded, written and sorted as `mode` says (see {@link OssV4QueryCanonicalization}).
 */
export function ossV4CanonicalQuery(
  params: ReadonlyArray<readonly [string, string | null]>,
  mode: OssV4QueryCanonicalization = 'documented',
): string {
  if (mode === 'documented') {
    return params
      .map(([k, v]) => [percentEncode(k), v === null || v === '' ? null : percentEncode(v)] as const)
      .sort((a, b) => compareCodeUnits(a[0], b[0]) || compareCodeUnits(a[1] ?? '', b[1] ?? ''))
      .map(([k, v]) => (v === null ? k : `${k}=${v}`))
      .join('&');
  }
  // ali-oss hands an object to qs: a repeated name is an array, written with indices.
  const groups = new Map<string, Array<string | null>>();
  for (const [k, v] of params) {
    const values = groups.get(k);
    if (values) values.push(v);
    else groups.set(k, [v]);
  }
  const item = (name: string, value: string | null) =>
    value === null ? percentEncode(name) : `${percentEncode(name)}=${percentEncode(value)}`;
  const out: string[] = [];
  for (const name of [...groups.keys()].sort(localeCollator.compare)) {
    const values = groups.get(name) as Array<string | null>;
    if (values.length === 1) {
      out.push(item(name, values[0] as string | null));
      continue;
    }
    const indices = values.map((_, i) => String(i)).sort(localeCollator.compare);
    for (const i of indices) out.push(item(`${name}[${i}]`, values[Number(i)] as string | null));
  }
  return out.join('&');
}

/**
 * The additional headers as signed: lower-cased, de-duplicated, without the headers V4 always
 * signs (`content-type`, `content-md5`, `x-oss-*`), sorted.
 */
export function ossV4AdditionalHeaders(names: readonly string[] | undefined): string[] {
  if (!names) return [];
  return [...new Set(names.map((n) => n.toLowerCase()))]
    .filter((n) => n !== 'content-type' && n !== 'content-md5' && !n.startsWith('x-oss-'))
    .sort(compareCodeUnits);
}

/** The parts of a V4 canonical request. */
export interface OssV4CanonicalRequestParts {
  /** The HTTP method; upper-cased in the canonical request. */
  method: string;
  /** The bucket; part of the canonical URI whatever the addressing style. */
  bucket?: string | undefined;
  /** The object key, raw (not encoded); leave out for bucket- and service-level requests. */
  key?: string | undefined;
  /** Every query parameter, decoded; `null` is a name without a value. */
  query: ReadonlyArray<readonly [string, string | null]>;
  /** Headers with lower-cased names. */
  headers: ReadonlyMap<string, string>;
  /** Already fixed by {@link ossV4AdditionalHeaders}; each must be among `headers`. */
  additionalHeaders: readonly string[];
  /** @defaultValue `'documented'` */
  queryCanonicalization?: OssV4QueryCanonicalization | undefined;
}

/**
 * `VERB\nURI\nQuery\nCanonicalHeaders\nAdditionalHeaders\nHashedPayload`: the canonical headers
 * are `content-type`, `content-md5`, every `x-oss-*` and the additional ones, sorted, values
 * trimmed; the payload hash is `x-oss-content-sha256` or `UNSIGNED-PAYLOAD`.
 * @throws TypeError when an additional header is missing from `headers`.
 */
export function ossV4CanonicalRequest(parts: OssV4CanonicalRequestParts): string {
  const { headers } = parts;
  const names = new Set<string>();
  for (const name of parts.additionalHeaders) {
    if (!headers.has(name)) throw new TypeError(`additional header ${name} is not among the request headers`);
    names.add(name);
  }
  for (const name of headers.keys()) {
    if (name === 'content-type' || name === 'content-md5' || name.startsWith('x-oss-')) names.add(name);
  }
  const canonicalHeaders = [...names]
    .sort(compareCodeUnits)
    .map((n) => `${n}:${String(headers.get(n)).trim()}\n`)
    .join('');
  return [
    parts.method.toUpperCase(),
    ossV4CanonicalUri(parts.bucket, parts.key),
    ossV4CanonicalQuery(parts.query, parts.queryCanonicalization),
    canonicalHeaders,
    parts.additionalHeaders.join(';'),
    headers.get('x-oss-content-sha256') || OSS_UNSIGNED_PAYLOAD,
  ].join('\n');
}

/** `<yyyymmdd>/<region>/<product>/aliyun_v4_request`. */
export function ossV4Scope(ymd: string, region: string, product: string): string {
  return `${ymd}/${region}/${product}/aliyun_v4_request`;
}

/** `OSS4-HMAC-SHA256\n<x-oss-date>\n<scope>\nhex(SHA-256(canonical request))`. */
export function ossV4StringToSign(isoBasicDate: string, scope: string, canonicalRequest: string): string {
  return `${OSS_V4_ALGORITHM}\n${isoBasicDate}\n${scope}\n${sha256Hex(canonicalRequest)}`;
}

/** Hex HMAC-SHA256 of the string-to-sign under the `aliyun_v4` key derived for the scope. */
export function ossV4Signature(
  accessKeySecret: string,
  ymd: string,
  region: string,
  product: string,
  stringToSign: string,
): string {
  return hmacSha256Hex(deriveAliyunV4Key(accessKeySecret, ymd, region, product), stringToSign);
}

/** Where a V4 request goes, what it names and how it is scoped. */
export interface OssV4Target {
  /** Host (and port) of the URL, e.g. `examplebucket.oss-cn-hangzhou.aliyuncs.com`. */
  host: string;
  /** Scheme of the returned `url`. @defaultValue `'https'` */
  protocol?: 'https' | 'http' | undefined;
  /** Bucket; part of the canonical URI whatever the addressing style. */
  bucket?: string | undefined;
  /** Object key, raw (not encoded). */
  key?: string | undefined;
  /** Put the bucket in the URL path instead of the host name. @defaultValue false */
  pathStyle?: boolean | undefined;
  /** Signing region, e.g. `cn-hangzhou`; a leading `oss-` is removed. Not needed with `cloudBoxId`. */
  region?: string | undefined;
  /** CloudBox id: becomes the signing region, and the product becomes `oss-cloudbox`. */
  cloudBoxId?: string | undefined;
  /** Headers (besides the default-signed ones) to sign; listed in the `Authorization` header. */
  additionalHeaders?: readonly string[] | undefined;
  /** @defaultValue `'documented'` */
  queryCanonicalization?: OssV4QueryCanonicalization | undefined;
  /** The access key and secret; an STS token goes in the `x-oss-security-token` header or URL parameter. */
  credentials: SigningCredentials;
  /** The signing clock. */
  date: Date;
}

/** Everything {@link signOssV4} needs. */
export interface SignOssV4Input extends OssV4Target {
  /** The HTTP method, e.g. `GET` or `PUT`. */
  method: string;
  /** Query parameters; all of them are signed in V4. */
  query?: OssParams | undefined;
  /** Sub-resources (ali-oss `subres`); signed like the query, empty values as bare names. */
  subresources?: OssSubresources | undefined;
  /** Caller headers, sent as named; they replace the defaults of the same name. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Request body; text is sent as UTF-8. Adds `Content-MD5` and `Content-Length`. */
  body?: Uint8Array | string | undefined;
  /** Leave out the `Content-MD5` header ali-oss computes for a body. @defaultValue false */
  disableContentMd5?: boolean | undefined;
}

/** What {@link signOssV4} produced. */
export interface SignOssV4Result {
  /** The canonical request the string-to-sign hashes (for explaining a mismatch). */
  canonicalRequest: string;
  /** The exact text the signature covers (for explaining a mismatch). */
  stringToSign: string;
  /** Hex HMAC-SHA256 signature. */
  signature: string;
  /** `OSS4-HMAC-SHA256 Credential=...,[AdditionalHeaders=...,]Signature=...`. */
  authorization: string;
  /** Every header to send except `Authorization`, names as given. */
  headers: Record<string, string>;
  /** Query pairs in wire order (query, then sub-resources), decoded. */
  query: Array<[string, string]>;
  /** The full request URL. */
  url: string;
}

function requireText(value: unknown, what: string): void {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
}

function scopeOf(input: OssV4Target): { region: string; product: string } {
  if (input.cloudBoxId) return { region: input.cloudBoxId, product: 'oss-cloudbox' };
  requireText(input.region, 'region');
  return { region: (input.region as string).replace(/^oss-/, ''), product: 'oss' };
}

function checkTarget(input: OssV4Target): void {
  requireText(input.host, 'host');
  requireText(input.credentials?.accessKeyId, 'credentials.accessKeyId');
  requireText(input.credentials?.accessKeySecret, 'credentials.accessKeySecret');
  if (input.bucket !== undefined) requireText(input.bucket, 'bucket');
  if (input.key !== undefined && typeof input.key !== 'string') throw new TypeError('key must be a string');
  if (input.key && !input.bucket) throw new TypeError('a key needs a bucket');
  if (!(input.date instanceof Date) || Number.isNaN(input.date.getTime())) {
    throw new RangeError('date must be a valid Date');
  }
  const mode = input.queryCanonicalization;
  if (mode !== undefined && mode !== 'documented' && mode !== 'ali-oss') {
    throw new TypeError("queryCanonicalization must be 'documented' or 'ali-oss'");
  }
}

function lowerLastWins(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) out.set(name.toLowerCase(), value);
  return out;
}

/**
 * Signs an OSS request with V4 in the `Authorization` header, as ali-oss does with
 * `authorizationV4: true`: adds `x-oss-date` (ISO basic) and `x-oss-content-sha256:
 * UNSIGNED-PAYLOAD`, signs the whole query, and lists the additional headers.
 * @throws TypeError when a required field or an additional header is missing.
 * @throws RangeError when `date` is not a valid date.
 */
export function signOssV4(input: SignOssV4Input): SignOssV4Result {
  checkTarget(input);
  requireText(input.method, 'method');
  const { region, product } = scopeOf(input);
  const method = input.method.toUpperCase();
  const { headers } = ossRequestHeaders(
    formatIsoBasic(input.date),
    { 'x-oss-content-sha256': OSS_UNSIGNED_PAYLOAD },
    input,
  );
  const lower = lowerLastWins(headers);
  const isoDate = lower.get('x-oss-date') as string;
  const ymd = isoDate.split('T')[0] as string;
  const additional = ossV4AdditionalHeaders(input.additionalHeaders);
  const query = normalizeOssParams(input.query);
  const subresources = normalizeOssSubresources(input.subresources);
  const wire = mergeOssParams(query, subresources);
  // Same pairs as the wire, listed sub-resources first as ali-oss does (it matters only to
  // names that collate equal); a sub-resource wins over a query parameter of the same name.
  const subNames = new Set(subresources.map(([k]) => k));
  const canonicalRequest = ossV4CanonicalRequest({
    method,
    bucket: input.bucket,
    key: input.key,
    query: [...subresources, ...query.filter(([k]) => !subNames.has(k))],
    headers: lower,
    additionalHeaders: additional,
    queryCanonicalization: input.queryCanonicalization,
  });
  const scope = ossV4Scope(ymd, region, product);
  const stringToSign = ossV4StringToSign(isoDate, scope, canonicalRequest);
  const signature = ossV4Signature(input.credentials.accessKeySecret, ymd, region, product, stringToSign);
  const listed = additional.length > 0 ? `AdditionalHeaders=${additional.join(';')},` : '';
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization: `${OSS_V4_ALGORITHM} Credential=${input.credentials.accessKeyId}/${scope},${listed}Signature=${signature}`,
    headers,
    query: ossWirePairs(wire),
    url: ossRequestUrl(input, wire),
  };
}

/** Everything {@link presignOssV4} needs (ali-oss `signatureUrlV4`, typed). */
export interface PresignOssV4Input extends OssV4Target {
  /** The HTTP method the URL will be used with; it is signed, so another method is refused. */
  method: string;
  /** Lifetime in seconds (`x-oss-expires`). */
  expiresInSeconds: number;
  /** Query parameters to sign and put in the URL. */
  query?: OssParams | undefined;
  /**
   * Headers the request will carry: `Content-Type`, `Content-MD5`, `x-oss-*` and the additional
   * ones are signed. They are not put in the URL, so whoever uses it must send them.
   */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** What {@link presignOssV4} produced. */
export interface PresignOssV4Result {
  /** The canonical request the string-to-sign hashes (for explaining a mismatch). */
  canonicalRequest: string;
  /** The exact text the signature covers (for explaining a mismatch). */
  stringToSign: string;
  /** Hex HMAC-SHA256 signature, as in the `x-oss-signature` parameter. */
  signature: string;
  /** Caller parameters, then the `x-oss-*` signing parameters, then `x-oss-signature`, decoded. */
  query: Array<[string, string]>;
  /** The presigned URL: usable without credentials until `x-oss-date` + `x-oss-expires`. */
  url: string;
}

/**
 * Builds a V4 presigned URL, as ali-oss `signatureUrlV4` does: the signing parameters
 * (`x-oss-additional-headers`, `x-oss-credential`, `x-oss-date`, `x-oss-expires`,
 * `x-oss-signature-version`, `x-oss-security-token`) join the query and are signed with it;
 * `x-oss-signature` comes last.
 * @throws TypeError when a required field or an additional header is missing.
 * @throws RangeError when `date` is invalid or `expiresInSeconds` is not a positive integer.
 */
export function presignOssV4(input: PresignOssV4Input): PresignOssV4Result {
  checkTarget(input);
  requireText(input.method, 'method');
  if (!Number.isInteger(input.expiresInSeconds) || input.expiresInSeconds <= 0) {
    throw new RangeError('expiresInSeconds must be a positive integer');
  }
  const { region, product } = scopeOf(input);
  const isoDate = formatIsoBasic(input.date);
  const ymd = formatYmd(input.date);
  const additional = ossV4AdditionalHeaders(input.additionalHeaders);
  const signing: OssParamPair[] = [];
  if (additional.length > 0) signing.push(['x-oss-additional-headers', additional.join(';')]);
  const scope = ossV4Scope(ymd, region, product);
  signing.push(['x-oss-credential', `${input.credentials.accessKeyId}/${scope}`]);
  signing.push(['x-oss-date', isoDate]);
  signing.push(['x-oss-expires', String(input.expiresInSeconds)]);
  signing.push(['x-oss-signature-version', OSS_V4_ALGORITHM]);
  if (input.credentials.securityToken) signing.push(['x-oss-security-token', input.credentials.securityToken]);
  const query = mergeOssParams(normalizeOssParams(input.query), signing);
  const canonicalRequest = ossV4CanonicalRequest({
    method: input.method,
    bucket: input.bucket,
    key: input.key,
    query,
    headers: lowerLastWins(input.headers ?? {}),
    additionalHeaders: additional,
    queryCanonicalization: input.queryCanonicalization,
  });
  const stringToSign = ossV4StringToSign(isoDate, scope, canonicalRequest);
  const signature = ossV4Signature(input.credentials.accessKeySecret, ymd, region, product, stringToSign);
  const final = mergeOssParams(query, [['x-oss-signature', signature]]);
  return {
    canonicalRequest,
    stringToSign,
    signature,
    query: ossWirePairs(final),
    url: ossRequestUrl(input, final, true),
  };
}

interface ParsedCredential {
  accessKeyId: string;
  ymd: string;
  region: string;
  product: string;
}

function parseCredential(text: string): ParsedCredential | undefined {
  const parts = text.split('/');
  if (parts.length < 5 || parts[parts.length - 1] !== 'aliyun_v4_request') return undefined;
  const [ymd, region, product] = parts.slice(-4, -1) as [string, string, string];
  const accessKeyId = parts.slice(0, -4).join('/');
  if (!accessKeyId || !/^\d{8}$/.test(ymd) || !region || !product) return undefined;
  return { accessKeyId, ymd, region, product };
}

function parseAuthorization(
  auth: string,
): { credential: string; additional: string | undefined; signature: string } | undefined {
  const rest = auth.slice(OSS_V4_ALGORITHM.length).trim();
  const fields = new Map<string, string>();
  for (const part of rest.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signature = fields.get('Signature');
  if (!credential || !signature) return undefined;
  return { credential, additional: fields.get('AdditionalHeaders'), signature };
}

// Above this many empty parameters the verifier only tries the likeliest ali-oss spellings.
const MAX_EMPTY_VARIANTS = 4;

/**
 * The ali-oss readings of a received query: it sends both `null` and `''` as `name=`, but signs
 * the first as `name` and the second as `name=`. Sub-resource-like names (which ali-oss sends
 * as `null`) come first, then every other assignment while there are few empty parameters.
 */
function aliOssQueryVariants(
  params: readonly OssParamPair[],
  isSubresource: (name: string) => boolean,
): OssParamPair[][] {
  const counts = new Map<string, number>();
  for (const [k] of params) counts.set(k, (counts.get(k) ?? 0) + 1);
  const empties = params
    .map(([k, v], i) => ({ k, v, i }))
    .filter(({ k, v }) => (v === '' || v === null) && counts.get(k) === 1)
    .map(({ i }) => i);
  const assign = (bare: (index: number, pos: number) => boolean): OssParamPair[] =>
    params.map(([k, v], i): OssParamPair => {
      const pos = empties.indexOf(i);
      if (pos < 0) return [k, v === null ? '' : v];
      return [k, bare(i, pos) ? null : ''];
    });
  const variants = [assign((i) => isSubresource((params[i] as OssParamPair)[0]))];
  if (empties.length <= MAX_EMPTY_VARIANTS) {
    for (let mask = 0; mask < 1 << empties.length; mask++) variants.push(assign((_, pos) => (mask & (1 << pos)) !== 0));
  } else {
    variants.push(
      assign(() => false),
      assign(() => true),
    );
  }
  return variants;
}

/** Verifier options for OSS V4 requests. */
export interface VerifyOssV4Options extends VerifyOssOptions {
  /**
   * The region the server serves (a leading `oss-` is ignored); a request scoped elsewhere is refused.
   * @defaultValue any region
   */
  region?: string | undefined;
  /**
   * Canonical query forms to accept, tried in order.
   * @defaultValue `['documented', 'ali-oss']`
   */
  queryCanonicalizations?: readonly OssV4QueryCanonicalization[] | undefined;
}

/**
 * Verifies an OSS V4 signature, in the `Authorization` header (checks `x-oss-date` against the
 * clock) or in a presigned URL (checks `x-oss-date` + `x-oss-expires`), on a request as a server
 * received it. The canonical query is tried in the documented form, then in ali-oss's form.
 */
export function verifyOssV4(
  req: ReceivedRequest,
  lookup: SecretLookup,
  options?: VerifyOssV4Options,
): VerificationResult {
  const { rawPath, rawQuery } = splitTarget(req.url);
  const params = parseQueryPairs(rawQuery);
  const param = (name: string) => params.find(([k]) => k === name)?.[1] ?? undefined;
  const auth = getHeader(req, 'authorization')?.trim();
  const headers = ossLowerHeaders(headerPairs(req));
  const now = options?.now?.() ?? new Date();
  const maxSkewMs = options?.maxSkewMs ?? 900_000;

  let credentialText: string;
  let additionalText: string | undefined;
  let signature: string;
  let isoDate: string | undefined;
  let signedParams: OssParamPair[];
  let presigned = false;
  if (auth !== undefined) {
    const parsed = auth.startsWith(OSS_V4_ALGORITHM) ? parseAuthorization(auth) : undefined;
    if (!parsed) {
      const hint = auth.startsWith('OSS ') ? ' (this is an OSS V1 signature)' : '';
      return ossFailure('InvalidAuthorization', `The Authorization header is not a valid OSS V4 signature${hint}.`);
    }
    credentialText = parsed.credential;
    additionalText = parsed.additional;
    signature = parsed.signature;
    isoDate = headers.get('x-oss-date');
    signedParams = params;
  } else if (param('x-oss-signature-version') !== undefined || param('x-oss-signature') !== undefined) {
    if (param('x-oss-signature-version') !== OSS_V4_ALGORITHM) {
      return ossFailure('InvalidAuthorization', `x-oss-signature-version must be ${OSS_V4_ALGORITHM}.`);
    }
    const cred = param('x-oss-credential');
    const sig = param('x-oss-signature');
    if (!cred || !sig) {
      return ossFailure('InvalidAuthorization', 'A presigned URL needs x-oss-credential and x-oss-signature.');
    }
    credentialText = cred;
    additionalText = param('x-oss-additional-headers');
    signature = sig;
    isoDate = param('x-oss-date');
    signedParams = params.filter(([k]) => k !== 'x-oss-signature');
    presigned = true;
  } else {
    return ossFailure('MissingSignature', 'The request carries no OSS signature.');
  }

  const credential = parseCredential(credentialText);
  if (!credential) {
    return ossFailure(
      'InvalidAuthorization',
      'The credential must be AccessKeyId/date/region/product/aliyun_v4_request.',
    );
  }
  const { accessKeyId, ymd, region, product } = credential;
  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    return ossFailure(
      'InvalidAccessKeyId',
      'The OSS Access Key Id you provided does not exist in our records.',
      accessKeyId,
    );
  }
  if (options?.region !== undefined && region !== options.region.replace(/^oss-/, '')) {
    return ossFailure(
      'InvalidAuthorization',
      `The request is scoped to region ${region}; this endpoint serves ${options.region}.`,
      accessKeyId,
    );
  }
  const date = isoDate && /^\d{8}T\d{6}Z$/.test(isoDate) ? parseSigningDate(isoDate) : undefined;
  if (!date || !isoDate) {
    return ossFailure('RequestTimeTooSkewed', 'x-oss-date is missing or not in yyyyMMddTHHmmssZ form.', accessKeyId);
  }
  if (isoDate.slice(0, 8) !== ymd) {
    return ossFailure('InvalidAuthorization', 'The credential date does not match x-oss-date.', accessKeyId);
  }
  if (presigned) {
    const expires = param('x-oss-expires');
    if (expires === undefined || !/^\d+$/.test(expires)) {
      return ossFailure('InvalidAuthorization', 'x-oss-expires must be a number of seconds.', accessKeyId);
    }
    if (now.getTime() > date.getTime() + Number(expires) * 1000) {
      return ossFailure('RequestExpired', 'Request has expired.', accessKeyId);
    }
    if (date.getTime() - now.getTime() > maxSkewMs) {
      return ossFailure('RequestTimeTooSkewed', 'x-oss-date is too far in the future.', accessKeyId);
    }
  } else if (Math.abs(now.getTime() - date.getTime()) > maxSkewMs) {
    return ossFailure(
      'RequestTimeTooSkewed',
      'The difference between the request time and the current time is too large.',
      accessKeyId,
    );
  }

  const additional = additionalText ? additionalText.split(';').map((h) => h.trim().toLowerCase()) : [];
  const missing = additional.find((h) => !headers.has(h));
  const { bucket, key } = ossAddressOf(req, rawPath, options);
  const method = req.method.toUpperCase();
  const scope = ossV4Scope(ymd, region, product);
  const forms = options?.queryCanonicalizations ?? ['documented', 'ali-oss'];
  const extra = options?.extraSubresources ? [...options.extraSubresources] : [];
  const isSubresource = options?.isSubresource ?? ((name: string) => isOssSignedSubresource(name, extra));
  const candidates: Array<{ mode: OssV4QueryCanonicalization; query: OssParamPair[] }> = [];
  for (const mode of forms) {
    if (mode === 'documented') candidates.push({ mode, query: signedParams });
    else for (const query of aliOssQueryVariants(signedParams, isSubresource)) candidates.push({ mode, query });
  }
  let first: string | undefined;
  const seen = new Set<string>();
  for (const { mode, query } of candidates) {
    const canonicalRequest = ossV4CanonicalRequest({
      method,
      bucket,
      key,
      query,
      headers,
      additionalHeaders: missing ? [] : additional,
      queryCanonicalization: mode,
    });
    if (seen.has(canonicalRequest)) continue;
    seen.add(canonicalRequest);
    const stringToSign = ossV4StringToSign(isoDate, scope, canonicalRequest);
    first ??= stringToSign;
    if (missing) break;
    if (timingSafeEqualString(ossV4Signature(secret, ymd, region, product, stringToSign), signature)) {
      const digest = checkPayload(req, headers, accessKeyId);
      if (digest) return digest;
      const securityToken =
        (presigned ? param('x-oss-security-token') : headers.get('x-oss-security-token')) || undefined;
      return { ok: true, accessKeyId, securityToken, stringToSign };
    }
  }
  return ossFailure(
    'SignatureDoesNotMatch',
    missing
      ? `The additional header ${missing} is signed but was not sent.`
      : 'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    accessKeyId,
    first,
  );
}

function checkPayload(
  req: ReceivedRequest,
  headers: ReadonlyMap<string, string>,
  accessKeyId: string,
): VerificationResult | undefined {
  const md5 = ossCheckContentMd5(req, headers, accessKeyId);
  if (md5) return md5;
  const declared = headers.get('x-oss-content-sha256')?.trim();
  if (declared && declared !== OSS_UNSIGNED_PAYLOAD && req.body !== undefined) {
    if (declared.toLowerCase() !== sha256Hex(req.body)) {
      return ossFailure(
        'ContentDigestMismatch',
        'The x-oss-content-sha256 you specified did not match what we received.',
        accessKeyId,
      );
    }
  }
  return undefined;
}
