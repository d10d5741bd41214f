import { join } from 'node:path';
import { isSdkError } from '../errors/sdk-error';
import { type EnvRecord, envOf, envValue } from './env-vars';
import {
  credentialsErrorReason,
  credentialsFailed,
  credentialsNotConfigured,
  isCredentialsNotConfigured,
} from './errors';
import {
  checkFileSourceOptions,
  describeReadError,
  type FileSourceOptions,
  homeOf,
  isMissingFile,
  jsonErrorLocation,
  readTextFile,
} from './file-source';
import {
  type DelegateContext,
  delegateCredentialsUri,
  delegateEcsRamRole,
  delegateOidc,
  delegateRamRoleArn,
  type NetworkCredentialsOptions,
  withSourcePrefix,
} from './profile-delegates';
import { fromStatic } from './static';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** Options of {@link fromCliProfile}. */
export interface CliProfileOptions extends FileSourceOptions, NetworkCredentialsOptions {
  /**
   * The profile to use. When given, a missing profile is an error; otherwise a missing profile
   * means "not configured".
   * @defaultValue `ALIBABA_CLOUD_PROFILE`, else the file's `current`
   */
  profile?: string | undefined;
  /** The environment (profile name, access key fallbacks, STS settings). @defaultValue `process.env` */
  env?: EnvRecord | undefined;
}

/** The aliyun CLI modes alikit reads; the others fail with an error naming the mode. */
export const SUPPORTED_CLI_MODES = [
  'AK',
  'StsToken',
  'RamRoleArn',
  'EcsRamRole',
  'OIDC',
  'ChainableRamRoleArn',
  'CredentialsURI',
] as const;

/** Valid aliyun CLI modes that alikit does not implement (they need browsers, processes or key files). */
const UNSUPPORTED_CLI_MODES = new Set([
  'CloudSSO',
  'OAuth',
  'External',
  'RsaKeyPair',
  'BearerToken',
  'Anonymous',
  'RamRoleArnWithRoleName',
]);

const NAME = 'cli_profile';

type CliProfile = Record<string, unknown> & { name: string };

interface CliConfig {
  path: string;
  current: string | undefined;
  profiles: Map<string, CliProfile>;
}

/**
 * A provider reading a profile of the aliyun CLI configuration, `~/.aliyun/config.json`, the way
 * the CLI and the official SDK do. Modes: `AK`, `StsToken`, `RamRoleArn`, `EcsRamRole`, `OIDC`,
 * `ChainableRamRoleArn` (its `source_profile` resolved recursively, cycles detected) and
 * `CredentialsURI` (field `credentials_uri`, which the official SDK lacks). The file is read at
 * every call; wrap the provider in `memoize(...)` (as `defaultCredentials` does) to cache.
 * Source `cli_profile/<inner>` (e.g. `cli_profile/static_ak`, `cli_profile/ram_role_arn/static_ak`).
 *
 * @example
 * ```ts
 * const credentials = memoize(fromCliProfile({ profile: 'ci' }));
 * ```
 *
 * @throws TypeError for options of the wrong type
 * @returns a provider that is "not configured" when the file does not exist, has no profiles, or
 * lacks the profile (unless `profile` was given explicitly); and fails for a malformed file, an
 * incomplete profile, a `source_profile` cycle or an unsupported mode (the error names the mode)
 */
export function fromCliProfile(options: CliProfileOptions = {}): CredentialProvider {
  checkFileSourceOptions('fromCliProfile', options);
  if (options.profile !== undefined && (typeof options.profile !== 'string' || options.profile === '')) {
    throw new TypeError('fromCliProfile: profile must be a non-empty string');
  }
  envOf(options.env);
  const readFile = options.readFile ?? readTextFile;

  return async (call?: CredentialProviderCallOptions): Promise<Credentials> => {
    const env = envOf(options.env);
    const home = homeOf(options);
    if (home === undefined) throw credentialsNotConfigured(NAME, 'no home directory is known');
    const config = await loadConfig(join(home, '.aliyun', 'config.json'), readFile, call?.signal);
    const explicit = options.profile;
    const name = explicit ?? envValue(env, 'ALIBABA_CLOUD_PROFILE') ?? config.current;
    if (name === undefined) {
      throw credentialsNotConfigured(
        NAME,
        `${config.path} names no current profile and ALIBABA_CLOUD_PROFILE is not set`,
      );
    }
    const profile = config.profiles.get(name);
    if (!profile) {
      const reason = `${config.path} has no profile "${name}"`;
      throw explicit === undefined ? credentialsNotConfigured(NAME, reason) : credentialsFailed(NAME, reason);
    }
    const context: DelegateContext = { env, network: options };
    let inner: CredentialProvider;
    try {
      inner = buildProvider(config, profile, context, []);
    } catch (error) {
      if (isSdkError(error) && error.details?.source === NAME) throw error;
      // A delegate refused a setting from the file (e.g. no ram_role_arn): name the profile.
      throw credentialsFailed(NAME, `profile "${name}": ${credentialsErrorReason(error)}`, error);
    }
    try {
      return withSourcePrefix(await inner(call), NAME);
    } catch (error) {
      if (call?.signal?.aborted) throw call.signal.reason;
      // The profile chose this mode, so even a delegate's "not configured" (no role on the
      // instance, an OIDC field missing) is a failure of the profile, not a reason to move on.
      if (isSdkError(error) && error.details?.source === NAME && !isCredentialsNotConfigured(error)) throw error;
      throw credentialsFailed(NAME, `profile "${name}": ${credentialsErrorReason(error)}`, error);
    }
  };
}

