/**
 * A buffered, concurrent row writer with the semantics of the Java SDK's TableStoreWriter: rows
 * are collected into BatchWriteRow requests (by count, size and a flush interval), several
 * requests run at once, every row gets its own result, and writers wait when the buffer is full.
 */

import { isSdkError, isThrottlingCode, SdkError } from '@alikit/core';
import { type PreparedChange, prepareChange, type RowChange } from './changes';
import { primaryKeyObject } from './rows';
import type { PrimaryKeyOf, TableDefinition, WriteRowOf } from './schema';
import { BATCH_WRITE_MAX_BYTES, BATCH_WRITE_MAX_ROWS, type TableClient } from './table-client';
import { backoffMs } from './transport';

/** The result of one row written by a {@link BatchWriter}. */
export type BatchWriterRowResult<T extends TableDefinition> =
  | {
      /** `true`: the row was written. */
      ok: true;
      /** The change as given to `write`. */
      change: RowChange<T>;
      /** The order in which the row was accepted, from 1. */
      sequence: number;
      /** Requests the row took (more than 1 when it was retried). */
      attempts: number;
      /** The written primary key, when the service returned it (auto-increment columns). */
      primaryKey: PrimaryKeyOf<T> | undefined;
    }
  | {
      /** `false`: the row failed for good; see `error`. */
      ok: false;
      /** The change as given to `write`. */
      change: RowChange<T>;
      /** The order in which the row was accepted, from 1. */
      sequence: number;
      /** Requests the row took, including retries, before it failed. */
      attempts: number;
      /** Why the row was not written (the real OTS code, e.g. `OTSConditionCheckFail`). */
      error: SdkError;
    };

/** A row accepted by the writer. */
export interface PendingRow<T extends TableDefinition> {
  /** The order in which the row was accepted, from 1. */
  readonly sequence: number;
  /** Settles when the row is written or has failed for good; never rejects. */
  readonly result: Promise<BatchWriterRowResult<T>>;
}

/** Options of `TablestoreClient.createBatchWriter`. */
export interface BatchWriterOptions<T extends TableDefinition> {
  /** BatchWriteRow requests in flight at once. @defaultValue 4 */
  concurrency?: number | undefined;
  /**
   * Rows held at most (waiting, in flight or waiting for a retry); `write` waits beyond that.
   * @defaultValue 2000
   */
  bufferSize?: number | undefined;
  /** Rows per request, 1–200. @defaultValue 200 */
  maxBatchRows?: number | undefined;
  /** Bytes per request, up to 4 MB. @defaultValue just under 4 MB */
  maxBatchBytes?: number | undefined;
  /** A partial batch is sent once its oldest row has waited this long (ms). @defaultValue 100 */
  flushIntervalMs?: number | undefined;
  /**
   * Requests a row may take in all: rows failing with a retryable code (`OTSServerBusy`, ...)
   * or caught in a throttled request are sent again, after the client's `retry` backoff (capped
   * at 2 s), up to this many times.
   * @defaultValue 10
   */
  maxAttempts?: number | undefined;
  /** Called once per row when it is written or has failed for good. @defaultValue none */
  onRowResult?: ((result: BatchWriterRowResult<T>) => void) | undefined;
}

/** Counters of a {@link BatchWriter}. */
export interface BatchWriterStats {
  /** Rows accepted by `write`. */
  accepted: number;
  /** Rows written. */
  succeeded: number;
  /** Rows that failed for good. */
  failed: number;
  /** Row sends repeated after a retryable failure. */
  retried: number;
  /** BatchWriteRow requests sent (that succeeded as requests). */
  requests: number;
  /** BatchWriteRow requests that failed as a whole. */
  failedRequests: number;
  /** Rows held now (waiting, in flight or waiting for a retry). */
  buffered: number;
  /** Requests in flight now. */
  inFlightRequests: number;
}

