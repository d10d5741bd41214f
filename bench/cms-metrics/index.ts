/**
 * CloudMonitor metrics benchmarks: the hot path (`add()` / `record()`, with a bound instrument and
 * with a dimension lookup per call) against prom-client counters and histograms in the same
 * process, memory per series against prom-client label sets, and the cost of flushing 10,000
 * series (20,000 entries at the default periods) to a loopback endpoint.
 *
 * Both sides do the same work per operation: one sample into an in-memory aggregate. prom-client
 * histograms also update their buckets (eleven by default), ours keep sum/count/min/max exactly;
 * that is the design difference the rows measure. The flush row has no baseline: prom-client is
 * pulled (exposition), not pushed.
 */
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createMetrics, type Metrics, TokenBucket } from '@alikit/cms-metrics';
import { compare, type Row } from '../harness';

export const title = 'CloudMonitor metrics (hot path against prom-client, memory, flush)';

const require = createRequire(import.meta.url);

interface PromCounter {
  inc(value?: number): void;
  inc(labels: Record<string, string>, value?: number): void;
}
interface PromHistogram {
  observe(value: number): void;
  observe(labels: Record<string, string>, value: number): void;
}
interface PromClient {
  Registry: new () => unknown;
  Counter: new (config: { name: string; help: string; labelNames?: string[]; registers: unknown[] }) => PromCounter;
  Histogram: new (config: { name: string; help: string; labelNames?: string[]; registers: unknown[] }) => PromHistogram;
}
const prom = require('prom-client') as PromClient;
const PROM_NAME = `prom-client ${(require('prom-client/package.json') as { version: string }).version}`;

const ROUTES = ['/', '/cart', '/checkout', '/api/items', '/api/user', '/search', '/login', '/logout'];

