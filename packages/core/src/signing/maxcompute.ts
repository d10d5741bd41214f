/**
 * MaxCompute (ODPS) request signature, `Authorization: ODPS …`, legacy and v4 (spec: signing.md §8;
 * reference PyODPS `odps/accounts.py`, `odps/rest.py`). PyODPS canonicalises the request URL with
 * Python's `urllib.parse`, so the few Python behaviours that reach the signature are restated here
 * (`unquote`, `urlparse`, `parse_qsl`) rather than approximated with WHATWG URL parsing.
 */
import { createHash } from 'node:crypto';
import { compareCodePoints } from './compare';
import { deriveAliyunV4Key, hmacSha1Base64, hmacSha256, timingSafeEqualString } from './crypto';
import { assertWellFormed, percentEncode } from './encoding';
import { getHeader, headerPairs } from './received';
import { formatHttpDate, formatYmd, parseSigningDate } from './time';
import type { ReceivedRequest, SecretLookup, SigningCredentials, VerificationResult, VerifyOptions } from './types';

/** The default prefix of the v4 key derivation (`aliyun_v4` + secret, scope terminator `aliyun_v4_request`). */
export const MAXCOMPUTE_V4_PREFIX = 'aliyun_v4';

const DEFAULT_MAX_SKEW_MS = 900_000;

// ---------------------------------------------------------------------------------------------
// Python `urllib.parse` behaviours that PyODPS signs with
// ---------------------------------------------------------------------------------------------

const utf8Replace = new TextDecoder('utf-8', { ignoreBOM: true });

function unquoteAsciiRun(run: string): string {
  const bits = run.split('%');
  const bytes: number[] = [];
  const pushText = (text: string) => {
    for (let i = 0; i < text.length; i++) bytes.push(text.charCodeAt(i));
  };
  pushText(bits[0] as string);
  for (const item of bits.slice(1)) {
    if (/^[0-9A-Fa-f]{2}/.test(item)) {
      bytes.push(Number.parseInt(item.slice(0, 2), 16));
      pushText(item.slice(2));
    } else {
      bytes.push(0x25);
      pushText(item);
    }
  }
  return utf8Replace.decode(Uint8Array.from(bytes));
}

/**
 * Python `urllib.parse.unquote`: `%XX` escapes inside each ASCII run are decoded as UTF-8 with
 * invalid sequences replaced by U+FFFD; malformed escapes and non-ASCII text stay as they are.
 */
export function pythonUnquote(value: string): string {
  if (!value.includes('%')) return value;
  return value.replace(/[\x00-\x7f]+/g, (run) => (run.includes('%') ? unquoteAsciiRun(run) : run));
}

const USES_PARAMS = new Set([
  '',
  'ftp',
  'hdl',
  'prospero',
  'http',
  'imap',
  'https',
  'shttp',
  'rtsp',
  'rtspu',
  'sip',
  'sips',
  'mms',
  'sftp',
  'tel',
]);

/**
 * Python `urllib.parse.urlparse(url, allow_fragments=False)` reduced to what the signature uses: the
 * path (a `;` in the last segment starts "params", which are dropped) and the query (after the first `?`).
 */
