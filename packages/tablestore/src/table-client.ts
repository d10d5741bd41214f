/**
 * Row operations on one typed table: single-row reads and writes, batches of any size, and range
 * scans as async iterables.
 */

import {
  createSdkError,
  isSdkError,
  type PagedAsyncIterable,
  type PageSettings,
  type SdkError,
  sdkErrorCodes,
  sleep,
} from '@alikit/core';
import {
  type PreparedChange,
  prepareChange,
  prepareDelete,
  preparePut,
  prepareUpdate,
  type RowChange,
  type RowUpdate,
  returnedRow,
  rowError,
  shouldRetryRow,
  type WriteConditionOptions,
} from './changes';
import { type ColumnCondition, encodeColumnCondition } from './conditions';
import {
  decodeBatchGetRowResponse,
  decodeBatchWriteRowResponse,
  decodeDeleteRowResponse,
  decodeGetRangeResponse,
  decodeGetRowResponse,
  decodePutRowResponse,
  decodeRow,
  decodeRows,
  decodeUpdateRowResponse,
  encodeBatchGetRowRequest,
  encodeBatchWriteRowRequest,
  encodeDeleteRowRequest,
  encodeGetRangeRequest,
  encodeGetRowRequest,
  encodePutRowRequest,
  encodeRow,
  encodeUpdateRowRequest,
  type GetRangeRequest,
  type GetRowRequest,
  type PlainBufferRow,
  type TableInBatchGetRowRequest,
  type ConsumedCapacity as WireConsumed,
} from './protocol';
import {
  attributeType,
  type CellVersion,
  decodeRowObject,
  INF_MAX,
  INF_MIN,
  plainRowObject,
  primaryKeyColumns,
  primaryKeyObject,
} from './rows';
import type { AttributeNameOf, AttributesOf, PrimaryKeyOf, RowOf, TableDefinition, WriteRowOf } from './schema';
import { backoffMs, type CallOptions, type Transport } from './transport';

/** Capacity units a call consumed. */
export interface ConsumedCapacity {
  /** Read capacity units. */
  read: number;
  /** Write capacity units. */
  write: number;
}

/** Options of {@link TableClient.putRow}. */
export interface PutRowOptions<T extends TableDefinition> extends CallOptions, WriteConditionOptions<T> {
  /**
   * Return the primary key as written, which is how you learn generated auto-increment values.
   * @defaultValue true when an auto-increment column was left out, else false
   */
  returnPrimaryKey?: boolean | undefined;
}

/** What a write returns. */
export interface WriteRowResult<T extends TableDefinition> {
  /** Capacity consumed. */
  consumed: ConsumedCapacity;
  /** The primary key, when asked for (always includes generated auto-increment values). */
  primaryKey?: PrimaryKeyOf<T> | undefined;
  /** The returned columns of an update with `returnColumns`. */
  attributes?: AttributesOf<T> | undefined;
}

/** Options of {@link TableClient.getRow} and {@link TableClient.batchGet}. */
export interface ReadOptions<T extends TableDefinition> extends CallOptions {
  /**
   * Attribute columns to read (primary-key columns are always returned).
   * @defaultValue every column
   */
  columns?: readonly AttributeNameOf<T>[] | undefined;
  /**
   * How many versions of each column to read; the row holds the newest, `versions` all of them.
   * @defaultValue 1
   */
  maxVersions?: number | undefined;
  /**
   * Only versions written in `[start, end)` (epoch ms); instead of `maxVersions`.
   * @defaultValue none
   */
  timeRange?:
    | {
        /** First version time to include, epoch milliseconds (a safe integer ≥ 0). */
        start: number;
        /** Version time to stop before (excluded), epoch milliseconds; greater than `start`. */
        end: number;
      }
    | undefined;
  /**
   * A condition the row must meet to be returned.
   * @defaultValue none
   */
  filter?: ColumnCondition<T> | undefined;
}

/** What {@link TableClient.getRow} returns. */
export interface GetRowResult<T extends TableDefinition> {
  /** The row with the newest version of each column, or `undefined` when it does not exist (or was filtered out). */
  row: RowOf<T> | undefined;
  /** The timestamp (epoch ms) of each returned attribute's newest version. */
  timestamps: { [K in AttributeNameOf<T>]?: number };
  /** Every version read per attribute column, newest first (more than one with `maxVersions` > 1). */
  versions: { [K in AttributeNameOf<T>]?: CellVersion<NonNullable<AttributesOf<T>[K]>>[] };
  /** Capacity consumed. */
  consumed: ConsumedCapacity;
}

