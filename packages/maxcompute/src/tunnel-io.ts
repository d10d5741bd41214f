import { createSdkError, isSdkError, sdkErrorCodes } from '@alikit/core';
import { createRecordReader } from './tunnel/record-reader';
import { createRecordWriter } from './tunnel/record-writer';
import { createTunnelSchema } from './tunnel/type-parser';
import type { TunnelRecord, TunnelSchema, TunnelValue } from './tunnel/types';
import { type MaxComputeRow, type MaxComputeValue, rowValueConverter, tunnelValueConverter } from './values';

/** The `Schema` of a tunnel session answer, as the client reads it. */
export interface SessionSchema {
  /** Data columns in table order. */
  readonly columns: TunnelSchema;
  /** Partition column names in order. */
  readonly partitionKeys: readonly string[];
}

/** Reads the `Schema` object of a tunnel session JSON answer. */
export function readSessionSchema(schema: unknown, operation: string): SessionSchema {
  const s = (typeof schema === 'object' && schema !== null ? schema : {}) as {
    columns?: unknown;
    partitionKeys?: unknown;
  };
  if (!Array.isArray(s.columns)) {
    throw createSdkError(sdkErrorCodes.ERR_PARSE, {
      service: 'maxcompute',
      operation,
      reason: 'the tunnel session answer has no Schema.columns',
    });
  }
  const columns = createTunnelSchema(
    (s.columns as { name?: unknown; type?: unknown }[]).map((c) => ({ name: String(c.name), type: String(c.type) })),
  );
  const partitionKeys = Array.isArray(s.partitionKeys)
    ? (s.partitionKeys as { name?: unknown }[]).map((p) => String(p.name))
    : [];
  return { columns, partitionKeys };
}

/** Settings of {@link readRowRanges}. */
export interface RangeReadOptions {
  operation: string;
  schema: TunnelSchema;
  recordCount: number;
  /** Fetches the body of rows `[start, start + count)`. */
  fetchRange(start: number, count: number, signal: AbortSignal | undefined): Promise<Uint8Array>;
  /** Rows per data request. */
  rangeSize: number;
  /** Data requests in flight at once. */
  concurrency: number;
  /** Times a range is re-requested from its first missing row after a broken or short body. */
  maxResumes: number;
  /** Appended to every row (partition values). */
  extra: Readonly<Record<string, MaxComputeValue>>;
  signal: AbortSignal | undefined;
}

/**
 * Reads `recordCount` rows as parallel ranged requests and yields them in order. A range whose body
 * breaks off, fails its checksum or cannot be fetched is requested again from its first row not
 * yet decoded, so no row is missing or repeated.
 */
