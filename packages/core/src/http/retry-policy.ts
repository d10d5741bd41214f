import { sleep as timerSleep } from './abort';
import type { RetryBudget } from './retry-budget';

/**
 * How a client retries transient failures. Every field is optional; see docs/retries.md for the
 * rules (what is retried, idempotency, clock skew).
 */
export interface RetryOptions {
  /**
   * Attempts in total for transient failures (network errors, timeouts, 5xx, 429, throttling), the
   * first one included; `1` turns retrying off. A clock-skew correction and an expired-token
   * re-sign each add one attempt on top, at most once per call.
   * @defaultValue 3
   */
  maxAttempts?: number;
  /** The backoff scale: retry n waits a random time in `[0, min(maxDelayMs, baseDelayMs × 2^(n−1))]`. @defaultValue 100 */
  baseDelayMs?: number;
  /** The longest single wait, also the cap on a server's `Retry-After`. @defaultValue 20_000 */
  maxDelayMs?: number;
  /** Uniform random numbers in [0, 1) for the jitter; inject a fixed one in tests. @defaultValue Math.random */
  random?: () => number;
  /**
   * Waits between attempts. The client also stops waiting as soon as the call's signal aborts, so
   * an injected fake need not watch the signal. @defaultValue a `setTimeout` timer
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** A budget shared by all calls of the client (see {@link createRetryBudget}). @defaultValue none: every call may use `maxAttempts` */
  budget?: RetryBudget | undefined;
}

/** {@link RetryOptions} with the defaults filled in. */
export interface ResolvedRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  budget: RetryBudget | undefined;
}

/** The retry defaults, documented on {@link RetryOptions}. */
export const DEFAULT_RETRY = Object.freeze({
  /** Attempts per call, the first one included. */
  maxAttempts: 3,
  /** The backoff scale in milliseconds. */
  baseDelayMs: 100,
  /** The longest single wait in milliseconds (20 s). */
  maxDelayMs: 20_000,
});

/**
 * Checks retry options and fills in the defaults.
 *
 * @throws RangeError for a `maxAttempts` that is not an integer ≥ 1 or a delay that is negative or not finite.
 * @throws TypeError when `random` or `sleep` is not a function.
 */
export function resolveRetryPolicy(options: RetryOptions = {}): ResolvedRetryPolicy {
  const maxAttempts = options.maxAttempts ?? DEFAULT_RETRY.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer >= 1, got ${String(maxAttempts)}`);
  }
  const baseDelayMs = delay('baseDelayMs', options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs);
  const maxDelayMs = delay('maxDelayMs', options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs);
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? timerSleep;
  if (typeof random !== 'function') throw new TypeError('retry.random must be a function returning [0, 1)');
  if (typeof sleep !== 'function') throw new TypeError('retry.sleep must be a function (ms, signal) => Promise<void>');
  return { maxAttempts, baseDelayMs, maxDelayMs, random, sleep, budget: options.budget };
}

function delay(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`retry.${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']);

/** True for the HTTP methods RFC 9110 defines as idempotent (GET, HEAD, PUT, DELETE, OPTIONS, TRACE). */
export function isIdempotentMethod(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}
