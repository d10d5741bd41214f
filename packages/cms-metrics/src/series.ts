import type { MetricRegistry } from './registry';

/** The kinds of instrument, which decide the statistics a window reports. */
export type InstrumentKind = 'counter' | 'gauge' | 'histogram';

/** Registry states, checked once per sample. */
export const AGGREGATING = 0;
export const RAW = 1;
export const CLOSED = 2;

/**
 * Numbers kept per window, in the registry's shared `Float64Array`: a series owns one block of
 * `WINDOW_FIELDS` per period, the base (shortest) period first. Keeping them there rather than in
 * object fields costs 8 bytes a number instead of a boxed double each.
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
 * update the base window in place; when the clock passes its end the registry closes it (reports
 * it and folds it into the longer periods' windows).
 */
export class Series {
  /** @internal */
  readonly registry: MetricRegistry;
  /** @internal The offset of this series' windows in the registry's data. */
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
    slot: number,
    metricName: string,
    kind: InstrumentKind,
    dimensions: string,
    overflow: boolean,
  ) {
    this.registry = registry;
    this.slot = slot;
    this.metricName = metricName;
    this.kind = kind;
    this.dimensions = dimensions;
    this.overflow = overflow;
  }

  /** @internal Adds one checked sample at the clock's time: the hot path. */
  recordValue(value: number): void {
    const registry = this.registry;
    if (registry.state !== AGGREGATING) {
      registry.recordSlow(this, value);
      return;
    }
    const t = registry.clock();
    const d = registry.data;
    const o = this.slot;
    if (t >= d[o]! + registry.baseMs) registry.roll(this, t);
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
    const d = registry.data;
    const o = this.slot;
    if (t >= d[o]! + registry.baseMs) registry.roll(this, t);
    d[o + SUM]! += sum;
    d[o + COUNT]! += count;
    if (min < d[o + MIN]!) d[o + MIN] = min;
    if (max > d[o + MAX]!) d[o + MAX] = max;
    d[o + LAST] = last;
  }
}
