import type { RetryOptions } from '../http/retry-policy';
import type { Logger } from '../logging/logger';
import { fromCredentialsUri } from './credentials-uri';
import { fromEcsRamRole } from './ecs-ram-role';
import type { EnvRecord } from './env-vars';
import { credentialsErrorReason, credentialsFailed } from './errors';
import { fromOidc } from './oidc';
import { fromRamRoleArn } from './ram-role-arn';
import type { CredentialProvider, Credentials } from './types';

/**
 * Settings for the network-using providers that the profile readers and `defaultCredentials`
 * build (STS AssumeRole / AssumeRoleWithOIDC, ECS metadata, credentials URI). An endpoint given
 * here wins over what a profile or the environment says, so tests and emulators can stand in.
 */
export interface NetworkCredentialsOptions {
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /**
   * The STS endpoint (a URL, or a host meaning `https`).
   * @defaultValue from the profile, else per the official rules (`sts.aliyuncs.com`, or regional / VPC from `ALIBABA_CLOUD_STS_REGION`)
   */
  stsEndpoint?: string | undefined;
  /** The ECS metadata service. @defaultValue `http://100.100.100.200` */
  metadataEndpoint?: string | undefined;
  /**
   * Limit for each attempt of an STS or credentials-URI request, in ms. (The ECS metadata service
   * keeps its 1 s limit, so that a machine off ECS finds out fast.)
   * @defaultValue 10_000
   */
  timeoutMs?: number | undefined;
  /** Retry settings of STS and credentials-URI requests. @defaultValue 3 attempts, see `RetryOptions` */
  retry?: RetryOptions | undefined;
  /** Receives one debug line per request, secrets removed. @defaultValue silent */
  logger?: Logger | undefined;
  /** The clock STS requests are signed with. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
}

/** What a delegate needs: the environment and the network settings. */
export interface DelegateContext {
  env: EnvRecord;
  network: NetworkCredentialsOptions;
}

/** Fields of an AssumeRole taken from a profile. */
export interface RamRoleArnFields {
  source: CredentialProvider;
  roleArn?: string | undefined;
  roleSessionName?: string | undefined;
  durationSeconds?: number | undefined;
  policy?: string | undefined;
  externalId?: string | undefined;
  stsRegion?: string | undefined;
  stsEndpoint?: string | undefined;
  enableVpc?: boolean | undefined;
}

/** Fields of an AssumeRoleWithOIDC taken from a profile or the environment. */
export interface OidcFields {
  roleArn?: string | undefined;
  oidcProviderArn?: string | undefined;
  oidcTokenFile?: string | undefined;
  roleSessionName?: string | undefined;
  durationSeconds?: number | undefined;
  stsRegion?: string | undefined;
  stsEndpoint?: string | undefined;
  enableVpc?: boolean | undefined;
}

/** AssumeRole with the given source credentials. */
export function delegateRamRoleArn(fields: RamRoleArnFields, context: DelegateContext): CredentialProvider {
  const { fetch, timeoutMs, retry, logger, now, stsEndpoint } = context.network;
  return build('ram_role_arn', () =>
    fromRamRoleArn({
      ...fields,
      stsEndpoint: stsEndpoint ?? fields.stsEndpoint,
      env: context.env,
      fetch,
      timeoutMs,
      retry,
      logger,
      now,
    }),
  );
}

/** AssumeRoleWithOIDC. */
export function delegateOidc(fields: OidcFields, context: DelegateContext): CredentialProvider {
  const { fetch, timeoutMs, retry, logger, now, stsEndpoint } = context.network;
  return build('oidc_role_arn', () =>
    fromOidc({
      ...fields,
      stsEndpoint: stsEndpoint ?? fields.stsEndpoint,
      env: context.env,
      fetch,
      timeoutMs,
      retry,
      logger,
      now,
    }),
  );
}

/** The ECS RAM role of this instance (its credentials ask caches to refresh an hour ahead). */
export function delegateEcsRamRole(
  fields: { roleName?: string | undefined },
  context: DelegateContext,
): CredentialProvider {
  const { fetch, logger, metadataEndpoint } = context.network;
  return build('ecs_ram_role', () =>
    fromEcsRamRole({ ...fields, endpoint: metadataEndpoint, env: context.env, fetch, logger }),
  );
}

/** A credentials URI. */
export function delegateCredentialsUri(fields: { uri: string }, context: DelegateContext): CredentialProvider {
  const { fetch, timeoutMs, retry, logger } = context.network;
  return build('credential_uri', () =>
    fromCredentialsUri({ ...fields, env: context.env, fetch, timeoutMs, retry, logger }),
  );
}

/** The credentials with `<prefix>/` put in front of their source. */
export function withSourcePrefix(credentials: Credentials, prefix: string): Credentials {
  return { ...credentials, source: `${prefix}/${credentials.source}` };
}

/** Builds a delegate; a wrong setting from a file (a `TypeError` of the builder) becomes a configured failure. */
function build(name: string, create: () => CredentialProvider): CredentialProvider {
  try {
    return create();
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) {
      throw credentialsFailed(name, credentialsErrorReason(error), error);
    }
    throw error;
  }
}
