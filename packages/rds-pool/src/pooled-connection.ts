import type { Readable } from 'node:stream';
import type { Connection, ExecuteValues, QueryValues } from 'mysql2';
import { StatementTimeoutError } from './errors';

/** Why the pool closed a connection; carried by the `evict` event. */
export type EvictReason =
  /** A driver error, timeout or abort left it unusable. */
  | 'broken'
  /** It failed the ping before being lent. */
  | 'validation'
  /** It reached its (jittered) `maxLifetimeMs`. */
  | 'maxLifetime'
  /** It sat unused longer than `idleTimeoutMs`. */
  | 'idle'
  /** A read-only error showed the endpoint switched over; every connection is replaced. */
  | 'failover'
  /** `pool.recycle()` asked for fresh connections. */
  | 'recycle'
  /** A `stream()` was left before its end, so the rest of the result had to be discarded. */
  | 'streamCancelled'
  /** The pool is closing. */
  | 'closed';

/** Facts about a new connection, known once it logged in. */
export interface PooledConnectionInit {
  generation: number;
  lifetimeMs: number;
  serverWaitTimeoutMs: number | undefined;
  serverReadOnly: boolean | undefined;
}

/** The kind of statement: the text protocol, or a server-side prepared statement. */
export type StatementKind = 'query' | 'execute';

const QUIT_GRACE_MS = 1000;

/**
 * One mysql2 connection and what the pool knows about it: its server thread id, age, last use,
 * the failover generation it belongs to, and whether it can still be trusted. Statements that
 * overrun their time budget or whose signal aborts close the connection: MySQL cannot cancel a
 * statement in flight from the same session, and a half-read result would poison the next user.
 */
export class PooledConnection {
  /** The server's thread id for this session (`CONNECTION_ID()`, what `KILL` takes). */
  readonly threadId: number;
  readonly createdAt: number;
  /** When it is due for retirement; `Infinity` without `maxLifetimeMs`. */
  readonly expiresAt: number;
  readonly generation: number;
  /** The server's `wait_timeout` for this session; idle longer than this the server drops it. */
  readonly serverWaitTimeoutMs: number | undefined;
  /** `@@global.read_only` when it connected. */
  readonly serverReadOnly: boolean | undefined;
  /** The last time the server answered on it. */
  lastUsedAt: number;
  /** Set once the connection must not be reused; the first reason wins. */
  broken: unknown;
  /** Why the pool retires it, when it decided to. */
  retireReason: EvictReason | undefined;
  /** Bookkeeping of the current loan (set by the pool). */
  borrowedAt = 0;
  borrowStack: string | undefined;
  leakTimer: ReturnType<typeof setTimeout> | undefined;
  leakReported = false;
  #pinging = false;
  readonly #raw: Connection;
  /** Settles the statements in flight when the pool closes the socket under them. */
  readonly #inFlight = new Set<(reason: unknown) => void>();

  constructor(raw: Connection, init: PooledConnectionInit) {
    this.#raw = raw;
    this.threadId = raw.threadId;
    this.createdAt = Date.now();
    this.lastUsedAt = this.createdAt;
    this.expiresAt = this.createdAt + init.lifetimeMs;
    this.generation = init.generation;
    this.serverWaitTimeoutMs = init.serverWaitTimeoutMs;
    this.serverReadOnly = init.serverReadOnly;
    raw.on('error', (error: unknown) => this.markBroken(error));
    raw.on('end', () => this.markBroken(new Error('the server closed the connection')));
  }

  /** Records that the connection can no longer be used (the first reason is kept). */
  markBroken(reason: unknown): void {
    if (this.broken === undefined) this.broken = reason ?? new Error('connection broken');
  }

