import { sdkErrorCodes } from '../errors/codes';
import { isSdkError, type SdkError } from '../errors/sdk-error';
import { createHttpClient, type HttpClient } from '../http/http-client';
import { checkRequestUrl } from '../http/url-guard';
import type { Logger } from '../logging/logger';
import { registerSecret } from '../logging/redact';
import { describeFailure, describeUrl, httpStatusError, parseCredentialsDocument } from './credentials-uri';
import { type EnvRecord, envFlag, envOf, envValue } from './env-vars';
import { credentialsFailed, credentialsNotConfigured } from './errors';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** The provider name, as the official SDK calls it. */
const SOURCE = 'ecs_ram_role';
/** The ECS instance metadata service. */
export const DEFAULT_ECS_METADATA_ENDPOINT = 'http://100.100.100.200';
/** The official connect and read timeouts of the metadata service, 1 s each. */
const DEFAULT_TIMEOUT_MS = 1000;
/** The IMDSv2 token lifetime the official SDK asks for: 6 hours, the most ECS allows. */
const DEFAULT_TOKEN_TTL_SECONDS = 21_600;
/** ECS hands out new role credentials an hour before the old ones expire; fetch then (official prefetch). */
export const ECS_REFRESH_AHEAD_MS = 3_600_000;

const TOKEN_PATH = '/latest/api/token';
const ROLE_PATH = '/latest/meta-data/ram/security-credentials/';
const TOKEN_TTL_HEADER = 'x-aliyun-ecs-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aliyun-ecs-metadata-token';
const SERVICE = 'ecs-metadata';

/** Options of {@link fromEcsRamRole}. */
export interface EcsRamRoleOptions {
  /** The instance's RAM role. @defaultValue `ALIBABA_CLOUD_ECS_METADATA`, else asked from the metadata service at each fetch */
  roleName?: string | undefined;
  /** The metadata service (an emulator's endpoint in tests). @defaultValue `http://100.100.100.200` */
  endpoint?: string | URL | undefined;
  /**
   * Refuse to fall back to IMDSv1 (requests without a token) when no IMDSv2 token can be had.
   * @defaultValue `ALIBABA_CLOUD_IMDSV1_DISABLED === 'true'`
   */
  disableImdsV1?: boolean | undefined;
  /** Limit for each request to the metadata service, in milliseconds. @defaultValue 1000 */
  timeoutMs?: number | undefined;
  /** Lifetime asked for IMDSv2 tokens, 1–21600 seconds. @defaultValue 21600 */
  tokenTtlSeconds?: number | undefined;
  /** The environment the defaults are read from. @defaultValue `process.env` */
  env?: EnvRecord | undefined;
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Receives one debug line per request. @defaultValue silent */
  logger?: Logger | undefined;
}

/** Why a request to the metadata service produced nothing usable. */
type Outcome = { ok: true; body: string } | { ok: false; error: unknown; unreachable: boolean; status?: number };

/**
 * Credentials of the ECS instance's RAM role, from the instance metadata service: an IMDSv2
 * token first (`PUT /latest/api/token`), the role name when none is configured, then the role's
 * temporary credentials (source `ecs_ram_role`). Requests without a token (IMDSv1) are made only
 * when the token cannot be had and IMDSv1 is allowed. Every request is limited to 1 s and the
 * first one is never repeated, so off ECS (or during an outage) the provider fails in about a
 * second instead of hanging.
 *
 * The credentials carry `refreshAheadMs` of one hour, so `memoize(...)` fetches new ones when an
 * hour is left, as the official SDK does (the service rotates them ahead of expiry).
 *
 * Not configured (a chain moves on) when `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`, when the
 * metadata service does not answer and no role name was configured, and when the instance has no
 * RAM role. Otherwise a failure is reported as configured.
 *
 * @example
 * ```ts
 * const credentials = memoize(fromEcsRamRole({ disableImdsV1: true }));
 * ```
 * @throws TypeError or RangeError for a malformed option, before any I/O.
 */
