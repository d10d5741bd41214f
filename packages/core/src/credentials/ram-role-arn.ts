import type { RetryOptions } from '../http/retry-policy';
import type { Logger } from '../logging/logger';
import { describeFailure } from './credentials-uri';
import { type EnvRecord, envOf, envValue } from './env-vars';
import { credentialsErrorReason, credentialsFailed } from './errors';
import { createStsClient, type StsClient } from './sts-client';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** The STS settings both STS-based providers share (names as in the official SDK's config). */
export interface StsProviderOptions {
  /**
   * The STS endpoint: a URL (an emulator's `http://127.0.0.1:<port>`) or a bare host (`https`).
   * @defaultValue from `stsRegion`/`enableVpc`: `sts[-vpc].<region>.aliyuncs.com`, else `sts.aliyuncs.com`
   */
  stsEndpoint?: string | URL | undefined;
  /** The STS region. @defaultValue `ALIBABA_CLOUD_STS_REGION` */
  stsRegion?: string | undefined;
  /** Use the VPC STS endpoint of the region. @defaultValue `ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED === 'true'` */
  enableVpc?: boolean | undefined;
  /** The environment the defaults are read from (once, when the provider is created). @defaultValue `process.env` */
  env?: EnvRecord | undefined;
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Limit for each attempt of an STS call, in milliseconds. @defaultValue 10_000 */
  timeoutMs?: number | undefined;
  /** Retry settings of STS calls. @defaultValue 3 attempts, see `RetryOptions` */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per STS attempt. @defaultValue silent */
  logger?: Logger | undefined;
  /** The clock STS requests are signed with. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
}

/** Options of {@link fromRamRoleArn}. */
export interface RamRoleArnOptions extends StsProviderOptions {
  /** The credentials that call AssumeRole: any provider, another `fromRamRoleArn` included (role chaining). */
  source: CredentialProvider;
  /** The role to assume, `acs:ram::<account>:role/<name>`. @defaultValue `ALIBABA_CLOUD_ROLE_ARN` */
  roleArn?: string | undefined;
  /** The session name shown in audit logs. @defaultValue `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `alikit-<epoch ms>` */
  roleSessionName?: string | undefined;
  /** Session length in seconds, from 900 to the role's maximum session duration. @defaultValue 3600 */
  durationSeconds?: number | undefined;
  /** A policy (JSON text) that further limits the session. @defaultValue none */
  policy?: string | undefined;
  /** The external id the role's trust policy asks for. @defaultValue none */
  externalId?: string | undefined;
}

/**
 * Credentials of a RAM role, assumed with STS AssumeRole using the credentials of `source` (any
 * provider, so roles chain: `fromRamRoleArn({ source: fromRamRoleArn({ source: fromEnv(), ... }), ... })`).
 * Each call assumes the role anew; wrap it in `memoize(...)` to cache the session until shortly
 * before it expires. The credentials' `source` is `ram_role_arn/<source's source>`.
 *
 * @example
 * ```ts
 * const credentials = memoize(
 *   fromRamRoleArn({ source: fromEnv(), roleArn: 'acs:ram::123456789012****:role/reader', stsRegion: 'cn-hangzhou' }),
 * );
 * ```
 * @throws TypeError when `source` is not a function or no role ARN is given or set; RangeError for
 *   `durationSeconds` below 900 (all before any I/O).
 * @returns a provider that rejects with `SdkError` `ERR_CREDENTIALS` (configured) whose `cause` is
 *   the source's error or STS's (`InvalidParameter.RoleArn`, `EntityNotExist.Role`,
 *   `SignatureDoesNotMatch`, ...), or with the signal's reason when aborted.
 */
export function fromRamRoleArn(options: RamRoleArnOptions): CredentialProvider {
  if (typeof options !== 'object' || options === null) throw new TypeError('fromRamRoleArn: options must be an object');
  if (typeof options.source !== 'function') {
    throw new TypeError('fromRamRoleArn: source must be a credential provider (the credentials that assume the role)');
  }
  const env = envOf(options.env);
  const roleArn = options.roleArn ?? envValue(env, 'ALIBABA_CLOUD_ROLE_ARN');
  if (typeof roleArn !== 'string' || roleArn === '') {
    throw new TypeError('fromRamRoleArn: roleArn is required (pass roleArn or set ALIBABA_CLOUD_ROLE_ARN)');
  }
  const session = sessionSettings('fromRamRoleArn', options, env);
  checkOptionalText('fromRamRoleArn', 'externalId', options.externalId);
  const sts = lazyStsClient(options, env);
  const { source } = options;

  return async (call?: CredentialProviderCallOptions): Promise<Credentials> => {
    const signal = call?.signal;
    let caller: Credentials;
    try {
      caller = await source({ signal });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw credentialsFailed(
        'ram_role_arn',
        `the source credentials for AssumeRole of ${roleArn} failed: ${credentialsErrorReason(error)}`,
        error,
      );
    }
    const name = `ram_role_arn/${caller.source || 'unknown'}`;
    try {
      const assumed = await sts(name).assumeRole(
        {
          credentials: caller,
          roleArn,
          roleSessionName: session.roleSessionName(),
          durationSeconds: session.durationSeconds,
          policy: session.policy,
          externalId: options.externalId,
        },
        { signal },
      );
      return { ...assumed.credentials, source: name };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw credentialsFailed(name, `AssumeRole of ${roleArn} failed: ${describeFailure(error)}`, error);
    }
  };
}

/** The session settings both STS-based providers take, checked before any I/O. */
export function sessionSettings(
  fn: string,
  options: {
    roleSessionName?: string | undefined;
    durationSeconds?: number | undefined;
    policy?: string | undefined;
    now?: (() => Date) | undefined;
  },
  env: EnvRecord,
): { roleSessionName: () => string; durationSeconds: number; policy: string | undefined } {
  checkOptionalText(fn, 'roleSessionName', options.roleSessionName);
  checkOptionalText(fn, 'policy', options.policy);
  const durationSeconds = options.durationSeconds ?? 3600;
  if (typeof durationSeconds !== 'number' || !Number.isInteger(durationSeconds)) {
    throw new TypeError(`${fn}: durationSeconds must be an integer number of seconds`);
  }
  if (durationSeconds < 900) {
    throw new RangeError(
      `${fn}: durationSeconds must be at least 900 (15 minutes, up to the role's maximum session duration), got ${durationSeconds}`,
    );
  }
  const fixed = options.roleSessionName ?? envValue(env, 'ALIBABA_CLOUD_ROLE_SESSION_NAME');
  return {
    // Like the official `credentials-nodejs-<ms>`: a fresh name per session unless one is set.
    roleSessionName: () => fixed ?? `alikit-${(options.now?.() ?? new Date()).getTime()}`,
    durationSeconds,
    policy: options.policy,
  };
}

/**
 * One STS client per provider (so a clock offset it learns is kept). Wrong options throw at once;
 * an unusable region from the environment is reported by each call instead, as a configured failure.
 */
export function lazyStsClient(options: StsProviderOptions, env: EnvRecord): (source: string) => StsClient {
  const settings = {
    endpoint: options.stsEndpoint,
    region: options.stsRegion,
    enableVpc: options.enableVpc,
    env,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    logger: options.logger,
    now: options.now,
  };
  let client: StsClient | undefined;
  let fromEnv: unknown;
  try {
    client = createStsClient(settings);
  } catch (error) {
    if (options.stsEndpoint !== undefined || options.stsRegion !== undefined) throw error;
    // Throws when the explicit options are at fault; otherwise the environment's region is.
    createStsClient({ ...settings, env: {} });
    fromEnv = error;
  }
  return (source) => {
    if (client) return client;
    throw credentialsFailed(
      source,
      `the STS region from the environment is unusable: ${describeFailure(fromEnv)}`,
      fromEnv,
    );
  };
}

function checkOptionalText(fn: string, name: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'string' || value === '')) {
    throw new TypeError(`${fn}: ${name} must be a non-empty string`);
  }
}
