import type { Logger } from '@alikit/core';
import type { ConnectionOptions, SslOptions } from 'mysql2';

/**
 * A password, or a function the pool calls for every new connection, so that a rotated password
 * (from KMS or a secrets manager) is picked up without recreating the pool. Connections already
 * open stay logged in; call `pool.recycle()` to replace them sooner.
 */
export type RdsPassword = string | (() => string | Promise<string>);

/**
 * TLS for the connection: `'required'` encrypts and verifies the server certificate against
 * Node's trusted CAs (pass `{ ca }` with the ApsaraDB RDS CA bundle to verify an RDS instance);
 * an object is handed to mysql2 as its `ssl` option. The pool never falls back to plain text.
 */
export type RdsSsl = 'required' | SslOptions;

/** Where and as whom to connect: the primary endpoint, or a read-only instance. */
export interface RdsEndpointOptions {
  /**
   * `mysql://user:password@host:port/database?ssl=required`. Fields given separately override the
   * URI's. The URI is never logged or put in an error.
   * @defaultValue `ALIKIT_MYSQL_URL` from `env`, when neither `uri` nor `host` is given
   */
  uri?: string | undefined;
  /** The endpoint's host name; re-resolved through DNS for every new connection. */
  host?: string | undefined;
  /** @defaultValue 3306 */
  port?: number | undefined;
  /** @defaultValue the URI's user, else `'root'` */
  user?: string | undefined;
  /** @defaultValue the URI's password, else none */
  password?: RdsPassword | undefined;
  /** The default database (schema). @defaultValue the URI's path, else none */
  database?: string | undefined;
  /** @defaultValue `'required'` when the URI says `ssl=required`, else plain TCP */
  ssl?: RdsSsl | undefined;
}

/** A read-only instance to send reads to; unset fields are taken from the primary. */
export interface RdsReplicaOptions extends RdsEndpointOptions {
  /** @defaultValue the pool's `max` */
  max?: number | undefined;
  /** @defaultValue 0 */
  min?: number | undefined;
}

/** The mysql2 connection options the pool passes through (it manages the others itself). */
export type RdsDriverOptions = Pick<
  ConnectionOptions,
  | 'charset'
  | 'timezone'
  | 'typeCast'
  | 'dateStrings'
  | 'decimalNumbers'
  | 'supportBigNumbers'
  | 'bigNumberStrings'
  | 'jsonStrings'
  | 'namedPlaceholders'
  | 'maxPreparedStatements'
  | 'connectAttributes'
  | 'multipleStatements'
  | 'flags'
  | 'localAddress'
  | 'socketPath'
  | 'compress'
  | 'nestTables'
  | 'rowsAsArray'
  | 'stream'
>;

/** How reads marked `idempotent` are repeated after a transient failure. */
export interface RdsRetryOptions {
  /** Attempts in total, the first included; `1` turns retrying off. @defaultValue 3 */
  maxAttempts?: number | undefined;
  /** Retry n waits a random time in `[0, min(maxDelayMs, baseDelayMs × 2^(n−1))]`. @defaultValue 25 */
  baseDelayMs?: number | undefined;
  /** @defaultValue 1000 */
  maxDelayMs?: number | undefined;
}

/** How connection attempts are paced after one fails. */
export interface RdsConnectBackoffOptions {
  /** The pause after the first failure; it doubles with each further failure. @defaultValue 100 */
  initialDelayMs?: number | undefined;
  /** The longest pause. @defaultValue 10_000 */
  maxDelayMs?: number | undefined;
}