/** A buffered writer; see `TablestoreClient.createBatchWriter`. */
export interface BatchWriter<T extends TableDefinition> {
  /**
   * Accepts a change. Resolves once the row is in the buffer (waiting while the buffer is full);
   * the returned `result` settles when the row is written or failed.
   * @throws TypeError / RangeError (as a rejection, nothing buffered) for a bad change.
   * @throws Error when the writer is closed.
   */
  write(change: RowChange<T>): Promise<PendingRow<T>>;
  /** `write({ type: 'put', row })`. */
  put(row: WriteRowOf<T>): Promise<PendingRow<T>>;
  /**
   * Sends every buffered row now, partial batches included, and resolves once the writer holds no
   * row (rows written meanwhile are waited for too).
   */
  flush(): Promise<void>;
  /** Refuses new rows, then flushes everything. Calling it again waits for the same close. */
  close(): Promise<void>;
  /** Current counters. */
  stats(): BatchWriterStats;
}

interface Entry<T extends TableDefinition> {
  change: RowChange<T>;
  prepared: PreparedChange;
  sequence: number;
  attempts: number;
  /** When the row entered the queue (ms); a retried row counts as due at once. */
  queuedAt: number;
  resolve: (result: BatchWriterRowResult<T>) => void;
}

function serviceMessage(error: SdkError): string | undefined {
  const message = error.details?.['serviceMessage'] ?? error.details?.['message'];
  return typeof message === 'string' ? message : error.message;
}