/** Options of {@link TableClient.updateRow}. */
export interface UpdateRowOptions<T extends TableDefinition> extends CallOptions, WriteConditionOptions<T> {
  /**
   * What to return: `primaryKey`, or `afterModify` (the `returnColumns` after the update, e.g.
   * the new value of an incremented counter).
   * @defaultValue 'afterModify' when `returnColumns` is given, else 'none'
   */
  returnType?: 'none' | 'primaryKey' | 'afterModify' | undefined;
  /** Columns to return after the update. @defaultValue none */
  returnColumns?: readonly AttributeNameOf<T>[] | undefined;
}

/** Options of {@link TableClient.deleteRow}. */
export interface DeleteRowOptions<T extends TableDefinition> extends CallOptions, WriteConditionOptions<T> {}

/** One result of {@link TableClient.batchGet}, in the order of the keys. */
export type BatchGetItem<T extends TableDefinition> =
  | {
      /** `true`: the read succeeded. */
      ok: true;
      /** The primary key as passed to `batchGet`. */
      key: PrimaryKeyOf<T>;
      /** The row, or `undefined` when it does not exist (or was filtered out). */
      row: RowOf<T> | undefined;
    }
  | {
      /** `false`: this row could not be read; see `error`. */
      ok: false;
      /** The primary key as passed to `batchGet`. */
      key: PrimaryKeyOf<T>;
      /** Why the row could not be read (the service's OTS code, or the request's failure). */
      error: SdkError;
    };

/** One result of {@link TableClient.batchWrite}, in the order of the changes. */
export type BatchWriteItem<T extends TableDefinition> =
  | ({
      /** `true`: the change was applied. */
      ok: true;
    } & WriteRowResult<T>)
  | {
      /** `false`: the change was not applied; see `error`. */
      ok: false;
      /** Why the change failed (the service's OTS code, e.g. `OTSConditionCheckFail`, or the request's failure). */
      error: SdkError;
    };

/** Options of {@link TableClient.batchGet} and {@link TableClient.batchWrite}. */
export interface BatchOptions extends CallOptions {
  /** How many requests run at once when the batch is split. @defaultValue 4 */
  concurrency?: number | undefined;
}

/** Options of {@link TableClient.getRange}. */
export interface GetRangeOptions<T extends TableDefinition> extends CallOptions {
  /**
   * The first key (inclusive). Columns left out sort first in the scan direction (`INF_MIN`
   * forward, `INF_MAX` backward), so `start: { host: 'b' }` starts at the first row of `b`.
   * @defaultValue the start of the table in the scan direction
   */
  start?: RangeBound<T> | undefined;
  /**
   * The key to stop before (exclusive). Columns left out sort first in the scan direction, so
   * `end: { host: 'c' }` stops before the first row of `c`.
   * @defaultValue the end of the table in the scan direction
   */
  end?: RangeBound<T> | undefined;
  /** `forward` (ascending keys) or `backward`. @defaultValue 'forward' */
  direction?: 'forward' | 'backward' | undefined;
  /** Attribute columns to read. @defaultValue every column */
  columns?: readonly AttributeNameOf<T>[] | undefined;
  /** A condition rows must meet to be returned. @defaultValue none */
  filter?: ColumnCondition<T> | undefined;
  /** The most rows to return in all. @defaultValue no limit */
  limit?: number | undefined;
  /** Versions per column to read. @defaultValue 1 */
  maxVersions?: number | undefined;
  /**
   * Continue a scan where an earlier one stopped: a page's `continuationToken`.
   * @defaultValue none: start at `start`
   */
  resumeToken?: string | undefined;
}

/** A range bound: primary-key columns by name, each a value or `INF_MIN` / `INF_MAX`. */
export type RangeBound<T extends TableDefinition> = {
  [K in keyof PrimaryKeyOf<T>]?: PrimaryKeyOf<T>[K] | typeof INF_MIN | typeof INF_MAX;
};

/** One page of a range scan. */
export interface RangePage<T extends TableDefinition> {
  /** The rows of the page, in scan order. */
  items: RowOf<T>[];
  /** Pass as `resumeToken` (or to `byPage`) to continue after this page; `undefined` at the end. */
  continuationToken: string | undefined;
  /** Capacity consumed by the page. */
  consumed: ConsumedCapacity;
}

