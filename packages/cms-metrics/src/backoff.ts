import { isSdkError, type RetryOptions, sleep } from '@alikit/core';

/** How often a batch is sent again after throttling or a transient failure before it waits for the next flush. */
export const DEFAULT_SEND_ATTEMPTS = 5;

/** {@link RetryOptions} with our defaults filled in. */
export interface SendRetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Checks the retry options that govern sending (each attempt passes the rate limiter, so retries
 * happen here rather than inside the transport).
 * @throws RangeError / TypeError for a malformed option, naming it.
 */
export function resolveSendRetry(options: RetryOptions | undefined): SendRetryPolicy {
  const o = options ?? {};
  if (typeof o !== 'object' || o === null) throw new TypeError('retry must be an object');
  const maxAttempts = o.maxAttempts ?? DEFAULT_SEND_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be an integer >= 1, got ${String(maxAttempts)}`);
  }
  const baseDelayMs = delay('baseDelayMs', o.baseDelayMs ?? 100);
  const maxDelayMs = delay('maxDelayMs', o.maxDelayMs ?? 20_000);
  const random = o.random ?? Math.random;
  const wait = o.sleep ?? sleep;
  if (typeof random !== 'function') throw new TypeError('retry.random must be a function returning [0, 1)');
  if (typeof wait !== 'function') throw new TypeError('retry.sleep must be a function (ms, signal) => Promise<void>');
  return { maxAttempts, baseDelayMs, maxDelayMs, random, sleep: wait };
}

/** Full-jitter backoff: retry `n` waits a random time up to `min(maxDelayMs, baseDelayMs × 2^(n−1))`. */
export function backoffMs(retry: number, policy: SendRetryPolicy): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(Math.max(retry - 1, 0), 30));
  const r = policy.random();
  return Math.round((Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0) * ceiling);
}

/** Whether sending the same request again may succeed (throttling, 5xx, network, timeout). */
export function isRetryableFailure(error: unknown): boolean {
  return isSdkError(error) && error.retryable;
}

/** Whether a failure is the service's flow control. */
export function isThrottled(error: unknown): boolean {
  return isSdkError(error) && (error.code.includes('Throttling') || error.status === 429);
}

function delay(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`retry.${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}
