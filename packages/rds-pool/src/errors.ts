import { createSdkError, isSdkError, SdkError, sdkErrorCodes } from '@alikit/core';
import {
  classifyError,
  type DriverErrorLike,
  type ErrorClassification,
  serverErrno,
  serverErrorName,
} from './classify-error';

/** The service name every error of this package carries. */
export const RDS_SERVICE = 'rds';

/**
 * Codes of the failures the pool itself reports, besides core's `ERR_NETWORK` (connection lost,
 * refused or reset) and `ERR_TIMEOUT` (acquire deadline or `timeoutMs` passed). Server errors keep
 * their MySQL name (`ER_DUP_ENTRY`, `ER_ACCESS_DENIED_ERROR`) as `code` and their number as
 * `details.errno`.
 */
export const rdsErrorCodes = {
  /** The pool is closing or closed; no new work is accepted. Not retryable. */
  ERR_POOL_CLOSED: 'ERR_POOL_CLOSED',
  /** More callers are waiting for a connection than `queueLimit` allows. Retryable later. */
  ERR_POOL_QUEUE_FULL: 'ERR_POOL_QUEUE_FULL',
  /** TLS was required but the server does not offer it, or its certificate was rejected. Not retryable. */
  ERR_TLS: 'ERR_TLS',
} as const;

/** One of the pool-side failure codes in {@link rdsErrorCodes}. */
export type RdsErrorCode = (typeof rdsErrorCodes)[keyof typeof rdsErrorCodes];

/** Raised inside the pool when a statement outlives its time budget; mapped to `ERR_TIMEOUT`. */
export class StatementTimeoutError extends Error {
  override name = 'StatementTimeoutError';
  constructor(
    readonly timeoutMs: number,
    message = `no result within ${timeoutMs} ms; the connection was closed to stop the statement`,
  ) {
    super(message);
  }
}

/** Raised when the `password` function throws or returns something other than a string. */
export class PasswordProviderError extends Error {
  override name = 'PasswordProviderError';
  constructor(reason: string, cause?: unknown) {
    super(reason, cause === undefined ? undefined : { cause });
  }
}

/** Extra facts attached to the error's `details`. */
export interface ErrorContext {
  /** The endpoint the work ran on: `primary` or `replica-<n>`. */
  endpoint?: string | undefined;
  /** The server thread id of the connection (what `KILL` takes). */
  connectionId?: number | undefined;
  /** Anything else worth keeping. */
  extra?: Record<string, unknown> | undefined;
  /** Set when the error happened inside `START TRANSACTION READ ONLY`. */
  inReadOnlyTransaction?: boolean | undefined;
}

/**
 * Turns a driver, socket or pool failure into the package's `SdkError`. An `SdkError` passes
 * through unchanged. The SQL text and bound values are never copied into the error: they may hold
 * personal data or secrets.
 */
export function toRdsError(error: unknown, operation: string, context: ErrorContext = {}): SdkError {
  if (isSdkError(error)) return error;
  const details: Record<string, unknown> = {
    ...(context.endpoint === undefined ? {} : { endpoint: context.endpoint }),
    ...(context.connectionId === undefined ? {} : { connectionId: context.connectionId }),
    ...context.extra,
  };
  if (error instanceof StatementTimeoutError) {
    return createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
      service: RDS_SERVICE,
      operation,
      reason: error.message,
      details: { ...details, timeoutMs: error.timeoutMs },
    });
  }
  const driver = (typeof error === 'object' && error !== null ? error : {}) as DriverErrorLike;
  stripStatement(error);
  const verdict: ErrorClassification = classifyError(error, { inReadOnlyTransaction: context.inReadOnlyTransaction });
  const errno = serverErrno(error);
  if (errno !== undefined) {
    return new SdkError({
      code: serverErrorName(driver, errno),
      service: RDS_SERVICE,
      operation,
      retryable: verdict.retryable,
      serviceMessage: String(driver.sqlMessage ?? driver.message ?? ''),
      details: { ...details, errno, sqlState: driver.sqlState, kind: verdict.kind },
      cause: error,
    });
  }
  const driverCode = typeof driver.code === 'string' ? driver.code : undefined;
  const reason = error instanceof Error ? error.message : String(error);
  const withCode = { ...details, kind: verdict.kind, ...(driverCode ? { driverCode } : {}) };
  if (verdict.kind === 'tls') {
    return new SdkError({
      code: rdsErrorCodes.ERR_TLS,
      service: RDS_SERVICE,
      operation,
      retryable: false,
      serviceMessage: reason,
      details: withCode,
      cause: error,
    });
  }
  if (verdict.kind === 'connection') {
    return createSdkError(sdkErrorCodes.ERR_NETWORK, {
      service: RDS_SERVICE,
      operation,
      reason,
      details: withCode,
      cause: error,
    });
  }
  if (error instanceof PasswordProviderError) {
    return createSdkError(sdkErrorCodes.ERR_CREDENTIALS, {
      service: RDS_SERVICE,
      operation,
      reason: error.message,
      details: withCode,
      cause: error.cause,
    });
  }
  return createSdkError(sdkErrorCodes.ERR_NETWORK, {
    service: RDS_SERVICE,
    operation,
    reason,
    retryable: false,
    details: withCode,
    cause: error,
  });
}

/**
 * A failure the pool reports itself (`ERR_POOL_*`, `ERR_TIMEOUT`, or a connection failure's code
 * repeated to callers while attempts pause) with a message a person can act on.
 */
export function poolError(
  code: string,
  operation: string,
  reason: string,
  options: { retryable?: boolean; details?: Record<string, unknown>; cause?: unknown } = {},
): SdkError {
  return new SdkError({
    code,
    service: RDS_SERVICE,
    operation,
    retryable: options.retryable ?? (code === 'ERR_TIMEOUT' || code === 'ERR_POOL_QUEUE_FULL'),
    serviceMessage: reason,
    details: options.details,
    cause: options.cause,
  });
}

/** mysql2 copies the statement with its bound values into `error.sql`; drop it (values may be secrets). */
function stripStatement(error: unknown): void {
  if (typeof error !== 'object' || error === null || !('sql' in error)) return;
  try {
    delete (error as { sql?: unknown }).sql;
  } catch {
    // A frozen error keeps it; the redactor still scrubs what it can.
  }
}
