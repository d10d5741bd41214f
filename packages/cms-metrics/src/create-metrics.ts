import { resolveLogger } from '@alikit/core';
import { resolveSendRetry } from './backoff';
import {
  type CmsCallOptions,
  CmsClient,
  type CmsClientOptions,
  type CmsPeriod,
  type CustomEvent,
  type CustomMetric,
  type DescribeMetricInput,
  type MetricDatapointIterator,
  type PutCustomEventResult,
  type PutCustomMetricResult,
} from './cms-client';
import { EntryQueue } from './entry-queue';
import { Flusher } from './flusher';
import type { Counter, Gauge, Histogram, Timer } from './instruments';
import { MetricRegistry } from './registry';
import type { InstrumentKind, Series } from './series';
import { checkDimensions, type Dimensions } from './validation';

/** Timers the periodic flush uses; inject fakes in tests. */
export interface MetricsTimers {
  /**
   * Calls `callback` every `ms` milliseconds; returns a handle for `clearInterval` (its `unref()`, if any, is called).
   */
  setInterval(callback: () => void, ms: number): unknown;
  /** Stops the timer `setInterval` returned. */
  clearInterval(handle: unknown): void;
}

/** Options of {@link createMetrics}: where to report (as for {@link CmsClient}) and how to aggregate. */
export interface CreateMetricsOptions extends CmsClientOptions {
  /**
   * The periods (seconds) each series is aggregated over and reported at. CloudMonitor's
   * documentation recommends reporting both when data is read over more than 7 days.
   * @defaultValue [60, 300]
   */
  periods?: readonly CmsPeriod[] | undefined;
  /**
   * `aggregated`: statistics per period are computed here and reported as Type 1 (free).
   * `raw`: every sample is reported as a Type 0 value (billed) and aggregated by CloudMonitor.
   * @defaultValue 'aggregated'
   */
  mode?: 'aggregated' | 'raw' | undefined;
  /** Dimensions added to every series (an instrument's own dimensions win). @defaultValue none */
  defaultDimensions?: Dimensions | undefined;
  /**
   * Series one metric may have; samples for further dimension sets go to the metric's
   * `{"overflow":"true"}` series and are counted in `stats().overflowSamples`. @defaultValue 1000
   */
  maxSeriesPerMetric?: number | undefined;
  /**
   * How often complete windows are sent; `0` turns the timer off (call `flush()` yourself, as in
   * Function Compute). The timer does not keep the process alive. @defaultValue 10_000
   */
  flushIntervalMs?: number | undefined;
  /**
   * Entries that may wait to be sent; beyond it the oldest are dropped and counted in
   * `stats().droppedEntries`. @defaultValue 50_000
   */
  maxBufferedEntries?: number | undefined;
  /** Requests a flush keeps in flight at once (each still waits for the rate limiter). @defaultValue 4 */
  maxConcurrentRequests?: number | undefined;
  /**
   * The clock windows follow, epoch milliseconds. An injected clock is read for every sample, so
   * window assignment is exact (for tests). The default reads `Date.now` only at window
   * boundaries, from a timer aimed at them, and at flushes, so `add()` costs no clock read; a sample
   * taken after a window's end but before that timer runs (normally about a millisecond, longer
   * while the event loop is blocked) lands in the window that just ended.
   * @defaultValue a coarse `Date.now` clock
   */
  clock?: (() => number) | undefined;
  /** The monotonic clock timers measure with, milliseconds. @defaultValue `performance.now` */
  timerClock?: (() => number) | undefined;
  /** `setInterval` / `clearInterval` for the periodic flush. @defaultValue the global timers */
  timers?: MetricsTimers | undefined;
  /** Called with each error that made CloudMonitor refuse entries for good. @defaultValue none (they are logged) */
  onError?: ((error: Error) => void) | undefined;
}

/** Options of {@link Metrics.gauge}. */
export interface GaugeOptions {
  /** Read at every flush and recorded as a reading. @defaultValue none: call `set()` */
  callback?: (() => number) | undefined;
}

/** Options of {@link Metrics.flush} and {@link Metrics.close}. */
export interface FlushOptions {
  /** Stops waiting; unsent entries stay buffered, and the call rejects with `signal.reason`. @defaultValue none */
  signal?: AbortSignal | undefined;
}

