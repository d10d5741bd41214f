/**
 * A token bucket shared by every call of a client that limits how many retries it makes: each retry
 * spends tokens and each success earns some back, so during a long outage the client stops
 * multiplying its load by `maxAttempts` and fails fast instead.
 */
export interface RetryBudget {
  /** Tokens left. */
  readonly available: number;
  /** Spends the cost of one retry; `false` (and nothing spent) when too few tokens are left. */
  tryConsume(): boolean;
  /** Earns tokens back after a successful call. */
  recordSuccess(): void;
}

/** Options of {@link createRetryBudget}. */
export interface RetryBudgetOptions {
  /** Tokens when full. @defaultValue 500 */
  capacity?: number;
  /** Tokens one retry costs. @defaultValue 5 */
  retryCost?: number;
  /** Tokens a successful call earns back. @defaultValue 1 */
  successReward?: number;
}

/**
 * Creates a {@link RetryBudget}. With the defaults a client may make 100 retries in a row before it
 * stops retrying, and earns one retry back per five successes.
 *
 * @throws RangeError when an option is not a positive finite number.
 */
export function createRetryBudget(options: RetryBudgetOptions = {}): RetryBudget {
  const capacity = positive('capacity', options.capacity ?? 500);
  const retryCost = positive('retryCost', options.retryCost ?? 5);
  const successReward = positive('successReward', options.successReward ?? 1);
  let available = capacity;
  return {
    get available() {
      return available;
    },
    tryConsume() {
      if (available < retryCost) return false;
      available -= retryCost;
      return true;
    },
    recordSuccess() {
      available = Math.min(capacity, available + successReward);
    },
  };
}

function positive(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`createRetryBudget: ${name} must be a positive finite number, got ${String(value)}`);
  }
  return value;
}
