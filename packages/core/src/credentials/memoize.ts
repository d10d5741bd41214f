import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

/** A cached credential provider: call it like any provider; `forceRefresh()` bypasses the cache. */
export type MemoizedCredentialProvider = CredentialProvider & {
  /**
   * Fetches new credentials now, whatever the cache holds (e.g. after the service answered with an
   * expired-token code), and caches them. Joins a fetch already in flight instead of starting a
   * second one.
   *
   * @throws the provider's error when the fetch fails: unlike an ordinary call, it never falls
   * back to the cached credentials
   */
  forceRefresh(options?: CredentialProviderCallOptions): Promise<Credentials>;
};

/** Options of {@link memoize}. */
export interface MemoizeOptions {
  /**
   * How long before `expiration` cached credentials are refreshed (the official SDK's 900 s
   * "stale time"). Credentials may ask for more through `refreshAheadMs` (ECS: one hour); the
   * larger wins. A margin is never more than half of the credentials' lifetime, so short-lived
   * credentials are not fetched again at every call.
   * @defaultValue 900_000 (15 minutes)
   */
  refreshMarginMs?: number | undefined;
  /**
   * Up to this much is added to the margin, at random, per fetched credentials, so that many
   * processes started together do not refresh together.
   * @defaultValue 120_000 (2 minutes)
   */
  jitterMs?: number | undefined;
  /** The clock. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
  /** Random numbers in [0, 1), for the jitter and the retry delay. @defaultValue `Math.random` */
  random?: (() => number) | undefined;
}

/** The default refresh-ahead margin: the official SDK's 900 s stale time. */
export const DEFAULT_REFRESH_MARGIN_MS = 15 * 60_000;
/** The default jitter added to the refresh-ahead margin. */
export const DEFAULT_REFRESH_JITTER_MS = 2 * 60_000;

/** Credentials received already expired (local clock ahead of the issuer's) are used this long. */
const EXPIRED_ON_ARRIVAL_GRACE_MS = 60_000;
/** The retry delay after failed refreshes never exceeds this. */
const MAX_RETRY_DELAY_MS = 5 * 60_000;

interface CacheEntry {
  credentials: Credentials;
  /** From here on a call tries to refresh. */
  refreshAt: number;
  /** Until here the credentials may still be served when a refresh fails. */
  usableUntil: number;
}

interface Flight {
  promise: Promise<Credentials>;
  controller: AbortController;
  /** Callers that passed a signal and are still waiting. */
  abortableWaiters: number;
  /** A caller without a signal is waiting, so the fetch is never aborted. */
  pinned: boolean;
}

/**
 * Caches a provider's credentials and shares one fetch among concurrent callers.
 *
 * - Single flight: however many callers ask at once, the provider runs once.
 * - Credentials with an `expiration` are refreshed ahead of it (`refreshMarginMs` plus jitter, or
 *   their own `refreshAheadMs` when larger); credentials without one are kept until
 *   `forceRefresh()`.
 * - A failed refresh while the cached credentials are still valid returns the cached ones and
 *   retries after a short, growing, random delay (1 s up to 5 min); once they have expired, the
 *   error reaches the caller.
 * - A failed first fetch is not cached: the next call tries again.
 * - A caller's `signal` only stops that caller's wait; the fetch itself is aborted when every
 *   caller waiting on it has aborted.
 *
 * @example
 * ```ts
 * const credentials = memoize(fromRamRoleArn({ roleArn, source: fromEnv() }));
 * const { accessKeyId } = await credentials();
 * ```
 *
 * @throws TypeError when `provider` is not a function or an option has the wrong type
 * @throws RangeError when `refreshMarginMs` or `jitterMs` is negative or not finite
 */