function positiveInt(value: number | undefined, fallback: number, name: string, max: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1 || v > max)
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${String(v)}`);
  return v;
}

/** @internal Use `TablestoreClient.createBatchWriter`. */
export function createBatchWriterFor<T extends TableDefinition>(
  table: TableClient<T>,
  options: BatchWriterOptions<T> = {},
): BatchWriter<T> {
  const concurrency = positiveInt(options.concurrency, 4, 'concurrency', 256);
  const maxBatchRows = positiveInt(options.maxBatchRows, BATCH_WRITE_MAX_ROWS, 'maxBatchRows', BATCH_WRITE_MAX_ROWS);
  const maxBatchBytes = positiveInt(
    options.maxBatchBytes,
    BATCH_WRITE_MAX_BYTES,
    'maxBatchBytes',
    BATCH_WRITE_MAX_BYTES,
  );
  const bufferSize = positiveInt(options.bufferSize, 2000, 'bufferSize', 10_000_000);
  const maxAttempts = positiveInt(options.maxAttempts, 10, 'maxAttempts', 1000);
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  if (typeof flushIntervalMs !== 'number' || !(flushIntervalMs >= 0) || !Number.isFinite(flushIntervalMs)) {
    throw new RangeError(
      `flushIntervalMs must be a non-negative number of milliseconds, got ${String(flushIntervalMs)}`,
    );
  }
  const onRowResult = options.onRowResult;
  if (onRowResult !== undefined && typeof onRowResult !== 'function')
    throw new TypeError('onRowResult must be a function');
  // The client's backoff, capped lower: a writer keeps rows moving rather than sleeping for long.
  const retry = {
    baseDelayMs: table.retrySettings.baseDelayMs,
    maxDelayMs: Math.min(table.retrySettings.maxDelayMs, 2000),
  };

  const queue: Entry<T>[] = [];
  let queuedBytes = 0;
  let held = 0; // queued + in flight + waiting for a retry
  let inFlight = 0;
  let sequence = 0;
  let flushWanted = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let closing: Promise<void> | undefined;
  const roomWaiters: (() => void)[] = [];
  const idleWaiters: (() => void)[] = [];
  const counters = { accepted: 0, succeeded: 0, failed: 0, retried: 0, requests: 0, failedRequests: 0 };

  function settle(entry: Entry<T>, result: BatchWriterRowResult<T>): void {
    held--;
    if (result.ok) counters.succeeded++;
    else counters.failed++;
    entry.resolve(result);
    if (onRowResult) {
      try {
        onRowResult(result);
      } catch {
        // A throwing callback must not stop the writer; the row's promise carries the result too.
      }
    }
    while (roomWaiters.length > 0 && held < bufferSize) (roomWaiters.shift() as () => void)();
    if (held === 0) while (idleWaiters.length > 0) (idleWaiters.shift() as () => void)();
  }

  function fail(entry: Entry<T>, error: SdkError): void {
    settle(entry, { ok: false, change: entry.change, sequence: entry.sequence, attempts: entry.attempts, error });
  }

  function requeueLater(entry: Entry<T>): void {
    counters.retried++;
    setTimeout(
      () => {
        entry.queuedAt = 0;
        queue.unshift(entry);
        queuedBytes += entry.prepared.size;
        pump();
      },
      backoffMs(entry.attempts, retry),
    );
  }

  function retryable(entry: Entry<T>, error: SdkError): boolean {
    if (entry.attempts >= maxAttempts || !error.retryable) return false;
    return (
      entry.prepared.idempotent ||
      error.status === 429 ||
      isThrottlingCode('tablestore', error.code, serviceMessage(error))
    );
  }

  function takeBatch(): Entry<T>[] {
    const batch: Entry<T>[] = [];
    let bytes = 0;
    while (queue.length > 0 && batch.length < maxBatchRows) {
      const next = queue[0] as Entry<T>;
      if (batch.length > 0 && bytes + next.prepared.size > maxBatchBytes) break;
      queue.shift();
      queuedBytes -= next.prepared.size;
      bytes += next.prepared.size;
      batch.push(next);
    }
    return batch;
  }

  async function send(batch: Entry<T>[]): Promise<void> {
    for (const e of batch) e.attempts++;
    try {
      const outcomes = await table.writeChanges(
        batch.map((e) => e.prepared),
        { maxAttempts: 1 },
      );
      counters.requests++;
      outcomes.forEach((o, i) => {
        const entry = batch[i] as Entry<T>;
        if (o.ok) {
          settle(entry, {
            ok: true,
            change: entry.change,
            sequence: entry.sequence,
            attempts: entry.attempts,
            primaryKey: o.row ? (primaryKeyObject(o.row) as PrimaryKeyOf<T>) : undefined,
          });
        } else if (retryable(entry, o.error)) {
          requeueLater(entry);
        } else {
          fail(entry, o.error);
        }
      });
    } catch (thrown) {
      counters.failedRequests++;
      const error = isSdkError(thrown)
        ? thrown
        : new SdkError({
            code: 'ERR_NETWORK',
            service: 'tablestore',
            operation: 'BatchWriteRow',
            serviceMessage: thrown instanceof Error ? thrown.message : String(thrown),
            cause: thrown,
          });
      for (const entry of batch) {
        if (retryable(entry, error)) requeueLater(entry);
        else fail(entry, error);
      }
    }
  }

  function pump(): void {
    while (inFlight < concurrency && queue.length > 0) {
      const waited = Date.now() - (queue[0] as Entry<T>).queuedAt;
      const ready =
        flushWanted > 0 || queue.length >= maxBatchRows || queuedBytes >= maxBatchBytes || waited >= flushIntervalMs;
      if (!ready) {
        timer ??= setTimeout(
          () => {
            timer = undefined;
            pump();
          },
          Math.max(1, flushIntervalMs - waited),
        );
        return;
      }
      const batch = takeBatch();
      inFlight++;
      void send(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
    if (queue.length === 0 && timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
  }

  async function write(change: RowChange<T>): Promise<PendingRow<T>> {
    if (closing) throw new Error(`the batch writer of table ${table.name} is closed`);
    const prepared = prepareChange(table.definition, change);
    if (prepared.size > maxBatchBytes) {
      throw new RangeError(`the row change is ${prepared.size} bytes, more than maxBatchBytes (${maxBatchBytes})`);
    }
    while (held >= bufferSize) await new Promise<void>((resolve) => roomWaiters.push(resolve));
    if (closing) throw new Error(`the batch writer of table ${table.name} is closed`);
    held++;
    counters.accepted++;
    const seq = ++sequence;
    let resolve!: (result: BatchWriterRowResult<T>) => void;
    const result = new Promise<BatchWriterRowResult<T>>((r) => {
      resolve = r;
    });
    queue.push({ change, prepared, sequence: seq, attempts: 0, queuedAt: Date.now(), resolve });
    queuedBytes += prepared.size;
    pump();
    return { sequence: seq, result };
  }

  async function flush(): Promise<void> {
    if (held === 0) return;
    flushWanted++;
    try {
      const idle = new Promise<void>((resolve) => idleWaiters.push(resolve));
      pump();
      await idle;
    } finally {
      flushWanted--;
    }
  }

  return {
    write,
    put: (row) => write({ type: 'put', row }),
    flush,
    close() {
      closing ??= flush();
      return closing;
    },
    stats: () => ({ ...counters, buffered: held, inFlightRequests: inFlight }),
  };
}
