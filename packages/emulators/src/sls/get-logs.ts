import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { slsError } from './errors';
import { compileLogQuery, type LogPredicate, LogQuerySyntaxError, type QueryRow } from './log-query';
import type { SlsLogstore, SlsStoredLog } from './logstore';

/** Query parameters shared by GetLogs and GetHistograms. */
export interface LogSearch {
  from: number;
  to: number;
  query: string;
  topic: string | undefined;
}

/** Most rows one GetLogs call returns. */
const MAX_LINES = 100;
/** Most buckets GetHistograms splits a range into when no `interval` is given. */
const MAX_BUCKETS = 60;

function queryRow(log: SlsStoredLog): QueryRow {
  const row = new Map<string, string[]>();
  const put = (key: string, value: string) => {
    const values = row.get(key);
    if (values) values.push(value);
    else row.set(key, [value]);
  };
  for (const [k, v] of log.contents) put(k, v);
  put('__topic__', log.topic);
  put('__source__', log.source);
  for (const [k, v] of log.tags) put(`__tag__:${k}`, v);
  return row;
}

/** The JSON object GetLogs returns for one log: every value a string, contents last-wins. */
function responseRow(log: SlsStoredLog): Record<string, string> {
  const row: Record<string, string> = {
    __time__: String(log.time),
    __source__: log.source,
    __topic__: log.topic,
  };
  for (const [k, v] of log.tags) row[`__tag__:${k}`] = v;
  for (const [k, v] of log.contents) row[k] = v;
  return row;
}

function integerParam(value: string | null | undefined, code: string, name: string, fallback?: number): number {
  if ((value === undefined || value === null || value === '') && fallback !== undefined) return fallback;
  const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw slsError(code, { message: `${name} must be an integer` });
  return n;
}

function compile(query: string): LogPredicate {
  try {
    return compileLogQuery(query);
  } catch (error) {
    if (error instanceof LogQuerySyntaxError) throw slsError('InvalidQueryString', { message: error.message });
    throw error;
  }
}

/** Reads `from`, `to`, `query` and `topic` from a parameter lookup (query string or JSON body). */
export function readSearch(param: (name: string) => string | null | undefined): LogSearch {
  const from = integerParam(param('from'), 'InvalidTimeRange', 'from');
  const to = integerParam(param('to'), 'InvalidTimeRange', 'to');
  if (from < 0 || to < from) throw slsError('InvalidTimeRange', { message: 'from must be <= to' });
  const topic = param('topic');
  return { from, to, query: param('query') ?? '', topic: topic === null || topic === '' ? undefined : topic };
}

/** The logs of a logstore matching a search, oldest first (time, then arrival). */
export function searchLogs(logstore: SlsLogstore, search: LogSearch): SlsStoredLog[] {
  const predicate = compile(search.query);
  const hits: SlsStoredLog[] = [];
  for (const log of logstore.logs) {
    // The range is [from, to): `to` itself is not included, as in SLS.
    if (log.time < search.from || log.time >= search.to) continue;
    if (search.topic !== undefined && log.topic !== search.topic) continue;
    if (predicate(queryRow(log))) hits.push(log);
  }
  hits.sort((a, b) => a.time - b.time || a.sequence - b.sequence);
  return hits;
}

/** A GetLogs page: `line` rows from `offset`, newest first when `reverse`. */
export function getLogsPage(
  logstore: SlsLogstore,
  param: (name: string) => string | null | undefined,
): { rows: Record<string, string>[]; processed: number; search: LogSearch } {
  const search = readSearch(param);
  const line = integerParam(param('line'), 'InvalidLine', 'line', MAX_LINES);
  if (line < 0 || line > MAX_LINES) throw slsError('InvalidLine', { message: `line must be from 0 to ${MAX_LINES}` });
  const offset = integerParam(param('offset'), 'InvalidOffset', 'offset', 0);
  if (offset < 0) throw slsError('InvalidOffset', { message: 'offset must be >= 0' });
  const reverseText = param('reverse');
  const reverseValue = typeof reverseText === 'string' ? reverseText.toLowerCase() : '';
  if (!['', 'true', 'false'].includes(reverseValue)) {
    throw slsError('InvalidReverse', { message: 'reverse must be true or false' });
  }
  const hits = searchLogs(logstore, search);
  if (reverseValue === 'true') hits.reverse();
  const rows = hits.slice(offset, offset + line).map(responseRow);
  return { rows, processed: hits.length, search };
}

/** Headers of a GetLogs answer (the emulator always completes a query in one pass). */
export function getLogsHeaders(count: number, processed: number, search: LogSearch): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-log-progress': 'Complete',
    'x-log-count': String(count),
    'x-log-processed-rows': String(processed),
    'x-log-elapsed-millisecond': '0',
    'x-log-has-sql': 'False',
    'x-log-query-info': JSON.stringify({ mode: 0, keys: [], terms: [], limited: 0, query: search.query }),
  };
}

/** GetLogs (`GET /logstores/{l}?type=log`): a JSON array of rows. */
export function getLogs(ctx: RequestContext, logstore: SlsLogstore): EmulatorResponse {
  const { rows, processed, search } = getLogsPage(logstore, (name) => ctx.queryParam(name));
  return { status: 200, headers: getLogsHeaders(rows.length, processed, search), body: JSON.stringify(rows) };
}

/** GetLogs v2 (`POST /logstores/{l}/logs`, JSON body): `{meta, data}`. */
export function getLogsV2(ctx: RequestContext, logstore: SlsLogstore): EmulatorResponse {
  let body: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(ctx.bodyText() || '{}');
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new TypeError('not an object');
    body = parsed as Record<string, unknown>;
  } catch {
    throw slsError('ParameterInvalid', { message: 'the request body must be a JSON object' });
  }
  const param = (name: string) => {
    const v = body[name];
    return v === undefined || v === null ? undefined : String(v);
  };
  const { rows, processed, search } = getLogsPage(logstore, param);
  const meta = {
    progress: 'Complete',
    count: rows.length,
    processedRows: processed,
    elapsedMillisecond: 0,
    hasSQL: false,
    whereQuery: search.query,
    aggQuery: '',
    keys: [],
  };
  return {
    status: 200,
    headers: getLogsHeaders(rows.length, processed, search),
    body: JSON.stringify({ meta, data: rows }),
  };
}

/** GetHistograms (`GET /logstores/{l}?type=histogram`): counts per time bucket over [from, to). */
export function getHistograms(ctx: RequestContext, logstore: SlsLogstore): EmulatorResponse {
  const search = readSearch((name) => ctx.queryParam(name));
  const span = Math.max(search.to - search.from, 1);
  const interval = integerParam(
    ctx.queryParam('interval'),
    'ParameterInvalid',
    'interval',
    Math.ceil(span / MAX_BUCKETS),
  );
  if (interval < 1) throw slsError('ParameterInvalid', { message: 'interval must be >= 1' });
  const buckets: Array<{ from: number; to: number; count: number; progress: 'Complete' }> = [];
  for (let start = search.from; start < search.to || buckets.length === 0; start += interval) {
    buckets.push({ from: start, to: Math.min(start + interval, search.to), count: 0, progress: 'Complete' });
    if (search.to <= search.from) break;
  }
  const hits = searchLogs(logstore, search);
  for (const log of hits) {
    const bucket = buckets[Math.floor((log.time - search.from) / interval)];
    if (bucket) bucket.count++;
  }
  return {
    status: 200,
    headers: {
      'content-type': 'application/json',
      'x-log-progress': 'Complete',
      'x-log-count': String(hits.length),
    },
    body: JSON.stringify(buckets),
  };
}
