import type { EventEmitter } from 'node:events';
import type { SdkError } from '@alikit/core';
import type { RdsPoolEventMap } from './events';
import type { RdsPoolMetrics } from './metrics';

/**
 * Values bound to the `?` placeholders, in order (or an object for `:name` placeholders when
 * `driverOptions.namedPlaceholders` is on). `null` is SQL NULL; `undefined` is refused.
 */
export type SqlParams = readonly unknown[] | Readonly<Record<string, unknown>>;

/** The row type a query returns when the caller names none. */
export type SqlRow = Record<string, unknown>;

/** What every call accepts. */
export interface RdsCallOptions {
  /** Aborting rejects the call with `signal.reason`; a statement in flight is stopped by closing its connection. */
  signal?: AbortSignal | undefined;
  /**
   * The whole time budget of the call: waiting for a connection and running the statement (for
   * `transaction` and `withConnection`, every statement inside). Overrunning fails with
   * `ERR_TIMEOUT` and closes the connection, since MySQL cannot cancel a statement from its own session.
   * @defaultValue `acquireTimeoutMs` for the wait, then the pool's `queryTimeoutMs` (none by default)
   */
  timeoutMs?: number | undefined;
}

/** Options of `query`, `execute` and `run`. */
export interface RdsQueryOptions extends RdsCallOptions {
  /**
   * Send this read to a read replica. Goes to the primary instead when no replica is configured or
   * usable, or when the current {@link RdsPool.withContext} context wrote recently.
   * @defaultValue false
   */
  replica?: boolean | undefined;
  /**
   * The statement is safe to run twice: after a lost connection, a read-only switchover, a
   * deadlock or a full server it is retried (on a fresh connection) within the time budget.
   * Never set it for a write that must not happen twice.
   * @defaultValue false
   */
  idempotent?: boolean | undefined;
}

/** Options of `stream`. */
export interface RdsStreamOptions {
  /** Aborting ends the iteration with `signal.reason` and closes the connection. */
  signal?: AbortSignal | undefined;
  /** @defaultValue false (see {@link RdsQueryOptions.replica}) */
  replica?: boolean | undefined;
  /** Rows buffered before the socket is paused. @defaultValue 16 */
  highWaterMark?: number | undefined;
}

/** Options of a statement run on a borrowed connection or inside a transaction. */
export interface RdsStatementOptions {
  /** @defaultValue the enclosing call's signal */
  signal?: AbortSignal | undefined;
  /** @defaultValue what is left of the enclosing call's `timeoutMs`, else the pool's `queryTimeoutMs` */
  timeoutMs?: number | undefined;
}

/** What a statement without rows reports. */
export interface RdsRunResult {
  /** Rows inserted, updated or deleted (MySQL counts "matched" rows for UPDATE unless configured otherwise). */
  affectedRows: number;
  /** The AUTO_INCREMENT value of the (first) inserted row, or 0n. */
  insertId: bigint;
  /** Rows an UPDATE actually changed. */
  changedRows: number;
  /** Warnings the statement raised (`SHOW WARNINGS` lists them). */
  warningCount: number;
  /** The server's info text (e.g. `Records: 3  Duplicates: 0  Warnings: 0`). */
  info: string;
}

/** Transaction isolation levels, as MySQL spells them. */
export type RdsIsolationLevel = 'READ UNCOMMITTED' | 'READ COMMITTED' | 'REPEATABLE READ' | 'SERIALIZABLE';

/** Options of `transaction`. */
export interface RdsTransactionOptions extends RdsCallOptions {
  /** @defaultValue the server's (REPEATABLE READ on RDS MySQL) */
  isolation?: RdsIsolationLevel | undefined;
  /** `START TRANSACTION READ ONLY`. @defaultValue false */
  readOnly?: boolean | undefined;
  /**
   * Re-run the whole callback when the transaction loses a deadlock (`ER_LOCK_DEADLOCK`): `true`
   * for up to 3 more attempts, or a number of retries. The callback must then be safe to re-run.
   * @defaultValue false
   */
  retryOnDeadlock?: boolean | number | undefined;
}

/** Options of `withConnection`. */
export interface RdsWithConnectionOptions extends RdsCallOptions {
  /** Borrow from a read replica. @defaultValue false */
  replica?: boolean | undefined;
}

/** Options of `health`. */
export interface RdsHealthOptions {
  /** The budget of each endpoint's check. @defaultValue 2000 */
  timeoutMs?: number | undefined;
  /** Stops the checks; `health()` then rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}

/** Options of `close`. */
export interface RdsCloseOptions {
  /** How long work in flight may take to finish before it is cut off. @defaultValue 10_000 */
  timeoutMs?: number | undefined;
}

/** One connection lent to a callback: every statement runs on the same session. */
export interface RdsConnection {
  /** The server thread id of the session (`CONNECTION_ID()`). */
  readonly id: number;
  /** `primary` or `replica-<n>`. */
  readonly endpoint: string;
  /** Runs a statement with the text protocol and resolves with its rows (`[]` for statements without rows). */
  query<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsStatementOptions): Promise<Row[]>;
  /** Runs a statement as a server-side prepared statement (cached per connection) and resolves with its rows. */
  execute<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsStatementOptions): Promise<Row[]>;
  /** Runs a statement without rows (INSERT, UPDATE, DELETE, DDL) and resolves with what it changed. */
  run(sql: string, params?: SqlParams, options?: RdsStatementOptions & { prepare?: boolean }): Promise<RdsRunResult>;
}