/** Settings of {@link createRdsPool}. Every number is in milliseconds unless its name says otherwise. */
export interface RdsPoolOptions extends RdsEndpointOptions {
  /** Connections kept open even when idle. @defaultValue 0 */
  min?: number | undefined;
  /** The most connections open to the primary at once (each replica has its own). @defaultValue 10 */
  max?: number | undefined;
  /**
   * How long a caller may wait for a connection, queue time, connection setup and validation
   * included; then the call fails with `ERR_TIMEOUT`.
   * @defaultValue 10_000
   */
  acquireTimeoutMs?: number | undefined;
  /** Idle connections beyond `min` are closed after this long unused; 0 keeps them. @defaultValue 600_000 */
  idleTimeoutMs?: number | undefined;
  /**
   * A connection is retired once this old (minus up to 2.5 % random jitter, so connections do not
   * all reconnect together), when it is next idle. Keep it below the server's `wait_timeout` and
   * any proxy's idle cut-off. 0 never retires on age.
   * @defaultValue 1_800_000
   */
  maxLifetimeMs?: number | undefined;
  /** Idle connections are pinged when unused this long, so that no middlebox drops them; 0 disables. @defaultValue 120_000 */
  keepAliveMs?: number | undefined;
  /** Validate a connection (a ping) before lending it, unless it was used within `aliveBypassWindowMs`. @defaultValue true */
  validateOnBorrow?: boolean | undefined;
  /** A connection that answered this recently is lent without a ping. @defaultValue 500 */
  aliveBypassWindowMs?: number | undefined;
  /** The longest a validation or keep-alive ping may take. @defaultValue 5000 */
  validationTimeoutMs?: number | undefined;
  /** Warn (with the borrower's stack) when a connection is held longer than this; 0 disables. @defaultValue 0 */
  leakDetectionMs?: number | undefined;
  /** The most callers that may wait for a connection; more fail with `ERR_POOL_QUEUE_FULL`. @defaultValue Infinity */
  queueLimit?: number | undefined;
  /** The longest a new connection may take to connect, log in and run `sessionInit`. @defaultValue 10_000 */
  connectTimeoutMs?: number | undefined;
  /** How connection attempts are paced after a failure. */
  connectBackoff?: RdsConnectBackoffOptions | undefined;
  /** Statements run on every new connection, in order (e.g. `SET time_zone = '+00:00'`). @defaultValue [] */
  sessionInit?: readonly string[] | undefined;
  /** Read-only instances for reads marked `replica: true`. @defaultValue [] */
  readReplicas?: readonly RdsReplicaOptions[] | undefined;
  /**
   * After a write in a {@link RdsPool.withContext} context, that context's replica reads go to the
   * primary for this long, so it reads its own writes. `Infinity` keeps them there until the
   * context ends.
   * @defaultValue Infinity
   */
  readYourWritesMs?: number | undefined;
  /** The time budget of a statement when the call gives no `timeoutMs`; 0 means none. @defaultValue 0 */
  queryTimeoutMs?: number | undefined;
  /** Retries of calls marked `idempotent`. */
  retry?: RdsRetryOptions | undefined;
  /** Passed through to mysql2 for every connection. @defaultValue `{ supportBigNumbers: true }` */
  driverOptions?: RdsDriverOptions | undefined;
  /** Receives warnings (leaks, failovers, failed connection attempts); redacted. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** Where `ALIKIT_MYSQL_URL` and `ALIKIT_LOG_LEVEL` are read. @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Uniform random numbers in [0, 1) for jitter. @defaultValue Math.random */
  random?: (() => number) | undefined;
}

/** One endpoint with every setting resolved. */
export interface ResolvedEndpoint {
  name: string;
  host: string;
  port: number;
  user: string;
  password: RdsPassword | undefined;
  database: string | undefined;
  ssl: RdsSsl | undefined;
  min: number;
  max: number;
}

/** Every pool setting with its default filled in. */
export interface ResolvedSettings {
  primary: ResolvedEndpoint;
  replicas: ResolvedEndpoint[];
  acquireTimeoutMs: number;
  idleTimeoutMs: number;
  maxLifetimeMs: number;
  keepAliveMs: number;
  validateOnBorrow: boolean;
  aliveBypassWindowMs: number;
  validationTimeoutMs: number;
  leakDetectionMs: number;
  queueLimit: number;
  connectTimeoutMs: number;
  backoffInitialMs: number;
  backoffMaxMs: number;
  sessionInit: readonly string[];
  readYourWritesMs: number;
  queryTimeoutMs: number;
  retryMaxAttempts: number;
  retryBaseDelayMs: number;
  retryMaxDelayMs: number;
  driverOptions: RdsDriverOptions;
  logger: Logger | undefined;
  env: Readonly<Record<string, string | undefined>>;
  random: () => number;
}
