/**
 * The statistics of one aggregation window, by CloudMonitor's names in camelCase: what
 * PutCustomMetric accepts as a pre-aggregated value and what the DescribeMetric APIs return.
 */
export interface MetricStatistics {
  sum?: number | undefined;
  average?: number | undefined;
  maximum?: number | undefined;
  minimum?: number | undefined;
  sampleCount?: number | undefined;
  /** `sum` divided by the period's seconds. */
  sumPerSecond?: number | undefined;
  /** `sampleCount` divided by the period's seconds. */
  countPerSecond?: number | undefined;
  /** The last value of the window (a gauge's reading). */
  lastValue?: number | undefined;
  p10?: number | undefined;
  p20?: number | undefined;
  p30?: number | undefined;
  p40?: number | undefined;
  p50?: number | undefined;
  p60?: number | undefined;
  p70?: number | undefined;
  p75?: number | undefined;
  p80?: number | undefined;
  p90?: number | undefined;
  p95?: number | undefined;
  p98?: number | undefined;
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
