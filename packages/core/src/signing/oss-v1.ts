/**
 * OSS signature V1 (HMAC-SHA1): the `Authorization: OSS AK:sig` header and presigned URLs with
 * `OSSAccessKeyId`/`Expires`/`Signature`, as ali-oss 6.x signs them and the OSS Go SDK v2
 * documents them (spec: signing.md §5.1–5.3).
 */
import { compareCodeUnits } from './compare';
import { hmacSha1Base64, md5Base64, secretHmacKey, timingSafeEqualString } from './crypto';
import { assertWellFormed, isWellFormedText } from './encoding';
import {
  isOssSignedSubresource,
  mergeOssParams,
  normalizeOssParams,
  normalizeOssSubresources,
  OSS_SIGNED_SUBRESOURCES,
  type OssAddressOptions,
  type OssParamPair,
  type OssParams,
  type OssSubresources,
  ossLowerHeaders,
  ossRequestUrl,
  ossV1CanonicalResource,
  ossWirePairs,
  resolveOssAddress,
} from './oss-common';
import { getHeader, headerPairs, parseQueryPairs, splitTarget } from './received';
import { formatHttpDate, parseSigningDate } from './time';
import type {
  ReceivedRequest,
  SecretLookup,
  SigningCredentials,
  VerificationFailure,
  VerificationResult,
  VerifyOptions,
} from './types';

/**
 * The `x-oss-*` headers as V1 signs them: names lower-cased, values trimmed, sorted by name
 * (code units), each `name:value\n`. Takes lower-cased names.
 */
export function ossV1CanonicalHeaders(headers: ReadonlyMap<string, string>): string {
  return [...headers.keys()]
    .filter((name) => name.startsWith('x-oss-'))
    .sort(compareCodeUnits)
    .map((name) => `${name}:${String(headers.get(name)).trim()}\n`)
    .join('');
}

/** The parts of a V1 string-to-sign. */
export interface OssV1StringToSignParts {
  /** The HTTP method; upper-cased for the first line. */
  method: string;
  /** Headers with lower-cased names (`content-md5`, `content-type`, `x-oss-*` are read). */
  headers: ReadonlyMap<string, string>;
  /** The date line: the `x-oss-date` (or `Date`) header value, or `Expires` for presigned URLs. */
  date: string;
  /** The canonicalized resource ({@link ossV1CanonicalResource}). */
  resource: string;
}

/** `VERB\nContent-MD5\nContent-Type\nDate\n` + canonical `x-oss-*` headers + canonical resource. */
export function ossV1StringToSign(parts: OssV1StringToSignParts): string {
  const h = parts.headers;
  return (
    `${parts.method.toUpperCase()}\n${h.get('content-md5') ?? ''}\n${h.get('content-type') ?? ''}\n${parts.date}\n` +
    ossV1CanonicalHeaders(h) +
    parts.resource
  );
}

/** Base64 HMAC-SHA1 of the string-to-sign under the AccessKeySecret. */
export function ossV1Signature(accessKeySecret: string, stringToSign: string): string {
  return hmacSha1Base64(accessKeySecret, stringToSign);
}

/** Where a V1 request goes and what it names; shared by the header and URL forms. */
export interface OssV1Target {
  /** Host (and port) of the URL, e.g. `examplebucket.oss-cn-hangzhou.aliyuncs.com`. */
  host: string;
  /** Scheme of the returned `url`. @defaultValue `'https'` */
  protocol?: 'https' | 'http' | undefined;
  /** Bucket; part of the signed resource whatever the addressing style. */
  bucket?: string | undefined;
  /** Object key, raw (not encoded); leave out for bucket- and service-level requests. */
  key?: string | undefined;
  /** Put the bucket in the URL path instead of the host name. @defaultValue false */
  pathStyle?: boolean | undefined;
  /** The access key and secret; an STS token goes in `x-oss-security-token` (a presigned URL: `security-token`). */
  credentials: SigningCredentials;
  /** The signing clock. */
  date: Date;
}