function localMetrics(endpoint = 'http://127.0.0.1:9'): Metrics {
  return createMetrics({
    endpoint,
    credentials: { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret', source: 'bench' },
    flushIntervalMs: 0,
    maxSeriesPerMetric: 100_000,
    maxBufferedEntries: 1_000_000,
    tokenBucket: new TokenBucket({ ratePerSecond: 1_000_000 }),
  });
}

function hotPath(): Row[] {
  const metrics = localMetrics();
  const registry = new prom.Registry();
  const counter = metrics.counter('requests');
  const promCounter = new prom.Counter({ name: 'requests', help: 'h', registers: [registry] });
  const histogram = metrics.histogram('latency_ms');
  const promHistogram = new prom.Histogram({ name: 'latency_ms', help: 'h', registers: [registry] });
  const promLabelledCounter = new prom.Counter({
    name: 'requests_by_route',
    help: 'h',
    labelNames: ['route'],
    registers: [registry],
  });
  const promLabelledHistogram = new prom.Histogram({
    name: 'latency_by_route',
    help: 'h',
    labelNames: ['route'],
    registers: [registry],
  });
  let i = 0;
  let j = 0;
  const rows = [
    compare({
      name: 'counter add() (bound instrument)',
      ours: () => counter.add(1),
      baseline: () => promCounter.inc(1),
      baselineName: `${PROM_NAME} Counter.inc`,
    }),
    compare({
      name: 'histogram record() (bound instrument)',
      ours: () => histogram.record((i++ & 1023) * 0.37),
      baseline: () => promHistogram.observe((j++ & 1023) * 0.37),
      baselineName: `${PROM_NAME} Histogram.observe`,
    }),
    compare({
      name: 'counter add() with a dimension lookup per call',
      ours: () => metrics.counter('requests_by_route', { route: ROUTES[i++ & 7] as string }).add(1),
      baseline: () => promLabelledCounter.inc({ route: ROUTES[j++ & 7] as string }, 1),
      baselineName: `${PROM_NAME} Counter.inc(labels)`,
    }),
    compare({
      name: 'histogram record() with a dimension lookup per call',
      ours: () => metrics.histogram('latency_by_route', { route: ROUTES[i++ & 7] as string }).record(i & 1023),
      baseline: () => promLabelledHistogram.observe({ route: ROUTES[j++ & 7] as string }, j & 1023),
      baselineName: `${PROM_NAME} Histogram.observe(labels)`,
    }),
  ];
  void metrics.close();
  return rows;
}

/** A callable `gc()`, enabled at run time since the runner starts Node without `--expose-gc`. */
function gcFunction(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** The JS heap plus ArrayBuffer backing stores, which live outside it (our window numbers do). */
function usedBytes(): number {
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function heapDelta(gc: () => void, build: () => unknown): number {
  gc();
  const before = usedBytes();
  const kept = build();
  gc();
  const after = usedBytes();
  if (kept === Symbol.for('never')) console.log(kept);
  return after - before;
}

function memoryRows(): Row[] {
  const gc = gcFunction();
  const N = 10_000;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] as number;
  const measure = (build: () => unknown) => median([0, 1, 2].map(() => heapDelta(gc, build))) / N;
  const rows: Row[] = [];
  const kinds = [
    {
      name: 'memory per counter series, bytes (lower is better)',
      baselineName: `${PROM_NAME} Counter label set`,
      ours: () => {
        const m = localMetrics();
        for (let k = 0; k < N; k++) m.counter('requests', { user: `u${k}` }).add(1);
        return m;
      },
      baseline: () => {
        const c = new prom.Counter({
          name: 'requests',
          help: 'h',
          labelNames: ['user'],
          registers: [new prom.Registry()],
        });
        for (let k = 0; k < N; k++) c.inc({ user: `u${k}` }, 1);
        return c;
      },
    },
    {
      name: 'memory per histogram series, bytes (lower is better)',
      baselineName: `${PROM_NAME} Histogram label set (default buckets)`,
      ours: () => {
        const m = localMetrics();
        for (let k = 0; k < N; k++) m.histogram('latency', { user: `u${k}` }).record(k);
        return m;
      },
      baseline: () => {
        const h = new prom.Histogram({
          name: 'latency',
          help: 'h',
          labelNames: ['user'],
          registers: [new prom.Registry()],
        });
        for (let k = 0; k < N; k++) h.observe({ user: `u${k}` }, k);
        return h;
      },
    },
  ];
  for (const kind of kinds) {
    const ours = measure(kind.ours);
    const baseline = measure(kind.baseline);
    // As with speed, a ratio above 1 favours us: here the baseline needs that many times our memory.
    rows.push({
      name: kind.name,
      baseline: kind.baselineName,
      oursOpsPerSec: ours,
      baselineOpsPerSec: baseline,
      ratio: baseline / ours,
    });
  }
  return rows;
}

/** A loopback stand-in for CloudMonitor that accepts every request, so the row measures the client. */
function startSink(): Promise<{ server: Server; endpoint: string; requests: () => number }> {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(200, { 'content-type': 'application/json;charset=utf-8' });
      res.end('{"Code":"200","Message":"success","RequestId":"00000000-0000-0000-0000-000000000000"}');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      resolve({ server, endpoint: `http://127.0.0.1:${port}`, requests: () => count });
    });
  });
}

async function flushRows(): Promise<Row[]> {
  const sink = await startSink();
  const N = 10_000;
  let now = Date.UTC(2030, 0, 1, 12);
  const metrics = createMetrics({
    endpoint: sink.endpoint,
    credentials: { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret', source: 'bench' },
    flushIntervalMs: 0,
    clock: () => now,
    maxSeriesPerMetric: N,
    maxConcurrentRequests: 8,
    tokenBucket: new TokenBucket({ ratePerSecond: 1_000_000 }),
  });
  const histograms = Array.from({ length: N }, (_, k) => metrics.histogram('latency', { user: `u${k}` }));
  const times: number[] = [];
  let entries = 0;
  for (let round = 0; round < 5; round++) {
    for (const h of histograms) h.record(round);
    now += 300_000; // both the 60 s and the 300 s window of every series end
    const start = performance.now();
    const result = await metrics.flush();
    times.push(performance.now() - start);
    entries = result.sentEntries;
  }
  await metrics.close();
  await new Promise((resolve) => sink.server.close(resolve));
  const median = [...times].sort((a, b) => a - b)[2] as number;
  return [
    {
      name: `flush 10,000 series (${entries.toLocaleString('en-US')} entries, ${Math.ceil(entries / 21)} requests, loopback), flushes/s; ${median.toFixed(0)} ms each`,
      baseline: 'none (prom-client is scraped, not pushed)',
      oursOpsPerSec: 1000 / median,
      baselineOpsPerSec: Number.NaN,
      ratio: Number.NaN,
    },
  ];
}

export async function run(): Promise<Row[]> {
  return [...hotPath(), ...memoryRows(), ...(await flushRows())];
}
