/**
 * Offline loopback emulators of Alibaba Cloud services that speak each wire protocol and verify
 * real signatures.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/emulators
 */

export type {
  CreateMaxComputeTableOptions,
  MaxComputeEmulator,
  MaxComputeEmulatorColumn,
  MaxComputeRowsOptions,
  MaxComputeSqlOutcome,
  MaxComputeTableInfo,
} from './maxcompute/maxcompute-service';
export type { MaxComputeProject } from './maxcompute/project-store';
export type { MetadataEmulator, MetadataRequest } from './metadata/metadata-service';
export type { OssBucket } from './oss/bucket-store';
export type { OssMultipartLimits } from './oss/multipart-ops';
export type { OssEmulator, OssObjectInfo, OssUploadInfo } from './oss/oss-service';
export type {
  DtsEmulator,
  DtsJobSnapshot,
  DtsMigrationFailureScenario,
  DtsPrecheckFailureScenario,
} from './pop/dts/dts-service';
export type { PaiEmulator, PaiFailureScenario, PaiJobSnapshot, ThrottleScenario } from './pop/pai/pai-studio-service';
export type { PopCall, PopSignatureScheme } from './pop/pop-request';
export type { PopEmulator } from './pop/pop-service';
export type { PopResponder, PopResponseMatch } from './pop/responses';
export type { OidcClaims } from './pop/sts/oidc-token';
export { EMULATOR_ACCOUNT_ID, type RoleSession, type RoleSessionOrigin } from './pop/sts/role-sessions';
export type { StsEmulator, StsOidcProviderDefinition, StsRoleDefinition } from './pop/sts/sts-service';
export {
  ACCESS_KEY_ID_ENV,
  ACCESS_KEY_SECRET_ENV,
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  type EmulatorAccount,
} from './shared/accounts';
export type { FaultHandle, FaultInjector, FaultMatch, FaultRule } from './shared/faults';
export { loopbackLookup } from './shared/loopback';
export { ServiceError } from './shared/service-error';
export { isServiceName, SERVICE_NAMES, type ServiceName } from './shared/service-name';
export type { SlsLogstoreStats, SlsShard, SlsStoredLog } from './sls/logstore';
export type { SlsProject } from './sls/project-store';
export type { SlsEmulatorLimits } from './sls/put-logs';
export type { CreateSlsLogstoreOptions, SlsEmulator } from './sls/sls-service';
export {
  type Emulators,
  type EmulatorsBase,
  type ServiceEmulators,
  type StartEmulatorsOptions,
  startEmulators,
} from './start-emulators';
export type { RowFaultRule } from './tablestore/row-faults';
export type {
  TablestoreEmulator,
  TablestoreEmulatorLimits,
  TablestoreEmulatorRow,
} from './tablestore/tablestore-service';
