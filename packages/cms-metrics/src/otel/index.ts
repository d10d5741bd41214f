/**
 * The OpenTelemetry metric exporter for CloudMonitor. Needs the optional peers
 * `@opentelemetry/api` and `@opentelemetry/sdk-metrics`.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/cms-metrics/otel
 */

export { CmsMetricExporter, type CmsMetricExporterOptions } from './cms-metric-exporter';
