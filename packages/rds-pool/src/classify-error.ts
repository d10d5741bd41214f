/**
 * What kind of failure a MySQL/MariaDB driver error is, and what the pool should do about it.
 * Facts from the MySQL and MariaDB error references; the codes RDS users meet around an HA
 * switchover, a full instance or a rotated password are the ones that matter here.
 */

/** The kinds of failure the pool tells apart. */
export type RdsErrorKind =
  /** The server refuses writes: read_only after an HA switchover (1290, 1792, 1836). */
  | 'read-only'
  /** The connection is gone or unusable: reset, lost, killed, server shutting down. */
  | 'connection'
  /** The server has no room for another connection (1040, 1203, 1226). */
  | 'too-many-connections'
  /** Wrong user, password, database or host (1045, 1044, 1049, 1698, …): retrying cannot help. */
  | 'auth'
  /** TLS was required but the server does not offer it, or its certificate was rejected. */
  | 'tls'
  /** The transaction lost a deadlock (1213) and was rolled back. */
  | 'deadlock'
  /** A lock wait timed out (1205). */
  | 'lock-timeout'
  /** The pool or the server gave up waiting: acquire deadline, `timeoutMs`, max_statement_time. */
  | 'timeout'
  /** Any other statement error: syntax, constraint, unknown table, … */
  | 'sql';

/** The verdict on one error. */
export interface ErrorClassification {
  /** What kind of failure it is: `read-only`, `connection`, `auth`, `deadlock`, `timeout`, `sql`, ... */
  kind: RdsErrorKind;
  /** Whether the same work may succeed if repeated (on a fresh connection). */
  retryable: boolean;
  /** Whether the connection that produced it must not be reused. */
  connectionBroken: boolean;
}

/** MariaDB error numbers mysql2's (MySQL) name table does not know. */
const MARIADB_NAMES: Readonly<Record<number, string>> = {
  1927: 'ER_CONNECTION_KILLED',
  1969: 'ER_STATEMENT_TIMEOUT',
};

const READ_ONLY_ERRNOS = new Set([1290, 1792, 1836]);
const TOO_MANY_ERRNOS = new Set([1040, 1203, 1226]);
/** Login failures: the account, password, database or host is wrong, locked or expired. */
const AUTH_ERRNOS = new Set([1044, 1045, 1049, 1129, 1130, 1251, 1698, 1820, 1862, 3118]);
/** Server-side signs that the session is over. */
const CONNECTION_ERRNOS = new Set([1053, 1152, 1153, 1154, 1156, 1158, 1159, 1160, 1161, 1927, 2006, 2013]);
const STATEMENT_TIMEOUT_ERRNOS = new Set([1969, 3024]);

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_PACKETS_OUT_OF_ORDER',
  'PROTOCOL_UNEXPECTED_PACKET',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
]);

const TLS_CODES = new Set([
  'HANDSHAKE_NO_SSL_SUPPORT',
  'HANDSHAKE_SSL_ERROR',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** The fields of a mysql2 (or Node socket) error the pool reads. */
export interface DriverErrorLike {
  code?: unknown;
  errno?: unknown;
  sqlState?: unknown;
  sqlMessage?: unknown;
  message?: unknown;
  fatal?: unknown;
}

/** The server's error number, when the error came from the server (it then has a SQLSTATE). */
export function serverErrno(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const e = error as DriverErrorLike;
  return typeof e.errno === 'number' && typeof e.sqlState === 'string' ? e.errno : undefined;
}

/**
 * The name of a server error (`ER_DUP_ENTRY`), from mysql2's table, a MariaDB addition, or
 * `MYSQL_ERRNO_<n>` when neither knows the number.
 */
export function serverErrorName(error: DriverErrorLike, errno: number): string {
  if (typeof error.code === 'string' && error.code !== '' && !(errno in MARIADB_NAMES)) return error.code;
  return MARIADB_NAMES[errno] ?? (typeof error.code === 'string' && error.code ? error.code : `MYSQL_ERRNO_${errno}`);
}

/**
 * Classifies a driver error.
 *
 * `1290` (ER_OPTION_PREVENTS_STATEMENT) is shared by several server options; only its read-only
 * form means a switchover. `1792` is also what a write inside the caller's own `START TRANSACTION
 * READ ONLY` gets, so callers pass `inReadOnlyTransaction` to keep that from looking like a failover.
 */
export function classifyError(error: unknown, context: { inReadOnlyTransaction?: boolean } = {}): ErrorClassification {
  const e = (typeof error === 'object' && error !== null ? error : {}) as DriverErrorLike;
  const errno = serverErrno(e);
  const fatal = e.fatal === true;
  if (errno !== undefined) {
    if (READ_ONLY_ERRNOS.has(errno)) {
      const message = String(e.sqlMessage ?? e.message ?? '');
      const readOnly =
        errno === 1836 || (errno === 1792 ? !context.inReadOnlyTransaction : /read[-_ ]?only/i.test(message));
      if (readOnly) return { kind: 'read-only', retryable: true, connectionBroken: fatal };
      return { kind: 'sql', retryable: false, connectionBroken: fatal };
    }
    if (TOO_MANY_ERRNOS.has(errno)) return { kind: 'too-many-connections', retryable: true, connectionBroken: true };
    if (AUTH_ERRNOS.has(errno)) return { kind: 'auth', retryable: false, connectionBroken: true };
    if (CONNECTION_ERRNOS.has(errno)) return { kind: 'connection', retryable: true, connectionBroken: true };
    if (errno === 1213) return { kind: 'deadlock', retryable: true, connectionBroken: fatal };
    if (errno === 1205) return { kind: 'lock-timeout', retryable: true, connectionBroken: fatal };
    if (STATEMENT_TIMEOUT_ERRNOS.has(errno)) return { kind: 'timeout', retryable: false, connectionBroken: fatal };
    return { kind: 'sql', retryable: false, connectionBroken: fatal };
  }
  const code = typeof e.code === 'string' ? e.code : '';
  if (TLS_CODES.has(code) || /^ERR_SSL_|^ERR_TLS_/.test(code)) {
    return { kind: 'tls', retryable: false, connectionBroken: true };
  }
  if (NETWORK_CODES.has(code)) return { kind: 'connection', retryable: true, connectionBroken: true };
  // mysql2 marks every error after which the connection cannot be used as fatal, some without a code
  // ("Can't add new command when connection is in closed state").
  if (fatal) return { kind: 'connection', retryable: true, connectionBroken: true };
  return { kind: 'sql', retryable: false, connectionBroken: false };
}
