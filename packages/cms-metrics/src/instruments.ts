import { Series } from './series';

/**
 * A counter of one series: `add(n)` adds a non-negative amount. Each period reports `Sum`,
 * `SampleCount`, `Average`, `Maximum`, `Minimum` (of the amounts added) and `SumPerSecond`.
 */
export class Counter extends Series {
  /**
   * Adds `n` (default 1).
   * @throws RangeError for a negative, NaN or infinite amount; TypeError for a non-number.
   */
  add(n = 1): void {
    if (typeof n !== 'number' || !(n >= 0 && n < Number.POSITIVE_INFINITY)) badAmount(this, n, true);
    this.recordValue(n);
  }
}

/**
 * A gauge of one series: `set(v)` records a reading (or a callback is read at each flush). Each
 * period reports `LastValue`, `Average`, `Maximum`, `Minimum`, `Sum` and `SampleCount` of the readings.
 */
export class Gauge extends Series {
  /**
   * Records a reading.
   * @throws RangeError for NaN or an infinite value; TypeError for a non-number.
   */
  set(value: number): void {
    if (typeof value !== 'number' || value - value !== 0) badAmount(this, value, false);
    this.recordValue(value);
  }
}

/**
 * A histogram of one series: `record(v)` adds a sample. Each period reports `Sum`, `Average`,
 * `Maximum`, `Minimum` and `SampleCount` of the samples, computed exactly in memory.
 */
export class Histogram extends Series {
  /**
   * Records one sample.
   * @throws RangeError for NaN or an infinite value; TypeError for a non-number.
   */
  record(value: number): void {
    if (typeof value !== 'number' || value - value !== 0) badAmount(this, value, false);
    this.recordValue(value);
  }
}

/**
 * A histogram of durations in milliseconds, with helpers that measure them. `metrics.timer(name)`
 * and `metrics.histogram(name)` with the same dimensions are the same series.
 */
export class Timer extends Histogram {
  /**
   * Starts measuring; the returned function records the milliseconds elapsed (once) and returns them.
   * @example
   * ```ts
   * const stop = requestTimer.startTimer();
   * await handle(request);
   * stop();
   * ```
   */
  startTimer(): () => number {
    const clock = this.registry.timerClock;
    const started = clock();
    let done = false;
    return () => {
      const elapsed = clock() - started;
      if (!done) {
        done = true;
        this.record(elapsed);
      }
      return elapsed;
    };
  }

  /** Runs `fn` and records how long it took (until its promise settles, for an async function), whether it succeeds or throws. */
  time<T>(fn: () => T): T {
    const stop = this.startTimer();
    let result: T;
    try {
      result = fn();
    } catch (error) {
      stop();
      throw error;
    }
    if (result instanceof Promise) return result.finally(stop) as T;
    stop();
    return result;
  }
}

function badAmount(series: Series, value: unknown, counter: boolean): never {
  const name = JSON.stringify(series.metricName);
  if (typeof value !== 'number') {
    throw new TypeError(`metric ${name}: value must be a number, got ${typeof value} ${String(value)}`);
  }
  if (counter && value < 0) throw new RangeError(`metric ${name}: a counter only goes up; use a gauge for ${value}`);
  throw new RangeError(`metric ${name}: value must be a finite number, got ${String(value)}`);
}
