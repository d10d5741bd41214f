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
  /**
   * The clock windows follow, read for every sample. Left out, windows follow `Date.now` through
   * the coarse clock (see {@link MetricRegistry.openStart}).
   * @defaultValue the coarse `Date.now` clock
   */
  clock?: (() => number) | undefined;
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
  /** Every series but the overflow one, in creation order. */
  readonly series: Series[];
  /**
   * Series looked up by one dimension, by key then value: the common case, found with two map
   * lookups on the caller's own strings, with no key to build and none to keep.
   */
  readonly byDimension: Map<string, Map<string, Series>>;
  /** Series looked up by no dimension or several, by {@link lookupKey}. */
  readonly byKey: Map<string, Series>;
  /**
   * Series by their final dimensions JSON, kept only when there are default dimensions: then two
   * different requests (`{}` and `{ service: 'a' }` with that default) name one series, and must get
   * the same one so that no window is reported twice.
   */
  byJson: Map<string, Series> | undefined;
  overflow: Series | undefined;
}

interface GaugeCallback {
  readonly series: Series;
  readonly callback: () => number;
}

const INSTRUMENTS = { counter: Counter, gauge: Gauge, histogram: Timer } as const;

/** Series per block of window numbers: small enough that a half-used block wastes little. */
const BLOCK_SERIES = 128;

/**
 * The longest the coarse clock goes without reading `Date.now`, so that a wall-clock step is
 * followed within about a second even though the timer aims at the next window boundary.
 */
const MAX_TICK_MS = 1000;

/**
 * Every metric and series of a client: looks series up (validating new ones and enforcing the
 * cardinality cap), keeps their windows' numbers, closes windows as the clock passes them, and
 * turns closed windows into PutCustomMetric entries on the queue.
 */
export class MetricRegistry {
  /** `AGGREGATING`, `RAW` or `CLOSED`; set through {@link MetricRegistry.collect} only. */
  state: number;
  readonly clock: () => number;
  /** Whether `clock` was injected and is read for every sample (tests); otherwise the coarse clock is used. */
  readonly exactClock: boolean;
  readonly timerClock: () => number;
  readonly baseMs: number;
  readonly basePeriod: number;
  /**
   * The start of the base window holding the coarse clock's time, which the hot path compares
   * with a series' window instead of reading the clock. A timer moves it at each window boundary
   * (and at least every second); collections, rolls and `refresh()` move it too. Samples taken
   * after a boundary but before that timer runs (normally about a millisecond, longer while the
   * event loop is blocked) land in the window that just ended. `+Infinity` sends every sample
   * down the slow path: with an injected clock (read exactly for each sample), in raw mode and
   * once closed.
   */
  openStart: number;
  /** Samples that went to an overflow series, in windows already closed. */
  overflowSamples = 0;
  /** Lookups of a new series refused by the cap (sent to the overflow series instead). */
  overflowLookups = 0;
  readonly #periods: readonly number[];
  readonly #stride: number;
  #block: Float64Array;
  #blockUsed = 0;
  #ticker: ReturnType<typeof setTimeout> | undefined;
  #seriesCount = 0;
  readonly #families = new Map<string, MetricFamily>();
  readonly #callbacks: GaugeCallback[] = [];
  readonly #settings: RegistrySettings;

  constructor(settings: RegistrySettings) {
    this.#settings = settings;
    this.clock = settings.clock ?? Date.now;
    this.exactClock = settings.clock !== undefined;
    this.timerClock = settings.timerClock ?? (() => performance.now());
    this.state = settings.raw ? RAW : AGGREGATING;
    this.#periods = settings.periods;
    this.basePeriod = settings.periods[0] as number;
    this.baseMs = this.basePeriod * 1000;
    this.#stride = WINDOW_FIELDS * settings.periods.length;
    this.#block = new Float64Array(0);
    this.openStart = Number.POSITIVE_INFINITY;
    if (this.state === AGGREGATING && !this.exactClock) tick(new WeakRef(this));
  }

  /** The start of the base window holding `t` (epoch ms). */
  windowStart(t: number): number {
    return Math.floor(t / this.baseMs) * this.baseMs;
  }

