import { isSdkError } from '../errors/sdk-error';
import { type ChainAttempt, type NamedCredentialProvider, resolveChain } from './chain';
import { fromCliProfile } from './cli-profile';
import { fromCredentialsFile } from './credentials-file';
import { detectEcsInstance } from './ecs-detect';
import { fromEnv } from './env';
import { type EnvRecord, envFlag, envOf, envValue } from './env-vars';
import { credentialsNotConfigured } from './errors';
import { checkFileSourceOptions, type FileSourceOptions } from './file-source';
import { type MemoizedCredentialProvider, type MemoizeOptions, memoize } from './memoize';
import {
  type DelegateContext,
  delegateCredentialsUri,
  delegateEcsRamRole,
  delegateOidc,
  type NetworkCredentialsOptions,
} from './profile-delegates';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** The providers of the official default chain, by their official names, in order. */
export const DEFAULT_PROVIDER_NAMES = [
  'env',
  'oidc_role_arn',
  'cli_profile',
  'profile',
  'ecs_ram_role',
  'credential_uri',
] as const;

/** The name of one provider of the default chain. */
export type DefaultProviderName = (typeof DEFAULT_PROVIDER_NAMES)[number];

/** Options of {@link defaultCredentials}. */
export interface DefaultCredentialsOptions extends FileSourceOptions, NetworkCredentialsOptions {
  /** The environment every provider reads. @defaultValue `process.env`, read at each resolution */
  env?: EnvRecord | undefined;
  /**
   * The profile of the CLI configuration and of the credentials file; a file that lacks it passes
   * to the next provider, as with `ALIBABA_CLOUD_PROFILE`.
   * @defaultValue `ALIBABA_CLOUD_PROFILE`, else the CLI's `current` and the INI `default`
   */
  profile?: string | undefined;
  /** Default providers to leave out, by name. @defaultValue none */
  exclude?: readonly DefaultProviderName[] | undefined;
  /**
   * Rearranges the chain: receives the default providers (after `exclude`), in order, and returns
   * the chain to run. Put a custom provider first, last or in between; names appear in the report
   * and in the winning credentials' `source` (`default/<source>`).
   * @defaultValue the default providers as they are
   * @example
   * ```ts
   * defaultCredentials({ providers: (defaults) => [{ name: 'vault', provider: fromVault() }, ...defaults] });
   * ```
   */
  providers?: ((defaults: NamedCredentialProvider[]) => NamedCredentialProvider[]) | undefined;
  /**
   * Decides whether this machine is an ECS instance, when `ALIBABA_CLOUD_ECS_METADATA` does not
   * name a role: only then is the metadata service asked. Pass `() => true` to always ask.
   * @defaultValue reads the firmware vendor (Linux DMI), without network I/O (see `docs/adr/0004-default-credentials.md`)
   */
  isEcsInstance?: (() => boolean | Promise<boolean>) | undefined;
  /** Cache settings. @defaultValue see {@link MemoizeOptions} */
  memoize?: MemoizeOptions | undefined;
}

/** What the last resolution of a {@link defaultCredentials} provider did. */
export interface CredentialsReport {
  /** The provider that returned the credentials; `undefined` when none did. */
  winner: string | undefined;
  /** The winning credentials' source (`default/env`, `default/cli_profile/static_ak`, ...). */
  source: string | undefined;
  /** One entry per provider asked, in order. Providers after the winner (or a failure) were not asked. */
  providers: ChainAttempt[];
  /** Time the whole resolution took, in milliseconds. */
  elapsedMs: number;
  /** When the resolution finished. */
  finishedAt: Date;
}

/** The provider {@link defaultCredentials} returns: cached, with the report of its last resolution. */
export type DefaultCredentialProvider = MemoizedCredentialProvider & {
  /** The report of the last resolution (cache hits do not resolve); `undefined` before the first. */
  readonly lastReport: CredentialsReport | undefined;
};

/**
 * The official Alibaba Cloud default credentials chain, cached: environment variables → OIDC
 * (RRSA) → aliyun CLI profile → credentials file → ECS RAM role → credentials URI. A provider that
 * is not configured passes to the next; one that is configured but failing stops the chain. The
 * winner's credentials carry `source` `default/<its source>` and are cached by `memoize(...)`.
 *
 * Compared to the official SDK: a failure is never "remembered" (every resolution walks the whole
 * chain); OIDC runs only when its three variables are set; the ECS metadata service is asked only
 * when `ALIBABA_CLOUD_ECS_METADATA` names a role or the machine identifies as ECS; the URI provider
 * runs only when `ALIBABA_CLOUD_CREDENTIALS_URI` is set. So an empty environment off-cloud fails at
 * once, with one error listing what each provider said (`details.attempts`, and `lastReport`).
 *
 * @example
 * ```ts
 * const credentials = defaultCredentials({ exclude: ['ecs_ram_role'] });
 * const { accessKeyId, source } = await credentials();
 * console.log(source, credentials.lastReport);
 * ```
 *
 * @throws TypeError for options of the wrong type (before any I/O)
 * @returns a provider rejecting with `SdkError` `ERR_CREDENTIALS` when no provider delivers
 */
