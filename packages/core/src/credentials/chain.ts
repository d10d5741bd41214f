import { isSdkError } from '../errors/sdk-error';
import { redactText } from '../logging/redact';
import {
  credentialsErrorReason,
  credentialsFailed,
  credentialsNotConfigured,
  isCredentialsNotConfigured,
} from './errors';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** A provider with the name it is shown under in chain errors and resolution reports. */
export interface NamedCredentialProvider {
  /** e.g. `env`, `cli_profile`, `my-vault`. */
  name: string;
  /** The provider this entry of the chain asks for credentials. */
  provider: CredentialProvider;
}

/** What happened to one provider of a chain. */
export interface ChainAttempt {
  /** The provider's name. */
  name: string;
  /**
   * `skipped`: not configured, the chain moved on; `failed`: configured but failing, the chain
   * stopped; `resolved`: it returned the credentials.
   */
  outcome: 'skipped' | 'failed' | 'resolved';
  /** What the provider said (why it was skipped or failed); for `resolved`, the credentials' source. */
  reason: string;
  /** Time spent in this provider, in milliseconds. */
  elapsedMs: number;
}

/** The result of running a chain: the credentials and what each provider did. */
export interface ChainResolution {
  credentials: Credentials;
  /** The name of the provider that returned the credentials. */
  winner: string;
  /** One entry per provider tried, in order. */
  attempts: ChainAttempt[];
  /** Time spent in the whole chain, in milliseconds. */
  elapsedMs: number;
}

/**
 * Combines providers into one that asks each in turn. A provider that is not configured (it threw
 * the error of {@link credentialsNotConfigured}) passes to the next; the first credentials returned
 * win; any other failure stops the chain. Nothing is remembered between calls: wrap the result in
 * `memoize(...)` to cache.
 *
 * @example
 * ```ts
 * const credentials = memoize(chain(fromEnv(), fromCliProfile({ profile: 'ci' })));
 * ```
 *
 * @throws TypeError when a provider is not a function
 * @returns a provider that rejects with an `SdkError` (`ERR_CREDENTIALS`) whose message lists what
 * each provider said; when no provider was configured the error is itself "not configured", so
 * chains nest. An aborted call rejects with `signal.reason`.
 */
export function chain(...providers: CredentialProvider[]): CredentialProvider {
  providers.forEach((provider, index) => {
    if (typeof provider !== 'function') throw new TypeError(`chain: provider #${index + 1} must be a function`);
  });
  // Unnamed: each attempt is named after the source its error or credentials report.
  const links = providers.map((provider) => ({ name: '', provider }));
  return async (options?: CredentialProviderCallOptions) => (await resolveChain('chain', links, options)).credentials;
}

/**
 * Runs named providers in order with the semantics of {@link chain} and reports what each did.
 * The building block of `chain` and `defaultCredentials`.
 *
 * @param chainName - names the chain in its error (`chain`, `default`)
 * @throws SdkError `ERR_CREDENTIALS` listing every attempt (also as `details.attempts`); not
 * configured when no provider was, configured (with the failure as `cause`) when one failed
 * @throws the signal's reason, unchanged, when the call is aborted
 */
export async function resolveChain(
  chainName: string,
  providers: readonly NamedCredentialProvider[],
  options?: CredentialProviderCallOptions,
): Promise<ChainResolution> {
  const signal = options?.signal;
  const start = performance.now();
  const attempts: ChainAttempt[] = [];
  for (const [index, { name: givenName, provider }] of providers.entries()) {
    if (signal?.aborted) throw signal.reason;
    const began = performance.now();
    try {
      const credentials = await provider(signal ? { signal } : undefined);
      const name = givenName || credentials.source || `#${index + 1}`;
      attempts.push({ name, outcome: 'resolved', reason: credentials.source, elapsedMs: since(began) });
      return { credentials, winner: name, attempts, elapsedMs: since(start) };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const name = givenName || sourceOf(error) || `#${index + 1}`;
      const reason = oneLine(redactText(credentialsErrorReason(error)));
      if (isCredentialsNotConfigured(error)) {
        attempts.push({ name, outcome: 'skipped', reason, elapsedMs: since(began) });
        continue;
      }
      attempts.push({ name, outcome: 'failed', reason, elapsedMs: since(began) });
      const failure = credentialsFailed(chainName, `${name} is configured but failed: ${describe(attempts)}`, error);
      attachAttempts(failure, attempts);
      throw failure;
    }
  }
  const summary = attempts.length === 0 ? 'the chain is empty' : describe(attempts);
  const notConfigured = credentialsNotConfigured(chainName, `no credentials provider is configured: ${summary}`);
  attachAttempts(notConfigured, attempts);
  throw notConfigured;
}

/** `env (skipped): ALIBABA_CLOUD_ACCESS_KEY_ID is not set; cli_profile (failed): …` */
function describe(attempts: readonly ChainAttempt[]): string {
  return attempts.map((a) => `${a.name} (${a.outcome}): ${a.reason}`).join('; ');
}

function attachAttempts(error: { details: Record<string, unknown> | undefined }, attempts: ChainAttempt[]): void {
  // details is a scrubbed copy made by the constructor; the reasons were redacted when recorded.
  if (error.details) error.details.attempts = attempts.map((a) => ({ ...a }));
}

function sourceOf(error: unknown): string | undefined {
  if (!isSdkError(error)) return undefined;
  const source = error.details?.source;
  return typeof source === 'string' && source !== '' ? source : undefined;
}

function since(start: number): number {
  return Math.round((performance.now() - start) * 100) / 100;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
