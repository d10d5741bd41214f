import { CMS_PERIODS, CMS_STATISTICS, invalid, listIndexes, missing, parseReportTime } from './cms-wire';

/** One PutCustomMetric entry as CloudMonitor keeps it, after its rewriting rules. */
export interface CmsMetricEntry {
  /** The metric name as stored (invalid characters already replaced, at most 64 bytes). */
  readonly metricName: string;
  /** The name as sent, when the service had to rewrite it. */
  readonly sentMetricName: string;
  readonly groupId: string;
  /** Dimension pairs in the order sent (the order is part of the series' identity), as stored. */
  readonly dimensions: ReadonlyArray<readonly [string, string]>;
  /** Whether a dimension key or value had to be rewritten or truncated. */
  readonly dimensionsRewritten: boolean;
  /** `0` raw value, `1` pre-aggregated statistics. */
  readonly type: 0 | 1;
  /** Seconds, for Type 1 entries. */
  readonly period: number | undefined;
  /** Epoch milliseconds. */
  readonly time: number;
  /** `{ value }` for Type 0; the statistics for Type 1. */
  readonly values: Readonly<Record<string, number>>;
  /** The request that carried it. */
  readonly requestId: string;
}

/** Limits PutCustomMetric enforces. */
export interface MetricListLimits {
  maxEntries: number;
  maxDimensions: number;
}

const MAX_NAME_BYTES = 64;

/**
 * Reads and checks the `MetricList.N.*` parameters of a PutCustomMetric call, applying the
 * service's documented rewriting to names and dimensions (invalid characters become `_`, a name
 * not starting with a letter gets an `A`, longer than 64 bytes is cut).
 * @throws ServiceError `MissingParameter` / `InvalidParameter` naming the parameter at fault.
 */
export function parseMetricList(
  params: Readonly<Record<string, string>>,
  limits: MetricListLimits,
  context: { now: number; requestId: string },
): CmsMetricEntry[] {
  const indexes = listIndexes(params, 'MetricList');
  if (indexes.length === 0) throw missing('MetricList');
  if (indexes.length > limits.maxEntries) {
    throw invalid('MetricList', `${indexes.length} entries`, `holds more than ${limits.maxEntries} entries`);
  }
  return indexes.map((n) => parseEntry(params, `MetricList.${n}`, limits, context));
}

function parseEntry(
  params: Readonly<Record<string, string>>,
  prefix: string,
  limits: MetricListLimits,
  context: { now: number; requestId: string },
): CmsMetricEntry {
  const field = (name: string) => params[`${prefix}.${name}`];
  const need = (name: string) => {
    const value = field(name);
    if (value === undefined || value === '') throw missing(`${prefix}.${name}`);
    return value;
  };
  const sentMetricName = need('MetricName');
  const groupId = need('GroupId');
  if (!/^\d{1,19}$/.test(groupId)) throw invalid(`${prefix}.GroupId`, groupId);
  const typeText = need('Type');
  if (typeText !== '0' && typeText !== '1')
    throw invalid(`${prefix}.Type`, typeText, 'must be 0 (raw) or 1 (aggregated)');
  const type = typeText === '0' ? 0 : 1;
  let period: number | undefined;
  if (type === 1) {
    const periodText = need('Period');
    period = Number(periodText);
    if (!/^\d+$/.test(periodText) || !CMS_PERIODS.has(period)) {
      throw invalid(`${prefix}.Period`, periodText, 'must be 60 or 300');
    }
  }
  const timeText = field('Time');
  const time = timeText === undefined || timeText === '' ? context.now : parseReportTime(timeText, `${prefix}.Time`);
  const { pairs, rewritten } = parseDimensions(need('Dimensions'), `${prefix}.Dimensions`, limits.maxDimensions);
  const values = parseValues(need('Values'), `${prefix}.Values`, type);
  return {
    metricName: rewriteMetricName(sentMetricName),
    sentMetricName,
    groupId,
    dimensions: pairs,
    dimensionsRewritten: rewritten,
    type,
    period,
    time,
    values,
    requestId: context.requestId,
  };
}