  /**
   * Runs one statement. Resolves with mysql2's result (rows, or a result header for statements
   * without rows). With `timeoutMs` or `signal`, an overrun or abort closes the connection and
   * rejects with `StatementTimeoutError` or the signal's reason.
   */
  send(
    kind: StatementKind,
    sql: string,
    values: unknown,
    timeoutMs?: number | undefined,
    signal?: AbortSignal | undefined,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      let settled = false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (): void => {
        settled = true;
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#inFlight.delete(fail);
      };
      // The connection is closed first, so that nobody reuses a session with a statement still running.
      const fail = (reason: unknown): void => {
        if (settled) return;
        finish();
        this.kill(reason);
        reject(reason);
      };
      const onAbort = (): void => fail(signal?.reason);
      const callback = (error: unknown, result: unknown): void => {
        if (settled) return;
        finish();
        if (error) {
          if ((error as { fatal?: unknown }).fatal === true) this.markBroken(error);
          else this.lastUsedAt = Date.now();
          reject(error);
          return;
        }
        this.lastUsedAt = Date.now();
        resolve(result);
      };
      try {
        if (kind === 'execute') this.#raw.execute(sql, (values ?? []) as ExecuteValues, callback);
        else if (values === undefined) this.#raw.query(sql, callback);
        else this.#raw.query(sql, values as QueryValues, callback);
      } catch (error) {
        finish();
        reject(error);
        return;
      }
      this.#inFlight.add(fail);
      if (timeoutMs !== undefined && timeoutMs > 0) {
        timer = setTimeout(() => fail(new StatementTimeoutError(timeoutMs)), timeoutMs);
      }
      if (signal) {
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
      }
    });
  }

  /** A round trip to prove the session is alive; a failure or overrun marks it broken. */
  async ping(timeoutMs: number): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (): void => {
        settled = true;
        clearTimeout(timer);
        this.#inFlight.delete(fail);
      };
      const fail = (reason: unknown): void => {
        if (settled) return;
        finish();
        this.kill(reason);
        reject(reason);
      };
      const timer = setTimeout(() => fail(new StatementTimeoutError(timeoutMs)), timeoutMs);
      this.#inFlight.add(fail);
      try {
        this.#raw.ping((error: unknown) => {
          if (settled) return;
          finish();
          if (error) {
            this.markBroken(error);
            reject(error);
          } else {
            this.lastUsedAt = Date.now();
            resolve();
          }
        });
      } catch (error) {
        fail(error);
      }
    });
  }

  /** Pings an idle connection in the background; a failure only marks it broken. */
  keepAlive(timeoutMs: number): void {
    if (this.#pinging || this.broken !== undefined) return;
    this.#pinging = true;
    this.ping(timeoutMs).then(
      () => {
        this.#pinging = false;
      },
      () => {
        this.#pinging = false;
      },
    );
  }

  /** Streams the rows of a statement; the driver pauses the socket while the buffer is full. */
  stream(sql: string, values: unknown, highWaterMark: number): Readable {
    const query = values === undefined ? this.#raw.query(sql) : this.#raw.query(sql, values as QueryValues);
    const readable = query.stream({ highWaterMark });
    // Closing the socket under a stream must end it too, or its reader would wait forever.
    const fail = (reason: unknown): void => {
      this.#inFlight.delete(fail);
      readable.destroy(reason instanceof Error ? reason : new Error(String(reason)));
    };
    this.#inFlight.add(fail);
    readable.once('end', () => {
      this.lastUsedAt = Date.now();
    });
    readable.once('close', () => this.#inFlight.delete(fail));
    return readable;
  }

  /** Closes the socket at once, marking the connection broken with `reason`. */
  kill(reason: unknown): void {
    this.markBroken(reason ?? new Error('connection closed by the pool'));
    for (const fail of [...this.#inFlight]) fail(this.broken);
    try {
      this.#raw.destroy();
      (this.#raw as unknown as { stream?: { destroy?: () => void } }).stream?.destroy?.();
    } catch {
      // Already closed.
    }
  }

  /** Ends the session politely (COMMAND_QUIT) when it is healthy, else closes the socket. */
  close(): Promise<void> {
    if (this.broken !== undefined) {
      this.kill(this.broken);
      return Promise.resolve();
    }
    this.markBroken(new Error('connection closed by the pool'));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill(undefined);
        resolve();
      }, QUIT_GRACE_MS);
      timer.unref?.();
      try {
        this.#raw.end(() => {
          clearTimeout(timer);
          this.kill(undefined);
          resolve();
        });
      } catch {
        clearTimeout(timer);
        this.kill(undefined);
        resolve();
      }
    });
  }
}