async function loadConfig(
  path: string,
  readFile: (path: string) => Promise<string>,
  signal?: AbortSignal,
): Promise<CliConfig> {
  let text: string;
  try {
    text = await readFile(path);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (isMissingFile(error)) throw credentialsNotConfigured(NAME, `no file at ${path}`);
    throw credentialsFailed(NAME, `cannot read ${path}: ${describeReadError(error)}`, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // The parser's message quotes the file, which may hold secrets: only the location is kept.
    throw credentialsFailed(NAME, `${path} is not valid JSON${jsonErrorLocation(text, error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw credentialsFailed(NAME, `${path} does not hold a JSON object`);
  }
  const { current, profiles } = parsed as { current?: unknown; profiles?: unknown };
  if (profiles !== undefined && profiles !== null && !Array.isArray(profiles)) {
    throw credentialsFailed(NAME, `"profiles" in ${path} is not an array`);
  }
  const byName = new Map<string, CliProfile>();
  for (const entry of profiles ?? []) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) continue;
    const profileName = (entry as { name?: unknown }).name;
    // The CLI keeps the first profile of a name.
    if (typeof profileName === 'string' && profileName !== '' && !byName.has(profileName)) {
      byName.set(profileName, entry as CliProfile);
    }
  }
  if (byName.size === 0) throw credentialsNotConfigured(NAME, `${path} has no profiles`);
  return { path, current: typeof current === 'string' && current !== '' ? current : undefined, profiles: byName };
}

/**
 * Builds the provider of one profile. `visiting` is the chain of profile names that led here, for
 * `ChainableRamRoleArn` cycle detection.
 */
function buildProvider(
  config: CliConfig,
  profile: CliProfile,
  context: DelegateContext,
  visiting: string[],
): CredentialProvider {
  const label = `profile "${profile.name}"`;
  const mode = text(profile, 'mode');
  switch (mode) {
    case 'AK':
      // Only a profile used directly may be "not configured"; as a source it is a broken link.
      return staticKey(profile, context.env, false, visiting.length === 0);
    case 'StsToken':
      return staticKey(profile, context.env, true, false);
    case 'RamRoleArn':
      return delegateRamRoleArn(
        {
          source: staticKey(profile, context.env, false, false),
          roleArn: text(profile, 'ram_role_arn'),
          roleSessionName: text(profile, 'ram_session_name'),
          durationSeconds: positive(profile, 'expired_seconds'),
          stsRegion: text(profile, 'sts_region'),
          stsEndpoint: text(profile, 'sts_endpoint'),
          enableVpc: flag(profile, 'enable_vpc'),
          externalId: text(profile, 'external_id'),
        },
        context,
      );
    case 'EcsRamRole':
      return delegateEcsRamRole({ roleName: text(profile, 'ram_role_name') }, context);
    case 'OIDC':
      return delegateOidc(
        {
          roleArn: text(profile, 'ram_role_arn'),
          oidcProviderArn: text(profile, 'oidc_provider_arn'),
          oidcTokenFile: text(profile, 'oidc_token_file'),
          roleSessionName: text(profile, 'ram_session_name'),
          // The official SDK reads only duration_seconds; the CLI writes expired_seconds.
          durationSeconds: positive(profile, 'duration_seconds') ?? positive(profile, 'expired_seconds'),
          stsRegion: text(profile, 'sts_region'),
          stsEndpoint: text(profile, 'sts_endpoint'),
          enableVpc: flag(profile, 'enable_vpc'),
        },
        context,
      );
    case 'ChainableRamRoleArn': {
      const sourceName = text(profile, 'source_profile');
      if (sourceName === undefined)
        throw credentialsFailed(NAME, `${label} (mode ChainableRamRoleArn) has no source_profile`);
      const path = [...visiting, profile.name];
      if (path.includes(sourceName)) {
        throw credentialsFailed(NAME, `source_profile cycle: ${[...path, sourceName].join(' -> ')}`);
      }
      const sourceProfile = config.profiles.get(sourceName);
      if (!sourceProfile)
        throw credentialsFailed(NAME, `${label}: source_profile "${sourceName}" is not in ${config.path}`);
      return delegateRamRoleArn(
        {
          source: buildProvider(config, sourceProfile, context, path),
          roleArn: text(profile, 'ram_role_arn'),
          roleSessionName: text(profile, 'ram_session_name'),
          durationSeconds: positive(profile, 'expired_seconds'),
          stsRegion: text(profile, 'sts_region'),
          stsEndpoint: text(profile, 'sts_endpoint'),
          enableVpc: flag(profile, 'enable_vpc'),
          externalId: text(profile, 'external_id'),
        },
        context,
      );
    }
    case 'CredentialsURI': {
      const uri = text(profile, 'credentials_uri');
      if (uri === undefined) throw credentialsFailed(NAME, `${label} (mode CredentialsURI) has no credentials_uri`);
      return delegateCredentialsUri({ uri }, context);
    }
    case undefined:
      throw credentialsFailed(NAME, `${label} has no mode`);
    default:
      if (UNSUPPORTED_CLI_MODES.has(mode)) {
        throw credentialsFailed(
          NAME,
          `${label} uses mode ${mode}, which alikit does not support (supported: ${SUPPORTED_CLI_MODES.join(', ')})`,
        );
      }
      throw credentialsFailed(
        NAME,
        `${label} has unknown mode '${mode}' (supported: ${SUPPORTED_CLI_MODES.join(', ')})`,
      );
  }
}

/**
 * `AK` / `StsToken` (and the key of `RamRoleArn`): empty fields fall back to the environment
 * variables, as in the official SDK. An `AK` profile used directly with no key at all (what a
 * half-finished `aliyun configure` leaves) is "not configured".
 */
function staticKey(
  profile: CliProfile,
  env: EnvRecord,
  withToken: boolean,
  emptyIsNotConfigured: boolean,
): CredentialProvider {
  const label = `profile "${profile.name}" (mode ${withToken ? 'StsToken' : 'AK'})`;
  const accessKeyId = text(profile, 'access_key_id') ?? envValue(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID');
  const accessKeySecret = text(profile, 'access_key_secret') ?? envValue(env, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  const securityToken = withToken
    ? (text(profile, 'sts_token') ?? envValue(env, 'ALIBABA_CLOUD_SECURITY_TOKEN'))
    : undefined;
  if (accessKeyId === undefined && accessKeySecret === undefined && emptyIsNotConfigured) {
    throw credentialsNotConfigured(NAME, `${label} has no access_key_id and access_key_secret`);
  }
  if (accessKeyId === undefined) throw credentialsFailed(NAME, `${label} has no access_key_id`);
  if (accessKeySecret === undefined) throw credentialsFailed(NAME, `${label} has no access_key_secret`);
  if (withToken && securityToken === undefined) throw credentialsFailed(NAME, `${label} has no sts_token`);
  try {
    return fromStatic({ accessKeyId, accessKeySecret, securityToken });
  } catch (error) {
    throw credentialsFailed(NAME, `${label}: ${credentialsErrorReason(error)}`);
  }
}

/** A non-empty string field. */
function text(profile: CliProfile, field: string): string | undefined {
  const value = profile[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** A positive number field (the CLI writes 0 for "unset"); numeric strings are accepted. */
function positive(profile: CliProfile, field: string): number | undefined {
  const value = profile[field];
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isFinite(number) && number > 0 ? number : undefined;
}

/** A boolean field: `true` or `"true"` (any case). */
function flag(profile: CliProfile, field: string): boolean | undefined {
  const value = profile[field];
  if (value === true || (typeof value === 'string' && value.toLowerCase() === 'true')) return true;
  if (value === false || (typeof value === 'string' && value.toLowerCase() === 'false')) return false;
  return undefined;
}
