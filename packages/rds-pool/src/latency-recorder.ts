/** Percentiles of the most recent samples, in the unit they were recorded in. */
export interface LatencySummary {
  /** Samples recorded since the pool was created (not only those kept). */
  count: number;
  /** The median of the kept samples; 0 before the first sample. */
  p50: number;
  /** The 90th percentile (nearest rank) of the kept samples; 0 before the first sample. */
  p90: number;
  /** The 99th percentile (nearest rank) of the kept samples; 0 before the first sample. */
  p99: number;
  /** The largest kept sample; 0 before the first sample. */
  max: number;
}

/**
 * Keeps the last `capacity` samples in a ring (recording is O(1) and allocation-free) and computes
 * percentiles over them on demand, so that a summary reflects recent behaviour.
 */
export class LatencyRecorder {
  readonly #samples: Float64Array;
  #next = 0;
  #count = 0;

  constructor(capacity = 4096) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be an integer >= 1');
    this.#samples = new Float64Array(capacity);
  }

  record(value: number): void {
    this.#samples[this.#next] = value;
    this.#next = (this.#next + 1) % this.#samples.length;
    this.#count++;
  }

  /** Nearest-rank percentiles over the kept samples; all zero before the first sample. */
  summary(): LatencySummary {
    const kept = Math.min(this.#count, this.#samples.length);
    if (kept === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const sorted = this.#samples.slice(0, kept).sort();
    const rank = (p: number): number => sorted[Math.min(kept - 1, Math.max(0, Math.ceil(p * kept) - 1))] ?? 0;
    return { count: this.#count, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: sorted[kept - 1] ?? 0 };
  }
}
