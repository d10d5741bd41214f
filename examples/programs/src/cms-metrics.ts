// @alikit/cms-metrics: a counter and a histogram aggregated in process, flushed to CloudMonitor as
// free pre-aggregated data, and read back with DescribeMetricLast — against the POP emulator.
// Run: npx tsx examples/programs/src/cms-metrics.ts
import { pathToFileURL } from 'node:url';
import { createMetrics, type MetricStatistics } from '@alikit/cms-metrics';
import { startEmulators } from '@alikit/emulators';

const MINUTE = 60_000;

/** Counts orders and records latencies for one minute, flushes it, and reads the statistics back. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['pop'] });
  // Windows are 60 s. This program pins the clock in the minute before now, then moves it past
  // the minute's end so one flush sends the window at once; your code leaves `clock` out and a
  // timer sends every window that has ended (every 10 s by default).
  const windowStart = Math.floor(Date.now() / MINUTE) * MINUTE - MINUTE;
  let now = windowStart + 5_000;
  const metrics = createMetrics({
    endpoint: emu.pop.endpoint, // or region: 'cn-hangzhou' for the real CloudMonitor
    credentials: { ...emu.credentials, source: 'emulator' },
    accountId: emu.pop.cms.accountId, // your account id, for reading back
    periods: [60],
    defaultDimensions: { service: 'checkout' },
    flushIntervalMs: 0,
    clock: () => now,
  });
  try {
    const orders = metrics.counter('orders', { shop: 'eu' });
    const latency = metrics.histogram('latency_ms', { route: '/cart' });
    orders.add();
    orders.add(2);
    for (const ms of [120, 80, 100]) latency.record(ms);

    now = windowStart + MINUTE + 1_000;
    const flushed = await metrics.flush();
    out(`flush: ${flushed.sentEntries} entries in ${flushed.requests} request(s), ${flushed.pendingEntries} pending`);

    const expectations: Array<[string, Record<string, string>, MetricStatistics]> = [
      ['orders', { shop: 'eu' }, { sum: 3, sampleCount: 2 }],
      ['latency_ms', { route: '/cart' }, { sum: 300, sampleCount: 3, average: 100, maximum: 120, minimum: 80 }],
    ];
    for (const [metricName, dimensions, expected] of expectations) {
      const points = [];
      for await (const point of metrics.describeMetricLast({ metricName, period: 60, dimensions })) points.push(point);
      const stats = points[0]?.statistics ?? {};
      out(
        `${metricName}: Sum ${stats.sum}, SampleCount ${stats.sampleCount}, Min ${stats.minimum}, Max ${stats.maximum}`,
      );
      const wrong = Object.entries(expected).filter(([key, value]) => stats[key as keyof MetricStatistics] !== value);
      if (points.length !== 1 || wrong.length > 0) {
        throw new Error(`${metricName}: ${points.length} point(s), unexpected ${wrong.map(([key]) => key).join(', ')}`);
      }
    }
  } finally {
    await metrics.close();
    await emu.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
