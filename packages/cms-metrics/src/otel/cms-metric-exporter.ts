import { type Logger, resolveLogger } from '@alikit/core';
import type { HrTime } from '@opentelemetry/api';
import {
  AggregationTemporality,
  DataPointType,
  type MetricData,
  type PushMetricExporter,
  type ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import {
  type CreateMetricsOptions,
  createMetrics,
  METRICS_INTERNALS,
  type Metrics,
  type MetricsInternals,
} from '../create-metrics';
import type { InstrumentKind } from '../series';
import { MAX_DIMENSIONS, sanitizeDimensionText, sanitizeMetricName } from '../validation';

type ExportCallback = Parameters<PushMetricExporter['export']>[1];
type ExportResult = Parameters<ExportCallback>[0];

const SUCCESS = 0 as ExportResult['code'];
const FAILED = 1 as ExportResult['code'];

interface ExporterNaming {
  /**
   * Maps an OpenTelemetry instrument name (`http.server.duration`) to a CloudMonitor metric name.
   * @defaultValue CloudMonitor's own rewriting: invalid characters become `_` (`http_server_duration`)
   */
  metricName?: ((name: string) => string) | undefined;
  /** Receives one warning per metric whose points are skipped. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
}

/**
 * Options of {@link CmsMetricExporter}: either `metrics`, an existing client to report through, or
 * the options of a client the exporter makes (and closes on shutdown).
 */
export type CmsMetricExporterOptions = ExporterNaming &
  (
    | {
        /** An existing metrics client to report through; the exporter leaves it open on shutdown. */
        metrics: Metrics;
      }
    | (CreateMetricsOptions & {
        /** Leave out to have the exporter make its own client from the other options. */
        metrics?: undefined;
      })
  );

/**
 * An OpenTelemetry push exporter (`@opentelemetry/sdk-metrics` 2.x) that reports to CloudMonitor
 * through {@link createMetrics}: it asks for delta temporality and folds each export's data points
 * into the client's period windows (sums as counters, gauges as gauges, histograms by their sum,
 * count, min and max), then flushes the windows that have ended.
 *
 * Attribute keys and values are rewritten to CloudMonitor's character set (invalid characters
 * become `_`, values are cut to 64 characters); beyond 10 dimensions the first keys in
 * alphabetical order are kept. A point that still cannot be reported is counted in `skippedPoints`.
 *
 * @example
 * ```ts
 * import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
 * import { CmsMetricExporter } from '@alikit/cms-metrics/otel';
 * const exporter = new CmsMetricExporter({ region: 'cn-hangzhou' });
 * const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 })] });
 * provider.getMeter('shop').createCounter('orders').add(1, { shop: 'eu' });
 * ```
 */
export class CmsMetricExporter implements PushMetricExporter {
  /** The metrics client the exporter reports through. */
  readonly metrics: Metrics;
  readonly #owned: boolean;
  readonly #internals: MetricsInternals;
  readonly #metricName: (name: string) => string;
  readonly #warned = new Set<string>();
  readonly #logger: Logger;
  #shutdown = false;
  #skipped = 0;

  /** @throws TypeError / RangeError for bad client options, as {@link createMetrics}. */
  constructor(options: CmsMetricExporterOptions) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('CmsMetricExporter takes an options object');
    const { metricName = sanitizeMetricName } = options;
    if (typeof metricName !== 'function') throw new TypeError('metricName must be a function');
    this.#metricName = metricName;
    this.#logger = resolveLogger(options.logger);
    if (options.metrics !== undefined) {
      this.metrics = options.metrics;
      this.#owned = false;
    } else {
      const { metricName: _ignored, metrics: _none, ...clientOptions } = options;
      this.metrics = createMetrics(clientOptions);
      this.#owned = true;
    }
    const internals = (this.metrics as unknown as Record<symbol, MetricsInternals | undefined>)[METRICS_INTERNALS];
    if (internals === undefined) throw new TypeError('metrics must be a client made by createMetrics()');
    this.#internals = internals;
  }

  /** Data points that could not be reported (a name or attributes CloudMonitor cannot take, a histogram without a sum). */
  get skippedPoints(): number {
    return this.#skipped;
  }

  /** Asks the SDK for deltas: each export then holds what happened since the last one. */
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.DELTA;
  }

  export(resourceMetrics: ResourceMetrics, resultCallback: ExportCallback): void {
    if (this.#shutdown) {
      resultCallback({ code: FAILED, error: new Error('CmsMetricExporter is shut down') });
      return;
    }
    for (const scope of resourceMetrics.scopeMetrics) {
      for (const metric of scope.metrics) this.#fold(metric);
    }
    this.metrics.flush().then(
      (result) => {
        const error = result.rejectedEntries > 0 ? result.errors[0] : undefined;
        resultCallback(error === undefined ? { code: SUCCESS } : { code: FAILED, error });
      },
      (error: unknown) =>
        resultCallback({ code: FAILED, error: error instanceof Error ? error : new Error(String(error)) }),
    );
  }

  /** Sends every window that has ended. */
  async forceFlush(): Promise<void> {
    await this.metrics.flush();
  }

  /** Sends what is left: a client the exporter made is closed (open windows included), one passed in is flushed. */
  async shutdown(): Promise<void> {
    if (this.#shutdown) return;
    this.#shutdown = true;
    if (this.#owned) await this.metrics.close();
    else await this.metrics.flush();
  }

  #fold(metric: MetricData): void {
    const name = this.#metricName(metric.descriptor.name);
    for (const point of metric.dataPoints) {
      const t = hrTimeMs(point.endTime) - 1;
      const dimensions = this.#dimensions(point.attributes);
      try {
        switch (metric.dataPointType) {
          case DataPointType.SUM: {
            const v = point.value as number;
            this.#series('counter', name, dimensions).merge(v, 1, v, v, v, t);
            break;
          }
          case DataPointType.GAUGE: {
            const v = point.value as number;
            this.#series('gauge', name, dimensions).merge(v, 1, v, v, v, t);
            break;
          }
          case DataPointType.HISTOGRAM:
          case DataPointType.EXPONENTIAL_HISTOGRAM: {
            const h = point.value as { sum?: number; count: number; min?: number; max?: number };
            if (h.count === 0) break;
            if (h.sum === undefined) {
              this.#skip(name, `histogram ${metric.descriptor.name} has no sum (negative values?)`);
              break;
            }
            const min = h.min ?? Number.POSITIVE_INFINITY;
            const max = h.max ?? Number.NEGATIVE_INFINITY;
            this.#series('histogram', name, dimensions).merge(h.sum, h.count, min, max, h.sum / h.count, t);
            break;
          }
        }
      } catch (error) {
        this.#skip(name, error instanceof Error ? error.message : String(error));
      }
    }
  }

  #series(kind: InstrumentKind, name: string, dimensions: Record<string, string>) {
    return this.#internals.series(kind, name, dimensions);
  }

  #dimensions(attributes: Readonly<Record<string, unknown>>): Record<string, string> {
    const room = Math.max(0, MAX_DIMENSIONS - this.#internals.defaultDimensionCount);
    const out: Record<string, string> = {};
    let kept = 0;
    for (const key of Object.keys(attributes).sort()) {
      if (kept >= room) break;
      const raw = attributes[key];
      if (raw === undefined || raw === null) continue;
      const value = sanitizeDimensionText(Array.isArray(raw) ? raw.join('/') : String(raw));
      const k = sanitizeDimensionText(key);
      if (k === '' || value === '') continue;
      out[k] = value;
      kept++;
    }
    return out;
  }

  #skip(name: string, reason: string): void {
    this.#skipped++;
    if (this.#warned.has(name)) return;
    this.#warned.add(name);
    // One line per metric: an exporter that logs every point would flood the log each interval.
    this.#logger.warn(`cms-metrics/otel: skipping points of ${name}: ${reason}`);
  }
}

function hrTimeMs(time: HrTime): number {
  return time[0] * 1000 + time[1] / 1e6;
}