export async function* readRowRanges(options: RangeReadOptions): AsyncGenerator<MaxComputeRow> {
  const { schema, recordCount, rangeSize, concurrency, extra, signal } = options;
  const names = schema.columns.map((c) => c.name);
  const converters = schema.columns.map((c) => rowValueConverter(c.type));
  const toRow = (record: TunnelRecord): MaxComputeRow => {
    const row: MaxComputeRow = {};
    for (let i = 0; i < names.length; i++)
      row[names[i] as string] = (converters[i] as (v: TunnelValue) => MaxComputeValue)(record[i] ?? null);
    for (const key in extra) row[key] = extra[key] as MaxComputeValue;
    return row;
  };
  const starts: number[] = [];
  for (let start = 0; start < recordCount; start += rangeSize) starts.push(start);
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const inner = controller.signal;
  const pending: Promise<TunnelRecord[]>[] = [];
  let next = 0;
  const launch = () => {
    while (pending.length < concurrency && next < starts.length) {
      const start = starts[next++] as number;
      const promise = readRange(options, start, Math.min(rangeSize, recordCount - start), inner);
      promise.catch(() => undefined);
      pending.push(promise);
    }
  };
  try {
    launch();
    while (pending.length > 0) {
      const records = await (pending.shift() as Promise<TunnelRecord[]>);
      launch();
      for (const record of records) yield toRow(record);
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    controller.abort(new Error('the download was closed'));
  }
}

async function readRange(
  options: RangeReadOptions,
  start: number,
  count: number,
  signal: AbortSignal,
): Promise<TunnelRecord[]> {
  const out: TunnelRecord[] = [];
  let failures = 0;
  while (out.length < count) {
    const from = start + out.length;
    const want = count - out.length;
    const reader = createRecordReader(options.schema);
    try {
      const body = await options.fetchRange(from, want, signal);
      let records: TunnelRecord[] = [];
      try {
        records = reader.push(body);
        reader.end();
      } finally {
        // Keep every record whose own checksum matched, even when the stream broke off after it.
        for (const r of records.slice(0, want)) out.push(r);
      }
      if (records.length !== want) {
        throw createSdkError(sdkErrorCodes.ERR_CHECKSUM, {
          service: 'maxcompute',
          operation: options.operation,
          reason: `rows (${from},${want}) came back with ${records.length} records`,
        });
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!isResumable(error) || failures >= options.maxResumes) throw error;
      failures++;
    }
  }
  return out;
}

function isResumable(error: unknown): boolean {
  if (!isSdkError(error)) return false;
  return (
    error.code === sdkErrorCodes.ERR_CHECKSUM ||
    error.code === sdkErrorCodes.ERR_NETWORK ||
    error.code === sdkErrorCodes.ERR_TIMEOUT ||
    error.code === sdkErrorCodes.ERR_PARSE ||
    error.retryable
  );
}

/** One encoded upload block. */
export interface EncodedBlock {
  readonly body: Uint8Array;
  readonly recordCount: number;
}

/**
 * Turns rows (objects keyed by column name, or arrays in column order) into complete record
 * streams of at most `blockBytes` bytes each (one record more when a single record is larger).
 */
export async function* encodeBlocks(
  schema: TunnelSchema,
  rows: AsyncIterable<unknown> | Iterable<unknown>,
  blockBytes: number,
  operation: string,
): AsyncGenerator<EncodedBlock> {
  const names = schema.columns.map((c) => c.name);
  const converters = schema.columns.map((c) => tunnelValueConverter(c.type));
  let writer = createRecordWriter(schema);
  let chunks: Uint8Array[] = [];
  let index = 0;
  for await (const row of rows as AsyncIterable<unknown>) {
    const values = valuesOf(row, names, index, operation);
    const record = values.map((v, i) =>
      v === null || v === undefined
        ? null
        : (converters[i] as (x: unknown, p: string) => TunnelValue)(v, `row ${index}, column "${names[i]}"`),
    );
    try {
      chunks.push(writer.write(record));
    } catch (error) {
      if (error instanceof TypeError || error instanceof RangeError) {
        const E = error instanceof TypeError ? TypeError : RangeError;
        throw new E(`${operation}: row ${index}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    index++;
    if (writer.byteLength >= blockBytes) {
      chunks.push(writer.finish());
      yield { body: concat(chunks), recordCount: writer.recordCount };
      writer = createRecordWriter(schema);
      chunks = [];
    }
  }
  if (writer.recordCount > 0) {
    chunks.push(writer.finish());
    yield { body: concat(chunks), recordCount: writer.recordCount };
  }
}

function valuesOf(row: unknown, names: readonly string[], index: number, operation: string): unknown[] {
  if (Array.isArray(row)) {
    if (row.length !== names.length) {
      throw new TypeError(
        `${operation}: row ${index} has ${row.length} values; the table has ${names.length} data columns (${names.join(', ')})`,
      );
    }
    return row;
  }
  if (typeof row !== 'object' || row === null) {
    throw new TypeError(
      `${operation}: row ${index} must be an object keyed by column name or an array, got ${row === null ? 'null' : typeof row}`,
    );
  }
  const r = row as Record<string, unknown>;
  return names.map((name) => (Object.hasOwn(r, name) ? r[name] : null));
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const c of chunks) length += c.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Runs `task` over items with at most `concurrency` in flight; rejects with the first failure. */
export async function runLimited<T>(
  items: AsyncIterable<T>,
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  for await (const item of items) {
    if (failure) break;
    const p: Promise<void> = task(item).then(
      () => {
        running.delete(p);
      },
      (error: unknown) => {
        running.delete(p);
        failure ??= { error };
      },
    );
    running.add(p);
    if (running.size >= concurrency) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure) throw failure.error;
}