export function pythonUrlParse(url: string): { path: string; query: string } {
  let rest = url.replace(/^[\x00-\x20]+/, '').replace(/[\t\r\n]/g, '');
  let scheme = '';
  const colon = rest.indexOf(':');
  if (colon > 0 && /^[A-Za-z][A-Za-z0-9+\-.]*$/.test(rest.slice(0, colon))) {
    scheme = rest.slice(0, colon).toLowerCase();
    rest = rest.slice(colon + 1);
  }
  if (rest.startsWith('//')) {
    let end = rest.length;
    for (const c of '/?#') {
      const at = rest.indexOf(c, 2);
      if (at >= 0) end = Math.min(end, at);
    }
    rest = rest.slice(end);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (USES_PARAMS.has(scheme) && rest.includes(';')) {
    const semi = rest.includes('/') ? rest.indexOf(';', rest.lastIndexOf('/')) : rest.indexOf(';');
    if (semi >= 0) rest = rest.slice(0, semi);
  }
  return { path: rest, query };
}

/**
 * Python `urllib.parse.parse_qsl(query, keep_blank_values=True)`: split on `&`, skip empty pieces,
 * a piece without `=` gets an empty value, `+` becomes a space, then each side is unquoted.
 */
export function pythonParseQsl(query: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const piece of query.split('&')) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    const name = eq < 0 ? piece : piece.slice(0, eq);
    const value = eq < 0 ? '' : piece.slice(eq + 1);
    out.push([pythonUnquote(name.replace(/\+/g, ' ')), pythonUnquote(value.replace(/\+/g, ' '))]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Canonicalisation
// ---------------------------------------------------------------------------------------------

/**
 * The canonical resource of a URL relative to the endpoint: decoded once, split, the query parsed
 * (decoding a second time) into a map where a repeated name keeps its last value, sorted by name in
 * code-point order, `name=value` or the bare `name` for an empty value. Also returns that map, whose
 * `x-odps-*` entries are signed like headers.
 */
export function maxComputeCanonicalResource(relativeUrl: string): {
  /** The canonical resource: the path, then `?` and the sorted parameters when there is a query. */
  resource: string;
  /** The parsed query parameters (a repeated name keeps its last value), decoded. */
  params: Map<string, string>;
} {
  const { path, query } = pythonUrlParse(pythonUnquote(relativeUrl));
  const params = new Map<string, string>();
  if (!query) return { resource: path, params };
  for (const [name, value] of pythonParseQsl(query)) params.set(name, value);
  const names = [...params.keys()].sort(compareCodePoints);
  const rendered = names.map((name) => {
    const value = params.get(name) as string;
    return value === '' ? name : `${name}=${value}`;
  });
  return { resource: `${path}?${rendered.join('&')}`, params };
}

/**
 * The MaxCompute canonical string: METHOD, then for the signed entries sorted by name (`content-md5`,
 * `content-type`, `date`, every `x-odps-*` header and every `x-odps-*` query parameter) the bare
 * value, or `name:value` for `x-odps-*`, then the canonical resource; joined by `\n`, nothing trimmed.
 * `headers` must already carry the `Date` (any case).
 */
export function maxComputeCanonicalString(
  method: string,
  headers: Iterable<readonly [string, string]>,
  relativeUrl: string,
): string {
  const { resource, params } = maxComputeCanonicalResource(relativeUrl);
  const toSign = new Map<string, string>();
  let date = '';
  let haveDate = false;
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    if (lower === 'content-type' || lower === 'content-md5' || lower.startsWith('x-odps-')) toSign.set(lower, value);
    if (lower === 'date' && !haveDate) {
      date = value;
      haveDate = true;
    }
  }
  if (!toSign.has('content-type')) toSign.set('content-type', '');
  if (!toSign.has('content-md5')) toSign.set('content-md5', '');
  toSign.set('date', date);
  for (const [name, value] of params) {
    if (name.startsWith('x-odps-')) toSign.set(name, value);
  }
  const lines = [method];
  for (const name of [...toSign.keys()].sort(compareCodePoints)) {
    const value = toSign.get(name) as string;
    lines.push(name.startsWith('x-odps-') ? `${name}:${value}` : value);
  }
  lines.push(resource);
  return lines.join('\n');
}

/**
 * The region PyODPS reads from a service endpoint host (`service.<region>.<word>.<word>[-inc].com`),
 * with a trailing `-internal`/`-vpc` removed; `undefined` when there is none or it has no `-`.
 */
export function maxComputeRegionFromEndpoint(endpoint: string): string | undefined {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    return undefined;
  }
  const m = /service\.([^.]+)\.([a-z]{4,10})\.[a-z]{6}(|-inc)\.com/i.exec(host);
  if (!m) return undefined;
  let region = m[1] as string;
  for (const suffix of ['-internal', '-vpc']) {
    if (region.endsWith(suffix)) {
      region = region.slice(0, -suffix.length);
      break;
    }
  }
  return region.includes('-') ? region : undefined;
}

/** The v4 signing key: HMAC-SHA256 chain over `prefix + secret` → date → region → `odps` → `prefix_request`. */
export function maxComputeV4Key(
  secret: string,
  ymd: string,
  region: string,
  signaturePrefix = MAXCOMPUTE_V4_PREFIX,
): Buffer {
  if (signaturePrefix === MAXCOMPUTE_V4_PREFIX) return deriveAliyunV4Key(secret, ymd, region, 'odps');
  // A custom prefix also renames the scope terminator, which the shared helper keeps fixed.
  const kDate = hmacSha256(signaturePrefix + secret, ymd);
  return hmacSha256(hmacSha256(hmacSha256(kDate, region), 'odps'), `${signaturePrefix}_request`);
}

