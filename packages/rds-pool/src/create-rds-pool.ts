import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { inspect } from 'node:util';
import { isSdkError, type Logger, resolveLogger, SdkError } from '@alikit/core';
import { BoundConnection, type StatementHost } from './bound-connection';
import { classifyError } from './classify-error';
import { type AcquireRequest, EndpointPool } from './endpoint-pool';
import { poolError, rdsErrorCodes, toRdsError } from './errors';
import type { EventSink, RdsPoolEventMap } from './events';
import { LatencyRecorder } from './latency-recorder';
import type { RdsEndpointMetrics, RdsPoolMetrics } from './metrics';
import type { RdsPoolOptions, ResolvedSettings } from './options';
import type { PooledConnection, StatementKind } from './pooled-connection';
import { resolveSettings } from './resolve-settings';
import { rowsOf, toRunResult } from './results';
import { sleep } from './sleep';
import { isReadStatement } from './statement-kind';
import type {
  RdsCloseOptions,
  RdsConnection,
  RdsEndpointHealth,
  RdsHealth,
  RdsHealthOptions,
  RdsPool,
  RdsQueryOptions,
  RdsRunResult,
  RdsStreamOptions,
  RdsTransaction,
  RdsTransactionOptions,
  RdsWithConnectionOptions,
  SqlParams,
  SqlRow,
} from './types';
import { checkFunction, checkOptions, checkParams, checkSql } from './validate-call';

/**
 * Creates a MySQL connection pool for ApsaraDB RDS (or any MySQL/MariaDB server). No connection is
 * opened until the first call.
 *
 * @example
 * ```ts
 * const pool = createRdsPool({ uri: 'mysql://app@rm-example.mysql.rds.aliyuncs.com/shop', password: () => secret() });
 * const rows = await pool.query<{ id: number }>('SELECT id FROM orders WHERE user_id = ?', [42]);
 * await pool.close();
 * ```
 * @throws TypeError / RangeError for a wrong option, naming it (the URI and password are never echoed)
 */
export function createRdsPool(options: RdsPoolOptions = {}): RdsPool {
  return new RdsPoolImpl(resolveSettings(options));
}

/** Errors after which an idempotent call is worth repeating. */
const RETRY_KINDS = new Set(['connection', 'read-only', 'too-many-connections', 'deadlock', 'lock-timeout']);
const DEFAULT_HEALTH_TIMEOUT_MS = 2000;
const DEFAULT_CLOSE_TIMEOUT_MS = 10_000;
const ROLLBACK_TIMEOUT_MS = 5000;

interface ContextState {
  wroteAt: number | undefined;
}

class RdsPoolImpl extends EventEmitter<RdsPoolEventMap> implements RdsPool, StatementHost {
  readonly #settings: ResolvedSettings;
  readonly #primary: EndpointPool;
  readonly #replicas: EndpointPool[];
  readonly #context = new AsyncLocalStorage<ContextState>();
  readonly #logger: Logger;
  #nextReplica = 0;
  #closing: Promise<void> | undefined;
  readonly #counts = { stickyReads: 0, retries: 0 };
  readonly #waits = new LatencyRecorder();

  constructor(settings: ResolvedSettings) {
    super();
    this.#settings = settings;
    this.#logger = resolveLogger(settings.logger, { env: settings.env });
    const sink: EventSink = {
      emit: (name, ...args) => {
        (this.emit as (name: string, ...args: unknown[]) => boolean)(name, ...args);
      },
      wants: (name) => this.listenerCount(name) > 0,
    };
    this.#primary = new EndpointPool(settings.primary, settings, sink, this.#logger, this.#waits);
    this.#replicas = settings.replicas.map((r) => new EndpointPool(r, settings, sink, this.#logger, this.#waits));
  }

  get closed(): boolean {
    return this.#closing !== undefined;
  }

  get queryTimeoutMs(): number {
    return this.#settings.queryTimeoutMs;
  }

  // --- statements -------------------------------------------------------------------------------