/** What one flush did. */
export interface FlushResult {
  /** Entries CloudMonitor accepted. */
  sentEntries: number;
  /** Requests that carried them. */
  requests: number;
  /** Entries still buffered (retries ran out; the next flush tries again). */
  pendingEntries: number;
  /** Entries dropped during this flush because the buffer was full. */
  droppedEntries: number;
  /** Entries CloudMonitor refused for good (e.g. `InvalidParameter`). */
  rejectedEntries: number;
  /** The failures behind refused entries, and the last one when retries ran out. */
  errors: Error[];
}

/** Counters of a metrics client since it was made. */
export interface MetricsStats {
  /** Series in memory (overflow series included). */
  series: number;
  /** Entries waiting to be sent. */
  bufferedEntries: number;
  /** Entries CloudMonitor accepted. */
  sentEntries: number;
  /** PutCustomMetric requests that succeeded. */
  sentRequests: number;
  /** Entries dropped because the buffer was full. */
  droppedEntries: number;
  /** Entries CloudMonitor refused for good. */
  rejectedEntries: number;
  /** Requests answered with throttling (each was retried or kept for later). */
  throttledRequests: number;
  /** Requests that failed for any reason. */
  failedRequests: number;
  /** Samples recorded on overflow series (the series cap was reached), in closed windows. */
  overflowSamples: number;
  /** Lookups of a new series that the cap sent to the overflow series. */
  overflowLookups: number;
}

/** A metrics client: instruments aggregated in memory per period and flushed to CloudMonitor in batches. */
export interface Metrics {
  /**
   * The counter of one series; the same name and dimensions give the same counter.
   * @throws TypeError for a bad metric name or dimensions, naming them (see {@link checkMetricName}).
   */
  counter(name: string, dimensions?: Dimensions): Counter;
  /**
   * The gauge of one series, set by `set()` or read from `options.callback` at each flush.
   * @throws TypeError as {@link Metrics.counter}, or when the callback is not a function.
   */
  gauge(name: string, dimensions?: Dimensions, options?: GaugeOptions): Gauge;
  /** The histogram of one series. @throws TypeError as {@link Metrics.counter}. */
  histogram(name: string, dimensions?: Dimensions): Histogram;
  /** A histogram of durations in milliseconds, with `startTimer()` and `time(fn)`. @throws TypeError as {@link Metrics.counter}. */
  timer(name: string, dimensions?: Dimensions): Timer;
  /**
   * Moves every window that has ended to the buffer and sends the buffer (waiting for a flush
   * under way first). Windows still open stay in memory, so no period is ever reported twice.
   * @throws the signal's reason when `signal` aborts.
   */
  flush(options?: FlushOptions): Promise<FlushResult>;
  /**
   * Stops the timer, sends every window including the open ones, and stops recording (later
   * samples are ignored). Safe to call more than once.
   * @throws the signal's reason when `signal` aborts.
   */
  close(options?: FlushOptions): Promise<FlushResult>;
  /** Counters since the client was made. */
  stats(): MetricsStats;
  /** The raw API client this one reports through. */
  readonly client: CmsClient;
  /** {@link CmsClient.putCustomMetric}: reports entries now, bypassing aggregation. */
  putCustomMetric(metrics: readonly CustomMetric[], options?: CmsCallOptions): Promise<PutCustomMetricResult>;
  /** {@link CmsClient.putCustomEvent}. */
  putCustomEvent(events: readonly CustomEvent[], options?: CmsCallOptions): Promise<PutCustomEventResult>;
  /** {@link CmsClient.describeMetricList}. */
  describeMetricList(input: DescribeMetricInput, options?: CmsCallOptions): MetricDatapointIterator;
  /** {@link CmsClient.describeMetricLast}. */
  describeMetricLast(input: DescribeMetricInput, options?: CmsCallOptions): MetricDatapointIterator;
}

/** What the OpenTelemetry exporter needs beyond the public API; found by a global symbol so copies of the package agree. */
export interface MetricsInternals {
  series(kind: InstrumentKind, name: string, dimensions: Dimensions | undefined): Series;
  /** How many dimensions every series gets from `defaultDimensions`. */
  readonly defaultDimensionCount: number;
  /** Brings the coarse clock up to date (after a freeze, when its timer may not have run yet). */
  refresh(): void;
}

