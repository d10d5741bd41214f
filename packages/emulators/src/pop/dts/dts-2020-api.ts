import { formatIsoSeconds } from '@alikit/core';
import type { PopCall } from '../pop-request';
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

/** The DTS API version of the job lifecycle (`CreateDtsInstance`, `ConfigureDtsJob`, ...). */
export const DTS_VERSION = '2020-01-01';

const API = DTS_VERSION;
const INSTANCE_CLASSES = new Set(['xxlarge', 'xlarge', 'large', 'medium', 'small']);

/** The 2020-01-01 actions the emulator serves. */
export const DTS_2020_ACTIONS: ReadonlySet<string> = new Set([
  'CreateDtsInstance',
  'ConfigureDtsJob',
  'StartDtsJob',
  'SuspendDtsJob',
  'StopDtsJob',
  'DeleteDtsJob',
  'DescribeDtsJobDetail',
  'DescribeDtsJobs',
  'DescribePreCheckStatus',
]);

const OK = { Success: true, HttpStatusCode: 200 };

/**
 * Answers a DTS 2020-01-01 call.
 * @throws ServiceError in POP's format for a call DTS would refuse.
 */
export function respondDts2020(ctx: DtsContext, call: PopCall): unknown {
  const p = call.params;
  switch (call.action) {
    case 'CreateDtsInstance':
      return createInstance(ctx, p);
    case 'ConfigureDtsJob':
      return configure(ctx, p);
    case 'StartDtsJob': {
      const job = findJob(ctx, p);
      const ok = job.start(
        ctx.now(),
        () => ctx.takePrecheckFailures(),
        () => ctx.takeMigrationFailure(),
      );
      if (!ok) throw jobStatusError(job, 'started', statusOf(job));
      return { ...OK };
    }
    case 'SuspendDtsJob': {
      const job = findJob(ctx, p);
      if (!job.suspend(ctx.now())) throw jobStatusError(job, 'suspended', statusOf(job));
      return { ...OK };
    }
    case 'StopDtsJob': {
      const job = findJob(ctx, p);
      if (!job.stop(ctx.now())) throw jobStatusError(job, 'stopped', statusOf(job));
      return { ...OK };
    }
    case 'DeleteDtsJob': {
      ctx.deleteJob(findJob(ctx, p));
      return { ...OK };
    }
    case 'DescribeDtsJobDetail': {
      ctx.throttleStatusCall();
      return { ...OK, ...jobDetail(findJob(ctx, p), ctx.now()) };
    }
    case 'DescribeDtsJobs':
      return listJobs(ctx, p);
    case 'DescribePreCheckStatus':
      return precheckStatus(ctx, p);
    default:
      throw missingParameter('Action');
  }
}

function createInstance(ctx: DtsContext, p: Params): unknown {
  const type = required(p, 'Type').toUpperCase();
  if (type !== 'MIGRATION') throw invalidParameter('Type', 'the emulator serves MIGRATION instances only');
  const payType = optional(p, 'PayType') ?? 'PostPaid';
  if (payType !== 'PostPaid' && payType !== 'PrePaid') throw invalidParameter('PayType', 'use PostPaid or PrePaid');
  const instanceClass = optional(p, 'InstanceClass') ?? 'small';
  if (!INSTANCE_CLASSES.has(instanceClass)) {
    throw invalidParameter('InstanceClass', `use one of ${[...INSTANCE_CLASSES].join(', ')}`);
  }
  const sourceRegion = required(p, 'SourceRegion');
  required(p, 'DestinationRegion');
  const job = ctx.createJob({ api: API, regionId: optional(p, 'RegionId') ?? sourceRegion, instanceClass });
  return { ...OK, InstanceId: job.instanceId, JobId: job.id };
}

