// Public surface of @alikit/cms-metrics/otel: the OpenTelemetry exporter. Needs the optional peers
// @opentelemetry/api and @opentelemetry/sdk-metrics. Exports are listed by name (no `export *`).

export { CmsMetricExporter, type CmsMetricExporterOptions } from './cms-metric-exporter';
