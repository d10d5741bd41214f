/**
 * POP RPC signature v1 (HMAC-SHA1), as `@alicloud/pop-core` RPCClient and
 * `@alicloud/openapi-util` getRPCSignature compute it (spec: signing.md §2).
 */
import { sortByName } from './compare';
import { hmacSha1Base64, timingSafeEqualString } from './crypto';
import { percentEncode } from './encoding';
import { getHeader, parseQueryPairs, splitTarget } from './received';
import { formatIsoSeconds, parseSigningDate } from './time';
import type { ReceivedRequest, SecretLookup, SigningCredentials, VerificationResult, VerifyOptions } from './types';

/** Everything {@link signPopRpc} needs: the call, the credentials, and the injected clock and nonce. */
export interface PopRpcSignInput {
  /** HTTP method; upper-cased for the string-to-sign. @defaultValue `'GET'` */
  method?: string | undefined;
  /** Host (and port) the request goes to, e.g. `ecs.aliyuncs.com` or `127.0.0.1:8080`. */
  host: string;
  /** Scheme of the returned `url`. @defaultValue `'https'` */
  protocol?: 'https' | 'http' | undefined;
  /** API name, e.g. `DescribeRegions`. */
  action: string;
  /** API version, e.g. `2014-05-26`. */
  version: string;
  /**
   * API parameters. Arrays and nested objects are flattened by {@link flattenPopParams};
   * `null`/`undefined` values are left out (pop-core would send the text `null`).
   */
  params?: Readonly<Record<string, unknown>> | undefined;
  /** Extra headers to send (not signed: RPC v1 signs parameters only). */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Access key and secret; an STS token travels in the `SecurityToken` parameter. */
  credentials: SigningCredentials;
  /** The signing clock; milliseconds are dropped. */
  date: Date;
  /** `SignatureNonce`, unique per request. */
  nonce: string;
  /** `Format` parameter. @defaultValue `'JSON'` */
  format?: string | undefined;
  /** Upper-case the first character of every top-level parameter name, as pop-core does. @defaultValue true */
  formatParams?: boolean | undefined;
  /** Upper-case the first character of the action name, as pop-core does. @defaultValue true */
  formatAction?: boolean | undefined;
  /**
   * Where the parameters travel: `query` (GET style, signature appended to the URL) or `form`
   * (an `application/x-www-form-urlencoded` body, pop-core's POST).
   * @defaultValue `'form'` when the method is POST, else `'query'`
   */
  transport?: 'query' | 'form' | undefined;
}

/** What {@link signPopRpc} produced: the pieces that were signed and the request to send. */
export interface PopRpcSignResult {
  /** The canonicalized query string (before the outer encoding). */
  canonicalRequest: string;
  /** The exact text the signature covers (for explaining a mismatch). */
  stringToSign: string;
  /** Base64 HMAC-SHA1; also the last `Signature` pair of `query`. */
  signature: string;
  /**
   * Headers to send: `x-acs-action`, `x-acs-version`, then the caller's; with a form body,
   * `content-type: application/x-www-form-urlencoded` replaces any caller content type.
   */
  headers: Record<string, string>;
  /** Every parameter, decoded, in wire order (sorted, `Signature` last), whether it travels in the URL or the body. */
  query: Array<[string, string]>;
  /** The full URL; carries the parameters only with the `query` transport. */
  url: string;
  /** The form body with the `form` transport. */
  body?: string | undefined;
}

/**
 * Flattens API parameters into name/value pairs the way `@alicloud/openapi-util` does (repeat-list
 * style, spec: signing.md §2.3): `K=[a,b]` → `K.1=a`, `K.2=b`; `K=[{A:x}]` → `K.1.A=x`;
 * `K={A:x}` → `K.A=x`; numbers and booleans as text; `null`/`undefined` left out (an array keeps
 * its 1-based positions). A later name replaces an earlier equal one in place, like object keys.
 * @throws TypeError for a value that has no text form (a function or symbol).
 */
export function flattenPopParams(params: Readonly<Record<string, unknown>>): Array<[string, string]> {
  // A null-prototype object keeps the reference's property order and lets `__proto__` be a name.
  const target: Record<string, string> = Object.create(null);
  flattenInto(target, params, '');
  return Object.entries(target);
}

