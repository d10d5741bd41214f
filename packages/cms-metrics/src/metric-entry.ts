import { percentEncode } from '@alikit/core';

/** One PutCustomMetric entry, serialised once when it is made so batching can count its bytes. */
export interface MetricEntry {
  readonly metricName: string;
  readonly groupId: string;
  /** The `Dimensions` JSON. */
  readonly dimensions: string;
  /** `0` raw value, `1` pre-aggregated statistics. */
  readonly type: 0 | 1;
  /** Seconds, for Type 1. */
  readonly period: number | undefined;
  /** Epoch milliseconds (a window's start for Type 1). */
  readonly time: number;
  /** The `Values` JSON. */
  readonly values: string;
  /** The entry's share of a form-encoded request, an upper bound. */
  readonly bytes: number;
}

/**
 * What a request costs besides its entries: the common parameters, the signature and an STS
 * security token (which alone can exceed 1 KB).
 */
export const REQUEST_OVERHEAD_BYTES = 4096;

/** Builds an entry and measures it. */
export function makeEntry(fields: Omit<MetricEntry, 'bytes'>): MetricEntry {
  // `MetricList.999.` is the widest prefix a request can use; every field pays `=` and `&`.
  const prefix = 'MetricList.999.'.length + 2;
  let bytes =
    prefix * 6 +
    'MetricName'.length +
    percentEncode(fields.metricName).length +
    'GroupId'.length +
    fields.groupId.length +
    'Dimensions'.length +
    percentEncode(fields.dimensions).length +
    'Type'.length +
    1 +
    'Time'.length +
    String(fields.time).length +
    'Values'.length +
    percentEncode(fields.values).length;
  if (fields.period !== undefined) bytes += prefix + 'Period'.length + String(fields.period).length;
  return { ...fields, bytes };
}

/** The `MetricList` parameter of a PutCustomMetric request carrying `entries`. */
export function metricListParams(entries: readonly MetricEntry[]): { MetricList: Array<Record<string, string>> } {
  return {
    MetricList: entries.map((e) => {
      const item: Record<string, string> = {
        MetricName: e.metricName,
        GroupId: e.groupId,
        Dimensions: e.dimensions,
        Type: String(e.type),
        Time: String(e.time),
        Values: e.values,
      };
      if (e.period !== undefined) item.Period = String(e.period);
      return item;
    }),
  };
}
