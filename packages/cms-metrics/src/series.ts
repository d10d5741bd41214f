import type { MetricRegistry } from './registry';

/** The kinds of instrument, which decide the statistics a window reports. */
export type InstrumentKind = 'counter' | 'gauge' | 'histogram';

/** Registry states, checked once per sample. */
export const AGGREGATING = 0;
export const RAW = 1;
export const CLOSED = 2;

/**
 * Numbers kept per window, in `Float64Array` blocks the registry hands out a fixed number of
 * series at a time: a series owns `WINDOW_FIELDS` numbers per period, the base (shortest) period
 * first. Keeping them there rather than in object fields costs 8 bytes a number instead of a
 * boxed double each, and fixed blocks are never copied or over-allocated by more than one block.
 */
export const WINDOW_FIELDS = 6;
export const START = 0;
export const SUM = 1;
export const COUNT = 2;
export const MIN = 3;
export const MAX = 4;
export const LAST = 5;

/**
 * One time series (a metric name and its dimensions): the base class of the instruments. Samples
 * update the base window in place; when the registry's current window is later than the series'
 * one, the registry closes it (reports it and folds it into the longer periods' windows).
 */
export class Series {
  /** @internal */
  readonly registry: MetricRegistry;
  /** @internal The block of the registry's window numbers this series' windows live in. */
  readonly data: Float64Array;
  /** @internal The offset of this series' windows in `data`. */
  readonly slot: number;
  /** @internal */
  readonly kind: InstrumentKind;
  /** @internal Whether samples here are ones the series cap turned away. */
  readonly overflow: boolean;
  /** The metric name. */
  readonly metricName: string;
  /** The series' `Dimensions` JSON, default dimensions included. */
  readonly dimensions: string;

  /** @internal Made by the registry. */
  constructor(
    registry: MetricRegistry,
    data: Float64Array,
    slot: number,
    metricName: string,
    kind: InstrumentKind,
    dimensions: string,
    overflow: boolean,
  ) {
    this.registry = registry;
    this.data = data;
    this.slot = slot;
    this.metricName = metricName;
    this.kind = kind;
    this.dimensions = dimensions;
    this.overflow = overflow;
  }

  /**
   * @internal Adds one checked sample: the hot path. Reading the clock here would cost more than
   * the rest of the sample, so it compares the start of the registry's cached current window
   * (kept by a coarse timer; `+Infinity` whenever every sample must take the slow path: an
   * injected clock, raw mode, closed) with the series' window; only a later one goes to the
   * registry, which reads the clock, closes the old window and records the sample.
   */
  recordValue(value: number): void {
    const d = this.data;
    const o = this.slot;
    if (this.registry.openStart > d[o]!) {
      this.registry.recordSlow(this, value);
      return;
    }
    d[o + SUM]! += value;
    d[o + COUNT]! += 1;
    if (value < d[o + MIN]!) d[o + MIN] = value;
    if (value > d[o + MAX]!) d[o + MAX] = value;
    d[o + LAST] = value;
  }

  /**
   * @internal Adds a summary of many samples at time `t` (what an OpenTelemetry data point
   * carries). `min`/`max` may be ±Infinity when unknown; those statistics are then left out.
   */
  merge(sum: number, count: number, min: number, max: number, last: number, t: number): void {
    const registry = this.registry;
    if (registry.state !== AGGREGATING || count <= 0) return;
    const d = this.data;
    const o = this.slot;
    const start = registry.windowStart(t);
    if (start > d[o]!) registry.roll(this, start);
    d[o + SUM]! += sum;
    d[o + COUNT]! += count;
    if (min < d[o + MIN]!) d[o + MIN] = min;
    if (max > d[o + MAX]!) d[o + MAX] = max;
    d[o + LAST] = last;
  }
}
