import { isSdkError, type SdkError } from '@alikit/core';
import type { SlsEmulator } from '@alikit/emulators';
import {
  createSlsLogger,
  type Fields,
  type Histogram,
  type LogEntry,
  type SlsLogger,
  type SlsLogLevel,
  stringifyValue,
} from '@alikit/sls-logger';
import type { CheckResult, StepContext, TourStep } from '../step';
import { TOUR_PROJECT } from './signatures';

/** The logstore the tour writes to, in {@link TOUR_PROJECT}. */
export const TOUR_LOGSTORE = 'tour-app';
/** Topic, source and tag of every record the tour writes (fixed, so the report is the same everywhere). */
export const LOG_ROUTE = { topic: 'checkout', source: 'alikit-tour', tags: { env: 'tour' } } as const;
/** The field the child logger adds to each of its records. */
export const LOG_REQUEST_ID = 'req-7f3a9c';
/** What the tour searches for, in GetLogs and GetHistograms. */
export const ERROR_QUERY = 'level: ERROR';

/** One logging call of the tour: which logger, the level method, the message and its fields. */
export interface LogCall {
  /** The root logger, or its child bound to `requestId`. */
  via: 'logger' | 'child';
  level: SlsLogLevel;
  message: string;
  fields: Fields;
}

/** The calls the tour makes, in order; the debug one is below the logger's level and never sent. */
export const LOG_CALLS: readonly LogCall[] = [
  { via: 'logger', level: 'info', message: 'checkout started', fields: { cartId: 'c-1001', items: 3 } },
  { via: 'logger', level: 'debug', message: 'cart cache miss', fields: { cartId: 'c-1001' } },
  { via: 'child', level: 'warn', message: 'payment provider slow', fields: { provider: 'alipay', ms: 812 } },
  { via: 'child', level: 'error', message: 'payment declined', fields: { orderId: 42, code: 'card_declined' } },
  {
    via: 'logger',
    level: 'error',
    message: 'inventory sync failed',
    fields: { sku: 'sku-77', warehouse: { id: 'hz-1', retryable: true } },
  },
  { via: 'logger', level: 'info', message: 'checkout finished', fields: { cartId: 'c-1001', total: 99.5 } },
];

/** The logger's level: calls below it are dropped before they are buffered. */
const LOGGER_LEVEL: SlsLogLevel = 'info';
const LEVEL_RANK: Record<SlsLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

/** The key/value pairs SLS must store for a call, in wire order (level, message, child fields, fields). */
export function expectedContents(call: LogCall): Array<[string, string]> {
  const contents: Array<[string, string]> = [
    ['level', call.level.toUpperCase()],
    ['message', call.message],
  ];
  if (call.via === 'child') contents.push(['requestId', LOG_REQUEST_ID]);
  for (const [key, value] of Object.entries(call.fields)) {
    const text = stringifyValue(value);
    if (text !== undefined) contents.push([key, text]);
  }
  return contents;
}

/** The calls at or above the logger's level: the records that must reach the logstore. */
export function sentCalls(): LogCall[] {
  return LOG_CALLS.filter((call) => LEVEL_RANK[call.level] >= LEVEL_RANK[LOGGER_LEVEL]);
}