function configure(ctx: DtsContext, p: Params): unknown {
  const job = findJob(ctx, p);
  if (job.isRunning || job.stage === 'precheck' || job.stage === 'finished') {
    throw jobStatusError(job, 'configured', statusOf(job));
  }
  const name = required(p, 'DtsJobName');
  const jobType = (optional(p, 'JobType') ?? 'MIGRATION').toUpperCase();
  if (jobType !== 'MIGRATION') throw invalidParameter('JobType', 'the emulator serves MIGRATION jobs only');
  const source = checkEndpoint('SourceEndpoint', (f) => optional(p, `SourceEndpoint${f}`), {
    instanceId: 'InstanceID',
    database: 'DatabaseName',
  });
  const destination = checkEndpoint('DestinationEndpoint', (f) => optional(p, `DestinationEndpoint${f}`), {
    instanceId: 'InstanceID',
    database: 'DataBaseName',
  });
  for (const [label, endpoint] of [
    ['SourceEndpoint', source],
    ['DestinationEndpoint', destination],
  ] as const) {
    if (endpoint.EngineName === undefined) throw missingParameter(`${label}EngineName`);
    if (endpoint.Region === undefined) throw missingParameter(`${label}Region`);
  }
  const switches = {
    structure: booleanParam(p, 'StructureInitialization', true),
    full: booleanParam(p, 'DataInitialization', true),
    incremental: booleanParam(p, 'DataSynchronization', false),
  };
  if (!switches.structure && !switches.full && !switches.incremental) {
    throw invalidParameter('StructureInitialization', 'at least one migration type must be true');
  }
  const dbList = jsonParam(p, 'DbList');
  if (typeof dbList !== 'object' || dbList === null || Array.isArray(dbList) || Object.keys(dbList).length === 0) {
    throw invalidParameter('DbList', 'it must be a JSON object naming at least one database');
  }
  job.configure(
    name,
    {
      JobType: jobType,
      SourceEndpoint: source,
      DestinationEndpoint: destination,
      DbObject: required(p, 'DbList'),
      MigrationMode: {
        StructureInitialization: switches.structure,
        DataInitialization: switches.full,
        DataSynchronization: switches.incremental,
      },
    },
    switches,
    ctx.now(),
    // Configuring submits the job: DTS prechecks it at once.
    { autoStart: false, failures: ctx.takePrecheckFailures() },
  );
  return { ...OK, DtsJobId: job.id, DtsInstanceId: job.instanceId };
}

function findJob(ctx: DtsContext, p: Params): MigrationJobRecord {
  const id = optional(p, 'DtsJobId');
  if (id !== undefined) return ctx.job(API, id);
  const instanceId = optional(p, 'DtsInstanceId') ?? optional(p, 'DtsInstanceID');
  if (instanceId === undefined) throw missingParameter('DtsJobId');
  const job = ctx.jobsOf(API).find((j) => j.instanceId === instanceId);
  return job ?? ctx.job(API, instanceId);
}

/** The 2020-01-01 `Status` of a job. */
export function statusOf(job: MigrationJobRecord): string {
  if (job.suspended) return 'Suspending';
  switch (job.stage) {
    case 'unconfigured':
      return 'NotConfigured';
    case 'configured':
      return 'NotStarted';
    case 'precheck':
      return 'Prechecking';
    case 'precheck-passed':
      return 'PreCheckPass';
    case 'precheck-failed':
      return 'PrecheckFailed';
    case 'failed':
      return 'MigrationFailed';
    case 'finished':
      return 'Finished';
    default:
      return 'Migrating';
  }
}

function precheckBlock(job: MigrationJobRecord): Record<string, unknown> {
  const status =
    job.stage === 'precheck'
      ? 'Checking'
      : job.stage === 'precheck-failed'
        ? 'Failed'
        : job.items.length === 0
          ? 'NotStarted'
          : 'Finished';
  return {
    Status: status,
    Percent: job.precheckPercent,
    Detail: job.items.map((i) => {
      const item: Record<string, unknown> = {
        CheckItem: i.item,
        CheckItemDescription: i.description,
        CheckResult: i.result,
      };
      if (i.failedReason !== undefined) item.FailedReason = i.failedReason;
      if (i.repairMethod !== undefined) item.RepairMethod = i.repairMethod;
      return item;
    }),
  };
}