  query<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsQueryOptions): Promise<Row[]> {
    this.#checkStatement('query', sql, params, options);
    const stack = this.#stack(this.query);
    return this.#statement('query', 'query', sql, params, options, stack).then(rowsOf) as Promise<Row[]>;
  }

  execute<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsQueryOptions): Promise<Row[]> {
    this.#checkStatement('execute', sql, params, options);
    const stack = this.#stack(this.execute);
    return this.#statement('execute', 'execute', sql, params, options, stack).then(rowsOf) as Promise<Row[]>;
  }

  run(sql: string, params?: SqlParams, options?: RdsQueryOptions & { prepare?: boolean }): Promise<RdsRunResult> {
    this.#checkStatement('run', sql, params, options);
    const stack = this.#stack(this.run);
    const kind: StatementKind = options?.prepare ? 'execute' : 'query';
    return this.#statement(kind, 'run', sql, params, options, stack).then(toRunResult);
  }

  stream<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsStreamOptions): AsyncIterable<Row> {
    checkSql('stream', sql);
    checkParams('stream', params);
    checkOptions('stream', options, ['replica', 'highWaterMark']);
    const stack = this.#stack(this.stream);
    return this.#streamRows<Row>(sql, params, options ?? {}, stack);
  }

  transaction<T>(fn: (tx: RdsTransaction) => Promise<T>, options?: RdsTransactionOptions): Promise<T> {
    checkFunction('transaction', fn);
    checkOptions('transaction', options, ['isolation', 'readOnly', 'retryOnDeadlock']);
    const stack = this.#stack(this.transaction);
    return this.#transaction(fn, options ?? {}, stack);
  }

  withConnection<T>(fn: (connection: RdsConnection) => Promise<T>, options?: RdsWithConnectionOptions): Promise<T> {
    checkFunction('withConnection', fn);
    checkOptions('withConnection', options, ['replica']);
    const stack = this.#stack(this.withConnection);
    return this.#withConnection(fn, options ?? {}, stack);
  }

  withContext<T>(fn: () => T): T {
    checkFunction('withContext', fn);
    if (this.#context.getStore() !== undefined) return fn();
    return this.#context.run({ wroteAt: undefined }, fn);
  }

  // --- state ------------------------------------------------------------------------------------

  metrics(): RdsPoolMetrics {
    const endpoints = [this.#primary, ...this.#replicas].map((e) => e.metrics());
    const sum = (key: keyof RdsEndpointMetrics): number =>
      endpoints.reduce((total, e) => total + (typeof e[key] === 'number' ? (e[key] as number) : 0), 0);
    return {
      total: sum('total'),
      idle: sum('idle'),
      borrowed: sum('borrowed'),
      pending: sum('pending'),
      connecting: sum('connecting'),
      min: sum('min'),
      max: sum('max'),
      acquires: sum('acquires'),
      acquireWaitMs: this.#waits.summary(),
      timeouts: sum('timeouts'),
      queueRejections: sum('queueRejections'),
      leaks: sum('leaks'),
      evictions: sum('evictions'),
      failovers: sum('failovers'),
      connects: sum('connects'),
      connectErrors: sum('connectErrors'),
      stickyReads: this.#counts.stickyReads,
      retries: this.#counts.retries,
      endpoints,
    };
  }

  async health(options: RdsHealthOptions = {}): Promise<RdsHealth> {
    checkOptions('health', options);
    const timeoutMs = options.timeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
    const endpoints = await Promise.all(
      [this.#primary, ...this.#replicas].map((e) => this.#probe(e, timeoutMs, options.signal)),
    );
    const primary = endpoints[0] as RdsEndpointHealth;
    const status = !primary.ok ? 'down' : primary.readOnly || endpoints.some((e) => !e.ok) ? 'degraded' : 'up';
    return { status, endpoints };
  }

  recycle(): number {
    return [this.#primary, ...this.#replicas].reduce((n, e) => n + e.evictAll('recycle'), 0);
  }

  close(options: RdsCloseOptions = {}): Promise<void> {
    if (this.#closing) return this.#closing;
    const timeoutMs = options.timeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS;
    if (typeof timeoutMs !== 'number' || Number.isNaN(timeoutMs) || timeoutMs < 0) {
      throw new RangeError('rds close: options.timeoutMs must be a number >= 0');
    }
    const deadlineAt = Date.now() + timeoutMs;
    this.#closing = Promise.all([this.#primary, ...this.#replicas].map((e) => e.close(deadlineAt))).then(() => {
      this.emit('close');
    });
    return this.#closing;
  }

  [inspect.custom](): string {
    const m = this.metrics();
    return `RdsPool { primary: ${this.#primary.address}, replicas: ${this.#replicas.length}, total: ${m.total}, idle: ${m.idle}, borrowed: ${m.borrowed}, pending: ${m.pending}, closed: ${this.closed} }`;
  }

  // --- StatementHost ----------------------------------------------------------------------------

  statementError(
    cause: unknown,
    endpoint: EndpointPool,
    connection: PooledConnection,
    operation: string,
    signal: AbortSignal | undefined,
    inReadOnlyTransaction: boolean,
  ): unknown {
    if (signal?.aborted && cause === signal.reason) return cause;
    const verdict = classifyError(cause, { inReadOnlyTransaction });
    if (verdict.connectionBroken) connection.markBroken(cause);
    const error = toRdsError(cause, operation, {
      endpoint: endpoint.name,
      connectionId: connection.threadId,
      inReadOnlyTransaction,
    });
    if (verdict.kind === 'read-only' && endpoint === this.#primary) endpoint.failover(connection, error);
    return error;
  }

  noteWrite(endpoint: EndpointPool, sql: string): void {
    if (endpoint !== this.#primary || this.#replicas.length === 0) return;
    const state = this.#context.getStore();
    if (state !== undefined && !isReadStatement(sql)) state.wroteAt = Date.now();
  }

  // --- internals --------------------------------------------------------------------------------

  #checkStatement(operation: string, sql: unknown, params: unknown, options: unknown): void {
    checkSql(operation, sql);
    checkParams(operation, params);
    checkOptions(operation, options, ['replica', 'idempotent']);
  }

  /** The borrower's stack for leak reports, from the caller of `method` down; only when leak detection is on. */
  #stack(method: (...args: never[]) => unknown): string | undefined {
    if (this.#settings.leakDetectionMs <= 0) return undefined;
    const holder: { stack?: string } = {};
    Error.captureStackTrace(holder, method);
    return (holder.stack ?? '').replace(/^[^\n]*\n/, '');
  }

  #closedError(operation: string): SdkError {
    return poolError(rdsErrorCodes.ERR_POOL_CLOSED, operation, 'the pool is closed');
  }

  /** Where a call goes: the primary, or (for `replica: true`) the next usable replica. */
  #route(replica: boolean): EndpointPool {
    if (!replica || this.#replicas.length === 0) return this.#primary;
    const state = this.#context.getStore();
    if (state?.wroteAt !== undefined && Date.now() - state.wroteAt < this.#settings.readYourWritesMs) {
      this.#counts.stickyReads++;
      return this.#primary;
    }
    for (let i = 0; i < this.#replicas.length; i++) {
      const candidate = this.#replicas[this.#nextReplica++ % this.#replicas.length] as EndpointPool;
      if (candidate.usable) return candidate;
    }
    return this.#primary;
  }

  #acquireRequest(
    operation: string,
    callDeadline: number,
    signal: AbortSignal | undefined,
    stack: string | undefined,
  ): AcquireRequest {
    return {
      deadlineAt: Math.min(Date.now() + this.#settings.acquireTimeoutMs, callDeadline),
      signal,
      stack,
      operation,
    };
  }

  async #statement(
    kind: StatementKind,
    operation: string,
    sql: string,
    params: SqlParams | undefined,
    options: RdsQueryOptions | undefined,
    stack: string | undefined,
  ): Promise<unknown> {
    if (this.#closing) throw this.#closedError(operation);
    const signal = options?.signal;
    const budget =
      options?.timeoutMs ?? (this.#settings.queryTimeoutMs > 0 ? this.#settings.queryTimeoutMs : undefined);
    const startedAt = Date.now();
    const callDeadline = budget === undefined ? Number.POSITIVE_INFINITY : startedAt + budget;
    // Without a call budget, retries must still start within one acquire timeout of the call.
    const retryUntil = Math.min(callDeadline, startedAt + this.#settings.acquireTimeoutMs);
    const idempotent = options?.idempotent === true;
    for (let attempt = 1; ; attempt++) {
      const endpoint = this.#route(options?.replica === true);
      let connection: PooledConnection;
      try {
        connection = await endpoint.acquire(this.#acquireRequest(operation, callDeadline, signal, stack));
      } catch (error) {
        if (idempotent && (await this.#retryPause(error, attempt, retryUntil, signal, endpoint))) continue;
        throw error;
      }
      try {
        const timeoutMs =
          callDeadline === Number.POSITIVE_INFINITY ? undefined : Math.max(1, callDeadline - Date.now());
        const result = await connection.send(kind, sql, params, timeoutMs, signal);
        endpoint.release(connection);
        this.noteWrite(endpoint, sql);
        return result;
      } catch (cause) {
        const error = this.statementError(cause, endpoint, connection, operation, signal, false);
        endpoint.release(connection);
        if (idempotent && (await this.#retryPause(error, attempt, retryUntil, signal, endpoint))) continue;
        throw error;
      }
    }
  }

  /**
   * Decides whether an idempotent call is repeated after `error`, and waits before it does: a
   * random time up to `baseDelayMs × 2^(attempt−1)`, or longer while connection attempts to the
   * primary pause (a replica that cannot connect is skipped by the next routing instead).
   */
  async #retryPause(
    error: unknown,
    attempt: number,
    until: number,
    signal: AbortSignal | undefined,
    endpoint: EndpointPool,
  ): Promise<boolean> {
    if (attempt >= this.#settings.retryMaxAttempts || signal?.aborted || !isSdkError(error) || !error.retryable) {
      return false;
    }
    if (!RETRY_KINDS.has(String(error.details?.kind))) return false;
    const ceiling = Math.min(this.#settings.retryMaxDelayMs, this.#settings.retryBaseDelayMs * 2 ** (attempt - 1));
    const retryAfter =
      endpoint === this.#primary && typeof error.details?.retryAfterMs === 'number' ? error.details.retryAfterMs : 0;
    const delay = Math.max(retryAfter, ceiling * this.#settings.random());
    if (Date.now() + delay >= until) return false;
    this.#counts.retries++;
    this.#logger.debug(`rds: retrying an idempotent call after ${error.code} (attempt ${attempt + 1})`, {
      code: error.code,
      attempt: attempt + 1,
      delayMs: Math.round(delay),
    });
    await sleep(delay, signal);
    return !signal?.aborted;
  }

  async *#streamRows<Row>(
    sql: string,
    params: SqlParams | undefined,
    options: RdsStreamOptions,
    stack: string | undefined,
  ): AsyncGenerator<Row, void, undefined> {
    if (this.#closing) throw this.#closedError('stream');
    const signal = options.signal;
    const endpoint = this.#route(options.replica === true);
    const connection = await endpoint.acquire(this.#acquireRequest('stream', Number.POSITIVE_INFINITY, signal, stack));
    let finished = false;
    const readable = connection.stream(sql, params, options.highWaterMark ?? 16);
    const onAbort = (): void => {
      readable.destroy(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      if (signal?.aborted) throw signal.reason;
      for await (const row of readable) yield row as Row;
      finished = true;
      this.noteWrite(endpoint, sql);
    } catch (cause) {
      if (signal?.aborted && cause === signal.reason) throw cause;
      // A statement error ends the result cleanly: the session stays usable.
      finished = !classifyError(cause).connectionBroken;
      throw this.statementError(cause, endpoint, connection, 'stream', signal, false);
    } finally {
      signal?.removeEventListener('abort', onAbort);
      if (!finished) {
        connection.retireReason ??= 'streamCancelled';
        connection.kill(new Error('the stream was left before its end'));
      }
      endpoint.release(connection);
    }
  }

  async #transaction<T>(
    fn: (tx: RdsTransaction) => Promise<T>,
    options: RdsTransactionOptions,
    stack: string | undefined,
  ): Promise<T> {
    if (this.#closing) throw this.#closedError('transaction');
    const retries =
      options.retryOnDeadlock === true ? 3 : typeof options.retryOnDeadlock === 'number' ? options.retryOnDeadlock : 0;
    const readOnly = options.readOnly === true;
    const callDeadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
    for (let attempt = 0; ; attempt++) {
      const endpoint = this.#primary;
      const connection = await endpoint.acquire(
        this.#acquireRequest('transaction', callDeadline, options.signal, stack),
      );
      const tx = new BoundConnection(this, endpoint, connection, {
        deadlineAt: callDeadline,
        signal: options.signal,
        inReadOnlyTransaction: readOnly,
        owner: 'transaction',
      });
      let phase: 'begin' | 'body' | 'commit' = 'begin';
      try {
        if (options.isolation)
          await tx.send('query', 'transaction', `SET TRANSACTION ISOLATION LEVEL ${options.isolation}`, undefined);
        await tx.send(
          'query',
          'transaction',
          readOnly ? 'START TRANSACTION READ ONLY' : 'START TRANSACTION',
          undefined,
        );
        if (!readOnly) this.#noteContextWrite();
        phase = 'body';
        const value = await fn(tx);
        phase = 'commit';
        await tx.send('query', 'commit', 'COMMIT', undefined);
        tx.finish();
        endpoint.release(connection);
        return value;
      } catch (error) {
        tx.finish();
        if (phase === 'commit') {
          endpoint.release(connection);
          throw commitOutcome(error, connection);
        }
        await this.#rollback(connection);
        endpoint.release(connection);
        const deadlock = isSdkError(error) && error.code === 'ER_LOCK_DEADLOCK';
        if (deadlock && attempt < retries && !options.signal?.aborted && Date.now() < callDeadline) {
          this.#counts.retries++;
          await sleep(
            Math.min(this.#settings.retryMaxDelayMs, this.#settings.retryBaseDelayMs * 2 ** attempt) *
              this.#settings.random(),
            options.signal,
          );
          continue;
        }
        throw error;
      }
    }
  }

  async #withConnection<T>(
    fn: (connection: RdsConnection) => Promise<T>,
    options: RdsWithConnectionOptions,
    stack: string | undefined,
  ): Promise<T> {
    if (this.#closing) throw this.#closedError('withConnection');
    const callDeadline = options.timeoutMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + options.timeoutMs;
    const endpoint = this.#route(options.replica === true);
    const connection = await endpoint.acquire(
      this.#acquireRequest('withConnection', callDeadline, options.signal, stack),
    );
    const handle = new BoundConnection(this, endpoint, connection, {
      deadlineAt: callDeadline,
      signal: options.signal,
      inReadOnlyTransaction: false,
      owner: 'withConnection',
    });
    try {
      return await fn(handle);
    } finally {
      const left = handle.finish();
      // The next borrower must not inherit an open transaction or changed session settings.
      if (left.changedSession) {
        connection.retireReason ??= 'recycle';
        connection.markBroken(new Error('session state changed by withConnection'));
      } else if (left.openedTransaction) {
        await this.#rollback(connection);
      }
      endpoint.release(connection);
    }
  }

  /** Rolls back; a connection that cannot is retired. */
  async #rollback(connection: PooledConnection): Promise<void> {
    if (connection.broken !== undefined) return;
    try {
      await connection.send('query', 'ROLLBACK', undefined, ROLLBACK_TIMEOUT_MS);
    } catch (error) {
      connection.markBroken(error);
    }
  }

  #noteContextWrite(): void {
    if (this.#replicas.length === 0) return;
    const state = this.#context.getStore();
    if (state !== undefined) state.wroteAt = Date.now();
  }

  async #probe(endpoint: EndpointPool, timeoutMs: number, signal: AbortSignal | undefined): Promise<RdsEndpointHealth> {
    const startedAt = performance.now();
    const base = { endpoint: endpoint.name, address: endpoint.address };
    try {
      if (this.#closing) throw this.#closedError('health');
      const deadlineAt = Date.now() + timeoutMs;
      const connection = await endpoint.acquire({ deadlineAt, signal, stack: undefined, operation: 'health' });
      let rows: unknown;
      try {
        rows = await connection.send(
          'query',
          'SELECT @@global.read_only AS readOnly',
          undefined,
          Math.max(1, deadlineAt - Date.now()),
          signal,
        );
      } catch (cause) {
        throw this.statementError(cause, endpoint, connection, 'health', signal, false);
      } finally {
        endpoint.release(connection);
      }
      const flag = (rowsOf(rows)[0] as { readOnly?: unknown } | undefined)?.readOnly;
      return {
        ...base,
        ok: true,
        latencyMs: performance.now() - startedAt,
        readOnly: Number(flag) === 1,
        error: undefined,
      };
    } catch (error) {
      if (signal?.aborted && error === signal.reason) throw error;
      return {
        ...base,
        ok: false,
        latencyMs: performance.now() - startedAt,
        readOnly: undefined,
        error: isSdkError(error) ? error : toRdsError(error, 'health', { endpoint: endpoint.name }),
      };
    }
  }
}

/** A failed COMMIT: when the connection dropped, nobody knows whether it committed. */
function commitOutcome(error: unknown, connection: PooledConnection): unknown {
  if (!isSdkError(error) || connection.broken === undefined || error.details?.kind !== 'connection') return error;
  const reason = error.message.replace(/^rds commit failed: [^:]*: ?/, '');
  return new SdkError({
    code: error.code,
    service: error.service,
    operation: 'commit',
    // Repeating the transaction could apply it twice.
    retryable: false,
    serviceMessage: `the connection was lost during COMMIT, so whether the transaction committed is unknown: ${reason}`,
    details: { ...error.details, outcome: 'unknown' },
    cause: error.cause,
  });
}