/** The handle a `transaction` callback receives; its statements run inside the transaction. */
export interface RdsTransaction extends RdsConnection {}

/** How one endpoint answered `health()`. */
export interface RdsEndpointHealth {
  /** `primary` or `replica-<n>`. */
  endpoint: string;
  /** `host:port` of the endpoint. */
  address: string;
  /** It answered within the budget. */
  ok: boolean;
  /** Round trip of the check, connection wait included. */
  latencyMs: number;
  /** `@@global.read_only` (a primary that is read-only cannot take writes). */
  readOnly: boolean | undefined;
  /** Why it failed. */
  error: SdkError | undefined;
}

/** What `health()` reports. */
export interface RdsHealth {
  /** `down`: the primary does not answer; `degraded`: it is read-only or a replica is down; else `up`. */
  status: 'up' | 'degraded' | 'down';
  /** The primary first, then each replica. */
  endpoints: RdsEndpointHealth[];
}

/**
 * A MySQL connection pool for ApsaraDB RDS (and any MySQL or MariaDB server). Made by
 * {@link createRdsPool}. It emits the events of {@link RdsPoolEventMap}.
 */
export interface RdsPool extends EventEmitter<RdsPoolEventMap> {
  /**
   * Runs one statement (text protocol, values escaped by the driver) and resolves with its rows.
   *
   * @throws TypeError / RangeError for a wrong argument, before any I/O
   * @throws SdkError with the MySQL error name as `code` (`ER_DUP_ENTRY`, `ER_NO_SUCH_TABLE`, …) and
   *   `details.errno`; `ERR_TIMEOUT`, `ERR_NETWORK`, `ERR_POOL_QUEUE_FULL`, `ERR_POOL_CLOSED`
   */
  query<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsQueryOptions): Promise<Row[]>;
  /** Like {@link RdsPool.query} with a server-side prepared statement (the binary protocol), cached per connection. */
  execute<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsQueryOptions): Promise<Row[]>;
  /** Runs a statement without rows and resolves with what it changed; `prepare: true` uses a prepared statement. */
  run(sql: string, params?: SqlParams, options?: RdsQueryOptions & { prepare?: boolean }): Promise<RdsRunResult>;
  /**
   * The rows of a statement as an async iterable, read as the loop consumes them (the socket pauses
   * while the consumer is busy). A connection is taken on the first iteration and returned at the
   * end; leaving the loop early closes that connection, since the rest of the result cannot be skipped.
   */
  stream<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsStreamOptions): AsyncIterable<Row>;
  /**
   * Runs `fn` inside a transaction on the primary: commits when it resolves, rolls back when it
   * throws (and rethrows). With `retryOnDeadlock`, a deadlock re-runs `fn` on a fresh transaction.
   *
   * @throws whatever `fn` throws; SdkError for the database's failures. A failed COMMIT whose
   *   connection dropped has `details.outcome: 'unknown'`: the transaction may or may not have committed.
   */
  transaction<T>(fn: (tx: RdsTransaction) => Promise<T>, options?: RdsTransactionOptions): Promise<T>;
  /**
   * Lends one connection to `fn` and takes it back when `fn` settles. If `fn` opened a transaction
   * it is rolled back; if it changed session state (autocommit, LOCK TABLES, USE, sql_mode, …) the
   * connection is retired rather than reused.
   */
  withConnection<T>(fn: (connection: RdsConnection) => Promise<T>, options?: RdsWithConnectionOptions): Promise<T>;
  /**
   * Runs `fn` in a read-your-writes context (one per request, typically): once it writes, its
   * replica reads go to the primary for `readYourWritesMs`. Nested calls share the outer context.
   */
  withContext<T>(fn: () => T): T;
  /** Counters and gauges: totals, then per endpoint. */
  metrics(): RdsPoolMetrics;
  /** Checks every endpoint with `SELECT @@global.read_only` through the pool. Never rejects for a database failure. */
  health(options?: RdsHealthOptions): Promise<RdsHealth>;
  /**
   * Replaces every connection, as after a switchover: idle ones close now, lent ones when returned.
   * Use it after rotating the password or moving the endpoint. Returns how many were marked.
   */
  recycle(): number;
  /**
   * Stops taking new work, lets calls in flight and queued finish (up to `timeoutMs`, after which
   * they fail with `ERR_POOL_CLOSED`), then ends every connection. Safe to call twice.
   */
  close(options?: RdsCloseOptions): Promise<void>;
  /** True once `close()` was called. */
  readonly closed: boolean;
}