/** Everything {@link signOssV1} needs. */
export interface SignOssV1Input extends OssV1Target {
  /** The HTTP method, e.g. `GET` or `PUT`. */
  method: string;
  /** Ordinary query parameters (prefix, marker, max-keys, ...): sent, never signed in V1. */
  query?: OssParams | undefined;
  /**
   * The sub-resources this operation signs (ali-oss `subres`), e.g. `'acl'`, `['uploads']`,
   * `{ partNumber: 1, uploadId }`. Sent after the query. Use {@link isOssSignedSubresource} to
   * pick them out of a query.
   */
  subresources?: OssSubresources | undefined;
  /** Caller headers, sent as named; they replace the defaults of the same name. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Request body; text is sent as UTF-8. Adds `Content-MD5` and `Content-Length`. */
  body?: Uint8Array | string | undefined;
  /** Leave out the `Content-MD5` header ali-oss computes for a body. @defaultValue false */
  disableContentMd5?: boolean | undefined;
}

/** What {@link signOssV1} produced. */
export interface SignOssV1Result {
  /** The exact text the signature covers (for explaining a mismatch). */
  stringToSign: string;
  /** Base64 HMAC-SHA1 signature. */
  signature: string;
  /** `OSS <AccessKeyId>:<signature>`: the `Authorization` header value. */
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

function checkTarget(input: OssV1Target): void {
  requireText(input.host, 'host');
  requireText(input.credentials?.accessKeyId, 'credentials.accessKeyId');
  requireText(input.credentials?.accessKeySecret, 'credentials.accessKeySecret');
  if (input.bucket !== undefined) requireText(input.bucket, 'bucket');
  if (input.key !== undefined && typeof input.key !== 'string') throw new TypeError('key must be a string');
  if (input.key) assertWellFormed(input.key, 'key');
  if (!(input.date instanceof Date) || Number.isNaN(input.date.getTime())) {
    throw new RangeError('date must be a valid Date');
  }
}

/** Headers with lower-cased names; of two spellings of one name the later wins (as in ali-oss). */
function lowerLastWins(headers: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(headers)) out.set(name.toLowerCase(), value);
  return out;
}

function hasHeader(headers: Readonly<Record<string, string>>, name: string): boolean {
  const lower = name.toLowerCase();
  return Object.keys(headers).some((k) => k.toLowerCase() === lower);
}

/**
 * Adds the headers ali-oss adds before signing: `x-oss-date` (and `extra` such as
 * `x-oss-content-sha256`), `x-oss-security-token`, then the caller's headers on top, then
 * `Content-MD5` and `Content-Length` for a body.
 * @internal shared with the V4 signer
 */
export function ossRequestHeaders(
  dateHeader: string,
  extra: Readonly<Record<string, string>>,
  input: Pick<SignOssV1Input, 'credentials' | 'headers' | 'body' | 'disableContentMd5'>,
): { headers: Record<string, string>; body: Uint8Array | undefined } {
  const headers: Record<string, string> = { 'x-oss-date': dateHeader, ...extra };
  if (input.credentials.securityToken) headers['x-oss-security-token'] = input.credentials.securityToken;
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    if (typeof value !== 'string') throw new TypeError(`header ${name} must have a string value`);
    if (!isWellFormedText(value)) assertWellFormed(value, `header ${name}`);
    headers[name] = value;
  }
  const body = typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : input.body;
  if (body !== undefined) {
    if (!input.disableContentMd5 && !hasHeader(headers, 'content-md5')) headers['Content-MD5'] = md5Base64(body);
    if (!hasHeader(headers, 'content-length')) headers['Content-Length'] = String(body.length);
  }
  return { headers, body };
}

/**
 * Signs an OSS request with V1 in the `Authorization` header, as ali-oss does: `x-oss-date`
 * carries the clock (no `Date` header) and is also the date line; only the given sub-resources
 * are signed. The Content-Type guess from the object name is not made here (see
 * {@link ossDefaultContentType}).
 * @throws TypeError when a required field is missing or text holds a lone surrogate.
 * @throws RangeError when `date` is not a valid date.
 */
export function signOssV1(input: SignOssV1Input): SignOssV1Result {
  checkTarget(input);
  requireText(input.method, 'method');
  const method = input.method.toUpperCase();
  const dateText = formatHttpDate(input.date);
  const { headers } = ossRequestHeaders(dateText, {}, input);
  const subresources = normalizeOssSubresources(input.subresources);
  const lower = lowerLastWins(headers);
  const stringToSign = ossV1StringToSign({
    method,
    headers: lower,
    date: lower.get('x-oss-date') ?? dateText,
    resource: ossV1CanonicalResource(input.bucket, input.key, subresources),
  });
  // ossV1Signature with the credentials' cached key.
  const signature = hmacSha1Base64(secretHmacKey(input.credentials), stringToSign);
  const wire = mergeOssParams(normalizeOssParams(input.query), subresources);
  return {
    stringToSign,
    signature,
    authorization: `OSS ${input.credentials.accessKeyId}:${signature}`,
    headers,
    query: ossWirePairs(wire),
    url: ossRequestUrl(input, wire),
  };
}

