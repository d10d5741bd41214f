import type { SlsTransport } from './transport';

/** One row GetLogs returned. */
export interface LogEntry {
  /** `__time__` as a date. */
  time: Date;
  /** `__topic__`. */
  topic: string;
  /** `__source__`. */
  source: string;
  /** Every other key of the row (wire values are strings). */
  fields: Record<string, string>;
}

/** What to search. */
export interface GetLogsInput {
  /** Start of the time range (inclusive); a Date or unix seconds. */
  from: Date | number;
  /** End of the time range (exclusive); a Date or unix seconds. */
  to: Date | number;
  /** Search statement: terms, `key: value`, `and` / `or` / `not`, `*`. @defaultValue `'*'` */
  query?: string | undefined;
  /** Only this topic. @defaultValue all topics */
  topic?: string | undefined;
  /** Newest first. @defaultValue false */
  reverse?: boolean | undefined;
  /** Rows per request, 1–100. @defaultValue 100 */
  pageSize?: number | undefined;
  /** Aborts the iteration. */
  signal?: AbortSignal | undefined;
}

/** A page of rows and the token for the next one. */
export interface LogPage {
  /** The rows of this page, in the order GetLogs returned them; may be empty. */
  entries: LogEntry[];
  /** Pass to `byPage({ continuationToken })` to continue; undefined on the last page. */
  continuationToken: string | undefined;
}

/** Rows as an async iterable, with page access. */
export interface LogIterable extends AsyncIterable<LogEntry> {
  /** Iterates whole pages. */
  byPage(settings?: { continuationToken?: string; maxPageSize?: number }): AsyncIterable<LogPage>;
}

/** One histogram bucket. */
export interface HistogramBucket {
  /** Start of the bucket (inclusive). */
  from: Date;
  /** End of the bucket (exclusive). */
  to: Date;
  /** Matching rows in the bucket. */
  count: number;
  /** Whether the service finished counting this bucket. */
  complete: boolean;
}

/** GetHistograms result. */
export interface Histogram {
  /** Total matching rows (`x-log-count`). */
  total: number;
  /** Whether every bucket is complete (`x-log-progress`). */
  complete: boolean;
  /** The buckets, oldest first, covering `from` to `to`. */
  buckets: HistogramBucket[];
}

/** Histogram query input. */
export interface GetHistogramsInput {
  /** Start of the time range (inclusive); a Date or unix seconds. */
  from: Date | number;
  /** End of the time range (exclusive); a Date or unix seconds. */
  to: Date | number;
  /** @defaultValue `'*'` */
  query?: string | undefined;
  /** Only this topic. @defaultValue all topics */
  topic?: string | undefined;
  /** Aborts the call. */
  signal?: AbortSignal | undefined;
}

const INCOMPLETE_TRIES = 5;

function unixSeconds(value: Date | number, name: string): number {
  const s = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
    throw new TypeError(`${name} must be a Date or non-negative integer unix seconds`);
  }
  return s;
}

function checkRange(input: { from: Date | number; to: Date | number }): [number, number] {
  const from = unixSeconds(input.from, 'from');
  const to = unixSeconds(input.to, 'to');
  if (to < from) throw new RangeError('to must not be before from');
  return [from, to];
}

function toEntry(row: Record<string, unknown>): LogEntry {
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(row)) {
    if (k === '__time__' || k === '__topic__' || k === '__source__') continue;
    fields[k] = typeof v === 'string' ? v : String(v);
  }
  return {
    time: new Date(Number(row.__time__ ?? 0) * 1000),
    topic: String(row.__topic__ ?? ''),
    source: String(row.__source__ ?? ''),
    fields,
  };
}

/**
 * Query side of a logstore: GetLogs as an async iterable (offset paging, repeating a page until
 * the service reports `Complete`) and GetHistograms.
 */
export class SlsQuery {
  readonly #transport: SlsTransport;
  readonly #logstore: string;

  /** @internal Created by {@link createSlsQuery}; not constructed directly. */
  constructor(transport: SlsTransport, logstore: string) {
    this.#transport = transport;
    this.#logstore = logstore;
  }

