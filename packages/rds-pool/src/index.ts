/**
 * A MySQL connection pool for ApsaraDB RDS on mysql2: deadlines, validation, failover and
 * read/write splitting.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/rds-pool
 */

export type { ErrorClassification, RdsErrorKind } from './classify-error';
export { classifyError } from './classify-error';
export { createRdsPool } from './create-rds-pool';
export { type RdsErrorCode, rdsErrorCodes } from './errors';
export type {
  RdsAcquireEvent,
  RdsConnectErrorEvent,
  RdsConnectEvent,
  RdsEndpointEvent,
  RdsEnqueueEvent,
  RdsEvictEvent,
  RdsFailoverEvent,
  RdsLeakEvent,
  RdsPoolEventMap,
  RdsReleaseEvent,
  RdsTimeoutEvent,
} from './events';
export type { LatencySummary } from './latency-recorder';
export type { RdsEndpointMetrics, RdsPoolMetrics } from './metrics';
export type {
  RdsConnectBackoffOptions,
  RdsDriverOptions,
  RdsEndpointOptions,
  RdsPassword,
  RdsPoolOptions,
  RdsReplicaOptions,
  RdsRetryOptions,
  RdsSsl,
} from './options';
export type { EvictReason } from './pooled-connection';
export type {
  RdsCallOptions,
  RdsCloseOptions,
  RdsConnection,
  RdsEndpointHealth,
  RdsHealth,
  RdsHealthOptions,
  RdsIsolationLevel,
  RdsPool,
  RdsQueryOptions,
  RdsRunResult,
  RdsStatementOptions,
  RdsStreamOptions,
  RdsTransaction,
  RdsTransactionOptions,
  RdsWithConnectionOptions,
  SqlParams,
  SqlRow,
} from './types';
export { type ParsedMysqlUri, parseMysqlUri } from './uri';
