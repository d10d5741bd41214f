import type { MemoizedCredentialProvider } from '../credentials/memoize';
import type { Credentials } from '../credentials/types';
import type { OutgoingRequest, RequestSigner, SignContext } from './http-client';

/** Signs one attempt with the credentials {@link credentialedSigner} resolved for it. */
export type CredentialedSignFunction = (
  request: OutgoingRequest,
  credentials: Credentials,
  context: SignContext,
) => OutgoingRequest | Promise<OutgoingRequest>;

/** The two `send()` fields {@link credentialedSigner} fills in. */
export interface CredentialedSigner {
  /** Resolves credentials for the attempt, then signs with them. */
  sign: RequestSigner;
  /** Forces the provider to refresh; the HTTP client then signs again and repeats the request once. */
  onExpiredToken: () => Promise<void>;
}

/**
 * Ties a signing function to a credential provider, for spreading into an `HttpClient.send()`
 * call: every attempt asks the provider for credentials (so STS tokens rotate under long work and
 * retries), and an expired-token answer from the service makes the provider refresh before the
 * client signs again and repeats the request, once.
 *
 * @example
 * ```ts
 * const provider = resolveCredentialProvider(options.credentials);
 * const res = await http.send({
 *   service: 'sts', operation: 'GetCallerIdentity', method: 'POST', url,
 *   ...credentialedSigner(provider, (req, credentials, { now }) => signRpc(req, credentials, now)),
 * });
 * ```
 *
 * @param provider - a cached provider with `forceRefresh` (what `memoize(...)` and `resolveCredentialProvider(...)` return)
 * @param sign - signs one attempt with the credentials resolved for it
 * @throws TypeError when `provider` is not a function with `forceRefresh`, or `sign` is not a function.
 */
export function credentialedSigner(
  provider: MemoizedCredentialProvider,
  sign: CredentialedSignFunction,
): CredentialedSigner {
  if (typeof provider !== 'function' || typeof provider.forceRefresh !== 'function') {
    throw new TypeError('credentialedSigner: provider must be a credential provider with forceRefresh() (see memoize)');
  }
  if (typeof sign !== 'function') throw new TypeError('credentialedSigner: sign must be a function');
  return {
    sign: async (request, context) => {
      // The signal lets a provider that goes to the network (STS, ECS metadata) give up with the call.
      const credentials = await provider(context.signal === undefined ? undefined : { signal: context.signal });
      return sign(request, credentials, context);
    },
    onExpiredToken: async () => {
      await provider.forceRefresh();
    },
  };
}