function flattenInto(target: Record<string, string>, value: unknown, name: string): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      flattenInto(target, value[i], name === '' ? `${i + 1}` : `${name}.${i + 1}`);
    }
    return;
  }
  if (typeof value === 'object') {
    for (const key of Object.keys(value)) {
      flattenInto(target, (value as Record<string, unknown>)[key], name === '' ? key : `${name}.${key}`);
    }
    return;
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError(`parameter ${name} must be a string, number, boolean, array or object`);
  }
  target[name] = String(value);
}

/** Upper-cases the first UTF-16 code unit, as pop-core's `firstLetterUpper` does (`ß` becomes `SS`). */
export function upperFirst(name: string): string {
  return name.slice(0, 1).toUpperCase() + name.slice(1);
}

/**
 * The full RPC parameter set before signing: the common parameters (`Action`, `Format`,
 * `Timestamp`, `Version`, `SignatureMethod`, `SignatureVersion`, `SignatureNonce`, `AccessKeyId`,
 * `SecurityToken`) overridden by the flattened API parameters, in insertion order.
 */
export function popRpcParameters(input: PopRpcSignInput): Array<[string, string]> {
  const params = input.params ?? {};
  const formatted: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(params)) {
    formatted[input.formatParams === false ? key : upperFirst(key)] = params[key];
  }
  const all: Record<string, string> = Object.create(null);
  all['Action'] = input.formatAction === false ? input.action : upperFirst(input.action);
  all['Format'] = input.format ?? 'JSON';
  all['Timestamp'] = formatIsoSeconds(input.date);
  all['Version'] = input.version;
  all['SignatureMethod'] = 'HMAC-SHA1';
  all['SignatureVersion'] = '1.0';
  all['SignatureNonce'] = input.nonce;
  all['AccessKeyId'] = input.credentials.accessKeyId;
  if (input.credentials.securityToken) all['SecurityToken'] = input.credentials.securityToken;
  // A given API parameter replaces the common one of the same name even when it flattens to other names.
  for (const key of Object.keys(formatted)) {
    if (formatted[key] !== null && formatted[key] !== undefined) delete all[key];
  }
  for (const [name, value] of flattenPopParams(formatted)) all[name] = value;
  return Object.entries(all);
}

/**
 * What `sortPopRpcParams(popRpcParameters(input))` gives, built in a `Map` rather than in
 * null-prototype objects (which V8 keeps in slow dictionary mode) and sorted by name; the names
 * are unique, so the sort alone fixes the order. `undefined` when a parameter name is `__proto__`
 * (the caller then takes the general path).
 */
function sortedPopRpcParameters(input: PopRpcSignInput): Array<[string, string]> | undefined {
  const params = input.params ?? {};
  const formatted: Record<string, unknown> = {};
  for (const key of Object.keys(params)) {
    const name = input.formatParams === false ? key : upperFirst(key);
    if (name === '__proto__') return undefined;
    formatted[name] = params[key];
  }
  const all = new Map<string, string>();
  all.set('Action', input.formatAction === false ? input.action : upperFirst(input.action));
  all.set('Format', input.format ?? 'JSON');
  all.set('Timestamp', formatIsoSeconds(input.date));
  all.set('Version', input.version);
  all.set('SignatureMethod', 'HMAC-SHA1');
  all.set('SignatureVersion', '1.0');
  all.set('SignatureNonce', input.nonce);
  all.set('AccessKeyId', input.credentials.accessKeyId);
  if (input.credentials.securityToken) all.set('SecurityToken', input.credentials.securityToken);
  for (const key of Object.keys(formatted)) {
    if (formatted[key] !== null && formatted[key] !== undefined) all.delete(key);
  }
  // Flattened names are written in the same order as flattenPopParams writes them, so a later
  // name replaces an earlier equal one exactly as there.
  flattenIntoMap(all, formatted, '');
  return sortByName([...all]);
}

