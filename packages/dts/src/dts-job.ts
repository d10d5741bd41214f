/**
 * A migration job's status: `NotConfigured`, `NotStarted`, `Prechecking`, `PrecheckFailed`,
 * `PreCheckPass`, `Migrating`, `Suspending` (paused), `MigrationFailed`, `Finished`, and the
 * others DTS reports (`Initializing`, `synchronizing`, `Retrying`, `Failed`, ...).
 */
export type DtsJobStatus =
  | 'NotConfigured'
  | 'NotStarted'
  | 'Prechecking'
  | 'PrecheckFailed'
  | 'PreCheckPass'
  | 'Initializing'
  | 'InitializeFailed'
  | 'Migrating'
  | 'synchronizing'
  | 'Suspending'
  | 'Retrying'
  | 'MigrationFailed'
  | 'Failed'
  | 'Finished'
  | (string & {});

/** One precheck item and its result. */
export interface PrecheckItem {
  /** The item's code, e.g. `CHECK_CONN_SRC`. */
  item: string;
  /** What the item checks, in words (`CheckItemDescription`); `undefined` from the legacy API. */
  description: string | undefined;
  /** `Success`, `Failed`, or `NotStarted` while the precheck runs. */
  result: string;
  /** Why it failed. */
  failedReason: string | undefined;
  /** How to fix it. */
  repairMethod: string | undefined;
}

/** The state of one step: schema migration, full data, or incremental. */
export interface MigrationStepStatus {
  /** `NotStarted`, `Migrating`, `Finished`, `Failed`, `Catched` (incremental caught up), ... */
  status: string;
  /** 0–100. */
  percent: number | undefined;
  /** For the full load, the rows copied so far (as DTS reports them). */
  progress: string | undefined;
}

/** One side of a job as DTS reports it (never the password). */
export interface DtsEndpointInfo {
  /** How DTS reaches the database (`InstanceType`): `RDS`, `PolarDB`, `ECS`, `EXPRESS`, ... */
  instanceType: string | undefined;
  /** The database engine (`EngineName`), e.g. `MYSQL`. */
  engine: string | undefined;
  /** The region the database is in, e.g. `cn-hangzhou`. */
  region: string | undefined;
  /** The cloud instance id, e.g. `rm-…` for RDS; `undefined` for a database reached by address. */
  instanceId: string | undefined;
  /** The address DTS connects to (`Ip`), for a database reached by address. */
  host: string | undefined;
  /** The port DTS connects to. */
  port: number | undefined;
  /** The database name (`DatabaseName`), for engines that need one at connect time. */
  database: string | undefined;
  /** The account DTS logs in as (`UserName`). */
  user: string | undefined;
}

/** A migration job, as `describeJob` and `listJobs` return it (and the legacy client, mapped to the same shape). */
export interface DtsJob {
  /** `DtsJobId` (or the legacy `MigrationJobId`). */
  jobId: string;
  /** `DtsInstanceID` (the legacy API has none: the job id). */
  instanceId: string | undefined;
  /** The job's name (`DtsJobName`, legacy `MigrationJobName`). */
  name: string | undefined;
  /** The job's status (`Status`, legacy `MigrationJobStatus`); `Unknown` when DTS sent none. */
  status: DtsJobStatus;
  /** When the job was created. */
  createTime: Date | undefined;
  /** When the job finished; `undefined` while it has not. */
  finishTime: Date | undefined;
  /** The database migrated from; `undefined` before the job is configured. */
  source: DtsEndpointInfo | undefined;
  /** The database migrated to; `undefined` before the job is configured. */
  destination: DtsEndpointInfo | undefined;
  /** Which kinds of migration the job runs (`MigrationMode`). */
  migrationMode: {
    /** Schema migration (tables, views, ...). */
    structureInitialization: boolean;
    /** Full data migration (the existing rows). */
    dataInitialization: boolean;
    /** Incremental migration (changes made while migrating). */
    dataSynchronization: boolean;
  };
  /** The migrated objects as DTS echoes them: the `DbList` JSON (or the legacy `MigrationObject` JSON). */
  objects: string | undefined;
  /** The precheck (`PrecheckStatus`); `undefined` before one has run. */
  precheck:
    | {
        /** The precheck's state (`Checking`, `Failed`, `Finished`, ...); `Unknown` when DTS sent none. */
        status: string;
        /** How far the precheck is, 0–100. */
        percent: number | undefined;
        /** Every check and its result. */
        items: PrecheckItem[];
      }
    | undefined;
  /** The schema migration step; `undefined` when DTS reports none (not configured or not started). */
  structureInitialization: MigrationStepStatus | undefined;
  /** The full data migration step; `undefined` when DTS reports none. */
  dataInitialization: MigrationStepStatus | undefined;
  /** The incremental migration step; `undefined` when DTS reports none. */
  dataSynchronization: MigrationStepStatus | undefined;
  /** How far incremental migration lags behind the source, in seconds. */
  delaySeconds: number | undefined;
  /** The source position incremental migration reached. */
  checkpoint: Date | undefined;
  /** DTS's error message when the job failed; `undefined` otherwise. */
  errorMessage: string | undefined;
}

