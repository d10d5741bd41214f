import type { Logger } from '@alikit/core';
import type { EntryQueue } from './entry-queue';
import { Counter, Gauge, Timer } from './instruments';
import { makeEntry } from './metric-entry';
import {
  AGGREGATING,
  CLOSED,
  COUNT,
  type InstrumentKind,
  LAST,
  MAX,
  MIN,
  RAW,
  type Series,
  START,
  SUM,
  WINDOW_FIELDS,
} from './series';
import {
  checkDimensions,
  checkMetricName,
  checkValue,
  dimensionsJson,
  MAX_DIMENSIONS,
  metricSubject,
} from './validation';

/** The dimension the overflow series of a metric carries (with the default dimensions). */
export const OVERFLOW_DIMENSION: readonly [string, string] = ['overflow', 'true'];

/** What the registry needs from its owner. */
export interface RegistrySettings {
  clock: () => number;
  /** The monotonic clock timers measure with. @defaultValue `performance.now` */
  timerClock?: (() => number) | undefined;
  /** Periods in seconds, ascending; each a multiple of the first. */
  periods: readonly number[];
  raw: boolean;
  groupId: string;
  defaultDimensions: ReadonlyArray<readonly [string, string]>;
  maxSeriesPerMetric: number;
  queue: EntryQueue;
  logger: Logger;
}

interface MetricFamily {
  readonly kind: InstrumentKind;
  readonly series: Map<string, Series>;
  overflow: Series | undefined;
}

interface GaugeCallback {
  readonly series: Series;
  readonly callback: () => number;
}

const INSTRUMENTS = { counter: Counter, gauge: Gauge, histogram: Timer } as const;

/**
 * Every metric and series of a client: looks series up (validating new ones and enforcing the
 * cardinality cap), keeps their windows' numbers, closes windows as the clock passes them, and
 * turns closed windows into PutCustomMetric entries on the queue.
 */
export class MetricRegistry {
  state: number;
  readonly clock: () => number;
  readonly timerClock: () => number;
  readonly baseMs: number;
  readonly basePeriod: number;
  /** Window numbers of every series, `stride` per series (see `WINDOW_FIELDS`). */
  data: Float64Array;
  /** Samples that went to an overflow series, in windows already closed. */
  overflowSamples = 0;
  /** Lookups of a new series refused by the cap (sent to the overflow series instead). */
  overflowLookups = 0;
  readonly #periods: readonly number[];
  readonly #stride: number;
  #seriesCount = 0;
  readonly #families = new Map<string, MetricFamily>();
  readonly #callbacks: GaugeCallback[] = [];
  readonly #settings: RegistrySettings;

  constructor(settings: RegistrySettings) {
    this.#settings = settings;
    this.clock = settings.clock;
    this.timerClock = settings.timerClock ?? (() => performance.now());
    this.state = settings.raw ? RAW : AGGREGATING;
    this.#periods = settings.periods;
    this.basePeriod = settings.periods[0] as number;
    this.baseMs = this.basePeriod * 1000;
    this.#stride = WINDOW_FIELDS * settings.periods.length;
    this.data = new Float64Array(64 * this.#stride);
  }

  /** How many series exist (overflow series included). */
  get seriesCount(): number {
    return this.#seriesCount;
  }

  /**
   * The series of a metric with these dimensions, made (and checked) on first use.
   * @throws TypeError for a bad name or dimensions, or a name already used by another kind of instrument.
   */
  series(kind: 'counter', name: string, dimensions: Readonly<Record<string, string>> | undefined): Counter;
  series(kind: 'gauge', name: string, dimensions: Readonly<Record<string, string>> | undefined): Gauge;
  series(kind: 'histogram', name: string, dimensions: Readonly<Record<string, string>> | undefined): Timer;
  series(kind: InstrumentKind, name: string, dimensions: Readonly<Record<string, string>> | undefined): Series;
  series(kind: InstrumentKind, name: string, dimensions: Readonly<Record<string, string>> | undefined): Series {
    let family = this.#families.get(name);
    if (family !== undefined && family.kind !== kind) {
      throw new TypeError(`metric ${JSON.stringify(name)} is already a ${family.kind}; it cannot also be a ${kind}`);
    }
    const key = lookupKey(dimensions);
    if (family !== undefined && key !== undefined) {
      const found = family.series.get(key);
      if (found !== undefined) return found;
    }
    if (family === undefined) checkMetricName(name);
    // Checked before the metric is registered, so a refused call leaves nothing behind.
    const pairs = this.#withDefaults(checkDimensions(dimensions, metricSubject(name)), name);
    if (family === undefined) {
      family = { kind, series: new Map(), overflow: undefined };
      this.#families.set(name, family);
    }
    if (family.series.size >= this.#settings.maxSeriesPerMetric) {
      this.overflowLookups++;
      if (family.overflow === undefined) {
        const overflowPairs = this.#withDefaults([[OVERFLOW_DIMENSION[0], OVERFLOW_DIMENSION[1]]], name);
        family.overflow = this.#make(kind, name, dimensionsJson(overflowPairs), true);
        this.#settings.logger.warn(
          `cms-metrics: metric ${name} reached maxSeriesPerMetric (${this.#settings.maxSeriesPerMetric}); further series are counted in the {"overflow":"true"} series`,
        );
      }
      return family.overflow;
    }
    const series = this.#make(kind, name, dimensionsJson(pairs), false);
    family.series.set(key ?? series.dimensions, series);
    return series;
  }