/** {@link flattenInto} writing into a Map. */
function flattenIntoMap(target: Map<string, string>, value: unknown, name: string): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      flattenIntoMap(target, value[i], name === '' ? `${i + 1}` : `${name}.${i + 1}`);
    }
    return;
  }
  if (typeof value === 'object') {
    for (const key of Object.keys(value)) {
      flattenIntoMap(target, (value as Record<string, unknown>)[key], name === '' ? key : `${name}.${key}`);
    }
    return;
  }
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw new TypeError(`parameter ${name} must be a string, number, boolean, array or object`);
  }
  target.set(name, String(value));
}

/** Sorts parameters by the code units of their raw names (stable for repeated names). */
export function sortPopRpcParams(pairs: ReadonlyArray<readonly [string, string]>): Array<[string, string]> {
  return sortByName(pairs.map((p): [string, string] => [p[0], p[1]]));
}

/** `name=value` pairs, both RFC 3986-strict encoded, joined with `&`, in the order given (sort first). */
export function canonicalizePopRpcParams(sorted: ReadonlyArray<readonly [string, string]>): string {
  let out = '';
  for (let i = 0; i < sorted.length; i++) {
    const [k, v] = sorted[i] as readonly [string, string];
    out += i === 0 ? `${percentEncode(k)}=${percentEncode(v)}` : `&${percentEncode(k)}=${percentEncode(v)}`;
  }
  return out;
}

/** `METHOD&%2F&` + the canonicalized query string encoded once more. */
export function popRpcStringToSign(method: string, canonicalized: string): string {
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalized)}`;
}

/** Base64 HMAC-SHA1 keyed with the secret followed by `&`. */
export function popRpcSignature(accessKeySecret: string, stringToSign: string): string {
  return hmacSha1Base64(`${accessKeySecret}&`, stringToSign);
}

function requireText(value: unknown, what: string): void {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${what} must be a non-empty string`);
}

function requireDate(value: unknown): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) throw new RangeError('date must be a valid Date');
}

/**
 * Signs a POP RPC request (signature v1, HMAC-SHA1): adds the common parameters, sorts and
 * encodes them, and returns the signature with the URL (GET) or form body (POST) to send.
 * @example
 * const r = signPopRpc({ host: 'ecs.aliyuncs.com', action: 'DescribeRegions', version: '2014-05-26',
 *   credentials, date: new Date(), nonce: randomUUID() });
 * await fetch(r.url, { headers: r.headers });
 * @throws TypeError when a required field is missing or a value holds a lone surrogate.
 * @throws RangeError when `date` is not a valid date.
 */