/** Step 6 of the tour: structured logs batched, lz4-compressed and sent to SLS, then searched. */
export const logsStep: TourStep = {
  name: 'logs',
  title: 'Log Service: createSlsLogger from @alikit/sls-logger, lz4 batches, searched back',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const { sls } = emulators;
    // The signatures step usually made the project already; createProject returns the existing one.
    sls.createProject(TOUR_PROJECT, { description: 'created by the alikit tour' });
    if (sls.shards(TOUR_PROJECT, TOUR_LOGSTORE).length === 0) {
      sls.createLogstore(TOUR_PROJECT, TOUR_LOGSTORE, { shardCount: 2 });
    }
    const storedBefore = sls.records(TOUR_PROJECT, TOUR_LOGSTORE).length;
    const logger = createSlsLogger({
      project: TOUR_PROJECT,
      logstore: TOUR_LOGSTORE,
      endpoint: sls.endpoint,
      credentials: { ...emulators.credentials, source: 'emulator' },
      compression: 'lz4',
      level: LOGGER_LEVEL,
      ...LOG_ROUTE,
      // A short demo: few retries, and no exit hook since the step closes the logger itself.
      retry: { retries: 3, baseBackoffMs: 100 },
      requestTimeoutMs: 10_000,
      flushOnExit: false,
    });
    log(`  logstore ${TOUR_PROJECT}/${TOUR_LOGSTORE} (2 shards) at ${sls.endpoint}, topic ${LOG_ROUTE.topic}`);
    try {
      const from = Math.floor(Date.now() / 1000);
      const child = logger.child({ requestId: LOG_REQUEST_ID });
      for (const call of LOG_CALLS) (call.via === 'child' ? child : logger)[call.level](call.message, call.fields);
      const sent = sentCalls();
      log(
        `  logged ${LOG_CALLS.length} calls (${describeLevels(LOG_CALLS)}), ` +
          `${countVia(LOG_CALLS, 'child')} through child({ requestId: '${LOG_REQUEST_ID}' }); ` +
          `${LOG_CALLS.length - sent.length} below level ${LOGGER_LEVEL}, dropped`,
      );

      await logger.flush();
      const stats = logger.stats();
      log(
        `  flush: ${stats.sentRecords} sent in ${plural(stats.sentBatches, 'request')}, ${stats.retriedBatches} retried, ` +
          `${stats.failedRecords} failed; lz4 wire ${stats.wireBytes} B vs raw ${stats.rawBytes} B ` +
          `(${percent(stats.wireBytes, stats.rawBytes)})`,
      );
      record(checkStored(sls, storedBefore, sent));

      const range = { from, to: Math.floor(Date.now() / 1000) + 1 };
      const errors = sent.filter((call) => call.level === 'error');
      for (const { check, details } of [
        await checkSearch(logger, range, errors),
        await checkHistogram(logger, range, errors.length),
      ]) {
        record(check);
        for (const line of details) log(line);
      }

      const report = await logger.close({ timeoutMs: 5000 });
      log(`  close: ${report.delivered} delivered, ${report.undelivered} undelivered`);
      if (report.undelivered > 0 || report.timedOut) {
        throw new Error(`close left ${report.undelivered} records undelivered`);
      }
    } finally {
      // Same promise as above when the step got that far; otherwise a quick close after a failure.
      await logger.close({ timeoutMs: 1000 });
    }
  },
};

/** Compares what the logstore stored since the step began with the records sent, field by field. */
function checkStored(sls: SlsEmulator, storedBefore: number, sent: readonly LogCall[]): CheckResult {
  const stored = sls.records(TOUR_PROJECT, TOUR_LOGSTORE).slice(storedBefore);
  const base = { subject: 'sls-logger flush', action: 'PutLogs lz4', expected: 'accepted', outcome: 'accepted' };
  const problems: string[] = [];
  if (stored.length !== sent.length) problems.push(`${stored.length} records stored, expected ${sent.length}`);
  sent.forEach((call, i) => {
    const log = stored[i];
    if (log === undefined) return;
    const where = `record ${i + 1} (${call.message})`;
    const actual = describePairs(log.contents);
    const expected = describePairs(expectedContents(call));
    if (actual !== expected) problems.push(`${where}: stored ${actual}, expected ${expected}`);
    if (log.topic !== LOG_ROUTE.topic || log.source !== LOG_ROUTE.source) {
      problems.push(`${where}: topic ${log.topic || '(none)'}, source ${log.source || '(none)'}`);
    }
    if (!log.tags.some(([key, value]) => key === 'env' && value === LOG_ROUTE.tags.env)) {
      problems.push(`${where}: tag env=${LOG_ROUTE.tags.env} missing`);
    }
  });
  const requests = new Set(stored.map((log) => log.requestId)).size;
  const lz4Requests = sls.stats(TOUR_PROJECT, TOUR_LOGSTORE)?.byCompression.lz4 ?? 0;
  if (lz4Requests < requests) problems.push(`${requests} requests stored, only ${lz4Requests} lz4-compressed`);
  return {
    ...base,
    ok: problems.length === 0,
    summary: `${plural(stored.length, 'record')} stored${problems.length === 0 ? ' as written' : ''}`,
    requestId: stored[0]?.requestId,
    errorMessage: problems.length === 0 ? undefined : problems.join('; '),
  };
}

/** A check and the lines printed under it. */
interface DetailedCheck {
  check: CheckResult;
  details: string[];
}

