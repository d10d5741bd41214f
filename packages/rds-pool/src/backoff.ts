/**
 * Paces connection attempts after failures: the first failure pauses for `initialMs`, each further
 * consecutive failure doubles the pause up to `maxMs`, with "equal jitter" (a random half of the
 * pause) so that many pools do not retry in step. A success resets it.
 */
export class ConnectBackoff {
  #failures = 0;
  #until = 0;
  #lastFailureAt = Number.NEGATIVE_INFINITY;
  #lastError: unknown;

  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly random: () => number,
  ) {}

  /**
   * Records a failed attempt at `now`; returns the pause before the next attempt. Attempts that
   * were already running when an earlier one failed (a parallel wave) do not lengthen the pause.
   */
  fail(now: number, error: unknown, startedAt = now): number {
    this.#lastError = error;
    if (startedAt < this.#lastFailureAt) return this.remaining(now);
    this.#lastFailureAt = now;
    this.#failures++;
    const ceiling = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.#failures - 1, 30));
    const pause = ceiling / 2 + (ceiling / 2) * this.random();
    this.#until = now + pause;
    return pause;
  }

  /** Records a successful attempt: the next failure starts from `initialMs` again. */
  succeed(): void {
    this.#failures = 0;
    this.#until = 0;
    this.#lastFailureAt = Number.NEGATIVE_INFINITY;
    this.#lastError = undefined;
  }

  /** Milliseconds until the next attempt may start (0 when it may start now). */
  remaining(now: number): number {
    return Math.max(0, this.#until - now);
  }

  /** Consecutive failures since the last success. */
  get failures(): number {
    return this.#failures;
  }

  /** The error of the last failed attempt, until an attempt succeeds. */
  get lastError(): unknown {
    return this.#lastError;
  }
}