  /**
   * Moves the coarse clock to the clock's time now (a no-op with an injected clock): for callers
   * that know the timer may not have run, such as the first thing after a Function Compute thaw.
   */
  refresh(): void {
    if (this.state === AGGREGATING && !this.exactClock) this.openStart = this.windowStart(this.clock());
  }

  /** @internal Called by the coarse clock's timer: refreshes and returns the delay to the next tick, or -1 to stop. */
  tick(): number {
    if (this.state !== AGGREGATING) return -1;
    const now = this.clock();
    this.openStart = this.windowStart(now);
    return Math.min(this.openStart + this.baseMs - now, MAX_TICK_MS);
  }

  /** @internal Keeps the handle of the coarse clock's next tick, so `collect(true)` can cancel it. */
  set ticker(handle: ReturnType<typeof setTimeout> | undefined) {
    this.#ticker = handle;
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
    if (family !== undefined) {
      const found = find(family, dimensions);
      if (found !== undefined) return found;
    }
    if (family === undefined) checkMetricName(name);
    // Checked before the metric is registered, so a refused call leaves nothing behind.
    const pairs = this.#withDefaults(checkDimensions(dimensions, metricSubject(name)), name);
    if (family === undefined) {
      const byJson = this.#settings.defaultDimensions.length > 0 ? new Map<string, Series>() : undefined;
      family = { kind, series: [], byDimension: new Map(), byKey: new Map(), byJson, overflow: undefined };
      this.#families.set(name, family);
    }
    const json = dimensionsJson(pairs);
    const same = family.byJson?.get(json);
    if (same !== undefined) {
      index(family, dimensions as Readonly<Record<string, string>> | undefined, same);
      return same;
    }
    if (family.series.length >= this.#settings.maxSeriesPerMetric) {
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
    const series = this.#make(kind, name, json, false);
    family.series.push(series);
    family.byJson?.set(json, series);
    index(family, dimensions as Readonly<Record<string, string>> | undefined, series);
    return series;
  }

  /** Reads `callback` at every collection and records its value on `series` (replacing an earlier callback). */
  addCallback(series: Series, callback: () => number): void {
    const existing = this.#callbacks.findIndex((c) => c.series === series);
    if (existing >= 0) this.#callbacks.splice(existing, 1);
    this.#callbacks.push({ series, callback });
  }

  /**
   * Records a sample the hot path passed on: with the clock read exactly, closing the series'
   * window first when the clock has passed its end; as a raw entry in raw mode; nowhere once closed.
   */
  recordSlow(series: Series, value: number): void {
    if (this.state === AGGREGATING) {
      const start = this.windowStart(this.clock());
      if (!this.exactClock) this.openStart = start;
      const d = series.data;
      const o = series.slot;
      // A clock that went back leaves the sample in the later window, so no window is reopened.
      if (start > d[o]!) this.roll(series, start);
      d[o + SUM]! += value;
      d[o + COUNT]! += 1;
      if (value < d[o + MIN]!) d[o + MIN] = value;
      if (value > d[o + MAX]!) d[o + MAX] = value;
      d[o + LAST] = value;
      return;
    }
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
    this.refresh();
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
        for (const series of family.series) this.#collectSeries(series, now, final);
        if (family.overflow) this.#collectSeries(family.overflow, now, final);
      }
    }
    if (final) {
      this.state = CLOSED;
      this.openStart = Number.POSITIVE_INFINITY;
      if (this.#ticker !== undefined) clearTimeout(this.#ticker);
      this.#ticker = undefined;
    }
  }

  /** Closes the base window of `series` (when it holds samples) and starts the one at `start` (window-aligned). */
  roll(series: Series, start: number): void {
    const d = series.data;
    const o = series.slot;
    if (d[o + COUNT]! > 0) this.#closeBase(series);
    d[o + START] = start;
    resetWindow(d, o);
  }