  /**
   * Rows in a time range that match a query.
   * @throws TypeError / RangeError on a bad range or page size (when called, before any I/O).
   */
  getLogs(input: GetLogsInput): LogIterable {
    const [from, to] = checkRange(input);
    const defaultSize = input.pageSize ?? 100;
    if (!Number.isInteger(defaultSize) || defaultSize < 1 || defaultSize > 100) {
      throw new RangeError('pageSize must be an integer from 1 to 100');
    }
    const fetchPage = async (offset: number, line: number): Promise<LogPage> => {
      const query: Record<string, string> = {
        type: 'log',
        from: String(from),
        to: String(to),
        query: input.query ?? '*',
        line: String(line),
        offset: String(offset),
        reverse: input.reverse ? 'true' : 'false',
      };
      if (input.topic !== undefined) query.topic = input.topic;
      let rows: Array<Record<string, unknown>> = [];
      for (let i = 0; i < INCOMPLETE_TRIES; i++) {
        const res = await this.#transport.send({
          operation: 'GetLogs',
          method: 'GET',
          path: `/logstores/${encodeURIComponent(this.#logstore)}`,
          query,
          signal: input.signal,
        });
        rows = JSON.parse(res.body.toString('utf8') || '[]') as Array<Record<string, unknown>>;
        if (res.headers['x-log-progress'] !== 'Incomplete') break;
        await new Promise((r) => setTimeout(r, 100 * (i + 1)));
      }
      const entries = rows.map(toEntry);
      return { entries, continuationToken: entries.length < line ? undefined : String(offset + entries.length) };
    };
    const byPage = (settings?: { continuationToken?: string; maxPageSize?: number }): AsyncIterable<LogPage> => {
      const line = settings?.maxPageSize ?? defaultSize;
      if (!Number.isInteger(line) || line < 1 || line > 100) throw new RangeError('maxPageSize must be 1 to 100');
      let offset = settings?.continuationToken === undefined ? 0 : Number(settings.continuationToken);
      if (!Number.isInteger(offset) || offset < 0) throw new TypeError('continuationToken is not valid');
      return {
        async *[Symbol.asyncIterator]() {
          for (;;) {
            const page = await fetchPage(offset, line);
            yield page;
            if (page.continuationToken === undefined) return;
            offset = Number(page.continuationToken);
          }
        },
      };
    };
    return {
      byPage,
      async *[Symbol.asyncIterator]() {
        for await (const page of byPage()) yield* page.entries;
      },
    };
  }

  /**
   * Counts of matching rows over the range, in buckets.
   * @throws TypeError / RangeError on a bad range.
   */
  async getHistograms(input: GetHistogramsInput): Promise<Histogram> {
    const [from, to] = checkRange(input);
    const query: Record<string, string> = {
      type: 'histogram',
      from: String(from),
      to: String(to),
      query: input.query ?? '*',
    };
    if (input.topic !== undefined) query.topic = input.topic;
    let result: Histogram = { total: 0, complete: false, buckets: [] };
    for (let i = 0; i < INCOMPLETE_TRIES; i++) {
      const res = await this.#transport.send({
        operation: 'GetHistograms',
        method: 'GET',
        path: `/logstores/${encodeURIComponent(this.#logstore)}`,
        query,
        signal: input.signal,
      });
      const rows = JSON.parse(res.body.toString('utf8') || '[]') as Array<{
        from: number;
        to: number;
        count: number;
        progress: string;
      }>;
      const buckets = rows.map((r) => ({
        from: new Date(r.from * 1000),
        to: new Date(r.to * 1000),
        count: Number(r.count),
        complete: r.progress !== 'Incomplete',
      }));
      const complete = res.headers['x-log-progress'] !== 'Incomplete';
      const header = Number(res.headers['x-log-count']);
      const total = Number.isFinite(header) ? header : buckets.reduce((n, b) => n + b.count, 0);
      result = { total, complete, buckets };
      if (complete) break;
      await new Promise((r) => setTimeout(r, 100 * (i + 1)));
    }
    return result;
  }
}
