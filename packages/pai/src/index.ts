/**
 * PAI training jobs with pollers, paging and log following.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/pai
 */

// The list types are core's, named here so users of this package need not import core.
export type { Page, PagedAsyncIterable, PageSettings } from '@alikit/core';
export { PAI_INSTANCE_TYPES } from './instance-types';
export { formatOssUri, type OssUri, parseOssUri } from './oss-uri';
export type {
  BeginCreateTrainingJobOptions,
  ListTrainingJobsOptions,
  PaiCallOptions,
  PaiClientOptions,
} from './pai-client';
export { PAI_STUDIO_API_VERSION, PaiClient, REGION_ENV, WORKSPACE_ENV } from './pai-client';
export type { StatusTransition, TrainingChannel, TrainingJob, TrainingJobStatus } from './training-job';
export { TERMINAL_TRAINING_JOB_STATUSES } from './training-job';
export type { TrainingJobLogLine, TrainingJobLogsOptions } from './training-job-logs';
export type { TrainingJobPoller, TrainingJobProgress } from './training-job-poller';
export type {
  ChannelSource,
  EcsComputeResource,
  QuotaComputeResource,
  TrainingJobSpec,
  TrainingJobVpc,
} from './training-job-spec';