  #make(kind: InstrumentKind, name: string, dimensions: string, overflow: boolean): Series {
    // Fixed blocks rather than one growing array: nothing is copied, a series keeps its block for
    // good (so the hot path needs no registry lookup), and at most one block is partly unused.
    if (this.#blockUsed + this.#stride > this.#block.length) {
      this.#block = new Float64Array(BLOCK_SERIES * this.#stride);
      this.#blockUsed = 0;
    }
    const data = this.#block;
    const slot = this.#blockUsed;
    this.#blockUsed += this.#stride;
    for (let w = 0; w < this.#periods.length; w++) {
      const o = slot + w * WINDOW_FIELDS;
      // The base window's start of -Infinity makes the first sample open a window.
      data[o + START] = Number.NEGATIVE_INFINITY;
      resetWindow(data, o);
    }
    this.#seriesCount++;
    return new INSTRUMENTS[kind](this, data, slot, name, kind, dimensions, overflow);
  }

  #closeBase(series: Series): void {
    const d = series.data;
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
    const d = series.data;
    const o = series.slot;
    const start = this.windowStart(now);
    if (final) {
      if (d[o + COUNT]! > 0) this.roll(series, Math.max(start, d[o + START]! + this.baseMs));
    } else if (start > d[o + START]!) {
      this.roll(series, start);
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
    resetWindow(series.data, p);
  }

  #emitWindow(series: Series, period: number, o: number): void {
    const d = series.data;
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

/**
 * One tick of a registry's coarse clock: a timer aimed at the next window boundary (at most
 * `MAX_TICK_MS` away), unref'd so it never keeps the process alive. It holds the registry weakly,
 * so a client dropped without `close()` is still collected, and stops once the registry closes.
 */
function tick(ref: WeakRef<MetricRegistry>): void {
  const registry = ref.deref();
  if (registry === undefined) return;
  const delay = registry.tick();
  if (delay < 0) return;
  // A timer may fire a little before Date.now() reaches the boundary; the next tick then catches it.
  const handle = setTimeout(tick, Math.max(1, delay), ref);
  handle.unref?.();
  registry.ticker = handle;
}

function resetWindow(d: Float64Array, o: number): void {
  d[o + SUM] = 0;
  d[o + COUNT] = 0;
  d[o + MIN] = Number.POSITIVE_INFINITY;
  d[o + MAX] = Number.NEGATIVE_INFINITY;
  d[o + LAST] = 0;
}

/** The series made earlier for these dimensions as given, if any (`undefined` also for malformed ones, which the full check then refuses). */
function find(family: MetricFamily, dimensions: Readonly<Record<string, string>> | undefined): Series | undefined {
  if (dimensions === undefined) return family.byKey.get('');
  if (typeof dimensions !== 'object' || dimensions === null) return undefined;
  const keys = Object.keys(dimensions);
  if (keys.length === 1) {
    const k = keys[0] as string;
    const v = dimensions[k];
    return typeof v === 'string' ? family.byDimension.get(k)?.get(v) : undefined;
  }
  const key = lookupKey(dimensions, keys);
  return key === undefined ? undefined : family.byKey.get(key);
}

/** Files a new series under the dimensions it was asked for with (already checked). */
function index(family: MetricFamily, dimensions: Readonly<Record<string, string>> | undefined, series: Series): void {
  const keys = dimensions === undefined ? [] : Object.keys(dimensions);
  if (dimensions !== undefined && keys.length === 1) {
    const k = keys[0] as string;
    let values = family.byDimension.get(k);
    if (values === undefined) {
      values = new Map();
      family.byDimension.set(k, values);
    }
    values.set(dimensions[k] as string, series);
    return;
  }
  family.byKey.set(dimensions === undefined ? '' : (lookupKey(dimensions, keys) as string), series);
}

/**
 * A key for looking a series up by several dimensions as given (key order does not matter);
 * `undefined` when a value is not a string. Joined, so a kept key is one flat string.
 */
function lookupKey(dimensions: Readonly<Record<string, string>>, keys: string[]): string | undefined {
  if (keys.length > 1) keys.sort();
  const parts: string[] = [];
  for (const k of keys) {
    const v = dimensions[k];
    if (typeof v !== 'string') return undefined;
    parts.push(k, '\u0000', v, '\u0001');
  }
  return parts.join('');
}