/** The key of {@link MetricsInternals} on a {@link Metrics} object. */
export const METRICS_INTERNALS: unique symbol = Symbol.for('alikit.cms-metrics.internals') as never;

const DEFAULT_PERIODS: readonly CmsPeriod[] = [60, 300];

/**
 * Creates a metrics client for CloudMonitor custom metrics: counters, gauges, histograms and
 * timers aggregated in memory per period (Sum, Average, Maximum, Minimum, SampleCount), reported
 * as free pre-aggregated data, in batches within the API's limits, through a per-region rate
 * limiter, with retries on throttling. Names and dimensions are checked as you create
 * instruments, so mistakes throw instead of being rewritten by the service. No I/O until the first flush.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ region: 'cn-hangzhou', groupId: 0, defaultDimensions: { service: 'checkout' } });
 * metrics.counter('orders', { shop: 'eu' }).add();
 * metrics.histogram('basket_value').record(42.5);
 * await metrics.close();
 * ```
 * @throws TypeError / RangeError for bad options (see {@link CreateMetricsOptions}), naming the option.
 */
export function createMetrics(options: CreateMetricsOptions = {}): Metrics {
  if (typeof options !== 'object' || options === null) throw new TypeError('createMetrics takes an options object');
  const periods = checkPeriods(options.periods ?? DEFAULT_PERIODS);
  const mode = options.mode ?? 'aggregated';
  if (mode !== 'aggregated' && mode !== 'raw') {
    throw new TypeError(`mode must be 'aggregated' or 'raw', got ${JSON.stringify(mode)}`);
  }
  const defaultDimensions = checkDimensions(options.defaultDimensions, 'defaultDimensions');
  const maxSeriesPerMetric = checkInteger(options.maxSeriesPerMetric ?? 1000, 'maxSeriesPerMetric', 1);
  const flushIntervalMs = options.flushIntervalMs ?? 10_000;
  if (typeof flushIntervalMs !== 'number' || !Number.isFinite(flushIntervalMs) || flushIntervalMs < 0) {
    throw new RangeError(`flushIntervalMs must be a number of milliseconds >= 0, got ${String(flushIntervalMs)}`);
  }
  const maxBufferedEntries = checkInteger(options.maxBufferedEntries ?? 50_000, 'maxBufferedEntries', 1);
  const concurrency = checkInteger(options.maxConcurrentRequests ?? 4, 'maxConcurrentRequests', 1);
  const clock = options.clock;
  const timerClock = options.timerClock ?? (() => performance.now());
  if (clock !== undefined && typeof clock !== 'function')
    throw new TypeError('clock must be a function returning epoch milliseconds');
  if (typeof timerClock !== 'function') throw new TypeError('timerClock must be a function returning milliseconds');
  if (options.onError !== undefined && typeof options.onError !== 'function')
    throw new TypeError('onError must be a function');
  const timers = options.timers ?? { setInterval: globalThis.setInterval, clearInterval: globalThis.clearInterval };

  const client = new CmsClient(options);
  const logger = resolveLogger(options.logger);
  const queue = new EntryQueue(maxBufferedEntries);
  const registry = new MetricRegistry({
    clock,
    timerClock,
    periods,
    raw: mode === 'raw',
    groupId: client.groupId,
    defaultDimensions,
    maxSeriesPerMetric,
    queue,
    logger,
  });
  const flusher = new Flusher(client, queue, {
    maxEntriesPerRequest: client.maxEntriesPerRequest,
    maxRequestBytes: client.maxRequestBytes,
    concurrency,
    retry: resolveSendRetry(options.retry),
    logger,
    onError: options.onError,
  });

  async function send(signal: AbortSignal | undefined): Promise<FlushResult> {
    const droppedBefore = queue.dropped;
    const report = await flusher.drain(signal);
    const droppedEntries = queue.dropped - droppedBefore;
    if (droppedEntries > 0) {
      logger.warn(`cms-metrics: the buffer was full (${queue.capacity} entries); dropped the ${droppedEntries} oldest`);
    }
    return {
      sentEntries: report.sentEntries,
      requests: report.requests,
      pendingEntries: queue.size,
      droppedEntries,
      rejectedEntries: report.rejectedEntries,
      errors: report.errors,
    };
  }

  let timer: unknown;
  if (flushIntervalMs > 0) {
    timer = timers.setInterval(() => {
      registry.collect();
      // A drain under way picks up what was just collected; starting another would only queue behind it.
      if (!flusher.busy) void send(undefined).catch(() => undefined);
    }, flushIntervalMs);
    (timer as { unref?: () => void } | undefined)?.unref?.();
  }

  let closing: Promise<FlushResult> | undefined;

  const metrics: Metrics & { [METRICS_INTERNALS]: MetricsInternals } = {
    client,
    counter: (name, dimensions) => registry.series('counter', name, dimensions),
    gauge(name, dimensions, gaugeOptions) {
      const callback = gaugeOptions?.callback;
      if (callback !== undefined && typeof callback !== 'function') {
        throw new TypeError('options.callback must be a function');
      }
      const gauge = registry.series('gauge', name, dimensions);
      if (callback !== undefined) registry.addCallback(gauge, callback);
      return gauge;
    },
    histogram: (name, dimensions) => registry.series('histogram', name, dimensions),
    timer: (name, dimensions) => registry.series('histogram', name, dimensions),
    async flush(flushOptions = {}) {
      if (closing) return closing;
      registry.collect();
      return send(flushOptions.signal);
    },
    close(flushOptions = {}) {
      if (closing) return closing;
      if (timer !== undefined) timers.clearInterval(timer);
      registry.collect(true);
      closing = send(flushOptions.signal);
      return closing;
    },
    stats: () => ({
      series: registry.seriesCount,
      bufferedEntries: queue.size,
      sentEntries: flusher.totals.sentEntries,
      sentRequests: flusher.totals.sentRequests,
      droppedEntries: queue.dropped,
      rejectedEntries: flusher.totals.rejectedEntries,
      throttledRequests: flusher.totals.throttledRequests,
      failedRequests: flusher.totals.failedRequests,
      overflowSamples: registry.overflowSamples,
      overflowLookups: registry.overflowLookups,
    }),
    putCustomMetric: (entries, callOptions) => client.putCustomMetric(entries, callOptions),
    putCustomEvent: (events, callOptions) => client.putCustomEvent(events, callOptions),
    describeMetricList: (input, callOptions) => client.describeMetricList(input, callOptions),
    describeMetricLast: (input, callOptions) => client.describeMetricLast(input, callOptions),
    [METRICS_INTERNALS]: {
      series: (kind, name, dimensions) => registry.series(kind, name, dimensions),
      defaultDimensionCount: defaultDimensions.length,
      refresh: () => registry.refresh(),
    },
  };
  return metrics;
}