export function signPopRpc(input: PopRpcSignInput): PopRpcSignResult {
  requireText(input.host, 'host');
  requireText(input.action, 'action');
  requireText(input.version, 'version');
  requireText(input.nonce, 'nonce');
  requireText(input.credentials?.accessKeyId, 'credentials.accessKeyId');
  requireText(input.credentials?.accessKeySecret, 'credentials.accessKeySecret');
  requireDate(input.date);
  const method = (input.method ?? 'GET').toUpperCase();
  const sorted = sortedPopRpcParameters(input) ?? sortPopRpcParams(popRpcParameters(input));
  const canonicalRequest = canonicalizePopRpcParams(sorted);
  const stringToSign = popRpcStringToSign(method, canonicalRequest);
  const signature = popRpcSignature(input.credentials.accessKeySecret, stringToSign);
  const query: Array<[string, string]> = [...sorted, ['Signature', signature]];
  const encoded = `${canonicalRequest}&Signature=${percentEncode(signature)}`;
  const transport = input.transport ?? (method === 'POST' ? 'form' : 'query');
  const origin = `${input.protocol ?? 'https'}://${input.host}`;
  const headers: Record<string, string> = { 'x-acs-action': input.action, 'x-acs-version': input.version };
  Object.assign(headers, input.headers);
  if (transport === 'form') {
    // The parameters (the signature among them) are in the form body: a caller's content type of
    // any spelling would stop the server from reading them, so the form type always wins.
    for (const name of Object.keys(headers)) if (name.toLowerCase() === 'content-type') delete headers[name];
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  if (transport === 'form') {
    return { canonicalRequest, stringToSign, signature, headers, query, url: `${origin}/`, body: encoded };
  }
  return { canonicalRequest, stringToSign, signature, headers, query, url: `${origin}/?${encoded}` };
}

/** @internal Builds a failed {@link VerificationResult}; shared by the POP verifiers. */
export function verificationFailure(
  reason: Extract<VerificationResult, { ok: false }>['reason'],
  message: string,
  extra: { accessKeyId?: string | undefined; expectedStringToSign?: string | undefined } = {},
): VerificationResult {
  return { ok: false, reason, message, ...extra };
}

/** @internal Checks a signing date against the server clock; `undefined` when it is acceptable. */
export function skewProblem(
  text: string | undefined,
  what: string,
  options: VerifyOptions | undefined,
): string | undefined {
  if (text === undefined || text === '') return `the request carries no ${what}`;
  const date = parseSigningDate(text);
  if (!date) return `${what} "${text}" is not a valid date`;
  const now = (options?.now ?? (() => new Date()))().getTime();
  const maxSkewMs = options?.maxSkewMs ?? 900_000;
  if (Math.abs(now - date.getTime()) > maxSkewMs) {
    return `${what} ${text} is more than ${Math.round(maxSkewMs / 1000)} s away from the server clock`;
  }
  return undefined;
}

function isFormBody(req: ReceivedRequest): boolean {
  return getHeader(req, 'content-type')?.toLowerCase().startsWith('application/x-www-form-urlencoded') === true;
}

/**
 * The parameters of a received RPC request, decoded, in wire order: the URL query followed by the
 * form body (when the request has an `application/x-www-form-urlencoded` content type).
 */
export function receivedPopRpcParams(req: ReceivedRequest): Array<[string, string]> {
  const pairs = parseQueryPairs(splitTarget(req.url).rawQuery);
  if (req.body && req.body.length > 0 && isFormBody(req)) {
    pairs.push(...parseQueryPairs(Buffer.from(req.body).toString('utf8')));
  }
  return pairs.map(([k, v]): [string, string] => [k, v ?? '']);
}

/**
 * Verifies a POP RPC v1 signature on a request as a server received it (parameters from the
 * query and from a form body): checks `SignatureMethod`, the `Timestamp` against the server
 * clock, looks up the secret and compares signatures in constant time. Nonce replay is not tracked.
 */
export function verifyPopRpc(req: ReceivedRequest, lookup: SecretLookup, options?: VerifyOptions): VerificationResult {
  const all = receivedPopRpcParams(req);
  const signature = all.find(([k]) => k === 'Signature')?.[1];
  if (signature === undefined || signature === '') {
    return verificationFailure('MissingSignature', 'the request has no Signature parameter');
  }
  const params = all.filter(([k]) => k !== 'Signature');
  const get = (name: string) => params.find(([k]) => k === name)?.[1];
  const accessKeyId = get('AccessKeyId');
  if (!accessKeyId) return verificationFailure('InvalidAuthorization', 'the request has no AccessKeyId parameter');
  const method = get('SignatureMethod');
  if (method !== 'HMAC-SHA1') {
    return verificationFailure(
      'InvalidAuthorization',
      `SignatureMethod must be HMAC-SHA1, got ${JSON.stringify(method ?? null)}`,
      {
        accessKeyId,
      },
    );
  }
  const version = get('SignatureVersion');
  if (version !== undefined && version !== '1.0') {
    return verificationFailure('InvalidAuthorization', `SignatureVersion must be 1.0, got ${JSON.stringify(version)}`, {
      accessKeyId,
    });
  }
  const skew = skewProblem(get('Timestamp'), 'Timestamp', options);
  if (skew) return verificationFailure('RequestTimeTooSkewed', skew, { accessKeyId });
  const secret = lookup(accessKeyId);
  if (secret === undefined) {
    return verificationFailure('InvalidAccessKeyId', `access key id ${accessKeyId} is not known`, { accessKeyId });
  }
  const stringToSign = popRpcStringToSign(req.method, canonicalizePopRpcParams(sortPopRpcParams(params)));
  if (!timingSafeEqualString(popRpcSignature(secret, stringToSign), signature)) {
    return verificationFailure(
      'SignatureDoesNotMatch',
      'the request signature does not match the one computed for it',
      {
        accessKeyId,
        expectedStringToSign: stringToSign,
      },
    );
  }
  return { ok: true, accessKeyId, securityToken: get('SecurityToken') || undefined, stringToSign };
}