export function fromEcsRamRole(options: EcsRamRoleOptions = {}): CredentialProvider {
  if (typeof options !== 'object' || options === null) throw new TypeError('fromEcsRamRole: options must be an object');
  const env = envOf(options.env);
  if (envFlag(env, 'ALIBABA_CLOUD_ECS_METADATA_DISABLED')) {
    return () =>
      Promise.reject(
        credentialsNotConfigured(SOURCE, 'the ECS metadata service is disabled by ALIBABA_CLOUD_ECS_METADATA_DISABLED'),
      );
  }
  if (options.roleName !== undefined && (typeof options.roleName !== 'string' || options.roleName === '')) {
    throw new TypeError('fromEcsRamRole: roleName must be a non-empty string');
  }
  if (options.disableImdsV1 !== undefined && typeof options.disableImdsV1 !== 'boolean') {
    throw new TypeError('fromEcsRamRole: disableImdsV1 must be a boolean');
  }
  const ttl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > DEFAULT_TOKEN_TTL_SECONDS) {
    throw new RangeError(`fromEcsRamRole: tokenTtlSeconds must be an integer from 1 to 21600, got ${String(ttl)}`);
  }
  const endpointText =
    options.endpoint instanceof URL ? options.endpoint.href : (options.endpoint ?? DEFAULT_ECS_METADATA_ENDPOINT);
  if (typeof endpointText !== 'string') throw new TypeError('fromEcsRamRole: endpoint must be a string or URL');
  // The metadata service is plain http on a link-local address by design; it never leaves the host.
  const base = checkRequestUrl(endpointText, true);
  const configuredRole = options.roleName ?? envValue(env, 'ALIBABA_CLOUD_ECS_METADATA');
  const allowV1 = !(options.disableImdsV1 ?? envFlag(env, 'ALIBABA_CLOUD_IMDSV1_DISABLED'));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const shown = describeUrl(base).replace(/\/$/, '');
  const client = (maxAttempts: number) =>
    createHttpClient({
      fetch: options.fetch,
      logger: options.logger,
      timeoutMs,
      allowInsecureConnection: true,
      retry: { maxAttempts, baseDelayMs: 50, maxDelayMs: 200 },
    });
  // The token request is the probe: it is not repeated, so an unreachable service costs one timeout.
  const probe = client(1);
  const http = client(2);

  const request = async (
    client: HttpClient,
    operation: string,
    method: 'GET' | 'PUT',
    path: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<Outcome> => {
    try {
      const res = await client.send({
        service: SERVICE,
        operation,
        method,
        url: new URL(path, base),
        headers,
        signal,
        parseError: (response) => httpStatusError(SERVICE, operation, response),
      });
      return { ok: true, body: res.text() };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const status = isSdkError(error) ? error.status : undefined;
      return { ok: false, error, unreachable: isUnreachable(error), ...(status === undefined ? {} : { status }) };
    }
  };

  /** GETs a metadata path with the token; without one when that fails and IMDSv1 is allowed (official fallback). */
  const get = async (operation: string, path: string, token: string | undefined, signal: AbortSignal | undefined) => {
    const first = await request(http, operation, 'GET', path, token ? { [TOKEN_HEADER]: token } : {}, signal);
    if (first.ok || !token || !allowV1 || first.unreachable) return first;
    return request(http, operation, 'GET', path, {}, signal);
  };

  return async (call?: CredentialProviderCallOptions): Promise<Credentials> => {
    const signal = call?.signal;
    const tokenResult = await request(
      probe,
      'GetMetadataToken',
      'PUT',
      TOKEN_PATH,
      { [TOKEN_TTL_HEADER]: String(ttl) },
      signal,
    );
    let token: string | undefined;
    if (tokenResult.ok) {
      token = tokenResult.body;
      registerSecret(token);
    } else if (tokenResult.unreachable) {
      const reason = `the ECS metadata service at ${shown} did not answer (${describeFailure(tokenResult.error)})`;
      // Without a configured role this is what "not on ECS" looks like; with one, the user expects ECS.
      if (configuredRole === undefined) {
        throw withCause(credentialsNotConfigured(SOURCE, `${reason}; not running on ECS?`), tokenResult.error);
      }
      throw credentialsFailed(SOURCE, reason, tokenResult.error);
    } else if (!allowV1) {
      throw credentialsFailed(
        SOURCE,
        `the IMDSv2 token request to ${shown} failed (${describeFailure(tokenResult.error)}) and IMDSv1 is disabled`,
        tokenResult.error,
      );
    }

    let roleName = configuredRole;
    if (roleName === undefined) {
      const listing = await get('GetRoleName', ROLE_PATH, token, signal);
      if (!listing.ok) {
        if (listing.status === 404) {
          throw withCause(
            credentialsNotConfigured(SOURCE, `the ECS instance at ${shown} has no RAM role attached`),
            listing.error,
          );
        }
        throw credentialsFailed(
          SOURCE,
          `get role name failed: GET ${shown}${ROLE_PATH}: ${describeFailure(listing.error)}`,
          listing.error,
        );
      }
      roleName = listing.body.trim().split(/\s+/, 1)[0] ?? '';
      if (roleName === '') throw credentialsFailed(SOURCE, `the ECS metadata service at ${shown} named no RAM role`);
    }

    const path = `${ROLE_PATH}${encodeURIComponent(roleName)}`;
    const document = await get('GetRoleCredentials', path, token, signal);
    if (!document.ok) {
      throw credentialsFailed(
        SOURCE,
        `get credentials of RAM role ${roleName} failed: GET ${shown}${path}: ${describeFailure(document.error)}`,
        document.error,
      );
    }
    const credentials = parseCredentialsDocument(document.body, SOURCE, `the credentials of RAM role ${roleName}`);
    return { ...credentials, refreshAheadMs: ECS_REFRESH_AHEAD_MS };
  };
}

/** True when the service never answered: connection refused or reset, DNS, or the attempt timed out. */
function isUnreachable(error: unknown): boolean {
  return isSdkError(error) && (error.code === sdkErrorCodes.ERR_NETWORK || error.code === sdkErrorCodes.ERR_TIMEOUT);
}

/** Keeps the underlying failure on a not-configured error, for whoever inspects it. */
function withCause(error: SdkError, cause: unknown): SdkError {
  if (error.cause === undefined)
    Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}