/** Searches `level: ERROR` with GetLogs and compares the rows with the error records written. */
async function checkSearch(
  logger: SlsLogger,
  range: { from: number; to: number },
  errors: readonly LogCall[],
): Promise<DetailedCheck> {
  const base = { subject: 'logger.getLogs', action: ERROR_QUERY, expected: 'accepted' };
  const rows: LogEntry[] = [];
  try {
    for await (const entry of logger.getLogs({ ...range, query: ERROR_QUERY, signal: AbortSignal.timeout(10_000) })) {
      rows.push(entry);
    }
  } catch (error) {
    if (!isSdkError(error)) throw error;
    return { check: failedCall(base, error), details: [] };
  }
  const problems: string[] = [];
  if (rows.length !== errors.length)
    problems.push(`${plural(rows.length, 'row')} came back, expected ${errors.length}`);
  // Rows come back oldest first; records of one second keep their order of arrival.
  errors.forEach((call, i) => {
    const row = rows[i];
    if (row === undefined) return;
    const actual = describePairs(contentPairs(row));
    const expected = describePairs(expectedContents(call));
    if (actual !== expected) problems.push(`row ${i + 1}: ${actual}, expected ${expected}`);
    if (row.topic !== LOG_ROUTE.topic) problems.push(`row ${i + 1}: topic ${row.topic || '(none)'}`);
  });
  return {
    check: {
      ...base,
      ok: problems.length === 0,
      outcome: 'accepted',
      summary: `${plural(rows.length, 'row')}${problems.length === 0 ? ' as written' : ''}`,
      errorMessage: problems.length === 0 ? undefined : problems.join('; '),
    },
    details: rows.map((row) => `    ${hhmmss(row.time)} ${describeRow(row)}`),
  };
}

/** Asks GetHistograms for `level: ERROR` over the same range and checks the counts add up. */
async function checkHistogram(
  logger: SlsLogger,
  range: { from: number; to: number },
  errors: number,
): Promise<DetailedCheck> {
  const base = { subject: 'logger.getHistograms', action: ERROR_QUERY, expected: 'accepted' };
  let histogram: Histogram;
  try {
    histogram = await logger.getHistograms({ ...range, query: ERROR_QUERY, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    if (!isSdkError(error)) throw error;
    return { check: failedCall(base, error), details: [] };
  }
  const { total, complete, buckets } = histogram;
  const counted = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const problems: string[] = [];
  if (total !== errors) problems.push(`total ${total}, expected ${errors}`);
  if (counted !== total) problems.push(`buckets add up to ${counted}, total says ${total}`);
  if (!complete) problems.push('the service did not finish counting');
  // A long range has many empty buckets; then only the ones with rows are worth a line.
  const shown = buckets.length <= 6 ? buckets : buckets.filter((bucket) => bucket.count > 0);
  return {
    check: {
      ...base,
      ok: problems.length === 0,
      outcome: 'accepted',
      summary: `total ${total} in ${plural(buckets.length, 'bucket')}`,
      errorMessage: problems.length === 0 ? undefined : problems.join('; '),
    },
    details: [`    ${shown.map((bucket) => `${hhmmss(bucket.from)} → ${bucket.count}`).join(', ')}`],
  };
}

/** The check of a call the service refused (or that got no answer). */
function failedCall(base: Pick<CheckResult, 'subject' | 'action' | 'expected'>, error: SdkError): CheckResult {
  return { ...base, ok: false, outcome: error.code, status: error.status, errorMessage: error.message };
}

/** A row's contents without the tags SLS adds (`__tag__:…`), in the order they came back. */
function contentPairs(row: LogEntry): Array<[string, string]> {
  return Object.entries(row.fields).filter(([key]) => !key.startsWith('__tag__:'));
}

/** `LEVEL message key=value …`, the way a terminal log viewer shows a row. */
function describeRow(row: LogEntry): string {
  const { level = '?', message = '', ...rest } = Object.fromEntries(contentPairs(row));
  return [level, message, ...Object.entries(rest).map(([key, value]) => `${key}=${value}`)].join(' ');
}

function describePairs(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs.map(([key, value]) => `${key}=${value}`).join(' ');
}

/** `2 info, 1 debug, …` in the order the levels first appear. */
function describeLevels(calls: readonly LogCall[]): string {
  const counts = new Map<SlsLogLevel, number>();
  for (const call of calls) counts.set(call.level, (counts.get(call.level) ?? 0) + 1);
  return [...counts].map(([level, count]) => `${count} ${level}`).join(', ');
}

function countVia(calls: readonly LogCall[], via: LogCall['via']): number {
  return calls.filter((call) => call.via === via).length;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${Math.round((part / whole) * 100)} %`;
}

/** UTC `hh:mm:ss`, which is all the report needs of a time. */
function hhmmss(time: Date): string {
  return time.toISOString().slice(11, 19);
}
