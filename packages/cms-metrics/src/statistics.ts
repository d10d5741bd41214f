/**
 * The statistics of one aggregation window, by CloudMonitor's names in camelCase: what
 * PutCustomMetric accepts as a pre-aggregated value and what the DescribeMetric APIs return.
 */
export interface MetricStatistics {
  /** The sum of the window's samples (`Sum`). */
  sum?: number | undefined;
  /** The mean of the window's samples (`Average`). */
  average?: number | undefined;
  /** The largest sample of the window (`Maximum`). */
  maximum?: number | undefined;
  /** The smallest sample of the window (`Minimum`). */
  minimum?: number | undefined;
  /** How many samples the window had (`SampleCount`). */
  sampleCount?: number | undefined;
  /** `sum` divided by the period's seconds. */
  sumPerSecond?: number | undefined;
  /** `sampleCount` divided by the period's seconds. */
  countPerSecond?: number | undefined;
  /** The last value of the window (a gauge's reading). */
  lastValue?: number | undefined;
  /** The 10th percentile of the window's samples (`P10`). */
  p10?: number | undefined;
  /** The 20th percentile (`P20`). */
  p20?: number | undefined;
  /** The 30th percentile (`P30`). */
  p30?: number | undefined;
  /** The 40th percentile (`P40`). */
  p40?: number | undefined;
  /** The median (`P50`). */
  p50?: number | undefined;
  /** The 60th percentile (`P60`). */
  p60?: number | undefined;
  /** The 70th percentile (`P70`). */
  p70?: number | undefined;
  /** The 75th percentile (`P75`). */
  p75?: number | undefined;
  /** The 80th percentile (`P80`). */
  p80?: number | undefined;
  /** The 90th percentile (`P90`). */
  p90?: number | undefined;
  /** The 95th percentile (`P95`). */
  p95?: number | undefined;
  /** The 98th percentile (`P98`). */
  p98?: number | undefined;
  /** The 99th percentile (`P99`). */
  p99?: number | undefined;
}

/** The name of one statistic. */
export type StatisticName = keyof MetricStatistics;

/** Our names and the wire's, in the order the service documents them. */
export const STATISTIC_WIRE_NAMES: Readonly<Record<StatisticName, string>> = Object.freeze({
  sum: 'Sum',
  average: 'Average',
  maximum: 'Maximum',
  minimum: 'Minimum',
  sampleCount: 'SampleCount',
  sumPerSecond: 'SumPerSecond',
  countPerSecond: 'CountPerSecond',
  lastValue: 'LastValue',
  p10: 'P10',
  p20: 'P20',
  p30: 'P30',
  p40: 'P40',
  p50: 'P50',
  p60: 'P60',
  p70: 'P70',
  p75: 'P75',
  p80: 'P80',
  p90: 'P90',
  p95: 'P95',
  p98: 'P98',
  p99: 'P99',
});

const FROM_WIRE: ReadonlyMap<string, StatisticName> = new Map(
  Object.entries(STATISTIC_WIRE_NAMES).map(([ours, wire]) => [wire, ours as StatisticName]),
);

/** Our name of a wire statistic (`SampleCount` → `sampleCount`), or `undefined` for one we do not know. */
export function statisticFromWire(wire: string): StatisticName | undefined {
  return FROM_WIRE.get(wire);
}
