import { sleep } from '@alikit/core';
/** Options of {@link TokenBucket}. */
export interface TokenBucketOptions {
  /** Tokens added per second: the sustained request rate. */
  ratePerSecond: number;
  /** The most tokens the bucket holds: how many requests may go at once after a quiet spell. @defaultValue `ratePerSecond` */
  burst?: number | undefined;
  /** A monotonic clock in milliseconds. @defaultValue `performance.now` */
  now?: (() => number) | undefined;
  /** Waits `ms`, rejecting with `signal.reason` if the signal aborts. @defaultValue a `setTimeout` timer */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
}

/**
 * A token bucket that hands out requests at a steady rate: each `take()` reserves the next free
 * token and waits until it is due, so concurrent callers queue in order instead of polling.
 */
export class TokenBucket {
  #rate: number;
  #burst: number;
  #tokens: number;
  #updated: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  /** @throws RangeError for a rate or burst that is not a positive finite number. */
  constructor(options: TokenBucketOptions) {
    this.#rate = checkRate(options.ratePerSecond, 'ratePerSecond');
    this.#burst = checkRate(options.burst ?? Math.max(1, options.ratePerSecond), 'burst');
    this.#now = options.now ?? (() => performance.now());
    this.#sleep = options.sleep ?? sleep;
    this.#tokens = this.#burst;
    this.#updated = this.#now();
  }

  /** Tokens per second. */
  get ratePerSecond(): number {
    return this.#rate;
  }

  /**
   * Lowers (or raises) the rate; reservations already made keep their times.
   * @throws RangeError for a rate that is not a positive finite number.
   */
  setRate(ratePerSecond: number): void {
    this.#refill();
    this.#rate = checkRate(ratePerSecond, 'ratePerSecond');
    this.#burst = Math.max(1, ratePerSecond);
    this.#tokens = Math.min(this.#tokens, this.#burst);
  }

  /** Takes a token if one is free now, without waiting. */
  tryTake(): boolean {
    this.#refill();
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Takes the next token, waiting until it is due.
   * @throws the signal's reason when `signal` aborts while waiting (the token is given back).
   */
  async take(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason;
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return;
    const waitMs = (-this.#tokens / this.#rate) * 1000;
    try {
      await this.#sleep(Math.ceil(waitMs), signal);
    } catch (error) {
      this.#tokens += 1;
      throw error;
    }
  }

  #refill(): void {
    const now = this.#now();
    const elapsed = Math.max(0, now - this.#updated);
    this.#updated = now;
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed / 1000) * this.#rate);
  }
}

const shared = new Map<string, TokenBucket>();

/**
 * The process-wide bucket of one CloudMonitor endpoint: the service limits requests per account and
 * region, so every client of the process sending to the same region shares it. A client asking
 * for a lower rate lowers it for all.
 */
export function sharedTokenBucket(origin: string, ratePerSecond: number): TokenBucket {
  const existing = shared.get(origin);
  if (existing) {
    if (ratePerSecond < existing.ratePerSecond) existing.setRate(ratePerSecond);
    return existing;
  }
  const bucket = new TokenBucket({ ratePerSecond });
  shared.set(origin, bucket);
  return bucket;
}

function checkRate(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive finite number, got ${String(value)}`);
  }
  return value;
}
