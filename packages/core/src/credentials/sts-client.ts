import { randomUUID } from 'node:crypto';
import { stsEndpoint } from '../endpoints/product-endpoints';
import { REGION_ID_PATTERN } from '../endpoints/resolve-endpoint';
import { createSdkError, sdkErrorCodes } from '../errors/codes';
import type { ErrorResponse } from '../errors/error-response';
import { parsePopError } from '../errors/parse-pop';
import { SdkError } from '../errors/sdk-error';
import { createHttpClient, type HttpClient } from '../http/http-client';
import type { HttpResponse } from '../http/http-response';
import type { RetryOptions } from '../http/retry-policy';
import { checkRequestUrl } from '../http/url-guard';
import type { Logger } from '../logging/logger';
import { registerSecret } from '../logging/redact';
import { percentEncode } from '../signing/encoding';
import { signPopRpc } from '../signing/pop-rpc';
import { formatIsoSeconds } from '../signing/time';
import { type EnvRecord, envFlag, envOf, envValue } from './env-vars';
import type { Credentials } from './types';

/** The STS API version. */
export const STS_API_VERSION = '2015-04-01';
/** The default per-attempt limit of STS calls: the official SDK's read timeout (10 s; its connect timeout is 5 s). */
export const DEFAULT_STS_TIMEOUT_MS = 10_000;

