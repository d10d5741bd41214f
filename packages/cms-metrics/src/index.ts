/**
 * CloudMonitor custom metrics with client-side aggregation. The OpenTelemetry exporter lives at
 * the subpath `@alikit/cms-metrics/otel` and is not loaded from here.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/cms-metrics
 */

// The list types are core's, named here so users of this package need not import core.
export type { PagedAsyncIterableIterator, PageSettings } from '@alikit/core';
export {
  type AggregatedCustomMetric,
  CMS_API_VERSION,
  CMS_PERIODS,
  type CmsCallOptions,
  CmsClient,
  type CmsClientOptions,
  type CmsPeriod,
  type CustomEvent,
  type CustomMetric,
  DEFAULT_MAX_ENTRIES_PER_REQUEST,
  DEFAULT_MAX_REQUEST_BYTES,
  type DescribeMetricInput,
  MAX_EVENTS_PER_REQUEST,
  type MetricDatapoint,
  type MetricDatapointIterator,
  type MetricDatapointPage,
  type PutCustomEventResult,
  type PutCustomMetricResult,
  type RawCustomMetric,
} from './cms-client';
export {
  type CreateMetricsOptions,
  createMetrics,
  type FlushOptions,
  type FlushResult,
  type GaugeOptions,
  type Metrics,
  type MetricsStats,
  type MetricsTimers,
  withMetricsFlush,
} from './create-metrics';
export { Counter, Gauge, Histogram, Timer } from './instruments';
export { OVERFLOW_DIMENSION } from './registry';
export type { MetricStatistics, StatisticName } from './statistics';
export { TokenBucket, type TokenBucketOptions } from './token-bucket';
export {
  checkDimensions,
  checkMetricName,
  type Dimensions,
  MAX_DIMENSIONS,
  MAX_NAME_LENGTH,
  sanitizeDimensionText,
  sanitizeMetricName,
} from './validation';