/** At most this many keys per BatchGetRow request. */
export const BATCH_GET_MAX_ROWS = 100;
/** At most this many rows per BatchWriteRow request. */
export const BATCH_WRITE_MAX_ROWS = 200;
/** At most this many bytes per BatchWriteRow request (4 MB, less room for the envelope). */
export const BATCH_WRITE_MAX_BYTES = 4 * 1024 * 1024 - 64 * 1024;
const GET_RANGE_MAX_PAGE = 5000;
const TOKEN_PREFIX = 'ots1.';

function asSdkError(error: unknown, operation: string): SdkError {
  if (isSdkError(error)) return error;
  return createSdkError(sdkErrorCodes.ERR_NETWORK, {
    service: 'tablestore',
    operation,
    reason: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

function consumed(value: WireConsumed | undefined): ConsumedCapacity {
  return { read: value?.capacityUnit.read ?? 0, write: value?.capacityUnit.write ?? 0 };
}

function checkPositiveInt(value: unknown, name: string, max = 0x7fffffff): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${String(value)}`);
  }
  return value;
}

/** Splits prepared changes into requests within the row and byte limits. */
export function chunkChanges(
  changes: readonly PreparedChange[],
  maxRows = BATCH_WRITE_MAX_ROWS,
  maxBytes = BATCH_WRITE_MAX_BYTES,
): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let bytes = 0;
  changes.forEach((change, i) => {
    if (change.size > maxBytes) {
      throw new RangeError(`row change ${i} is ${change.size} bytes, more than the ${maxBytes}-byte request limit`);
    }
    if (current.length >= maxRows || bytes + change.size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(i);
    bytes += change.size;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}

async function runLimited(tasks: (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, worker));
}

/** The outcome of one row sent by {@link TableClient.writeChanges}. */
export type RowOutcome =
  | { ok: true; consumed: ConsumedCapacity; row: PlainBufferRow | undefined; attempts: number }
  | { ok: false; error: SdkError; attempts: number };

/**
 * Row operations on one table. Get one from `TablestoreClient.table(definition)`.
 *
 * @example
 * ```ts
 * import { defineTable, TablestoreClient } from '@alikit/tablestore';
 *
 * const users = defineTable({ name: 'users', primaryKey: { id: 'string' }, attributes: { visits: 'integer' } });
 * const client = new TablestoreClient({ region: 'cn-hangzhou', instanceName: 'my-instance' });
 * const table = client.table(users);
 * await table.putRow({ id: 'u1', visits: 1n });
 * const { row } = await table.getRow({ id: 'u1' });
 * ```
 */
export class TableClient<T extends TableDefinition> {
  /** The table definition. */
  readonly definition: T;
  readonly #transport: Transport;

  /** @internal Use `TablestoreClient.table(definition)`. */
  constructor(transport: Transport, definition: T) {
    this.#transport = transport;
    this.definition = definition;
  }

  /**
   * The retry settings of the client (attempts, backoff base and cap), which the batch writer
   * follows between its own repeats.
   * @internal
   */
  get retrySettings(): { maxAttempts: number; baseDelayMs: number; maxDelayMs: number } {
    return this.#transport.rowRetry;
  }

  /** The table name. */
  get name(): string {
    return this.definition.name;
  }

  /**
   * Writes a whole row, replacing any row with the same primary key.
   *
   * @param row - the primary key (auto-increment columns may be left out) and attributes
   * @returns capacity consumed and, when asked or generated, the primary key
   * @throws TypeError before any I/O for a missing primary-key column, a value of the wrong type, an
   *   unknown column, or a condition on an unknown column.
   * @throws SdkError `OTSConditionCheckFail` when `rowExistence` or `condition` does not hold,
   *   `OTSObjectNotExist` when the table does not exist.
   */
  async putRow(row: WriteRowOf<T>, options: PutRowOptions<T> = {}): Promise<WriteRowResult<T>> {
    const change = preparePut(this.definition, row, options);
    const body = encodePutRowRequest({
      tableName: this.name,
      row: change.rowChange,
      condition: change.condition,
      ...(change.returnContent ? { returnContent: change.returnContent } : {}),
    });
    const res = decodePutRowResponse(await this.#transport.call('PutRow', body, change.idempotent, options));
    return this.#writeResult(res.consumed, res.row);
  }

  /**
   * Reads one row.
   * @returns the row (or `undefined`), the newest timestamp per column and every version read
   * @throws TypeError before any I/O for a missing or mistyped primary-key column.
   * @throws SdkError `OTSObjectNotExist` when the table does not exist.
   */
  async getRow(key: PrimaryKeyOf<T>, options: ReadOptions<T> = {}): Promise<GetRowResult<T>> {
    const primaryKey = encodeRow({ primaryKey: primaryKeyColumns(this.definition, key, 'read') });
    const body = encodeGetRowRequest({ tableName: this.name, primaryKey, ...this.#readSettings(options) });
    const res = decodeGetRowResponse(await this.#transport.call('GetRow', body, true, options));
    return this.#readResult(res.row.length > 0 ? decodeRow(res.row) : undefined, res.consumed);
  }

  /**
   * Changes some columns of a row: put new versions, increment integer columns, delete columns or
   * single versions. The row is created when it does not exist (unless `rowExistence` says otherwise).
   * @throws TypeError before any I/O for an empty update, an unknown column, a value of the wrong
   *   type, or an increment of a non-integer column.
   * @throws SdkError `OTSConditionCheckFail` when a condition does not hold.
   */
  async updateRow(update: RowUpdate<T>, options: UpdateRowOptions<T> = {}): Promise<WriteRowResult<T>> {
    const change = prepareUpdate(this.definition, update, options);
    const body = encodeUpdateRowRequest({
      tableName: this.name,
      rowChange: change.rowChange,
      condition: change.condition,
      ...(change.returnContent ? { returnContent: change.returnContent } : {}),
    });
    const res = decodeUpdateRowResponse(await this.#transport.call('UpdateRow', body, change.idempotent, options));
    return this.#writeResult(res.consumed, res.row);
  }

  /**
   * Deletes a row (deleting a missing row succeeds unless `rowExistence` is `expectExist`).
   * @throws TypeError before any I/O for a missing or mistyped primary-key column.
   * @throws SdkError `OTSConditionCheckFail` when a condition does not hold.
   */
  async deleteRow(key: PrimaryKeyOf<T>, options: DeleteRowOptions<T> = {}): Promise<WriteRowResult<T>> {
    const change = prepareDelete(this.definition, key, options);
    const body = encodeDeleteRowRequest({
      tableName: this.name,
      primaryKey: change.rowChange,
      condition: change.condition,
    });
    const res = decodeDeleteRowResponse(await this.#transport.call('DeleteRow', body, change.idempotent, options));
    return this.#writeResult(res.consumed, res.row);
  }

  /**
   * Reads any number of rows, 100 keys per request; rows that fail with a retryable code are
   * asked for again. Results come in the order of `keys`.
   * @throws TypeError before any I/O for a bad key.
   * @throws SdkError when every request fails (after the client's retries); when only some do,
   *   their keys report the error as `{ ok: false, error }`.
   */
  async batchGet(
    keys: readonly PrimaryKeyOf<T>[],
    options: ReadOptions<T> & BatchOptions = {},
  ): Promise<BatchGetItem<T>[]> {
    if (!Array.isArray(keys)) throw new TypeError('batchGet takes an array of primary keys');
    const encoded = keys.map((key) => encodeRow({ primaryKey: primaryKeyColumns(this.definition, key, 'read') }));
    const settings = this.#readSettings(options);
    const concurrency = checkPositiveInt(options.concurrency ?? 4, 'concurrency', 64);
    const results: BatchGetItem<T>[] = new Array(keys.length);
    const tasks: (() => Promise<void>)[] = [];
    const failures: unknown[] = [];
    for (let from = 0; from < keys.length; from += BATCH_GET_MAX_ROWS) {
      const indices = Array.from({ length: Math.min(BATCH_GET_MAX_ROWS, keys.length - from) }, (_, i) => from + i);
      tasks.push(async () => {
        try {
          await this.#getChunk(keys, encoded, indices, settings, results, options);
        } catch (error) {
          if (options.signal?.aborted) throw error;
          failures.push(error);
          for (const i of indices) {
            results[i] = { ok: false, key: keys[i] as PrimaryKeyOf<T>, error: asSdkError(error, 'BatchGetRow') };
          }
        }
      });
    }
    await runLimited(tasks, concurrency);
    if (failures.length > 0 && failures.length === tasks.length) throw failures[0];
    return results;
  }

  async #getChunk(
    keys: readonly PrimaryKeyOf<T>[],
    encoded: readonly Uint8Array[],
    indices: number[],
    settings: Partial<TableInBatchGetRowRequest>,
    results: BatchGetItem<T>[],
    options: CallOptions,
  ): Promise<void> {
    let pending = indices;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const table: TableInBatchGetRowRequest = {
        tableName: this.name,
        primaryKey: pending.map((i) => encoded[i] as Uint8Array),
        ...settings,
      };
      const res = decodeBatchGetRowResponse(
        await this.#transport.call('BatchGetRow', encodeBatchGetRowRequest({ tables: [table] }), true, options),
      );
      const rows = res.tables?.[0]?.rows ?? [];
      if (rows.length !== pending.length) throw this.#mismatch('BatchGetRow', pending.length, rows.length);
      const again: number[] = [];
      pending.forEach((index, j) => {
        const r = rows[j] as (typeof rows)[number];
        const key = keys[index] as PrimaryKeyOf<T>;
        if (r.isOk) {
          const row = r.row && r.row.length > 0 ? (plainRowObject(decodeRow(r.row)) as RowOf<T>) : undefined;
          results[index] = { ok: true, key, row };
        } else if (
          attempt < this.#transport.rowRetry.maxAttempts &&
          shouldRetryRow({ idempotent: true } as PreparedChange, r.error)
        ) {
          again.push(index);
        } else {
          results[index] = { ok: false, key, error: rowError('BatchGetRow', r.error, index) };
        }
      });
      pending = again;
      if (pending.length > 0) await sleep(backoffMs(attempt, this.#transport.rowRetry), options.signal);
    }
  }

  /**
   * Applies any number of puts, updates and deletes, split into requests of at most 200 rows and
   * 4 MB. Rows that fail with a retryable code (`OTSServerBusy`, ...) are sent again, alone; rows
   * that fail otherwise are reported. Not atomic: each row succeeds or fails on its own.
   * @returns one result per change, in order
   * @throws TypeError / RangeError before any I/O for a bad change or a row over 4 MB.
   * @throws SdkError when every request fails, so nothing was written (after the client's
   *   retries); when only some do, their rows report the error as `{ ok: false, error }`.
   */
  async batchWrite(changes: readonly RowChange<T>[], options: BatchOptions = {}): Promise<BatchWriteItem<T>[]> {
    if (!Array.isArray(changes)) throw new TypeError('batchWrite takes an array of row changes');
    const prepared = changes.map((c) => prepareChange(this.definition, c));
    const concurrency = checkPositiveInt(options.concurrency ?? 4, 'concurrency', 64);
    const results: BatchWriteItem<T>[] = new Array(changes.length);
    const chunks = chunkChanges(prepared);
    const failures: unknown[] = [];
    const tasks = chunks.map((indices) => async () => {
      let outcomes: RowOutcome[];
      try {
        outcomes = await this.writeChanges(
          indices.map((i) => prepared[i] as PreparedChange),
          { ...options, indices },
        );
      } catch (error) {
        if (options.signal?.aborted) throw error;
        failures.push(error);
        for (const i of indices) results[i] = { ok: false, error: asSdkError(error, 'BatchWriteRow') };
        return;
      }
      outcomes.forEach((o, j) => {
        results[indices[j] as number] = o.ok
          ? { ok: true, ...this.#rowResult(o.consumed, o.row) }
          : { ok: false, error: o.error };
      });
    });
    await runLimited(tasks, concurrency);
    // Nothing was written: throw as a single call would. Otherwise each row says what happened.
    if (failures.length > 0 && failures.length === chunks.length) throw failures[0];
    return results;
  }

  /**
   * Sends prepared changes (within the request limits) as one BatchWriteRow, repeating the rows
   * that fail with a retryable code. Used by `batchWrite` and the batch writer.
   * @internal
   */
  async writeChanges(
    changes: readonly PreparedChange[],
    options: CallOptions & { maxAttempts?: number | undefined; indices?: readonly number[] | undefined } = {},
  ): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = new Array(changes.length);
    let pending = changes.map((_, i) => i);
    const rowRetry = {
      ...this.#transport.rowRetry,
      maxAttempts: options.maxAttempts ?? this.#transport.rowRetry.maxAttempts,
    };
    for (let attempt = 1; pending.length > 0; attempt++) {
      const body = encodeBatchWriteRowRequest({
        tables: [
          {
            tableName: this.name,
            rows: pending.map((i) => {
              const c = changes[i] as PreparedChange;
              return {
                type: c.type,
                rowChange: c.rowChange,
                condition: c.condition,
                ...(c.returnContent ? { returnContent: c.returnContent } : {}),
              };
            }),
          },
        ],
      });
      const idempotent = pending.every((i) => (changes[i] as PreparedChange).idempotent);
      const res = decodeBatchWriteRowResponse(await this.#transport.call('BatchWriteRow', body, idempotent, options));
      const rows = res.tables?.[0]?.rows ?? [];
      if (rows.length !== pending.length) throw this.#mismatch('BatchWriteRow', pending.length, rows.length);
      const again: number[] = [];
      pending.forEach((index, j) => {
        const r = rows[j] as (typeof rows)[number];
        if (r.isOk) {
          outcomes[index] = { ok: true, consumed: consumed(r.consumed), row: returnedRow(r.row), attempts: attempt };
        } else if (attempt < rowRetry.maxAttempts && shouldRetryRow(changes[index] as PreparedChange, r.error)) {
          again.push(index);
        } else {
          const label = options.indices?.[index] ?? index;
          outcomes[index] = { ok: false, error: rowError('BatchWriteRow', r.error, label), attempts: attempt };
        }
      });
      pending = again;
      if (pending.length > 0) await sleep(backoffMs(attempt, rowRetry), options.signal);
    }
    return outcomes;
  }

  /**
   * Scans a key range, following the service's pages (at most 5000 rows or 4 MB each) until the
   * range or `limit` is exhausted. Iterate rows with `for await`, or pages with `byPage()`; every
   * page carries a `continuationToken` to resume from later.
   *
   * @example
   * ```ts
   * for await (const row of table.getRange({ start: { id: 'a' }, end: { id: 'b' }, limit: 100 })) console.log(row);
   * ```
   * @throws TypeError (when iteration starts, before any I/O) for a bad bound, column, filter or token.
   * @throws SdkError `OTSParameterInvalid` for bounds in the wrong order for the direction.
   */
  getRange(options: GetRangeOptions<T> = {}): PagedAsyncIterable<RowOf<T>, RangePage<T>> {
    const direction = options.direction ?? 'forward';
    if (direction !== 'forward' && direction !== 'backward')
      throw new TypeError("direction must be 'forward' or 'backward'");
    const [low, high] = direction === 'forward' ? ([INF_MIN, INF_MAX] as const) : ([INF_MAX, INF_MIN] as const);
    const start = encodeRow({ primaryKey: primaryKeyColumns(this.definition, options.start ?? {}, 'rangeStart', low) });
    // Columns left out of a given bound sort first in the scan direction, so `end: { host: 'c' }`
    // stops before every row of 'c'; without an end bound the scan runs to the end of the table.
    const end = encodeRow({
      primaryKey: primaryKeyColumns(
        this.definition,
        options.end ?? {},
        'rangeEnd',
        options.end === undefined ? high : low,
      ),
    });
    const limit =
      options.limit === undefined ? undefined : checkPositiveInt(options.limit, 'limit', Number.MAX_SAFE_INTEGER);
    const base: Omit<GetRangeRequest, 'inclusiveStartPrimaryKey' | 'limit'> = {
      tableName: this.name,
      direction,
      exclusiveEndPrimaryKey: end,
      ...this.#readSettings(options),
    };
    if (options.resumeToken !== undefined) this.#decodeToken(options.resumeToken);
    const fetchPage = async (
      token: string | undefined,
      pageSize: number | undefined,
      taken: number,
    ): Promise<RangePage<T>> => {
      const from = token === undefined ? start : this.#decodeToken(token);
      let want = pageSize ?? GET_RANGE_MAX_PAGE;
      if (limit !== undefined) want = Math.min(want, limit - taken);
      const req: GetRangeRequest = { ...base, inclusiveStartPrimaryKey: from, limit: want };
      const res = decodeGetRangeResponse(
        await this.#transport.call('GetRange', encodeGetRangeRequest(req), true, options),
      );
      const items = res.rows.length > 0 ? decodeRows(res.rows).map((r) => plainRowObject(r) as RowOf<T>) : [];
      const next = res.nextStartPrimaryKey && res.nextStartPrimaryKey.length > 0 ? res.nextStartPrimaryKey : undefined;
      const done = next === undefined || (limit !== undefined && taken + items.length >= limit);
      return {
        items,
        continuationToken: done ? undefined : TOKEN_PREFIX + Buffer.from(next).toString('base64url'),
        consumed: consumed(res.consumed),
      };
    };
    const pages = (settings: PageSettings = {}) => {
      const pageSize =
        settings.maxPageSize === undefined
          ? undefined
          : checkPositiveInt(settings.maxPageSize, 'maxPageSize', GET_RANGE_MAX_PAGE);
      let token = settings.continuationToken ?? options.resumeToken;
      return (async function* () {
        let taken = 0;
        for (;;) {
          const page = await fetchPage(token, pageSize, taken);
          taken += page.items.length;
          yield page;
          if (page.continuationToken === undefined) return;
          token = page.continuationToken;
        }
      })();
    };
    return {
      byPage: pages,
      async *[Symbol.asyncIterator]() {
        for await (const page of pages()) yield* page.items;
      },
    };
  }

  #decodeToken(token: string): Uint8Array {
    const fail = () =>
      new TypeError(
        `resumeToken is not a range token of table ${this.name} (pass a page's continuationToken unchanged)`,
      );
    if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX)) throw fail();
    const bytes = new Uint8Array(Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64url'));
    let row: PlainBufferRow;
    try {
      row = decodeRow(bytes);
    } catch {
      throw fail();
    }
    const names = row.primaryKey.map((c) => c.name);
    if (names.join('\u0000') !== this.definition.primaryKeyNames.join('\u0000')) throw fail();
    return bytes;
  }

  #readSettings(options: ReadOptions<T>): Pick<GetRowRequest, 'columnsToGet' | 'maxVersions' | 'timeRange' | 'filter'> {
    const out: Pick<GetRowRequest, 'columnsToGet' | 'maxVersions' | 'timeRange' | 'filter'> = {};
    if (options.columns !== undefined) {
      if (!Array.isArray(options.columns)) throw new TypeError('columns must be an array of attribute column names');
      for (const c of options.columns) attributeType(this.definition, c);
      // Asking for attribute columns only would drop the key; the service returns it anyway, so list it.
      if (options.columns.length > 0) out.columnsToGet = [...this.definition.primaryKeyNames, ...options.columns];
    }
    if (options.timeRange !== undefined) {
      if (options.maxVersions !== undefined) throw new TypeError('give maxVersions or timeRange, not both');
      const { start, end } = options.timeRange;
      if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
        throw new RangeError('timeRange needs integer epoch milliseconds with 0 <= start < end');
      }
      out.timeRange = { startTime: BigInt(start), endTime: BigInt(end) };
    } else {
      out.maxVersions = checkPositiveInt(options.maxVersions ?? 1, 'maxVersions');
    }
    if (options.filter !== undefined) out.filter = encodeColumnCondition(this.definition, options.filter);
    return out;
  }

  #readResult(decoded: PlainBufferRow | undefined, wire: WireConsumed): GetRowResult<T> {
    if (decoded === undefined) return { row: undefined, timestamps: {}, versions: {}, consumed: consumed(wire) };
    const { row, timestamps, versions } = decodeRowObject(decoded);
    return {
      row: row as RowOf<T>,
      timestamps: timestamps as GetRowResult<T>['timestamps'],
      versions: versions as GetRowResult<T>['versions'],
      consumed: consumed(wire),
    };
  }

  #rowResult(c: ConsumedCapacity, decoded: PlainBufferRow | undefined): WriteRowResult<T> {
    const result: WriteRowResult<T> = { consumed: c };
    if (decoded !== undefined) {
      result.primaryKey = primaryKeyObject(decoded) as PrimaryKeyOf<T>;
      if (decoded.attributes.length > 0) {
        const { row } = decodeRowObject({ ...decoded, primaryKey: [] });
        result.attributes = row as AttributesOf<T>;
      }
    }
    return result;
  }

  #writeResult(wire: WireConsumed, row: Uint8Array | undefined): WriteRowResult<T> {
    return this.#rowResult(consumed(wire), returnedRow(row));
  }

  #mismatch(operation: string, sent: number, got: number): SdkError {
    return createSdkError(sdkErrorCodes.ERR_PARSE, {
      service: 'tablestore',
      operation,
      reason: `sent ${sent} rows but the response has ${got} results`,
    });
  }
}