/** Where STS is and how to reach it. */
export interface StsClientOptions {
  /**
   * The STS endpoint: a URL (`https://sts.cn-shanghai.aliyuncs.com`, an emulator's
   * `http://127.0.0.1:<port>`) or a bare host, which means `https`. Plain `http:` is allowed to
   * loopback hosts only.
   * @defaultValue derived from `region` and `enableVpc`: `sts[-vpc].<region>.aliyuncs.com`, or `sts.aliyuncs.com` without a region
   */
  endpoint?: string | URL | undefined;
  /** The STS region. @defaultValue `ALIBABA_CLOUD_STS_REGION`, else none (the central endpoint) */
  region?: string | undefined;
  /** Use the VPC endpoint of `region` (ignored without a region, as the official SDK does). @defaultValue `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED === 'true'` */
  enableVpc?: boolean | undefined;
  /** The environment `region` and `enableVpc` default from. @defaultValue `process.env` */
  env?: EnvRecord | undefined;
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Limit for each attempt, in milliseconds. @defaultValue 10_000 */
  timeoutMs?: number | undefined;
  /** Retry settings (AssumeRole is safe to repeat). @defaultValue 3 attempts, see `RetryOptions` */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per attempt, secrets removed. @defaultValue silent */
  logger?: Logger | undefined;
  /** The clock requests are signed with. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
}

/** Per-call options of the STS functions. */
export interface StsCallOptions {
  /** Stops the call; it rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
  /** Limit for each attempt of this call. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** The temporary credentials STS issued. */
export interface StsCredentials {
  /** The temporary AccessKey ID (starts with `STS.`). */
  accessKeyId: string;
  /** The temporary AccessKey secret; registered with the redactor, so it never shows up in logs or errors. */
  accessKeySecret: string;
  /** The security token that must accompany every request signed with these credentials; redacted like the secret. */
  securityToken: string;
  /** When the credentials stop working (STS `Credentials.Expiration`, UTC). */
  expiration: Date;
}

/** What AssumeRole and AssumeRoleWithOIDC return. */
export interface AssumedRole {
  /** The role session's temporary credentials. */
  credentials: StsCredentials;
  /** The role session: `arn` (`acs:ram::<account>:role/<role>/<session>`) and `assumedRoleId` (`<roleId>:<session>`). */
  assumedRoleUser: {
    /** The session's ARN, `acs:ram::<account>:role/<role>/<session>`; empty when STS sent none. */
    arn: string;
    /** The session's id, `<roleId>:<session>`; empty when STS sent none. */
    assumedRoleId: string;
  };
  /** STS's request id; `undefined` when the response carried none. */
  requestId: string | undefined;
}

/** Input of {@link assumeRole}. */
export interface AssumeRoleInput {
  /** The caller's credentials, which sign the request; their `source` is sent as `x-acs-credentials-provider`. */
  credentials: Credentials;
  /** The role to assume, `acs:ram::<account>:role/<name>`. */
  roleArn: string;
  /** Names the session (2–64 of `A-Z a-z 0-9 . @ - _`); it shows in audit logs. */
  roleSessionName: string;
  /** Session length in seconds, from 900 to the role's maximum. @defaultValue 3600 */
  durationSeconds?: number | undefined;
  /** A policy that further limits the session's permissions (JSON text). @defaultValue none */
  policy?: string | undefined;
  /** The external id the role's trust policy asks for. @defaultValue none */
  externalId?: string | undefined;
}

/** Input of {@link assumeRoleWithOidc}. */
export interface AssumeRoleWithOidcInput {
  /** The OIDC identity provider, `acs:ram::<account>:oidc-provider/<name>`. */
  oidcProviderArn: string;
  /** The OIDC token (a JWT) issued by the identity provider. */
  oidcToken: string;
  /** The role to assume. */
  roleArn: string;
  /** Names the session. @defaultValue none: STS picks one */
  roleSessionName?: string | undefined;
  /** Session length in seconds. @defaultValue 3600 */
  durationSeconds?: number | undefined;
  /** A policy that further limits the session's permissions. @defaultValue none */
  policy?: string | undefined;
}

/** Who a set of credentials belongs to (GetCallerIdentity). */
export interface CallerIdentity {
  /** The Alibaba Cloud account (UID) the credentials belong to (`AccountId`). */
  accountId: string;
  /**
   * The caller's ARN (`Arn`): `acs:ram::<account>:root`, `acs:ram::<account>:user/<name>` or
   * `acs:ram::<account>:assumed-role/<role>/<session>`.
   */
  arn: string;
  /** `Account`, `RAMUser` or `AssumedRoleUser`. */
  identityType: string;
  /** The caller's principal id (`PrincipalId`); empty when STS sent none. */
  principalId: string;
  /** The user id (`UserId`), sent for an account or a RAM user; `undefined` when STS sent none. */
  userId: string | undefined;
  /** The role id (`RoleId`), sent for a role session; `undefined` otherwise. */
  roleId: string | undefined;
  /** STS's request id; `undefined` when the response carried none. */
  requestId: string | undefined;
}

/** An STS client bound to one endpoint and one HTTP client (so a learnt clock offset is kept). */
export interface StsClient {
  /** The endpoint URL calls go to. */
  readonly endpoint: string;
  assumeRole(input: AssumeRoleInput, options?: StsCallOptions): Promise<AssumedRole>;
  assumeRoleWithOidc(input: AssumeRoleWithOidcInput, options?: StsCallOptions): Promise<AssumedRole>;
  getCallerIdentity(credentials: Credentials, options?: StsCallOptions): Promise<CallerIdentity>;
}

/**
 * Creates an {@link StsClient}; used by the STS-based credential providers, which keep one client
 * for their lifetime. Construction does no I/O.
 * @throws TypeError or RangeError for a malformed option or explicit endpoint/region.
 */
export function createStsClient(options: StsClientOptions = {}): StsClient {
  if (typeof options !== 'object' || options === null) throw new TypeError('STS options must be an object');
  const endpoint = resolveStsEndpoint(options);
  const http = createHttpClient({
    fetch: options.fetch,
    retry: options.retry,
    logger: options.logger,
    now: options.now,
    timeoutMs: options.timeoutMs ?? DEFAULT_STS_TIMEOUT_MS,
  });
  return {
    endpoint: endpoint.href.replace(/\/$/, ''),
    assumeRole: (input, call) => callAssumeRole(http, endpoint, input, call),
    assumeRoleWithOidc: (input, call) => callAssumeRoleWithOidc(http, endpoint, input, call),
    getCallerIdentity: (credentials, call) => callGetCallerIdentity(http, endpoint, credentials, call),
  };
}

/**
 * Calls STS AssumeRole, signed (POP RPC v1, `POST` form) with `input.credentials`, and returns the
 * role session's temporary credentials (their secret and token are registered with the redactor).
 *
 * @example
 * ```ts
 * const { credentials } = await assumeRole(
 *   { credentials: await fromEnv()(), roleArn: 'acs:ram::123456789012****:role/reader', roleSessionName: 'batch' },
 *   { region: 'cn-hangzhou' },
 * );
 * ```
 * @throws TypeError or RangeError for malformed input, before any I/O.
 * @throws SdkError with STS's code: `InvalidParameter.RoleArn`, `InvalidParameter.RoleSessionName`,
 *   `InvalidParameter.DurationSeconds`, `EntityNotExist.Role` (404), `NoPermission` (403),
 *   `SignatureDoesNotMatch` (wrong secret), `InvalidSecurityToken.Expired`; or `ERR_NETWORK`,
 *   `ERR_TIMEOUT`, `ERR_PARSE`.
 */
export function assumeRole(
  input: AssumeRoleInput,
  options: StsClientOptions & StsCallOptions = {},
): Promise<AssumedRole> {
  return withClient(options, (client, call) => client.assumeRole(input, call));
}

/**
 * Calls STS AssumeRoleWithOIDC (no signature: the OIDC token proves the caller) and returns the
 * role session's temporary credentials.
 * @throws TypeError or RangeError for malformed input, before any I/O.
 * @throws SdkError with STS's code (`AuthenticationFail.OIDCToken.Expired`,
 *   `AuthenticationFail.OIDCToken.Invalid`, `AuthenticationFail.NoPermission`, `EntityNotExist.Role`,
 *   `InvalidParameter.*`), or `ERR_NETWORK`, `ERR_TIMEOUT`, `ERR_PARSE`.
 */
export function assumeRoleWithOidc(
  input: AssumeRoleWithOidcInput,
  options: StsClientOptions & StsCallOptions = {},
): Promise<AssumedRole> {
  return withClient(options, (client, call) => client.assumeRoleWithOidc(input, call));
}

/**
 * Calls STS GetCallerIdentity: which account, user or role session `credentials` belong to.
 * @throws SdkError with STS's code (`InvalidAccessKeyId.NotFound`, `SignatureDoesNotMatch`,
 *   `InvalidSecurityToken.Expired`, ...) or `ERR_NETWORK`, `ERR_TIMEOUT`, `ERR_PARSE`.
 */
export function getCallerIdentity(
  input: { credentials: Credentials },
  options: StsClientOptions & StsCallOptions = {},
): Promise<CallerIdentity> {
  return withClient(options, (client, call) => client.getCallerIdentity(input?.credentials, call));
}

function withClient<T>(
  options: StsClientOptions & StsCallOptions,
  run: (client: StsClient, call: StsCallOptions) => Promise<T>,
): Promise<T> {
  try {
    const client = createStsClient(options);
    return run(client, { signal: options.signal, timeoutMs: options.timeoutMs });
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The STS endpoint for the options: explicit `endpoint`, else `sts[-vpc].<region>.aliyuncs.com`
 * from `region`/`enableVpc` (or their environment variables), else `sts.aliyuncs.com`.
 * @throws TypeError for a malformed endpoint; RangeError for a malformed region.
 */
export function resolveStsEndpoint(options: Pick<StsClientOptions, 'endpoint' | 'region' | 'enableVpc' | 'env'>): URL {
  if (options.endpoint !== undefined) {
    const text = options.endpoint instanceof URL ? options.endpoint.href : options.endpoint;
    if (typeof text !== 'string' || text.trim() === '')
      throw new TypeError('STS endpoint must be a non-empty string or URL');
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
    const url = checkRequestUrl(withScheme, false);
    return new URL(url.origin);
  }
  const env = envOf(options.env);
  const region = options.region ?? envValue(env, 'ALIBABA_CLOUD_STS_REGION');
  if (options.enableVpc !== undefined && typeof options.enableVpc !== 'boolean') {
    throw new TypeError('enableVpc must be a boolean');
  }
  const vpc = options.enableVpc ?? envFlag(env, 'ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED');
  if (region === undefined || region === '') return new URL(stsEndpoint().url);
  if (typeof region !== 'string' || !REGION_ID_PATTERN.test(region)) {
    throw new RangeError(`STS region must be a region id such as 'cn-hangzhou', got ${JSON.stringify(region)}`);
  }
  try {
    return new URL(stsEndpoint({ region, network: vpc ? 'vpc' : 'public' }).url);
  } catch {
    // A region newer than our table: the official SDKs build the host from the region all the same.
    return new URL(`https://sts${vpc ? '-vpc' : ''}.${region}.aliyuncs.com`);
  }
}

async function callAssumeRole(
  http: HttpClient,
  endpoint: URL,
  input: AssumeRoleInput,
  call: StsCallOptions = {},
): Promise<AssumedRole> {
  checkObject(input, 'assumeRole input');
  checkSigningCredentials(input.credentials);
  const params: Record<string, string> = {
    RoleArn: text(input.roleArn, 'roleArn'),
    RoleSessionName: text(input.roleSessionName, 'roleSessionName'),
    DurationSeconds: String(duration(input.durationSeconds)),
  };
  if (input.policy !== undefined) params.Policy = text(input.policy, 'policy');
  if (input.externalId !== undefined) params.ExternalId = text(input.externalId, 'externalId');
  const res = await sendSigned(http, endpoint, 'AssumeRole', params, input.credentials, call);
  return assumedRoleFrom(res, 'AssumeRole');
}

async function callAssumeRoleWithOidc(
  http: HttpClient,
  endpoint: URL,
  input: AssumeRoleWithOidcInput,
  call: StsCallOptions = {},
): Promise<AssumedRole> {
  checkObject(input, 'assumeRoleWithOidc input');
  const token = text(input.oidcToken, 'oidcToken');
  // The OIDC token is a bearer secret: keep it out of logs and error messages.
  registerSecret(token);
  const body: Array<[string, string]> = [
    ['OIDCProviderArn', text(input.oidcProviderArn, 'oidcProviderArn')],
    ['OIDCToken', token],
    ['RoleArn', text(input.roleArn, 'roleArn')],
  ];
  if (input.policy !== undefined) body.push(['Policy', text(input.policy, 'policy')]);
  if (input.roleSessionName !== undefined)
    body.push(['RoleSessionName', text(input.roleSessionName, 'roleSessionName')]);
  body.push(['DurationSeconds', String(duration(input.durationSeconds))]);
  checkCall(call);
  const res = await http.send({
    service: 'sts',
    operation: 'AssumeRoleWithOIDC',
    method: 'POST',
    url: endpoint,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form(body),
    idempotent: true,
    signal: call.signal,
    timeoutMs: call.timeoutMs,
    // Anonymous: only the timestamp changes from one attempt to the next.
    sign: (req, { now }) => ({ ...req, url: `${endpoint.origin}/?${form(commonQuery('AssumeRoleWithOIDC', now))}` }),
  });
  return assumedRoleFrom(res, 'AssumeRoleWithOIDC');
}

async function callGetCallerIdentity(
  http: HttpClient,
  endpoint: URL,
  credentials: Credentials,
  call: StsCallOptions = {},
): Promise<CallerIdentity> {
  checkSigningCredentials(credentials);
  const res = await sendSigned(http, endpoint, 'GetCallerIdentity', {}, credentials, call);
  const doc = jsonObject(res, 'GetCallerIdentity');
  const field = (name: string) => (typeof doc[name] === 'string' ? (doc[name] as string) : undefined);
  const accountId = field('AccountId');
  const arn = field('Arn');
  if (accountId === undefined || arn === undefined)
    throw malformed(res, 'GetCallerIdentity', 'it has no AccountId or Arn');
  return {
    accountId,
    arn,
    identityType: field('IdentityType') ?? '',
    principalId: field('PrincipalId') ?? '',
    userId: field('UserId'),
    roleId: field('RoleId'),
    requestId: field('RequestId') ?? res.requestId,
  };
}

/** Sends one STS action signed with POP RPC v1, every parameter in the form body (as pop-core does). */
async function sendSigned(
  http: HttpClient,
  endpoint: URL,
  action: string,
  params: Record<string, string>,
  credentials: Credentials,
  call: StsCallOptions,
): Promise<HttpResponse> {
  checkCall(call);
  // The string to sign of the latest attempt, to tell a wrong secret from a wrong canonicalisation.
  let stringToSign: string | undefined;
  return http.send({
    service: 'sts',
    operation: action,
    method: 'POST',
    url: endpoint,
    idempotent: true,
    signal: call.signal,
    timeoutMs: call.timeoutMs,
    sign: (req, { now }) => {
      const signed = signPopRpc({
        method: 'POST',
        host: endpoint.host,
        protocol: endpoint.protocol === 'http:' ? 'http' : 'https',
        action,
        version: STS_API_VERSION,
        params,
        credentials,
        date: now,
        nonce: randomUUID(),
        transport: 'form',
        formatParams: false,
      });
      stringToSign = signed.stringToSign;
      const headers = { ...req.headers, ...signed.headers };
      if (credentials.source) headers['x-acs-credentials-provider'] = credentials.source;
      return { method: 'POST', url: signed.url, headers, body: signed.body };
    },
    parseError: (response) => explainSignatureMismatch(parsePopError(response), response, stringToSign),
  });
}

/**
 * STS quotes its string to sign on `SignatureDoesNotMatch`. When it equals ours, the request was
 * canonicalised right and only the secret can be wrong: say so (the official SDK does the same).
 */
function explainSignatureMismatch(error: SdkError, response: ErrorResponse, ours: string | undefined): SdkError {
  if (error.code !== 'SignatureDoesNotMatch' || ours === undefined) return error;
  let message: unknown;
  try {
    const body = typeof response.body === 'string' ? response.body : new TextDecoder().decode(response.body);
    message = (JSON.parse(body) as Record<string, unknown>).Message;
  } catch {
    return error;
  }
  const marker = 'server string to sign is:';
  if (typeof message !== 'string' || !message.includes(marker)) return error;
  if (message.slice(message.indexOf(marker) + marker.length).trim() !== ours) return error;
  return new SdkError({
    code: error.code,
    service: error.service,
    operation: error.operation,
    status: error.status,
    requestId: error.requestId,
    retryable: false,
    details: { ...error.details, wrongKey: true },
    serviceMessage:
      'the AccessKeySecret is wrong for this AccessKeyId (STS computed the same string to sign, so the secret is what differs)',
  });
}

function commonQuery(action: string, now: Date): Array<[string, string]> {
  return [
    ['Version', STS_API_VERSION],
    ['Action', action],
    ['Format', 'JSON'],
    ['Timestamp', formatIsoSeconds(now)],
  ];
}

function form(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`).join('&');
}

function assumedRoleFrom(res: HttpResponse, operation: string): AssumedRole {
  const doc = jsonObject(res, operation);
  const creds = doc.Credentials;
  if (typeof creds !== 'object' || creds === null) throw malformed(res, operation, 'it has no Credentials');
  const c = creds as Record<string, unknown>;
  const accessKeyId = c.AccessKeyId;
  const accessKeySecret = c.AccessKeySecret;
  const securityToken = c.SecurityToken;
  if (typeof accessKeyId !== 'string' || typeof accessKeySecret !== 'string' || typeof securityToken !== 'string') {
    throw malformed(res, operation, 'its Credentials lack AccessKeyId, AccessKeySecret or SecurityToken');
  }
  if (accessKeyId === '' || accessKeySecret === '' || securityToken === '') {
    throw malformed(res, operation, 'its Credentials have an empty AccessKeyId, AccessKeySecret or SecurityToken');
  }
  registerSecret(accessKeySecret);
  registerSecret(securityToken);
  const expiration = parseExpiration(c.Expiration);
  if (expiration === undefined)
    throw malformed(res, operation, 'its Credentials.Expiration is not an ISO 8601 UTC time');
  const user = (
    typeof doc.AssumedRoleUser === 'object' && doc.AssumedRoleUser !== null ? doc.AssumedRoleUser : {}
  ) as Record<string, unknown>;
  return {
    credentials: { accessKeyId, accessKeySecret, securityToken, expiration },
    assumedRoleUser: {
      arn: typeof user.Arn === 'string' ? user.Arn : '',
      assumedRoleId: typeof user.AssumedRoleId === 'string' ? user.AssumedRoleId : '',
    },
    requestId: typeof doc.RequestId === 'string' ? doc.RequestId : res.requestId,
  };
}

const EXPIRATION = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{3}))?Z$/;

/**
 * Parses an STS-style `Expiration`: `YYYY-MM-DDTHH:MM:SSZ` or with milliseconds, always UTC (the
 * only forms the official SDKs accept); `undefined` for anything else.
 */
export function parseExpiration(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = EXPIRATION.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, ms] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s, Number.isNaN(ms) ? 0 : ms));
  // Reject dates that roll over (2024-02-30).
  return date.getUTCDate() === d && date.getUTCMonth() === (mo as number) - 1 ? date : undefined;
}

function jsonObject(res: HttpResponse, operation: string): Record<string, unknown> {
  const doc = res.json<unknown>();
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw malformed(res, operation, 'it is not a JSON object');
  return doc as Record<string, unknown>;
}

function malformed(res: HttpResponse, operation: string, what: string): SdkError {
  return createSdkError(sdkErrorCodes.ERR_PARSE, {
    service: 'sts',
    operation,
    status: res.status,
    requestId: res.requestId,
    reason: `the response is not what STS sends: ${what}`,
  });
}

function checkObject(value: unknown, what: string): void {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${what} must be an object`);
}

function checkSigningCredentials(credentials: Credentials | undefined): void {
  if (typeof credentials !== 'object' || credentials === null) throw new TypeError('credentials must be an object');
  text(credentials.accessKeyId, 'credentials.accessKeyId');
  text(credentials.accessKeySecret, 'credentials.accessKeySecret');
  if (credentials.securityToken !== undefined && typeof credentials.securityToken !== 'string') {
    throw new TypeError('credentials.securityToken must be a string');
  }
}

function checkCall(call: StsCallOptions): void {
  if (typeof call !== 'object' || call === null) throw new TypeError('call options must be an object');
}

function text(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string`);
  return value;
}

function duration(value: number | undefined): number {
  if (value === undefined) return 3600;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError('durationSeconds must be an integer');
  if (value < 900) throw new RangeError(`durationSeconds must be at least 900 (15 minutes), got ${value}`);
  return value;
}
