import { createMetrics, type MetricDatapoint, type MetricStatistics, type Metrics } from '@alikit/cms-metrics';
import { isSdkError } from '@alikit/core';
import type { CheckResult, StepContext, TourStep } from '../step';

/** The CloudMonitor application group the tour reports to (any numeric id; `0` means none). */
export const TOUR_GROUP_ID = '2000001';

/** The samples the tour records: a counter and a histogram, each in one series. */
export const METRIC_SAMPLES = {
  orders: { dimensions: { shop: 'eu' }, adds: [1, 2, 4] },
  latencyMs: { dimensions: { route: '/cart' }, records: [120, 80, 95, 310] },
} as const;

/** One aggregation period, so a single flush sends every window the tour filled. */
const PERIOD_SECONDS = 60;
const PERIOD_MS = PERIOD_SECONDS * 1000;

/** The statistics the tour compares: what an exact aggregation of the samples gives. */
export type ReferenceStatistics = Required<
  Pick<MetricStatistics, 'sum' | 'average' | 'maximum' | 'minimum' | 'sampleCount'>
>;

/** The statistics the tour compares, with CloudMonitor's names for the report. */
const COMPARED: ReadonlyArray<readonly [keyof ReferenceStatistics, string]> = [
  ['sum', 'Sum'],
  ['average', 'Average'],
  ['maximum', 'Max'],
  ['minimum', 'Min'],
  ['sampleCount', 'SampleCount'],
];

/** Step 5 of the tour: custom metrics aggregated in process, flushed to CloudMonitor and read back. */
export const metricsStep: TourStep = {
  name: 'metrics',
  title: 'CloudMonitor metrics: createMetrics from @alikit/cms-metrics, aggregated here, read back',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const { pop } = emulators;
    // The clock is injected: samples land in the minute before now, then the clock moves past its
    // end, so the window is closed (and sent) at once instead of after a real minute.
    const windowStart = Math.floor(Date.now() / PERIOD_MS) * PERIOD_MS - PERIOD_MS;
    let now = windowStart;
    const metrics = createMetrics({
      endpoint: pop.endpoint,
      credentials: { ...emulators.credentials, source: 'emulator' },
      accountId: pop.cms.accountId,
      groupId: TOUR_GROUP_ID,
      periods: [PERIOD_SECONDS],
      defaultDimensions: { service: 'alikit-tour' },
      flushIntervalMs: 0,
      clock: () => now,
    });
    log(`  endpoint ${pop.endpoint}, namespace ${pop.cms.namespace}, group ${TOUR_GROUP_ID}`);
    log(`  ${PERIOD_SECONDS} s window from ${hhmm(windowStart)} (injected clock, moved past its end before the flush)`);

    const { orders, latencyMs } = METRIC_SAMPLES;
    const counter = metrics.counter('orders', orders.dimensions);
    const histogram = metrics.histogram('latency_ms', latencyMs.dimensions);
    const samples = Math.max(orders.adds.length, latencyMs.records.length);
    for (let i = 0; i < samples; i++) {
      now = windowStart + (i + 1) * 10_000;
      const add = orders.adds[i];
      if (add !== undefined) counter.add(add);
      const value = latencyMs.records[i];
      if (value !== undefined) histogram.record(value);
    }
    log(`  counter   orders${describeDimensions(orders.dimensions)} add ${orders.adds.join(', ')}`);
    log(`  histogram latency_ms${describeDimensions(latencyMs.dimensions)} record ${latencyMs.records.join(', ')}`);

    now = windowStart + PERIOD_MS + 1_000;
    try {
      const flushed = await metrics.flush({ signal: AbortSignal.timeout(10_000) });
      log(
        `  flush: ${flushed.sentEntries} entries in ${flushed.requests} request${flushed.requests === 1 ? '' : 's'}, ` +
          `${flushed.pendingEntries} pending, ${flushed.rejectedEntries} rejected`,
      );
      const stored = pop.cms.entries.filter((entry) => entry.groupId === TOUR_GROUP_ID && entry.type === 1);
      log(`  CloudMonitor stored ${stored.length} pre-aggregated (Type 1, free) entries in group ${TOUR_GROUP_ID}`);

      const series = [
        { subject: 'counter orders', metricName: 'orders', dimensions: orders.dimensions, samples: orders.adds },
        {
          subject: 'histogram latency_ms',
          metricName: 'latency_ms',
          dimensions: latencyMs.dimensions,
          samples: latencyMs.records,
        },
      ];
      for (const one of series) record(await readBack(metrics, one, windowStart));
    } finally {
      await metrics.close();
    }
  },
};

/** The statistics CloudMonitor must report for a window holding exactly these samples. */
export function reference(samples: readonly number[]): ReferenceStatistics {
  const sum = samples.reduce((total, value) => total + value, 0);
  return {
    sum,
    average: sum / samples.length,
    maximum: Math.max(...samples),
    minimum: Math.min(...samples),
    sampleCount: samples.length,
  };
}

/** One series the tour reads back, and the samples it recorded into it. */
interface RecordedSeries {
  subject: string;
  metricName: string;
  dimensions: Readonly<Record<string, string>>;
  samples: readonly number[];
}

/** Reads the series' latest point with DescribeMetricLast and compares it with the samples' reference values. */
async function readBack(
  metrics: Metrics,
  { subject, metricName, dimensions, samples }: RecordedSeries,
  windowStart: number,
): Promise<CheckResult> {
  const expected = reference(samples);
  const base = { subject, action: 'DescribeMetricLast', expected: 'accepted' };
  let points: MetricDatapoint[];
  try {
    points = [];
    for await (const point of metrics.describeMetricLast(
      { metricName, period: PERIOD_SECONDS, dimensions },
      { signal: AbortSignal.timeout(10_000) },
    )) {
      points.push(point);
    }
  } catch (error) {
    if (!isSdkError(error)) throw error;
    return { ...base, ok: false, outcome: error.code, status: error.status, errorMessage: error.message };
  }
  const [point, ...more] = points;
  if (point === undefined) return { ...base, ok: false, outcome: 'accepted', errorMessage: 'no data point came back' };
  const summary = COMPARED.map(([name, label]) => `${label} ${formatNumber(point.statistics[name])}`).join(', ');
  const problems: string[] = [];
  if (more.length > 0) problems.push(`${points.length} points came back, expected 1`);
  if (point.timestamp.getTime() !== windowStart) problems.push(`window ${point.timestamp.toISOString()}`);
  for (const [name, label] of COMPARED) {
    if (!sameNumber(point.statistics[name], expected[name])) {
      problems.push(`${label} ${formatNumber(point.statistics[name])}, expected ${formatNumber(expected[name])}`);
    }
  }
  return {
    ...base,
    ok: problems.length === 0,
    outcome: 'accepted',
    summary,
    errorMessage: problems.length === 0 ? undefined : problems.join('; '),
  };
}

/** Equal up to floating-point noise in the average (the wire carries decimal text). */
function sameNumber(actual: number | undefined, expected: number | undefined): boolean {
  if (actual === undefined || expected === undefined) return actual === expected;
  return Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

function formatNumber(value: number | undefined): string {
  if (value === undefined) return '(missing)';
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

function describeDimensions(dimensions: Readonly<Record<string, string>>): string {
  return `{${Object.entries(dimensions)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ')}}`;
}

/** The window's start as UTC `hh:mm`, which is all the report needs. */
function hhmm(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(11, 16)} UTC`;
}