/** The DescribeDtsJobDetail body (wire names) of a job; DescribeDtsJobs lists the same shape. */
function jobDetail(job: MigrationJobRecord, now: Date): Record<string, unknown> {
  const fullPercent = job.percentOf('full');
  const delay = job.delaySeconds;
  const body: Record<string, unknown> = {
    DtsJobId: job.id,
    DtsInstanceID: job.instanceId,
    DtsJobName: job.name,
    JobType: 'MIGRATION',
    PayType: 'PostPaid',
    Status: statusOf(job),
    CreateTime: formatIsoSeconds(job.createdAt),
    ...job.config,
    PrecheckStatus: precheckBlock(job),
    StructureInitializationStatus: {
      Status: job.switches.structure ? job.stepStatus('structure') : 'NotStarted',
      Percent: job.percentOf('structure'),
      Progress: String(job.percentOf('structure')),
    },
    DataInitializationStatus: {
      Status: job.switches.full ? job.stepStatus('full') : 'NotStarted',
      Percent: fullPercent,
      Progress: String(Math.floor((DTS_FULL_LOAD_ROWS * fullPercent) / 100)),
    },
    DataSynchronizationStatus: {
      Status: job.switches.incremental ? job.stepStatus('incremental') : 'NotStarted',
      Percent: job.stage === 'incremental' ? 100 - Math.min(100, (delay ?? 0) * 5) : 0,
    },
  };
  if (delay !== undefined) {
    body.Delay = delay * 1000;
    body.Checkpoint = Math.floor(now.getTime() / 1000) - delay;
  }
  if (job.finishedAt !== undefined) body.FinishTime = formatIsoSeconds(job.finishedAt);
  if (job.errorMessage !== undefined) body.ErrorMessage = job.errorMessage;
  return body;
}

function listJobs(ctx: DtsContext, p: Params): unknown {
  const pageNumber = pageParam(p, 'PageNumber', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = pageParam(p, 'PageSize', 30, 100);
  const jobType = optional(p, 'JobType')?.toUpperCase();
  const status = optional(p, 'Status');
  const region = optional(p, 'Region') ?? optional(p, 'RegionId');
  const now = ctx.now();
  const matched = ctx
    .jobsOf(API)
    .filter(
      (job) =>
        job.stage !== 'unconfigured' &&
        (jobType === undefined || jobType === 'MIGRATION') &&
        (status === undefined || statusOf(job) === status) &&
        (region === undefined || job.regionId === region),
    );
  const ascending = (optional(p, 'OrderDirection') ?? 'DESC').toUpperCase() === 'ASC';
  if (!ascending) matched.reverse();
  const page = matched.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    ...OK,
    DtsJobList: page.map((job) => jobDetail(job, now)),
    PageNumber: pageNumber,
    PageRecordCount: page.length,
    TotalRecordCount: matched.length,
  };
}

function precheckStatus(ctx: DtsContext, p: Params): unknown {
  const job = ctx.job(API, required(p, 'DtsJobId'));
  const code = optional(p, 'JobCode') ?? '01';
  if (code !== '01') return { ...OK, State: 'NotStarted', Total: 0, JobProgress: [] };
  const state =
    job.stage === 'precheck'
      ? 'Checking'
      : job.stage === 'precheck-failed'
        ? 'Failed'
        : job.items.length
          ? 'Finished'
          : 'NotStarted';
  return {
    ...OK,
    State: state,
    Total: job.items.length,
    ErrorItem: job.items.filter((i) => i.result === 'Failed').length,
    JobProgress: job.items.map((i) => ({
      Item: i.item,
      Names: i.description,
      State: i.result === 'Success' ? 'Finished' : i.result === 'Failed' ? 'Failed' : 'NotStarted',
      ErrMsg: i.failedReason ?? '',
      RepairMethod: i.repairMethod ?? '',
      CanSkip: false,
      Skip: false,
    })),
  };
}