export function memoize(provider: CredentialProvider, options: MemoizeOptions = {}): MemoizedCredentialProvider {
  if (typeof provider !== 'function') throw new TypeError('memoize: provider must be a function');
  const marginMs = nonNegative('refreshMarginMs', options.refreshMarginMs ?? DEFAULT_REFRESH_MARGIN_MS);
  const jitterMs = nonNegative('jitterMs', options.jitterMs ?? DEFAULT_REFRESH_JITTER_MS);
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  if (typeof now !== 'function') throw new TypeError('memoize: now must be a function returning a Date');
  if (typeof random !== 'function') throw new TypeError('memoize: random must be a function');

  let cache: CacheEntry | undefined;
  let flight: Flight | undefined;
  let failures = 0;
  let retryNotBefore = 0;

  const clock = (): number => now().getTime();

  function entryFor(credentials: Credentials, fetchedAt: number): CacheEntry {
    const expiresAt = credentials.expiration?.getTime();
    if (expiresAt === undefined || Number.isNaN(expiresAt)) {
      return { credentials, refreshAt: Number.POSITIVE_INFINITY, usableUntil: Number.POSITIVE_INFINITY };
    }
    if (expiresAt <= fetchedAt) {
      // Trust the issuer's clock for a little while rather than fetching at every call.
      const graceUntil = fetchedAt + EXPIRED_ON_ARRIVAL_GRACE_MS;
      return { credentials, refreshAt: graceUntil, usableUntil: graceUntil };
    }
    const hint = credentials.refreshAheadMs;
    const wanted = Math.max(marginMs, typeof hint === 'number' && Number.isFinite(hint) && hint > 0 ? hint : 0);
    const margin = wanted + unit(random()) * jitterMs;
    const halfLife = fetchedAt + (expiresAt - fetchedAt) / 2;
    return { credentials, refreshAt: Math.max(expiresAt - margin, halfLife), usableUntil: expiresAt };
  }

  function retryDelayMs(): number {
    // The official SDK's schedule: a random whole number of seconds in [1, max(2^(n-1), 10) - 1].
    const upper = Math.max(2 ** Math.min(failures - 1, 30), 10) - 1;
    return Math.min((1 + Math.floor(unit(random()) * upper)) * 1000, MAX_RETRY_DELAY_MS);
  }

  function startFlight(): Flight {
    const controller = new AbortController();
    const current: Flight = {
      controller,
      abortableWaiters: 0,
      pinned: false,
      promise: Promise.resolve()
        .then(() => provider({ signal: controller.signal }))
        .then(
          (credentials) => {
            if (flight === current) {
              cache = entryFor(credentials, clock());
              failures = 0;
              retryNotBefore = 0;
            }
            return credentials;
          },
          (error: unknown) => {
            if (flight === current && !controller.signal.aborted) {
              failures++;
              retryNotBefore = clock() + retryDelayMs();
            }
            throw error;
          },
        )
        .finally(() => {
          if (flight === current) flight = undefined;
        }),
    };
    // Waiters handle the outcome; this keeps a fetch nobody waits for from being reported as unhandled.
    current.promise.catch(() => {});
    return current;
  }

  function join(signal: AbortSignal | undefined): Promise<Credentials> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    flight ??= startFlight();
    const current = flight;
    if (!signal) {
      current.pinned = true;
      return current.promise;
    }
    current.abortableWaiters++;
    return new Promise<Credentials>((resolve, reject) => {
      const onAbort = () => {
        current.abortableWaiters--;
        if (current.abortableWaiters === 0 && !current.pinned) {
          // Nobody is left waiting: stop the fetch, and let the next caller start a fresh one.
          if (flight === current) flight = undefined;
          current.controller.abort(signal.reason);
        }
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      current.promise.then(
        (credentials) => {
          signal.removeEventListener('abort', onAbort);
          resolve(credentials);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  const memoized = (async (callOptions?: CredentialProviderCallOptions): Promise<Credentials> => {
    const signal = callOptions?.signal;
    const t = clock();
    const cached = cache;
    if (cached && t < cached.refreshAt) return cached.credentials;
    if (cached && t < cached.usableUntil && t < retryNotBefore && !flight) return cached.credentials;
    try {
      return await join(signal);
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      const fallback = cache;
      if (fallback && clock() < fallback.usableUntil) return fallback.credentials;
      throw error;
    }
  }) as MemoizedCredentialProvider;

  memoized.forceRefresh = (callOptions?: CredentialProviderCallOptions): Promise<Credentials> =>
    join(callOptions?.signal);

  return memoized;
}

function nonNegative(name: string, value: unknown): number {
  if (typeof value !== 'number') throw new TypeError(`memoize: ${name} must be a number`);
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`memoize: ${name} must be a finite number >= 0`);
  return value;
}

/** Clamps a random draw into [0, 1) so that a bad injected generator cannot break the schedule. */
function unit(value: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, 0), 0.999_999_999) : 0;
}