  /** Reads `callback` at every collection and records its value on `series` (replacing an earlier callback). */
  addCallback(series: Series, callback: () => number): void {
    const existing = this.#callbacks.findIndex((c) => c.series === series);
    if (existing >= 0) this.#callbacks.splice(existing, 1);
    this.#callbacks.push({ series, callback });
  }

  /** Records a sample when not aggregating: as a raw entry in raw mode, nowhere once closed. */
  recordSlow(series: Series, value: number): void {
    if (this.state !== RAW) return;
    if (series.overflow) this.overflowSamples++;
    this.#emit(series, 0, undefined, this.clock(), `{"value":${value}}`);
  }

  /**
   * Reads the gauge callbacks, then moves every window whose end the clock has passed to the queue.
   * With `final`, windows still open are moved too and the registry stops recording.
   */
  collect(final = false): void {
    if (this.state === CLOSED) return;
    for (const { series, callback } of this.#callbacks) {
      try {
        series.recordValue(checkValue(callback(), series.metricName));
      } catch (error) {
        this.#settings.logger.warn(
          `cms-metrics: the callback of gauge ${series.metricName} failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
    if (this.state === AGGREGATING) {
      const now = this.clock();
      for (const family of this.#families.values()) {
        for (const series of family.series.values()) this.#collectSeries(series, now, final);
        if (family.overflow) this.#collectSeries(family.overflow, now, final);
      }
    }
    if (final) this.state = CLOSED;
  }

  /** Closes the base window of `series` (when it holds samples) and starts the one holding `t`. */
  roll(series: Series, t: number): void {
    const d = this.data;
    const o = series.slot;
    if (d[o + COUNT]! > 0) this.#closeBase(series);
    d[o + START] = Math.floor(t / this.baseMs) * this.baseMs;
    resetWindow(d, o);
  }

  #make(kind: InstrumentKind, name: string, dimensions: string, overflow: boolean): Series {
    const slot = this.#seriesCount * this.#stride;
    if (slot + this.#stride > this.data.length) {
      const grown = new Float64Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    for (let w = 0; w < this.#periods.length; w++) {
      const o = slot + w * WINDOW_FIELDS;
      // The base window's start of -Infinity makes the first sample open a window.
      this.data[o + START] = Number.NEGATIVE_INFINITY;
      resetWindow(this.data, o);
    }
    this.#seriesCount++;
    return new INSTRUMENTS[kind](this, slot, name, kind, dimensions, overflow);
  }

  #closeBase(series: Series): void {
    const d = this.data;
    const o = series.slot;
    if (series.overflow) this.overflowSamples += d[o + COUNT]!;
    this.#emitWindow(series, this.basePeriod, o);
    const start = d[o + START]!;
    for (let w = 1; w < this.#periods.length; w++) {
      const periodMs = (this.#periods[w] as number) * 1000;
      const p = o + w * WINDOW_FIELDS;
      const windowStart = Math.floor(start / periodMs) * periodMs;
      // Base windows close in time order, so a base window of a later long window means the earlier one is complete.
      if (d[p + COUNT]! > 0 && d[p + START] !== windowStart) this.#emitLonger(series, w);
      if (d[p + COUNT] === 0) d[p + START] = windowStart;
      d[p + SUM]! += d[o + SUM]!;
      d[p + COUNT]! += d[o + COUNT]!;
      if (d[o + MIN]! < d[p + MIN]!) d[p + MIN] = d[o + MIN]!;
      if (d[o + MAX]! > d[p + MAX]!) d[p + MAX] = d[o + MAX]!;
      d[p + LAST] = d[o + LAST]!;
    }
  }

  #collectSeries(series: Series, now: number, final: boolean): void {
    const d = this.data;
    const o = series.slot;
    if (final) {
      if (d[o + COUNT]! > 0) this.roll(series, Math.max(now, d[o + START]! + this.baseMs));
    } else if (now >= d[o + START]! + this.baseMs) {
      this.roll(series, now);
    }
    for (let w = 1; w < this.#periods.length; w++) {
      const p = o + w * WINDOW_FIELDS;
      const ended = d[p + START]! + (this.#periods[w] as number) * 1000 <= now;
      if (d[p + COUNT]! > 0 && (final || ended)) this.#emitLonger(series, w);
    }
  }

  #emitLonger(series: Series, w: number): void {
    const p = series.slot + w * WINDOW_FIELDS;
    this.#emitWindow(series, this.#periods[w] as number, p);
    resetWindow(this.data, p);
  }

  #emitWindow(series: Series, period: number, o: number): void {
    const d = this.data;
    const sum = d[o + SUM]!;
    const count = d[o + COUNT]!;
    const min = d[o + MIN]!;
    const max = d[o + MAX]!;
    let values = `{"Sum":${sum},"SampleCount":${count},"Average":${sum / count}`;
    if (Number.isFinite(max)) values += `,"Maximum":${max}`;
    if (Number.isFinite(min)) values += `,"Minimum":${min}`;
    if (series.kind === 'counter') values += `,"SumPerSecond":${sum / period}`;
    else if (series.kind === 'gauge') values += `,"LastValue":${d[o + LAST]}`;
    this.#emit(series, 1, period, d[o + START]!, `${values}}`);
  }

  #emit(series: Series, type: 0 | 1, period: number | undefined, time: number, values: string): void {
    this.#settings.queue.push(
      makeEntry({
        metricName: series.metricName,
        groupId: this.#settings.groupId,
        dimensions: series.dimensions,
        type,
        period,
        time,
        values,
      }),
    );
  }

  #withDefaults(pairs: Array<[string, string]>, name: string): Array<[string, string]> {
    const defaults = this.#settings.defaultDimensions;
    if (defaults.length === 0) return pairs;
    const merged = new Map<string, string>(defaults.map(([k, v]) => [k, v]));
    for (const [k, v] of pairs) merged.set(k, v);
    if (merged.size > MAX_DIMENSIONS) {
      throw new TypeError(
        `metric ${JSON.stringify(name)}: ${merged.size} dimensions with the default dimensions (${[...merged.keys()].join(', ')}); CloudMonitor allows at most ${MAX_DIMENSIONS}`,
      );
    }
    return [...merged].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
}

function resetWindow(d: Float64Array, o: number): void {
  d[o + SUM] = 0;
  d[o + COUNT] = 0;
  d[o + MIN] = Number.POSITIVE_INFINITY;
  d[o + MAX] = Number.NEGATIVE_INFINITY;
  d[o + LAST] = 0;
}

/**
 * A cheap key for looking a series up by the dimensions as given; `undefined` (forcing a full
 * check) when a value is not a string.
 */
function lookupKey(dimensions: Readonly<Record<string, string>> | undefined): string | undefined {
  if (dimensions === undefined) return '';
  if (typeof dimensions !== 'object' || dimensions === null) return undefined;
  const keys = Object.keys(dimensions);
  if (keys.length > 1) keys.sort();
  let key = '';
  for (const k of keys) {
    const v = dimensions[k];
    if (typeof v !== 'string') return undefined;
    key += `${k}\u0000${v}\u0001`;
  }
  return key;
}
