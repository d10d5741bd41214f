import { defaultCredentials } from './default-credentials';
import { type MemoizedCredentialProvider, memoize } from './memoize';
import { fromStatic } from './static';
import type { CredentialProvider, Credentials } from './types';

const memoized = new WeakMap<CredentialProvider, MemoizedCredentialProvider>();

/**
 * Turns what a user passes as a client's `credentials` option into the cached provider the client
 * asks before every request: `undefined` → {@link defaultCredentials}; a `Credentials` object →
 * those credentials, fixed; a provider → that provider behind `memoize(...)` (a provider that is
 * already memoized, i.e. has `forceRefresh`, is used as it is). The same provider function passed
 * twice gives the same cache, so clients sharing a provider share one fetch; each call without
 * credentials builds its own default chain, so pass one `defaultCredentials()` to several clients
 * to share it.
 *
 * @example
 * ```ts
 * class MyClient {
 *   readonly #credentials: MemoizedCredentialProvider;
 *   constructor(options: { credentials?: Credentials | CredentialProvider } = {}) {
 *     this.#credentials = resolveCredentialProvider(options.credentials);
 *   }
 * }
 * ```
 *
 * @throws TypeError when the value is neither a provider function nor a credentials object with a
 * non-empty `accessKeyId` and `accessKeySecret`
 */
export function resolveCredentialProvider(credentials?: Credentials | CredentialProvider): MemoizedCredentialProvider {
  if (credentials === undefined) return defaultCredentials();
  if (typeof credentials === 'function') {
    if (typeof (credentials as Partial<MemoizedCredentialProvider>).forceRefresh === 'function') {
      return credentials as MemoizedCredentialProvider;
    }
    let cached = memoized.get(credentials);
    if (!cached) {
      cached = memoize(credentials);
      memoized.set(credentials, cached);
    }
    return cached;
  }
  if (typeof credentials !== 'object' || credentials === null) {
    throw new TypeError('credentials must be a Credentials object or a credential provider function');
  }
  const { accessKeyId, accessKeySecret, securityToken, expiration, source } = credentials;
  return memoize(
    fromStatic({
      accessKeyId,
      accessKeySecret,
      securityToken,
      expiration,
      source: typeof source === 'string' && source.trim() !== '' ? source : undefined,
    }),
  );
}
