import type { EndpointPool } from './endpoint-pool';
import { poolError } from './errors';
import type { PooledConnection, StatementKind } from './pooled-connection';
import { rowsOf, toRunResult } from './results';
import { changesSession, opensTransaction } from './statement-kind';
import type { RdsRunResult, RdsStatementOptions, RdsTransaction, SqlParams, SqlRow } from './types';
import { checkOptions, checkParams, checkSql } from './validate-call';

/** What a bound connection needs from its pool. */
export interface StatementHost {
  /** Turns a statement failure into what the caller sees, retiring the connection or starting a failover as needed. */
  statementError(
    cause: unknown,
    endpoint: EndpointPool,
    connection: PooledConnection,
    operation: string,
    signal: AbortSignal | undefined,
    inReadOnlyTransaction: boolean,
  ): unknown;
  /** Records a write for read-your-writes, when `sql` on `endpoint` is one. */
  noteWrite(endpoint: EndpointPool, sql: string): void;
  /** The pool's default statement budget (0 = none). */
  readonly queryTimeoutMs: number;
}

/** The limits of the call that lent the connection. */
export interface BoundScope {
  /** `Date.now()` by which the whole call must end; `Infinity` without `timeoutMs`. */
  deadlineAt: number;
  signal: AbortSignal | undefined;
  inReadOnlyTransaction: boolean;
  /** For the message when the handle is used too late: `transaction` or `withConnection`. */
  owner: 'transaction' | 'withConnection';
}

/**
 * The handle `withConnection` and `transaction` callbacks receive: statements on one borrowed
 * connection. It notes what the callback did to the session (opened a transaction, changed
 * session settings) so the pool can put the connection back as it found it, and refuses use
 * after the callback settled.
 */
export class BoundConnection implements RdsTransaction {
  readonly id: number;
  readonly endpoint: string;
  #open = true;
  #openedTransaction = false;
  #changedSession = false;

  constructor(
    private readonly host: StatementHost,
    private readonly pool: EndpointPool,
    private readonly connection: PooledConnection,
    private readonly scope: BoundScope,
  ) {
    this.id = connection.threadId;
    this.endpoint = pool.name;
  }

  query<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsStatementOptions): Promise<Row[]> {
    this.#check('query', sql, params, options);
    return this.send('query', 'query', sql, params, options).then(rowsOf) as Promise<Row[]>;
  }

  execute<Row = SqlRow>(sql: string, params?: SqlParams, options?: RdsStatementOptions): Promise<Row[]> {
    this.#check('execute', sql, params, options);
    return this.send('execute', 'execute', sql, params, options).then(rowsOf) as Promise<Row[]>;
  }

  run(sql: string, params?: SqlParams, options?: RdsStatementOptions & { prepare?: boolean }): Promise<RdsRunResult> {
    this.#check('run', sql, params, options);
    return this.send(options?.prepare ? 'execute' : 'query', 'run', sql, params, options).then(toRunResult);
  }

  /** Runs a statement within the scope's budget; used by the pool for BEGIN/COMMIT too. */
  async send(
    kind: StatementKind,
    operation: string,
    sql: string,
    params: SqlParams | undefined,
    options?: RdsStatementOptions,
  ): Promise<unknown> {
    const signal = options?.signal ?? this.scope.signal;
    let timeoutMs = options?.timeoutMs;
    if (this.scope.deadlineAt !== Number.POSITIVE_INFINITY) {
      const left = this.scope.deadlineAt - Date.now();
      if (left <= 0) {
        throw poolError(
          'ERR_TIMEOUT',
          operation,
          `the ${this.scope.owner} ran out of its timeoutMs before this statement`,
          {
            details: { endpoint: this.endpoint, connectionId: this.id },
          },
        );
      }
      timeoutMs = Math.min(timeoutMs ?? left, left);
    }
    timeoutMs ??= this.host.queryTimeoutMs > 0 ? this.host.queryTimeoutMs : undefined;
    try {
      const result = await this.connection.send(kind, sql, params, timeoutMs, signal);
      this.host.noteWrite(this.pool, sql);
      if (opensTransaction(sql)) this.#openedTransaction = true;
      if (changesSession(sql)) this.#changedSession = true;
      return result;
    } catch (cause) {
      throw this.host.statementError(
        cause,
        this.pool,
        this.connection,
        operation,
        signal,
        this.scope.inReadOnlyTransaction,
      );
    }
  }

  /** Ends the loan of the handle; reports what the callback left behind. */
  finish(): { openedTransaction: boolean; changedSession: boolean } {
    this.#open = false;
    return { openedTransaction: this.#openedTransaction, changedSession: this.#changedSession };
  }

  #check(operation: string, sql: unknown, params: unknown, options: unknown): void {
    if (!this.#open) {
      throw new TypeError(
        `rds ${operation}: this connection handle is no longer valid; use it only inside the ${this.scope.owner} callback`,
      );
    }
    checkSql(operation, sql);
    checkParams(operation, params);
    checkOptions(operation, options);
  }
}