export function defaultCredentials(options: DefaultCredentialsOptions = {}): DefaultCredentialProvider {
  checkOptions(options);
  let lastReport: CredentialsReport | undefined;

  const resolve = async (call?: CredentialProviderCallOptions): Promise<Credentials> => {
    const chain = buildChain(options);
    const started = performance.now();
    try {
      const result = await resolveChain('default', chain, call);
      const credentials = { ...result.credentials, source: `default/${result.credentials.source}` };
      lastReport = report(result.winner, credentials.source, result.attempts, started);
      return credentials;
    } catch (error) {
      const attempts = isSdkError(error) ? (error.details?.attempts as ChainAttempt[] | undefined) : undefined;
      if (attempts) lastReport = report(undefined, undefined, attempts, started);
      throw error;
    }
  };

  const provider = memoize(resolve, options.memoize) as DefaultCredentialProvider;
  Object.defineProperty(provider, 'lastReport', { get: () => lastReport, enumerable: true });
  return provider;
}

function report(
  winner: string | undefined,
  source: string | undefined,
  attempts: ChainAttempt[],
  started: number,
): CredentialsReport {
  return {
    winner,
    source,
    providers: attempts.map((a) => ({ ...a })),
    elapsedMs: Math.round((performance.now() - started) * 100) / 100,
    finishedAt: new Date(),
  };
}

/** The chain for one resolution; the environment is read now, so a change takes effect at the next refresh. */
function buildChain(options: DefaultCredentialsOptions): NamedCredentialProvider[] {
  const env = envOf(options.env);
  const context: DelegateContext = { env, network: options };
  // The profile option acts like ALIBABA_CLOUD_PROFILE: a file without it passes to the next
  // provider (it may be in the other file), rather than failing as an explicit option does.
  const profileEnv = options.profile === undefined ? env : { ...env, ALIBABA_CLOUD_PROFILE: options.profile };
  const files = { env: profileEnv, homeDir: options.homeDir, readFile: options.readFile, profile: undefined };
  const all: Record<DefaultProviderName, CredentialProvider> = {
    env: fromEnv({ env }),
    oidc_role_arn: gated('oidc_role_arn', () => {
      const missing = [
        'ALIBABA_CLOUD_ROLE_ARN',
        'ALIBABA_CLOUD_OIDC_PROVIDER_ARN',
        'ALIBABA_CLOUD_OIDC_TOKEN_FILE',
      ].filter((name) => envValue(env, name) === undefined);
      if (missing.length > 0) return `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not set`;
      return delegateOidc({}, context);
    }),
    cli_profile: gated('cli_profile', () =>
      envFlag(env, 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED')
        ? 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED is true'
        : fromCliProfile({ ...options, ...files }),
    ),
    profile: fromCredentialsFile({ ...options, ...files }),
    ecs_ram_role: gated('ecs_ram_role', async () => {
      if (envFlag(env, 'ALIBABA_CLOUD_ECS_METADATA_DISABLED')) return 'ALIBABA_CLOUD_ECS_METADATA_DISABLED is true';
      const roleName = envValue(env, 'ALIBABA_CLOUD_ECS_METADATA');
      if (roleName !== undefined) return delegateEcsRamRole({ roleName }, context);
      const onEcs = await (options.isEcsInstance ?? detectEcsInstance)();
      if (!onEcs) return 'ALIBABA_CLOUD_ECS_METADATA is not set and this machine does not identify as an ECS instance';
      return delegateEcsRamRole({}, context);
    }),
    credential_uri: gated('credential_uri', () => {
      const uri = envValue(env, 'ALIBABA_CLOUD_CREDENTIALS_URI');
      return uri === undefined ? 'ALIBABA_CLOUD_CREDENTIALS_URI is not set' : delegateCredentialsUri({ uri }, context);
    }),
  };
  const excluded = new Set<string>(options.exclude ?? []);
  const defaults = DEFAULT_PROVIDER_NAMES.filter((name) => !excluded.has(name)).map((name) => ({
    name,
    provider: all[name],
  }));
  if (!options.providers) return defaults;
  const chosen = options.providers(defaults);
  if (!Array.isArray(chosen)) throw new TypeError('defaultCredentials: options.providers must return an array');
  chosen.forEach((entry, index) => {
    if (typeof entry?.name !== 'string' || entry.name === '' || typeof entry.provider !== 'function') {
      throw new TypeError(`defaultCredentials: providers()[${index}] must be { name: string, provider: function }`);
    }
  });
  return chosen;
}

/**
 * A provider that first checks whether it applies: `decide` returns the provider to run, or the
 * reason it does not apply ("not configured").
 */
function gated(
  name: DefaultProviderName,
  decide: () => CredentialProvider | string | Promise<CredentialProvider | string>,
): CredentialProvider {
  return async (call) => {
    const decision = await decide();
    if (typeof decision === 'string') throw credentialsNotConfigured(name, decision);
    return decision(call);
  };
}

function checkOptions(options: DefaultCredentialsOptions): void {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('defaultCredentials: options must be an object');
  checkFileSourceOptions('defaultCredentials', options);
  envOf(options.env);
  if (options.profile !== undefined && (typeof options.profile !== 'string' || options.profile === '')) {
    throw new TypeError('defaultCredentials: profile must be a non-empty string');
  }
  if (options.exclude !== undefined) {
    if (!Array.isArray(options.exclude))
      throw new TypeError('defaultCredentials: exclude must be an array of provider names');
    for (const name of options.exclude) {
      if (!(DEFAULT_PROVIDER_NAMES as readonly string[]).includes(name)) {
        throw new TypeError(
          `defaultCredentials: unknown provider '${String(name)}' in exclude (known: ${DEFAULT_PROVIDER_NAMES.join(', ')})`,
        );
      }
    }
  }
  if (options.providers !== undefined && typeof options.providers !== 'function') {
    throw new TypeError('defaultCredentials: providers must be a function');
  }
  if (options.isEcsInstance !== undefined && typeof options.isEcsInstance !== 'function') {
    throw new TypeError('defaultCredentials: isEcsInstance must be a function');
  }
}