/** The upload callback a presigned V1 URL carries (`callback`/`callback-var` sub-resources). */
export interface OssCallbackOptions {
  /** Callback URL(s), `;`-separated; sent through `encodeURI`. */
  url: string;
  /** Body template, e.g. `bucket=${bucket}&object=${object}`. */
  body: string;
  /** `Host` header for the callback request. */
  host?: string | undefined;
  /** `callbackBodyType`, e.g. `application/json`. */
  contentType?: string | undefined;
  /** Whether OSS sends SNI to the callback server. */
  callbackSNI?: boolean | undefined;
  /** Custom variables, sent as `x:<name>`. */
  customValue?: Readonly<Record<string, string>> | undefined;
}

/** Everything {@link presignOssV1} needs (ali-oss `signatureUrl` options, typed). */
export interface PresignOssV1Input extends OssV1Target {
  /** @defaultValue `'GET'` */
  method?: string | undefined;
  /** Lifetime in seconds; `Expires = round(date / 1000) + expiresInSeconds`. @defaultValue 1800 */
  expiresInSeconds?: number | undefined;
  /** Extra sub-resources, signed and put in the URL (ali-oss `subResource`). */
  subresources?: OssParams | undefined;
  /** Image/video processing (`x-oss-process`). */
  process?: string | undefined;
  /** Bandwidth limit in bit/s (`x-oss-traffic-limit`). */
  trafficLimit?: number | undefined;
  /** Response header overrides: `{ 'content-type': 'text/plain' }` → `response-content-type`. */
  response?: Readonly<Record<string, string>> | undefined;
  /** Upload callback for a presigned PUT. */
  callback?: OssCallbackOptions | undefined;
  /**
   * Headers the request will carry that V1 signs (`Content-Type`, `Content-MD5`, `x-oss-*`);
   * they are not put in the URL, so whoever uses it must send them.
   */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** What {@link presignOssV1} produced. */
export interface PresignOssV1Result {
  /** The exact text the signature covers (for explaining a mismatch). */
  stringToSign: string;
  /** Base64 HMAC-SHA1 signature, as in the `Signature` parameter. */
  signature: string;
  /** The `Expires` value (Unix seconds). */
  expires: number;
  /** `OSSAccessKeyId`, `Expires`, `Signature`, then the sub-resources, decoded. */
  query: Array<[string, string]>;
  /** The presigned URL: usable without credentials until `expires`. */
  url: string;
}

function callbackParams(callback: OssCallbackOptions): OssParamPair[] {
  const json: Record<string, string | boolean> = { callbackUrl: encodeURI(callback.url), callbackBody: callback.body };
  if (callback.host) json['callbackHost'] = callback.host;
  if (callback.contentType) json['callbackBodyType'] = callback.contentType;
  if (callback.callbackSNI) json['callbackSNI'] = callback.callbackSNI;
  const out: OssParamPair[] = [['callback', Buffer.from(JSON.stringify(json)).toString('base64')]];
  if (callback.customValue) {
    const vars: Record<string, string> = {};
    for (const [k, v] of Object.entries(callback.customValue)) vars[`x:${k}`] = v;
    out.push(['callback-var', Buffer.from(JSON.stringify(vars)).toString('base64')]);
  }
  return out;
}

/**
 * Builds a V1 presigned URL, as ali-oss `signatureUrl` does: the date line is `Expires`, the
 * options become signed sub-resources (`x-oss-process`, `x-oss-traffic-limit`, `response-*`,
 * `security-token` for STS, `callback`), and signed headers stay out of the URL.
 * @throws TypeError when a required field is missing.
 * @throws RangeError when `date` is invalid or `expiresInSeconds` is not a positive integer.
 */
export function presignOssV1(input: PresignOssV1Input): PresignOssV1Result {
  checkTarget(input);
  const method = (input.method ?? 'GET').toUpperCase();
  const lifetime = input.expiresInSeconds ?? 1800;
  if (!Number.isInteger(lifetime) || lifetime <= 0) throw new RangeError('expiresInSeconds must be a positive integer');
  // ali-oss rounds (not truncates) the clock here (spec: signing.md §1.3 quirk).
  const expires = Math.round(input.date.getTime() / 1000) + lifetime;

  let sub: OssParamPair[] = normalizeOssParams(input.subresources);
  const add: OssParamPair[] = [];
  if (input.process) add.push(['x-oss-process', input.process]);
  if (input.trafficLimit) add.push(['x-oss-traffic-limit', String(input.trafficLimit)]);
  for (const [k, v] of Object.entries(input.response ?? {})) add.push([`response-${k.toLowerCase()}`, v]);
  if (input.credentials.securityToken) add.push(['security-token', input.credentials.securityToken]);
  if (input.callback) add.push(...callbackParams(input.callback));
  sub = mergeOssParams(sub, add);

  const signedHeaders = new Map<string, string>();
  for (const [name, value] of Object.entries(input.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower.startsWith('x-oss-') || lower === 'content-md5' || lower === 'content-type') {
      signedHeaders.set(lower, value);
    }
  }
  const stringToSign = ossV1StringToSign({
    method,
    headers: signedHeaders,
    date: String(expires),
    resource: ossV1CanonicalResource(input.bucket, input.key, sub),
  });
  // ossV1Signature with the credentials' cached key.
  const signature = hmacSha1Base64(secretHmacKey(input.credentials), stringToSign);
  const query: OssParamPair[] = [
    ['OSSAccessKeyId', input.credentials.accessKeyId],
    ['Expires', String(expires)],
    ['Signature', signature],
    ...sub,
  ];
  return { stringToSign, signature, expires, query: ossWirePairs(query), url: ossRequestUrl(input, query, true) };
}

/** Verifier options for OSS requests. */
export interface VerifyOssOptions extends VerifyOptions, OssAddressOptions {
  /**
   * The bucket the request addresses (`null` for service-level requests), when the server has
   * already routed it.
   * @defaultValue read from `Host` and the path ({@link resolveOssAddress})
   */
  bucket?: string | null | undefined;
  /**
   * The decoded object key (`null` for bucket-level requests); used together with `bucket`.
   * @defaultValue read with the bucket
   */
  key?: string | null | undefined;
  /**
   * Sub-resource names the operation signs beyond {@link isOssSignedSubresource} (V1), and that
   * ali-oss sends as names without a value (V4).
   * @defaultValue none
   */
  extraSubresources?: Iterable<string> | undefined;
  /**
   * Replaces the sub-resource rule entirely: exactly the names a particular client signs.
   * @defaultValue the rules {@link verifyOssV1} lists
   */
  isSubresource?: ((name: string) => boolean) | undefined;
}

/**
 * A refused verification with a one-line message (never a secret or the expected signature).
 * @internal shared with the V4 verifier
 */
export function ossFailure(
  reason: VerificationFailure,
  message: string,
  accessKeyId?: string,
  expectedStringToSign?: string,
): VerificationResult {
  return { ok: false, reason, message, accessKeyId, expectedStringToSign };
}

/**
 * The bucket and key a received request names: as routed by the server, or from `Host` and path.
 * @internal shared with the V4 verifier
 */
export function ossAddressOf(req: ReceivedRequest, rawPath: string, options?: VerifyOssOptions) {
  if (options?.bucket !== undefined) {
    return { bucket: options.bucket ?? undefined, key: options.key ?? undefined };
  }
  return resolveOssAddress(getHeader(req, 'host'), rawPath, options);
}

/**
 * Checks a `Content-MD5` header against the received body; `undefined` when it matches or is absent.
 * @internal shared with the V4 verifier
 */
export function ossCheckContentMd5(
  req: ReceivedRequest,
  headers: ReadonlyMap<string, string>,
  accessKeyId: string,
): VerificationResult | undefined {
  const md5 = headers.get('content-md5');
  if (md5 === undefined || req.body === undefined) return undefined;
  if (md5.trim() !== md5Base64(req.body)) {
    return ossFailure(
      'ContentDigestMismatch',
      'The Content-MD5 you specified did not match what we received.',
      accessKeyId,
    );
  }
  return undefined;
}

function skewed(date: Date | undefined, now: Date, maxSkewMs: number): boolean {
  return date === undefined || Math.abs(now.getTime() - date.getTime()) > maxSkewMs;
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Verifies an OSS V1 signature, in the `Authorization` header or in a presigned URL, on a request
 * as a server received it. Which query parameters were signed cannot be seen on the wire, so it
 * tries, in order: {@link isOssSignedSubresource} (plus `extraSubresources`), the documented
 * fixed list plus `x-oss-*`, and every parameter (ali-oss presigns whatever `subResource` holds).
 * The date line is the `Date` header, else `x-oss-date`; a presigned URL must not be past `Expires`.
 */
export function verifyOssV1(
  req: ReceivedRequest,
  lookup: SecretLookup,
  options?: VerifyOssOptions,
): VerificationResult {
  const { rawPath, rawQuery } = splitTarget(req.url);
  const params = parseQueryPairs(rawQuery);
  const auth = getHeader(req, 'authorization')?.trim();
  const paramValue = (name: string) => params.find(([k]) => k === name)?.[1] ?? undefined;

  let accessKeyId: string;
  let signature: string;
  let presigned = false;
  if (auth !== undefined) {
    const m = /^OSS ([^:\s]+):(\S+)$/.exec(auth);
    if (!m) {
      const hint = auth.startsWith('OSS4-') ? ' (this is an OSS V4 signature)' : '';
      return ossFailure('InvalidAuthorization', `The Authorization header is not an OSS V1 signature${hint}.`);
    }
    accessKeyId = m[1] as string;
    signature = m[2] as string;
  } else if (paramValue('OSSAccessKeyId') !== undefined || paramValue('Signature') !== undefined) {
    const ak = paramValue('OSSAccessKeyId');
    const sig = paramValue('Signature');
    if (!ak || !sig || paramValue('Expires') === undefined) {
      return ossFailure('InvalidAuthorization', 'A presigned URL needs OSSAccessKeyId, Expires and Signature.', ak);
    }
    accessKeyId = ak;
    signature = sig;
    presigned = true;
  } else {
    return ossFailure('MissingSignature', 'The request carries no OSS signature.');
  }

  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    return ossFailure(
      'InvalidAccessKeyId',
      'The OSS Access Key Id you provided does not exist in our records.',
      accessKeyId,
    );
  }
  const now = options?.now?.() ?? new Date();
  const maxSkewMs = options?.maxSkewMs ?? 900_000;
  const headers = ossLowerHeaders(headerPairs(req));

  let dates: string[];
  let signedParams: OssParamPair[];
  let securityToken: string | undefined;
  if (presigned) {
    const expires = paramValue('Expires') as string;
    if (!/^\d+$/.test(expires)) return ossFailure('InvalidAuthorization', 'Expires must be Unix seconds.', accessKeyId);
    if (now.getTime() > Number(expires) * 1000) {
      return ossFailure('RequestExpired', 'Request has expired.', accessKeyId);
    }
    dates = [expires];
    signedParams = params.filter(([k]) => k !== 'OSSAccessKeyId' && k !== 'Expires' && k !== 'Signature');
    securityToken = paramValue('security-token') || undefined;
  } else {
    const xOssDate = headers.get('x-oss-date');
    const dateHeader = headers.get('date');
    const clock = xOssDate ?? dateHeader;
    if (skewed(clock === undefined ? undefined : parseSigningDate(clock), now, maxSkewMs)) {
      return ossFailure(
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        accessKeyId,
      );
    }
    dates = unique([dateHeader ?? xOssDate ?? '', xOssDate ?? '']);
    signedParams = params;
    securityToken = headers.get('x-oss-security-token') || undefined;
  }

  const extra = options?.extraSubresources ? [...options.extraSubresources] : [];
  const rules: Array<(name: string) => boolean> = options?.isSubresource
    ? [options.isSubresource]
    : [
        (n) => isOssSignedSubresource(n, extra),
        (n) => OSS_SIGNED_SUBRESOURCES.has(n) || n.startsWith('x-oss-') || extra.includes(n),
        () => true,
      ];
  const { bucket, key } = ossAddressOf(req, rawPath, options);
  const resources = unique(
    rules.map((rule) =>
      ossV1CanonicalResource(
        bucket,
        key,
        signedParams.filter(([k]) => rule(k)),
      ),
    ),
  );
  const method = req.method.toUpperCase();
  let first: string | undefined;
  for (const resource of resources) {
    for (const date of dates) {
      const stringToSign = ossV1StringToSign({ method, headers, date, resource });
      first ??= stringToSign;
      if (timingSafeEqualString(ossV1Signature(secret, stringToSign), signature)) {
        const digest = ossCheckContentMd5(req, headers, accessKeyId);
        if (digest) return digest;
        return { ok: true, accessKeyId, securityToken, stringToSign };
      }
    }
  }
  return ossFailure(
    'SignatureDoesNotMatch',
    'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    accessKeyId,
    first,
  );
}
