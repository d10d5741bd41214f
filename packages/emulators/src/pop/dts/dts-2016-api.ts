import type { PopCall } from '../pop-request';
import { statusOf } from './dts-2020-api';
import { type DtsContext, jobStatusError } from './dts-context';
import {
  booleanParam,
  checkEndpoint,
  invalidParameter,
  jsonParam,
  missingParameter,
  optional,
  type Params,
  pageParam,
  required,
} from './dts-params';
import { DTS_FULL_LOAD_ROWS, type MigrationJobRecord } from './migration-job-record';

/** The legacy DTS API version (`CreateMigrationJob`, `ConfigureMigrationJob`, ...). */
export const DTS_LEGACY_VERSION = '2016-08-01';

const API = DTS_LEGACY_VERSION;
const JOB_CLASSES = new Set(['small', 'medium', 'large', 'xlarge', '2xlarge']);

/** The 2016-08-01 actions the emulator serves. */
export const DTS_2016_ACTIONS: ReadonlySet<string> = new Set([
  'CreateMigrationJob',
  'ConfigureMigrationJob',
  'StartMigrationJob',
  'SuspendMigrationJob',
  'StopMigrationJob',
  'DeleteMigrationJob',
  'DescribeMigrationJobStatus',
  'DescribeMigrationJobs',
]);

// The legacy API spells these "Intialization" on the wire; the correct spelling is not read.
const STRUCTURE_PARAM = 'MigrationMode.StructureIntialization';
const DATA_PARAM = 'MigrationMode.DataIntialization';
const SYNC_PARAM = 'MigrationMode.DataSynchronization';

/**
 * Answers a DTS 2016-08-01 call.
 * @throws ServiceError in POP's format for a call DTS would refuse.
 */
export function respondDts2016(ctx: DtsContext, call: PopCall, tokens: Map<string, string>): unknown {
  const p = call.params;
  switch (call.action) {
    case 'CreateMigrationJob': {
      const region = required(p, 'Region');
      const jobClass = required(p, 'MigrationJobClass');
      if (!JOB_CLASSES.has(jobClass)) {
        throw invalidParameter('MigrationJobClass', `use one of ${[...JOB_CLASSES].join(', ')}`);
      }
      // A repeated ClientToken returns the job the first call created.
      const token = optional(p, 'ClientToken');
      const known = token === undefined ? undefined : tokens.get(token);
      if (known !== undefined) return { Success: true, MigrationJobId: known };
      const job = ctx.createJob({ api: API, regionId: region, instanceClass: jobClass });
      if (token !== undefined) tokens.set(token, job.id);
      return { Success: true, MigrationJobId: job.id };
    }
    case 'ConfigureMigrationJob':
      return configure(ctx, p);
    case 'StartMigrationJob': {
      const job = ctx.job(API, required(p, 'MigrationJobId'));
      const ok = job.start(
        ctx.now(),
        () => ctx.takePrecheckFailures(),
        () => ctx.takeMigrationFailure(),
      );
      if (!ok) throw jobStatusError(job, 'started', legacyStatus(job));
      return { Success: true };
    }
    case 'SuspendMigrationJob': {
      const job = ctx.job(API, required(p, 'MigrationJobId'));
      if (!job.suspend(ctx.now())) throw jobStatusError(job, 'suspended', legacyStatus(job));
      return { Success: true };
    }
    case 'StopMigrationJob': {
      const job = ctx.job(API, required(p, 'MigrationJobId'));
      if (!job.stop(ctx.now())) throw jobStatusError(job, 'stopped', legacyStatus(job));
      return { Success: true };
    }
    case 'DeleteMigrationJob':
      ctx.deleteJob(ctx.job(API, required(p, 'MigrationJobId')));
      return { Success: true };
    case 'DescribeMigrationJobStatus': {
      ctx.throttleStatusCall();
      return { Success: true, ...jobStatus(ctx.job(API, required(p, 'MigrationJobId'))) };
    }
    case 'DescribeMigrationJobs':
      return listJobs(ctx, p);
    default:
      throw missingParameter('Action');
  }
}

