/** The inputs of {@link jitteredIntervalMs} and {@link backoffIntervalMs}. */
export interface IntervalOptions {
  /** The fraction by which a wait may vary either way (0.2 = ±20 %). */
  jitter: number;
  /** The longest wait. */
  maxIntervalMs: number;
  /** A uniform random number in [0, 1). */
  random: () => number;
}

/**
 * The wait before the next poll: `baseMs` moved at random by up to `±jitter` of itself, capped at
 * `maxIntervalMs`. Pollers started together (a batch of jobs) then drift apart instead of hitting
 * the service in step.
 */
export function jitteredIntervalMs(baseMs: number, options: IntervalOptions): number {
  const r = options.random();
  const unit = Number.isFinite(r) ? Math.min(Math.max(r, 0), 1) : 0.5;
  const factor = 1 + options.jitter * (2 * unit - 1);
  return Math.round(Math.min(Math.max(baseMs * factor, 0), options.maxIntervalMs));
}

/**
 * The wait after `failures` status calls in a row were throttled or failed: the interval doubled
 * per failure, jittered, capped at `maxIntervalMs`, and never shorter than what the service asked
 * for (`retryAfterMs`).
 */
export function backoffIntervalMs(
  baseMs: number,
  failures: number,
  retryAfterMs: number | undefined,
  options: IntervalOptions,
): number {
  // Capping the exponent keeps 2^n finite however long the throttling lasts.
  const grown = baseMs * 2 ** Math.min(Math.max(failures, 1), 30);
  const wait = jitteredIntervalMs(Math.min(grown, options.maxIntervalMs), options);
  return retryAfterMs === undefined ? wait : Math.max(wait, Math.min(retryAfterMs, options.maxIntervalMs));
}