/** CloudMonitor's rewriting of a metric name: `[A-Za-z0-9_]` only, a letter first, at most 64 bytes. */
export function rewriteMetricName(name: string): string {
  let out = name.replace(/[^A-Za-z0-9_]/gu, '_');
  if (!/^[A-Za-z]/.test(out)) out = `A${out.slice(1)}`;
  return out.slice(0, MAX_NAME_BYTES);
}

/** CloudMonitor's rewriting of a dimension key or value: `[A-Za-z0-9._-/\]` only, at most 64 bytes. */
export function rewriteDimensionText(text: string): string {
  return text.replace(/[^A-Za-z0-9._\-/\\]/gu, '_').slice(0, MAX_NAME_BYTES);
}

function parseDimensions(
  text: string,
  name: string,
  maxDimensions: number,
): { pairs: Array<[string, string]>; rewritten: boolean } {
  const parsed = parseJson(text, name);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(name, text, 'must be a JSON object of strings');
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length > maxDimensions) throw invalid(name, text, `has more than ${maxDimensions} dimensions`);
  let rewritten = false;
  const pairs = entries.map(([key, raw]): [string, string] => {
    if (typeof raw !== 'string' && typeof raw !== 'number')
      throw invalid(name, text, 'must be a JSON object of strings');
    const value = String(raw);
    if (key === '' || value === '') throw invalid(name, text, 'has an empty key or value');
    const k = rewriteDimensionText(key);
    const v = rewriteDimensionText(value);
    if (k !== key || v !== value) rewritten = true;
    return [k, v];
  });
  return { pairs, rewritten };
}

function parseValues(text: string, name: string, type: 0 | 1): Record<string, number> {
  const parsed = parseJson(text, name);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw invalid(name, text, 'must be a JSON object of numbers');
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0) throw invalid(name, text, 'holds no value');
  const out: Record<string, number> = {};
  for (const [key, raw] of entries) {
    const allowed = type === 0 ? key === 'value' : CMS_STATISTICS.has(key);
    if (!allowed) {
      throw invalid(
        name,
        text,
        type === 0 ? 'must be {"value": <number>} for Type 0' : `names an unknown statistic ${JSON.stringify(key)}`,
      );
    }
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw invalid(name, text, `has a value that is not a number`);
    out[key] = value;
  }
  return out;
}

function parseJson(text: string, name: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalid(name, text, 'is not valid JSON');
  }
}

/** One PutCustomEvent entry as stored. */
export interface CmsEventEntry {
  readonly eventName: string;
  readonly content: string;
  readonly groupId: string;
  /** Epoch milliseconds. */
  readonly time: number;
  readonly requestId: string;
}

/**
 * Reads and checks the `EventInfo.N.*` parameters of a PutCustomEvent call (1 to `maxEvents` events).
 * @throws ServiceError `MissingParameter` / `InvalidParameter` naming the parameter at fault.
 */
export function parseEventInfo(
  params: Readonly<Record<string, string>>,
  maxEvents: number,
  context: { now: number; requestId: string },
): CmsEventEntry[] {
  const indexes = listIndexes(params, 'EventInfo');
  if (indexes.length === 0) throw missing('EventInfo');
  if (indexes.length > maxEvents) {
    throw invalid('EventInfo', `${indexes.length} events`, `holds more than ${maxEvents} events`);
  }
  return indexes.map((n) => {
    const prefix = `EventInfo.${n}`;
    const eventName = params[`${prefix}.EventName`];
    const content = params[`${prefix}.Content`];
    if (!eventName) throw missing(`${prefix}.EventName`);
    if (!content) throw missing(`${prefix}.Content`);
    const groupId = params[`${prefix}.GroupId`] || '0';
    if (!/^\d{1,19}$/.test(groupId)) throw invalid(`${prefix}.GroupId`, groupId);
    const timeText = params[`${prefix}.Time`];
    const time = timeText ? parseReportTime(timeText, `${prefix}.Time`) : context.now;
    return { eventName, content, groupId, time, requestId: context.requestId };
  });
}