/** Reads a DescribeDtsJobDetail body / DescribeDtsJobs entry (2020-01-01). */
export function toDtsJob(wire: unknown): DtsJob {
  const w = record(wire);
  const precheck = optionalRecord(w.PrecheckStatus);
  const delayMs = num(w.Delay);
  const checkpoint = num(w.Checkpoint);
  return {
    jobId: str(w.DtsJobId) ?? '',
    instanceId: str(w.DtsInstanceID) ?? str(w.DtsInstanceId),
    name: str(w.DtsJobName),
    status: str(w.Status) ?? 'Unknown',
    createTime: date(w.CreateTime),
    finishTime: date(w.FinishTime),
    source: endpoint(w.SourceEndpoint),
    destination: endpoint(w.DestinationEndpoint),
    migrationMode: mode(w.MigrationMode),
    objects: str(w.DbObject),
    precheck: precheck && {
      status: str(precheck.Status) ?? 'Unknown',
      percent: num(precheck.Percent),
      items: list(precheck.Detail).map((d) => {
        const r = record(d);
        return {
          item: str(r.CheckItem) ?? '',
          description: str(r.CheckItemDescription),
          result: str(r.CheckResult) ?? 'Unknown',
          failedReason: str(r.FailedReason),
          repairMethod: str(r.RepairMethod),
        };
      }),
    },
    structureInitialization: step(w.StructureInitializationStatus),
    dataInitialization: step(w.DataInitializationStatus),
    dataSynchronization: step(w.DataSynchronizationStatus),
    delaySeconds: delayMs === undefined ? undefined : Math.round(delayMs / 1000),
    checkpoint: checkpoint === undefined || checkpoint <= 0 ? undefined : new Date(checkpoint * 1000),
    errorMessage: str(w.ErrorMessage),
  };
}

/** Reads a DescribeMigrationJobStatus body / DescribeMigrationJobs entry (2016-08-01). */
export function toLegacyDtsJob(wire: unknown): DtsJob {
  const w = record(wire);
  const precheck = optionalRecord(w.PrecheckStatus);
  const sync = step(w.DataSynchronizationStatus);
  const delay = num(optionalRecord(w.DataSynchronizationStatus)?.Delay);
  return {
    jobId: str(w.MigrationJobId) ?? '',
    instanceId: str(w.MigrationJobId),
    name: str(w.MigrationJobName),
    status: str(w.MigrationJobStatus) ?? 'Unknown',
    createTime: date(w.CreateTime),
    finishTime: date(w.FinishTime),
    source: endpoint(w.SourceEndpoint),
    destination: endpoint(w.DestinationEndpoint),
    migrationMode: mode(w.MigrationMode),
    objects: str(w.MigrationObject),
    precheck: precheck && {
      status: str(precheck.Status) ?? 'Unknown',
      percent: num(precheck.Percent),
      items: list(optionalRecord(precheck.Detail)?.CheckItem).map((d) => {
        const r = record(d);
        return {
          item: str(r.ItemName) ?? '',
          description: undefined,
          result: str(r.CheckStatus) ?? 'Unknown',
          failedReason: str(r.ErrorMessage),
          repairMethod: str(r.RepairMethod),
        };
      }),
    },
    structureInitialization: step(w.StructureInitializationStatus),
    dataInitialization: step(w.DataInitializationStatus),
    dataSynchronization: sync,
    // The legacy API reports the delay in seconds already.
    delaySeconds: sync && sync.status !== 'NotStarted' ? delay : undefined,
    checkpoint: undefined,
    errorMessage: str(w.ErrorMessage),
  };
}

function endpoint(value: unknown): DtsEndpointInfo | undefined {
  const r = optionalRecord(value);
  if (!r) return undefined;
  return {
    instanceType: str(r.InstanceType),
    engine: str(r.EngineName),
    region: str(r.Region),
    instanceId: str(r.InstanceID) ?? str(r.InstanceId),
    host: str(r.Ip) ?? str(r.IP),
    port: num(r.Port),
    database: str(r.DatabaseName) ?? str(r.DataBaseName),
    user: str(r.UserName),
  };
}

function mode(value: unknown): DtsJob['migrationMode'] {
  const r = record(value);
  return {
    structureInitialization: bool(r.StructureInitialization),
    dataInitialization: bool(r.DataInitialization),
    dataSynchronization: bool(r.DataSynchronization),
  };
}

function step(value: unknown): MigrationStepStatus | undefined {
  const r = optionalRecord(value);
  if (!r) return undefined;
  return { status: str(r.Status) ?? 'Unknown', percent: num(r.Percent), progress: str(r.Progress) };
}

function record(value: unknown): Record<string, unknown> {
  return optionalRecord(value) ?? {};
}

function optionalRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function bool(value: unknown): boolean {
  return value === true || value === 'true';
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
