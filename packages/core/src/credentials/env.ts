import { type EnvRecord, envOf, envValue } from './env-vars';
import { credentialsFailed, credentialsNotConfigured } from './errors';
import { fromStatic } from './static';
import type { CredentialProvider } from './types';

/** Options of {@link fromEnv}. */
export interface EnvCredentialsOptions {
  /** The environment to read. @defaultValue `process.env`, read at every call */
  env?: EnvRecord | undefined;
}

/**
 * A provider reading `ALIBABA_CLOUD_ACCESS_KEY_ID`, `ALIBABA_CLOUD_ACCESS_KEY_SECRET` and the
 * optional `ALIBABA_CLOUD_SECURITY_TOKEN` at every call (an empty variable counts as unset).
 * Source `env`.
 *
 * @throws TypeError when `env` is not an object
 * @returns a provider that is "not configured" when neither key variable is set, and fails when
 * only one of them is (a half-configured environment is a mistake worth stopping for)
 */
export function fromEnv(options: EnvCredentialsOptions = {}): CredentialProvider {
  envOf(options.env);
  return async () => {
    const env = envOf(options.env);
    const accessKeyId = envValue(env, 'ALIBABA_CLOUD_ACCESS_KEY_ID');
    const accessKeySecret = envValue(env, 'ALIBABA_CLOUD_ACCESS_KEY_SECRET');
    const securityToken = envValue(env, 'ALIBABA_CLOUD_SECURITY_TOKEN');
    if (accessKeyId === undefined && accessKeySecret === undefined) {
      throw credentialsNotConfigured(
        'env',
        'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set',
      );
    }
    if (accessKeyId === undefined || accessKeySecret === undefined) {
      const missing = accessKeyId === undefined ? 'ALIBABA_CLOUD_ACCESS_KEY_ID' : 'ALIBABA_CLOUD_ACCESS_KEY_SECRET';
      throw credentialsFailed('env', `${missing} is not set, but its partner variable is`);
    }
    return fromStatic({ accessKeyId, accessKeySecret, securityToken, source: 'env' })();
  };
}