function configure(ctx: DtsContext, p: Params): unknown {
  const job = ctx.job(API, required(p, 'MigrationJobId'));
  if (job.isRunning || job.stage === 'precheck' || job.stage === 'finished') {
    throw jobStatusError(job, 'configured', legacyStatus(job));
  }
  const name = required(p, 'MigrationJobName');
  const source = checkEndpoint('SourceEndpoint.', (f) => optional(p, `SourceEndpoint.${f}`), {
    instanceId: 'InstanceID',
    database: 'DatabaseName',
  });
  const destination = checkEndpoint('DestinationEndpoint.', (f) => optional(p, `DestinationEndpoint.${f}`), {
    instanceId: 'InstanceID',
    database: 'DataBaseName',
  });
  const switches = {
    structure: booleanParam(p, STRUCTURE_PARAM, undefined),
    full: booleanParam(p, DATA_PARAM, undefined),
    incremental: booleanParam(p, SYNC_PARAM, undefined),
  };
  if (!switches.structure && !switches.full && !switches.incremental) {
    throw invalidParameter(STRUCTURE_PARAM, 'at least one migration type must be true');
  }
  const objects = jsonParam(p, 'MigrationObject');
  if (!Array.isArray(objects) || objects.length === 0) {
    throw invalidParameter('MigrationObject', 'it must be a JSON array naming at least one database');
  }
  for (const [i, entry] of objects.entries()) {
    if (typeof entry !== 'object' || entry === null || typeof (entry as { DBName?: unknown }).DBName !== 'string') {
      throw invalidParameter('MigrationObject', `entry ${i + 1} needs a DBName`);
    }
  }
  job.configure(
    name,
    {
      SourceEndpoint: source,
      DestinationEndpoint: destination,
      MigrationObject: required(p, 'MigrationObject'),
      MigrationMode: {
        StructureInitialization: switches.structure,
        DataInitialization: switches.full,
        DataSynchronization: switches.incremental,
      },
    },
    switches,
    ctx.now(),
    // The legacy API prechecks when the job is started.
    undefined,
  );
  return { Success: true };
}

/** The legacy `MigrationJobStatus` of a job. */
function legacyStatus(job: MigrationJobRecord): string {
  const status = statusOf(job);
  return status === 'NotConfigured' ? 'NotStarted' : status;
}

function jobStatus(job: MigrationJobRecord): Record<string, unknown> {
  const fullPercent = job.percentOf('full');
  const delay = job.delaySeconds;
  const precheck =
    job.stage === 'precheck'
      ? 'Checking'
      : job.stage === 'precheck-failed'
        ? 'Failed'
        : job.items.length === 0
          ? 'NotStarted'
          : 'Finished';
  return {
    MigrationJobId: job.id,
    MigrationJobName: job.name,
    MigrationJobClass: job.instanceClass,
    MigrationJobStatus: legacyStatus(job),
    PayType: 'PostPaid',
    ...job.config,
    PrecheckStatus: {
      Status: precheck,
      Percent: String(job.precheckPercent),
      Detail: {
        CheckItem: job.items.map((i) => ({
          ItemName: i.item,
          CheckStatus: i.result,
          ErrorMessage: i.failedReason ?? '',
          RepairMethod: i.repairMethod ?? '',
        })),
      },
    },
    StructureInitializationStatus: {
      Status: job.switches.structure ? job.stepStatus('structure') : 'NotStarted',
      Percent: String(job.percentOf('structure')),
      Progress: String(job.percentOf('structure')),
    },
    DataInitializationStatus: {
      Status: job.switches.full ? job.stepStatus('full') : 'NotStarted',
      Percent: String(fullPercent),
      Progress: String(Math.floor((DTS_FULL_LOAD_ROWS * fullPercent) / 100)),
    },
    DataSynchronizationStatus: {
      Status: job.switches.incremental ? job.stepStatus('incremental') : 'NotStarted',
      Percent: job.stage === 'incremental' ? String(100 - Math.min(100, (delay ?? 0) * 5)) : '0',
      // Seconds, as a string, in the legacy API.
      Delay: String(delay ?? 0),
    },
    ...(job.errorMessage === undefined ? {} : { ErrorMessage: job.errorMessage }),
  };
}

function listJobs(ctx: DtsContext, p: Params): unknown {
  const pageNumber = pageParam(p, 'PageNum', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = pageParam(p, 'PageSize', 30, 100);
  const name = optional(p, 'MigrationJobName');
  const matched = ctx
    .jobsOf(API)
    .filter((job) => name === undefined || job.name.includes(name))
    .reverse();
  const page = matched.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    Success: true,
    MigrationJobs: { MigrationJob: page.map((job) => jobStatus(job)) },
    PageNumber: pageNumber,
    PageRecordCount: page.length,
    TotalRecordCount: matched.length,
  };
}
