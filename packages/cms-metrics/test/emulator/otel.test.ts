import { CmsMetricExporter } from '@alikit/cms-metrics/otel';
import { AggregationTemporality, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/index';
import { metricsFor, type PopEmulators, startCms } from './support';

let emu: PopEmulators;
beforeAll(async () => {
  emu = await startCms();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.cms.reset();
  emu.pop.clearCalls();
});

/** The emulator's entries of one metric and period added up (a run may straddle a minute). */
function totals(metricName: string, period: number) {
  const entries = emu.pop.cms.entries.filter((e) => e.metricName === metricName && e.period === period);
  return {
    entries,
    sum: entries.reduce((a, e) => a + (e.values.Sum ?? 0), 0),
    count: entries.reduce((a, e) => a + (e.values.SampleCount ?? 0), 0),
    max: Math.max(...entries.map((e) => e.values.Maximum ?? Number.NEGATIVE_INFINITY)),
    min: Math.min(...entries.map((e) => e.values.Minimum ?? Number.POSITIVE_INFINITY)),
  };
}

describe('CmsMetricExporter', () => {
  it('reports OpenTelemetry counters, histograms and gauges as CloudMonitor aggregates', async () => {
    const exporter = new CmsMetricExporter({
      endpoint: emu.pop.endpoint,
      credentials: { ...emu.credentials, source: 'test' },
      tokenBucket: new TokenBucket({ ratePerSecond: 1000 }),
      flushIntervalMs: 0,
      defaultDimensions: { service: 'checkout' },
    });
    expect(exporter.selectAggregationTemporality()).toBe(AggregationTemporality.DELTA);
    const provider = new MeterProvider({
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
    });
    const meter = provider.getMeter('shop');
    const requests = meter.createCounter('http.server.requests');
    requests.add(1, { 'http.method': 'GET', 'http.route': '/cart items' });
    requests.add(2, { 'http.method': 'GET', 'http.route': '/cart items' });
    const latency = meter.createHistogram('latency');
    latency.record(10);
    latency.record(30);
    meter.createGauge('temperature').record(21.5, { room: 'a' });
    meter.createUpDownCounter('inflight').add(-2);
    const wide: Record<string, string> = {};
    for (let i = 0; i < 12; i++) wide[`k${String(i).padStart(2, '0')}`] = 'v';
    meter.createCounter('wide').add(1, wide);

    await provider.forceFlush();
    await provider.shutdown();

    const req = totals('http_server_requests', 60);
    expect(req.sum).toBe(3);
    expect(req.entries[0]?.dimensions).toEqual([
      ['http.method', 'GET'],
      ['http.route', '/cart_items'],
      ['service', 'checkout'],
    ]);
    expect(totals('http_server_requests', 300).sum).toBe(3);
    const lat = totals('latency', 60);
    expect([lat.sum, lat.count, lat.max, lat.min]).toEqual([40, 2, 30, 10]);
    const temp = totals('temperature', 60);
    expect(temp.entries.at(-1)?.values.LastValue).toBe(21.5);
    expect(totals('inflight', 60).sum).toBe(-2);
    // Nine attributes fit besides the default dimension; the first in alphabetical order are kept.
    const wideDims = totals('wide', 60).entries[0]?.dimensions.map(([k]) => k);
    expect(wideDims).toEqual(['k00', 'k01', 'k02', 'k03', 'k04', 'k05', 'k06', 'k07', 'k08', 'service']);
    expect(exporter.skippedPoints).toBe(0);

    const result = await new Promise((resolve) =>
      exporter.export({ resource: {} as never, scopeMetrics: [] }, (r) => resolve(r)),
    );
    expect(result).toMatchObject({ code: 1 });
  });

  it('reports through a client you pass, which it flushes but does not close', async () => {
    const metrics = metricsFor(emu);
    const exporter = new CmsMetricExporter({ metrics, metricName: (name) => `app_${name}` });
    expect(exporter.metrics).toBe(metrics);
    expect(exporter.selectAggregationTemporality()).toBe(AggregationTemporality.DELTA);
    const provider = new MeterProvider({
      readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
    });
    provider.getMeter('m').createCounter('jobs').add(5);
    await provider.shutdown();
    metrics.counter('direct').add(1);
    await metrics.close();
    expect(totals('app_jobs', 60).sum).toBe(5);
    expect(totals('direct', 60).sum).toBe(1);
    expect(() => new CmsMetricExporter({ metrics: {} as never })).toThrow(/made by createMetrics/);
  });
});
