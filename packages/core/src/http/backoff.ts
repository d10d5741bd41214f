/** The inputs of {@link fullJitterDelayMs}. */
export interface BackoffOptions {
  /** The delay scale: the first retry waits up to this long. */
  baseDelayMs: number;
  /** No single wait is longer than this. */
  maxDelayMs: number;
  /** A uniform random number in [0, 1). */
  random: () => number;
}

/**
 * How long to wait before retry number `retry` (1 for the first retry): a uniform random delay in
 * `[0, min(maxDelayMs, baseDelayMs × 2^(retry−1))]` ("full jitter"), which spreads clients that
 * failed together so they do not come back together.
 */
export function fullJitterDelayMs(retry: number, options: BackoffOptions): number {
  // Capping the exponent keeps 2^n finite for absurd retry numbers.
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.min(Math.max(retry - 1, 0), 52));
  const r = options.random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0;
  return Math.round(unit * ceiling);
}
