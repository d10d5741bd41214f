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
  readTextFile,
} from './file-source';
import { parseIni } from './ini';
import {
  type DelegateContext,
  delegateEcsRamRole,
  delegateRamRoleArn,
  type NetworkCredentialsOptions,
  withSourcePrefix,
} from './profile-delegates';
import { fromStatic } from './static';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** Options of {@link fromCredentialsFile}. */
export interface CredentialsFileOptions extends FileSourceOptions, NetworkCredentialsOptions {
  /**
   * The INI file. A file named here (or by the variable) must exist.
   * @defaultValue `ALIBABA_CLOUD_CREDENTIALS_FILE`, else `~/.alibabacloud/credentials`
   */
  path?: string | undefined;
  /**
   * The section to use. When given, a missing section is an error; otherwise it means "not configured".
   * @defaultValue `ALIBABA_CLOUD_PROFILE`, else `default`
   */
  profile?: string | undefined;
  /** The environment (file, profile name, access key fallbacks, STS settings). @defaultValue `process.env` */
  env?: EnvRecord | undefined;
}

/** The `type` values of the INI file. */
export const CREDENTIALS_FILE_TYPES = ['access_key', 'ecs_ram_role', 'ram_role_arn'] as const;

const NAME = 'profile';

/**
 * A provider reading a section of the Alibaba Cloud credentials file (INI, `~/.alibabacloud/credentials`
 * or `ALIBABA_CLOUD_CREDENTIALS_FILE`), the format the official SDKs share:
 *
 * ```ini
 * [default]
 * type = access_key
 * access_key_id = LTAI5tExampleKeyId
 * access_key_secret = ExampleSecret
 * ```
 *
 * Types: `access_key` (`access_key_id`, `access_key_secret`), `ecs_ram_role` (`role_name`,
 * optional), `ram_role_arn` (`access_key_id`, `access_key_secret`, `role_arn`, `role_session_name`,
 * `policy`; the STS endpoint comes from the environment, as in the official SDK). The file is read at
 * every call; wrap the provider in `memoize(...)` to cache. Source `profile/<inner>` (the official
 * name), e.g. `profile/static_ak`, `profile/ram_role_arn/static_ak`.
 *
 * @throws TypeError for options of the wrong type
 * @returns a provider that is "not configured" when the default file does not exist or lacks the
 * section (unless `path` or `profile` was named explicitly), and fails for an unreadable file, a
 * section without `type`, an unknown type or missing keys
 */
export function fromCredentialsFile(options: CredentialsFileOptions = {}): CredentialProvider {
  checkFileSourceOptions('fromCredentialsFile', options);
  for (const key of ['path', 'profile'] as const) {
    const value = options[key];
    if (value !== undefined && (typeof value !== 'string' || value === '')) {
      throw new TypeError(`fromCredentialsFile: ${key} must be a non-empty string`);
    }
  }
  envOf(options.env);
  const readFile = options.readFile ?? readTextFile;

  return async (call?: CredentialProviderCallOptions): Promise<Credentials> => {
    const env = envOf(options.env);
    const namedPath = options.path ?? envValue(env, 'ALIBABA_CLOUD_CREDENTIALS_FILE');
    let path = namedPath;
    if (path === undefined) {
      const home = homeOf(options);
      if (home === undefined) throw credentialsNotConfigured(NAME, 'no home directory is known');
      path = join(home, '.alibabacloud', 'credentials');
    }
    let text: string;
    try {
      text = await readFile(path);
    } catch (error) {
      if (call?.signal?.aborted) throw call.signal.reason;
      if (isMissingFile(error) && namedPath === undefined) throw credentialsNotConfigured(NAME, `no file at ${path}`);
      throw credentialsFailed(NAME, `cannot read ${path}: ${describeReadError(error)}`, error);
    }
    const sectionName = options.profile ?? envValue(env, 'ALIBABA_CLOUD_PROFILE') ?? 'default';
    const section = parseIni(text)[sectionName];
    if (section === undefined) {
      const reason = `${path} has no section [${sectionName}]`;
      throw options.profile === undefined ? credentialsNotConfigured(NAME, reason) : credentialsFailed(NAME, reason);
    }
    const label = `[${sectionName}] of ${path}`;
    let inner: CredentialProvider;
    try {
      inner = buildProvider(section, label, { env, network: options });
    } catch (error) {
      if (isSdkError(error) && error.details?.source === NAME) throw error;
      // A delegate refused a setting from the file (e.g. no role_arn): name the section.
      throw credentialsFailed(NAME, `${label}: ${credentialsErrorReason(error)}`, error);
    }
    try {
      return withSourcePrefix(await inner(call), NAME);
    } catch (error) {
      if (call?.signal?.aborted) throw call.signal.reason;
      // The section chose this type, so a delegate's "not configured" is a failure here too.
      if (isSdkError(error) && error.details?.source === NAME && !isCredentialsNotConfigured(error)) throw error;
      throw credentialsFailed(NAME, `${label}: ${credentialsErrorReason(error)}`, error);
    }
  };
}

function buildProvider(section: Record<string, string>, label: string, context: DelegateContext): CredentialProvider {
  const type = value(section, 'type');
  switch (type) {
    case 'access_key':
      return staticKey(section, label, context.env);
    case 'ecs_ram_role':
      return delegateEcsRamRole({ roleName: value(section, 'role_name') }, context);
    case 'ram_role_arn':
      return delegateRamRoleArn(
        {
          source: staticKey(section, label, context.env),
          roleArn: value(section, 'role_arn'),
          roleSessionName: value(section, 'role_session_name'),
          policy: value(section, 'policy'),
        },
        context,
      );
    case undefined:
      throw credentialsFailed(NAME, `${label} has no type (expected one of ${CREDENTIALS_FILE_TYPES.join(', ')})`);
    default:
      throw credentialsFailed(
        NAME,
        `${label} has unknown type '${type}' (expected one of ${CREDENTIALS_FILE_TYPES.join(', ')})`,
      );
  }
}

/** Empty keys fall back to the environment variables, as in the official SDK. */
function staticKey(section: Record<string, string>, label: string, env: EnvRecord): CredentialProvider {
  const accessKeyId = value(section, 'access_key_id') ?? envValue(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID');
  const accessKeySecret = value(section, 'access_key_secret') ?? envValue(env, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET');
  if (accessKeyId === undefined) throw credentialsFailed(NAME, `${label} has no access_key_id`);
  if (accessKeySecret === undefined) throw credentialsFailed(NAME, `${label} has no access_key_secret`);
  try {
    return fromStatic({ accessKeyId, accessKeySecret });
  } catch (error) {
    throw credentialsFailed(NAME, `${label}: ${credentialsErrorReason(error)}`);
  }
}

function value(section: Record<string, string>, key: string): string | undefined {
  const v = section[key];
  return v === undefined || v === '' ? undefined : v;
}