// ---------------------------------------------------------------------------------------------
// URL building (what PyODPS + `requests` put on the wire)
// ---------------------------------------------------------------------------------------------

/** A query value: `null` is an action-style parameter sent as the bare name (`?partitions`). */
export type MaxComputeQueryValue = string | number | boolean | null | readonly (string | number | boolean)[];

function quotePlus(value: string): string {
  return percentEncode(value).replace(/%20/g, '+');
}

/**
 * Builds the request URL the way PyODPS does: each path segment `quote_plus`-encoded with `+` → `%20`,
 * action parameters (value `null`) first as bare names, then `name=value` pairs `quote_plus`-encoded.
 * @throws TypeError when a path segment or parameter holds a lone surrogate.
 */
export function buildMaxComputeUrl(
  endpoint: string,
  path: string,
  query?: Readonly<Record<string, MaxComputeQueryValue>>,
): string {
  assertWellFormed(path, 'path');
  const encodedPath = path
    .split('/')
    .map((segment) => percentEncode(segment))
    .join('/');
  const actions: string[] = [];
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === null) actions.push(quotePlus(name));
    else if (Array.isArray(value)) for (const v of value) pairs.push(`${quotePlus(name)}=${quotePlus(String(v))}`);
    else pairs.push(`${quotePlus(name)}=${quotePlus(String(value))}`);
  }
  const all = [...actions, ...pairs];
  return `${endpoint}${encodedPath}${all.length > 0 ? `?${all.join('&')}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Signer
// ---------------------------------------------------------------------------------------------

/** Which Authorization form to produce. `auto` signs v4 when a region is known, legacy otherwise. */
export type MaxComputeSignatureVersion = 'v4' | 'legacy' | 'auto';

/** What a client has when it signs one MaxCompute request. */
export interface MaxComputeSignInput {
  /** HTTP method, upper case. */
  method: string;
  /** Service endpoint including its path, e.g. `https://service.cn-hangzhou.maxcompute.aliyun.com/api`. */
  endpoint: string;
  /** The exact URL to sign and send; it must start with `endpoint`. When absent it is built from `path` and `query`. */
  url?: string | undefined;
  /** Decoded resource path relative to the endpoint, e.g. `/projects/p1/tables`. Used when `url` is absent. */
  path?: string | undefined;
  /** Query parameters in wire order (`null` = action-style bare name). Used when `url` is absent. */
  query?: Readonly<Record<string, MaxComputeQueryValue>> | undefined;
  /** Caller headers (`Content-Type`, `Content-MD5`, `x-odps-*`, `Date`…); names are case-insensitive. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Access key pair; an STS token is sent, unsigned, as `authorization-sts-token`. */
  credentials: SigningCredentials;
  /** The signing clock: the `Date` header when the caller gave none, and the v4 scope date. */
  date: Date;
  /** Authorization form. @defaultValue `'auto'` */
  signatureVersion?: MaxComputeSignatureVersion | undefined;
  /** Region for v4. @defaultValue parsed from the endpoint host */
  region?: string | undefined;
  /** Sent (and signed) as `x-odps-user-agent`. @defaultValue not sent */
  userAgent?: string | undefined;
  /** Prefix of the v4 key derivation and scope terminator. @defaultValue `'aliyun_v4'` */
  signaturePrefix?: string | undefined;
  /**
   * When the STS token was last refreshed; with a security token PyODPS sends it as the informational
   * `x-pyodps-token-timestamp` (seconds, Python float text). @defaultValue not sent
   */
  tokenRefreshTime?: Date | undefined;
}

/** The signed MaxCompute request. */
export interface MaxComputeSignResult {
  /** What was signed, for comparing with a server's expectation. */
  stringToSign: string;
  /** Base64 HMAC-SHA1. */
  signature: string;
  /** Value of the `Authorization` header. */
  authorization: string;
  /** Every header to send, names as sent, except `Authorization` itself (STS headers included). */
  headers: Record<string, string>;
  /** The URL that was signed. */
  url: string;
  /** Which form was produced. */
  signatureVersion: 'v4' | 'legacy';
  /** The v4 region, when v4. */
  region?: string | undefined;
}

