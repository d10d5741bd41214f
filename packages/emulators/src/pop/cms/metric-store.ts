import type { CmsMetricEntry } from './metric-list';

/** What a DescribeMetricList / DescribeMetricLast query selects. */
export interface MetricQuery {
  metricName: string;
  /** Seconds. */
  period: number;
  /** Exclusive lower bound, epoch ms. @defaultValue none */
  startTime?: number | undefined;
  /** Inclusive upper bound, epoch ms. @defaultValue none */
  endTime?: number | undefined;
  /** A series matches when every pair of one of these maps is among its dimensions. @defaultValue every series */
  dimensions?: ReadonlyArray<Readonly<Record<string, string>>> | undefined;
  /** Only the latest point of each series (DescribeMetricLast). */
  lastOnly: boolean;
}

/** One answered data point: timestamp (ms), the series' dimensions and its statistics. */
export type MetricPoint = Record<string, string | number>;

interface Series {
  readonly metricName: string;
  readonly dimensions: ReadonlyArray<readonly [string, string]>;
  /** Pre-aggregated points by period, then by aligned timestamp; a later report replaces an earlier one. */
  readonly points: Map<number, Map<number, Readonly<Record<string, number>>>>;
  /** Raw values, in arrival order. */
  readonly raw: Array<{ time: number; value: number }>;
}

const PERCENTILES: ReadonlyArray<readonly [string, number]> = [
  ['P10', 10],
  ['P20', 20],
  ['P30', 30],
  ['P40', 40],
  ['P50', 50],
  ['P60', 60],
  ['P70', 70],
  ['P75', 75],
  ['P80', 80],
  ['P90', 90],
  ['P95', 95],
  ['P98', 98],
  ['P99', 99],
];

/**
 * The custom metrics of the emulated account: pre-aggregated points as reported, and raw values
 * aggregated at query time into the period asked for, as CloudMonitor does server-side.
 */
export class MetricStore {
  readonly #series = new Map<string, Series>();

  /** Stores accepted entries. */
  add(entries: readonly CmsMetricEntry[]): void {
    for (const entry of entries) {
      const key = `${entry.metricName}\u0000${JSON.stringify(entry.dimensions)}`;
      let series = this.#series.get(key);
      if (!series) {
        series = { metricName: entry.metricName, dimensions: entry.dimensions, points: new Map(), raw: [] };
        this.#series.set(key, series);
      }
      if (entry.type === 0) {
        series.raw.push({ time: entry.time, value: entry.values.value as number });
        continue;
      }
      const period = entry.period as number;
      let byTime = series.points.get(period);
      if (!byTime) {
        byTime = new Map();
        series.points.set(period, byTime);
      }
      byTime.set(align(entry.time, period), entry.values);
    }
  }

  /** Forgets every series. */
  clear(): void {
    this.#series.clear();
  }

  /** Data points answering a query, oldest first (series in the order they were first reported). */
  query(query: MetricQuery, userId: string): MetricPoint[] {
    const out: Array<{ timestamp: number; order: number; point: MetricPoint }> = [];
    let order = 0;
    for (const series of this.#series.values()) {
      order++;
      if (series.metricName !== query.metricName || !matches(series, query.dimensions)) continue;
      const points = pointsOf(series, query.period);
      let selected = [...points.entries()].filter(
        ([t]) =>
          (query.startTime === undefined || t > query.startTime) && (query.endTime === undefined || t <= query.endTime),
      );
      if (query.lastOnly && selected.length > 0) {
        selected = [selected.reduce((latest, candidate) => (candidate[0] > latest[0] ? candidate : latest))];
      }
      for (const [timestamp, statistics] of selected) {
        const point: MetricPoint = { timestamp, userId };
        for (const [k, v] of series.dimensions) point[k] = v;
        Object.assign(point, statistics);
        out.push({ timestamp, order, point });
      }
    }
    out.sort((a, b) => a.timestamp - b.timestamp || a.order - b.order);
    return out.map((p) => p.point);
  }
}

function align(time: number, periodSeconds: number): number {
  const ms = periodSeconds * 1000;
  return Math.floor(time / ms) * ms;
}

function matches(series: Series, filters: MetricQuery['dimensions']): boolean {
  if (!filters || filters.length === 0) return true;
  return filters.some((filter) =>
    Object.entries(filter).every(([k, v]) => series.dimensions.some(([sk, sv]) => sk === k && sv === v)),
  );
}

function pointsOf(series: Series, period: number): Map<number, Readonly<Record<string, number>>> {
  const out = new Map<number, Readonly<Record<string, number>>>();
  const buckets = new Map<number, Array<{ time: number; value: number }>>();
  for (const sample of series.raw) {
    const t = align(sample.time, period);
    let bucket = buckets.get(t);
    if (!bucket) {
      bucket = [];
      buckets.set(t, bucket);
    }
    bucket.push(sample);
  }
  for (const [t, samples] of buckets) out.set(t, aggregate(samples, period));
  // A reported aggregate for the same window is what the caller says the window holds.
  for (const [t, statistics] of series.points.get(period) ?? []) out.set(t, statistics);
  return out;
}

/** The statistics CloudMonitor computes from raw values over one window of `period` seconds. */
export function aggregate(
  samples: ReadonlyArray<{ time: number; value: number }>,
  period: number,
): Record<string, number> {
  let sum = 0;
  let last = samples[0] as { time: number; value: number };
  for (const s of samples) {
    sum += s.value;
    if (s.time >= last.time) last = s;
  }
  const sorted = samples.map((s) => s.value).sort((a, b) => a - b);
  const count = sorted.length;
  const out: Record<string, number> = {
    Sum: sum,
    Average: sum / count,
    Maximum: sorted[count - 1] as number,
    Minimum: sorted[0] as number,
    SampleCount: count,
    SumPerSecond: sum / period,
    CountPerSecond: count / period,
    LastValue: last.value,
  };
  for (const [name, p] of PERCENTILES) {
    // Nearest rank: the smallest value with at least p% of the values at or below it.
    out[name] = sorted[Math.max(0, Math.ceil((p / 100) * count) - 1)] as number;
  }
  return out;
}
