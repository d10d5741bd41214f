import { describeFailure } from './credentials-uri';
import { envOf, envValue } from './env-vars';
import { credentialsFailed, credentialsNotConfigured } from './errors';
import { describeReadError, type ReadTextFile, readTextFile } from './file-source';
import { lazyStsClient, type StsProviderOptions, sessionSettings } from './ram-role-arn';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** The provider name, as the official SDK calls it. */
const SOURCE = 'oidc_role_arn';

/** Options of {@link fromOidc}. */
export interface OidcOptions extends StsProviderOptions {
  /** The role to assume. @defaultValue `ALIBABA_CLOUD_ROLE_ARN` */
  roleArn?: string | undefined;
  /** The OIDC identity provider's ARN. @defaultValue `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` */
  oidcProviderArn?: string | undefined;
  /** The file holding the OIDC token; read again at every fetch, as it is rotated. @defaultValue `ALIBABA_CLOUD_OIDC_TOKEN_FILE` */
  oidcTokenFile?: string | undefined;
  /** The session name shown in audit logs. @defaultValue `ALIBABA_CLOUD_ROLE_SESSION_NAME`, else `alikit-<epoch ms>` */
  roleSessionName?: string | undefined;
  /** Session length in seconds, from 900 to the role's maximum session duration. @defaultValue 3600 */
  durationSeconds?: number | undefined;
  /** A policy (JSON text) that further limits the session. @defaultValue none */
  policy?: string | undefined;
  /** Reads the token file as UTF-8 text. @defaultValue `fs.promises.readFile(path, 'utf8')` */
  readFile?: ReadTextFile | undefined;
}

/**
 * Credentials of a RAM role assumed with an OIDC token (STS AssumeRoleWithOIDC), as RRSA (RAM
 * Roles for Service Accounts, Container Service for Kubernetes) sets up a pod:
 * `ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN` and `ALIBABA_CLOUD_OIDC_TOKEN_FILE`.
 * The token file is read at every fetch, because Kubernetes rotates it. Surrounding whitespace
 * is removed from the token (a JWT has none; the official SDK sends a trailing newline as it is).
 * Source `oidc_role_arn`. Wrap it in `memoize(...)` to cache the session.
 *
 * @example
 * ```ts
 * const credentials = memoize(fromOidc()); // RRSA environment variables
 * ```
 * @throws TypeError or RangeError for a malformed option, before any I/O.
 * @returns a provider that rejects with `SdkError` `ERR_CREDENTIALS`: not configured when the role
 *   ARN, provider ARN or token file is missing; configured (cause attached) when the token file
 *   cannot be read or STS refuses (`AuthenticationFail.OIDCToken.Expired`, `EntityNotExist.Role`, ...).
 */
export function fromOidc(options: OidcOptions = {}): CredentialProvider {
  if (typeof options !== 'object' || options === null) throw new TypeError('fromOidc: options must be an object');
  const env = envOf(options.env);
  const roleArn = options.roleArn ?? envValue(env, 'ALIBABA_CLOUD_ROLE_ARN');
  const oidcProviderArn = options.oidcProviderArn ?? envValue(env, 'ALIBABA_CLOUD_OIDC_PROVIDER_ARN');
  const tokenFile = options.oidcTokenFile ?? envValue(env, 'ALIBABA_CLOUD_OIDC_TOKEN_FILE');
  for (const [name, value] of [
    ['roleArn', options.roleArn],
    ['oidcProviderArn', options.oidcProviderArn],
    ['oidcTokenFile', options.oidcTokenFile],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new TypeError(`fromOidc: ${name} must be a non-empty string`);
    }
  }
  if (options.readFile !== undefined && typeof options.readFile !== 'function') {
    throw new TypeError('fromOidc: readFile must be a function');
  }
  const missing = [
    ['ALIBABA_CLOUD_ROLE_ARN', roleArn],
    ['ALIBABA_CLOUD_OIDC_PROVIDER_ARN', oidcProviderArn],
    ['ALIBABA_CLOUD_OIDC_TOKEN_FILE', tokenFile],
  ]
    .filter(([, value]) => value === undefined)
    .map(([name]) => name);
  if (missing.length > 0) {
    const reason = `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set (RRSA needs all three)`;
    return () => Promise.reject(credentialsNotConfigured(SOURCE, reason));
  }
  const session = sessionSettings('fromOidc', options, env);
  const sts = lazyStsClient(options, env);
  const readFile = options.readFile ?? readTextFile;

  return async (call?: CredentialProviderCallOptions): Promise<Credentials> => {
    const signal = call?.signal;
    let token: string;
    try {
      token = (await readFile(tokenFile as string)).trim();
    } catch (error) {
      throw credentialsFailed(
        SOURCE,
        `cannot read the OIDC token file ${tokenFile}: ${describeReadError(error)}`,
        error,
      );
    }
    if (signal?.aborted) throw signal.reason;
    if (token === '') throw credentialsFailed(SOURCE, `the OIDC token file ${tokenFile} is empty`);
    try {
      const assumed = await sts(SOURCE).assumeRoleWithOidc(
        {
          oidcProviderArn: oidcProviderArn as string,
          oidcToken: token,
          roleArn: roleArn as string,
          roleSessionName: session.roleSessionName(),
          durationSeconds: session.durationSeconds,
          policy: session.policy,
        },
        { signal },
      );
      return { ...assumed.credentials, source: SOURCE };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      throw credentialsFailed(SOURCE, `AssumeRoleWithOIDC of ${roleArn} failed: ${describeFailure(error)}`, error);
    }
  };
}