/** Header list with `requests.CaseInsensitiveDict` semantics: a case-insensitive match is replaced in place. */
function setHeaderCi(list: Array<[string, string]>, name: string, value: string): void {
  const lower = name.toLowerCase();
  const at = list.findIndex((h) => h[0].toLowerCase() === lower);
  if (at >= 0) list[at] = [name, value];
  else list.push([name, value]);
}

function pythonFloatText(seconds: number): string {
  const text = String(seconds);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/**
 * Signs a MaxCompute request the way PyODPS does: `x-odps-user-agent`, a generated `Date` when absent,
 * the canonical string over the URL relative to the endpoint, then `ODPS ak:sig` (legacy) or
 * `ODPS ak/yyyymmdd/region/odps/aliyun_v4_request:sig` (v4, HMAC-SHA1 under the derived key);
 * the STS token goes in `authorization-sts-token` after signing, unsigned.
 * @throws TypeError when the URL does not start with the endpoint, or v4 is asked for without a region.
 */
export function signMaxCompute(input: MaxComputeSignInput): MaxComputeSignResult {
  const { method, endpoint, credentials } = input;
  if (!method) throw new TypeError('method is required');
  if (!/^https?:\/\//i.test(endpoint)) throw new TypeError('endpoint must be an absolute http(s) URL');
  if (!credentials.accessKeyId || !credentials.accessKeySecret) {
    throw new TypeError('credentials need an accessKeyId and an accessKeySecret');
  }
  const url = input.url ?? buildMaxComputeUrl(endpoint, input.path ?? '', input.query);
  if (!url.startsWith(endpoint)) throw new TypeError('url must start with the endpoint');

  const headers: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(input.headers ?? {})) setHeaderCi(headers, name, String(value));
  if (input.userAgent !== undefined) setHeaderCi(headers, 'x-odps-user-agent', input.userAgent);
  const existingDate = headers.find((h) => h[0].toLowerCase() === 'date')?.[1];
  if (!existingDate) setHeaderCi(headers, 'Date', formatHttpDate(input.date));

  const stringToSign = maxComputeCanonicalString(method, headers, url.slice(endpoint.length));
  const requested = input.signatureVersion ?? 'auto';
  const region = requested === 'legacy' ? undefined : (input.region ?? maxComputeRegionFromEndpoint(endpoint));
  if (requested === 'v4' && !region) throw new TypeError('v4 signing needs a region and none could be found');

  let signature: string;
  let authorization: string;
  if (region) {
    const prefix = input.signaturePrefix ?? MAXCOMPUTE_V4_PREFIX;
    const ymd = formatYmd(input.date);
    signature = hmacSha1Base64(maxComputeV4Key(credentials.accessKeySecret, ymd, region, prefix), stringToSign);
    authorization = `ODPS ${credentials.accessKeyId}/${ymd}/${region}/odps/${prefix}_request:${signature}`;
  } else {
    signature = hmacSha1Base64(credentials.accessKeySecret, stringToSign);
    authorization = `ODPS ${credentials.accessKeyId}:${signature}`;
  }

  if (credentials.securityToken) {
    setHeaderCi(headers, 'authorization-sts-token', credentials.securityToken);
    if (input.tokenRefreshTime) {
      setHeaderCi(headers, 'x-pyodps-token-timestamp', pythonFloatText(input.tokenRefreshTime.getTime() / 1000));
    }
  }
  return {
    stringToSign,
    signature,
    authorization,
    headers: Object.fromEntries(headers),
    url,
    signatureVersion: region ? 'v4' : 'legacy',
    region,
  };
}

// ---------------------------------------------------------------------------------------------
// Verifier
// ---------------------------------------------------------------------------------------------

/** Options of {@link verifyMaxCompute}. */
export interface MaxComputeVerifyOptions extends VerifyOptions {
  /**
   * The endpoint's own path (e.g. `/api` for the service endpoint), removed from the request target
   * before canonicalisation because clients sign the URL relative to the endpoint. @defaultValue `''`
   */
  pathPrefix?: string | undefined;
  /** When set, a v4 credential scope must name this region. @defaultValue any region */
  region?: string | undefined;
  /** Prefix of the v4 key derivation. @defaultValue `'aliyun_v4'` */
  signaturePrefix?: string | undefined;
}

function md5Matches(header: string, body: Uint8Array): boolean {
  const digest = createHash('md5').update(body).digest();
  return header.toLowerCase() === digest.toString('hex') || header === digest.toString('base64');
}

/**
 * Verifies a MaxCompute request as a server received it, accepting both the legacy
 * `ODPS ak:sig` and the v4 `ODPS ak/date/region/odps/aliyun_v4_request:sig` forms: the `Date` within
 * the allowed skew (and the v4 scope date next to it), `Content-MD5` (hex or base64) against a
 * non-empty body, and the signature over what arrived.
 */
export function verifyMaxCompute(
  req: ReceivedRequest,
  lookup: SecretLookup,
  options: MaxComputeVerifyOptions = {},
): VerificationResult {
  const auth = getHeader(req, 'authorization');
  if (auth === undefined) return { ok: false, reason: 'MissingSignature', message: 'no Authorization header' };
  const m = /^ODPS (\S+):(\S+)$/.exec(auth.trim());
  const invalid = (message: string, accessKeyId?: string): VerificationResult => ({
    ok: false,
    reason: 'InvalidAuthorization',
    message,
    accessKeyId,
  });
  if (!m) return invalid('Authorization must be "ODPS <AccessKeyId>:<Signature>" or the v4 form');
  const scope = (m[1] as string).split('/');
  const given = m[2] as string;
  const accessKeyId = scope[0] as string;
  const prefix = options.signaturePrefix ?? MAXCOMPUTE_V4_PREFIX;
  const v4 = scope.length > 1;
  if (v4 && (scope.length !== 5 || scope[3] !== 'odps' || scope[4] !== `${prefix}_request`)) {
    return invalid(`the v4 credential must be <AccessKeyId>/<yyyymmdd>/<region>/odps/${prefix}_request`, accessKeyId);
  }
  if (!accessKeyId) return invalid('the Authorization header names no access key id');
  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    return { ok: false, reason: 'InvalidAccessKeyId', message: `unknown access key id ${accessKeyId}`, accessKeyId };
  }

  const now = (options.now ?? (() => new Date()))().getTime();
  const maxSkew = options.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  const date = getHeader(req, 'date');
  const when = date ? parseSigningDate(date) : undefined;
  if (!when || Math.abs(when.getTime() - now) > maxSkew) {
    return {
      ok: false,
      reason: 'RequestTimeTooSkewed',
      message: date ? `Date ${date} is too far from the server time` : 'no Date header',
      accessKeyId,
    };
  }
  const ymd = scope[1] as string;
  const region = scope[2] as string;
  if (v4) {
    // The scope date comes from the client clock, so it may sit on either side of midnight.
    const allowed = new Set([
      formatYmd(new Date(now - maxSkew)),
      formatYmd(new Date(now)),
      formatYmd(new Date(now + maxSkew)),
    ]);
    if (!/^\d{8}$/.test(ymd) || !allowed.has(ymd)) {
      return {
        ok: false,
        reason: 'RequestTimeTooSkewed',
        message: `credential scope date ${ymd} is not the server date`,
        accessKeyId,
      };
    }
    if (options.region !== undefined && region !== options.region) {
      return invalid(`credential scope region ${region} is not this service's region ${options.region}`, accessKeyId);
    }
  }

  const contentMd5 = getHeader(req, 'content-md5');
  if (contentMd5 && req.body && req.body.byteLength > 0 && !md5Matches(contentMd5, req.body)) {
    return { ok: false, reason: 'ContentDigestMismatch', message: 'Content-MD5 does not match the body', accessKeyId };
  }

  const pathPrefix = options.pathPrefix ?? '';
  const relative = pathPrefix && req.url.startsWith(pathPrefix) ? req.url.slice(pathPrefix.length) : req.url;
  const stringToSign = maxComputeCanonicalString(req.method, headerPairs(req), relative);
  const key = v4 ? maxComputeV4Key(secret, ymd, region, prefix) : secret;
  const expected = hmacSha1Base64(key, stringToSign);
  if (!timingSafeEqualString(expected, given)) {
    return {
      ok: false,
      reason: 'SignatureDoesNotMatch',
      message: 'the signature does not match the string to sign the server computed',
      accessKeyId,
      expectedStringToSign: stringToSign,
    };
  }
  return { ok: true, accessKeyId, securityToken: getHeader(req, 'authorization-sts-token'), stringToSign };
}
