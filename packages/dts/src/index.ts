/**
 * DTS migration jobs with pollers through precheck, migration and incremental sync.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/dts
 */

// The list types are core's, named here so users of this package need not import core.
export type { Page, PagedAsyncIterable, PageSettings } from '@alikit/core';
export type { DtsCallOptions } from './call-options';
export type {
  BeginStartMigrationOptions,
  CreatedMigrationJob,
  DtsClientOptions,
  ListDtsJobsOptions,
} from './dts-client';
export { DTS_API_VERSION, DtsClient, REGION_ENV } from './dts-client';
export type {
  DtsEndpointInfo,
  DtsJob,
  DtsJobStatus,
  MigrationStepStatus,
  PrecheckItem,
} from './dts-job';
export type {
  BeginStartLegacyMigrationOptions,
  CreateLegacyMigrationJobOptions,
  ListLegacyMigrationJobsOptions,
} from './legacy-migration-client';
export { LegacyMigrationClient } from './legacy-migration-client';
export type { MigrationPhase, MigrationPoller, MigrationProgress } from './migration-poller';
export { precheckItemsOf } from './migration-poller';
export type {
  DtsEngine,
  DtsInstanceType,
  MigrationEndpoint,
  MigrationInstanceClass,
  MigrationJobSpec,
  MigrationMode,
  MigrationObject,
} from './migration-spec';
export { DTS_ENGINES, DTS_INSTANCE_TYPES } from './migration-spec-wire';