/**
 * Wraps a Function Compute handler so that every invocation ends with `metrics.flush()`: FC may
 * freeze the instance as soon as the handler returns, so a timer cannot be relied on (for the same
 * reason each invocation first brings the coarse window clock up to date). Create the
 * client with `flushIntervalMs: 0` outside the handler, and call `metrics.close()` from the
 * instance's PreStop hook so the last open windows are sent too.
 *
 * @example
 * ```ts
 * const metrics = createMetrics({ region: 'cn-hangzhou', flushIntervalMs: 0 });
 * export const handler = withMetricsFlush(metrics, async (event: unknown) => {
 *   metrics.counter('invocations').add();
 *   return 'ok';
 * });
 * ```
 */
export function withMetricsFlush<A extends unknown[], R>(
  metrics: Pick<Metrics, 'flush'>,
  handler: (...args: A) => R | Promise<R>,
): (...args: A) => Promise<R> {
  if (typeof handler !== 'function') throw new TypeError('handler must be a function');
  const internals = (metrics as { [METRICS_INTERNALS]?: MetricsInternals })[METRICS_INTERNALS];
  return async (...args: A) => {
    internals?.refresh();
    try {
      return await handler(...args);
    } finally {
      await metrics.flush();
    }
  };
}

function checkPeriods(periods: readonly number[]): number[] {
  if (!Array.isArray(periods) || periods.length === 0)
    throw new TypeError('periods must be a non-empty array of 60 and/or 300');
  const sorted = [...new Set(periods)].sort((a, b) => a - b);
  for (const p of sorted) {
    if (p !== 60 && p !== 300) throw new RangeError(`periods may hold 60 and 300 (seconds), got ${String(p)}`);
  }
  return sorted;
}

function checkInteger(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new RangeError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  return value;
}
