/**
 * A training job's status. Terminal: `Succeed` (sic, the service's spelling), `Failed`,
 * `Terminated` (stopped), `CreateFailed`, `InitializeFailed`. Other strings may appear as the
 * service adds states.
 */
export type TrainingJobStatus =
  | 'Creating'
  | 'Created'
  | 'Initializing'
  | 'Submitted'
  | 'Running'
  | 'Succeed'
  | 'Failed'
  | 'Terminated'
  | 'CreateFailed'
  | 'InitializeFailed'
  | (string & {});

/** The statuses a training job never leaves. */
export const TERMINAL_TRAINING_JOB_STATUSES: ReadonlySet<string> = new Set([
  'Succeed',
  'Failed',
  'Terminated',
  'CreateFailed',
  'InitializeFailed',
]);

/** One step of a job's history: a status, when it began and ended, and why. */
export interface StatusTransition {
  /** The status of this step (`Creating`, `Running`, `Succeed`, ...). */
  status: TrainingJobStatus;
  /** When the job entered the status; `undefined` when the service did not say. */
  startTime: Date | undefined;
  /** When the job left the status; `undefined` while it is the current one. */
  endTime: Date | undefined;
  /** Why the job entered the status (`ReasonCode`); `undefined` when the service gave none. */
  reasonCode: string | undefined;
  /** The service's explanation in words (`ReasonMessage`); `undefined` when it gave none. */
  reasonMessage: string | undefined;
}

/** An input or output channel of a job as the service reports it. */
export interface TrainingChannel {
  /** The channel name the algorithm defines, e.g. `train` or `model`. */
  name: string;
  /** The `oss://` URI, for a channel on OSS. */
  uri: string | undefined;
  /** The dataset id, for a channel on a PAI dataset. */
  datasetId: string | undefined;
  /** The dataset version, for a channel on a PAI dataset; `undefined` otherwise. */
  versionName: string | undefined;
}

/** A PAI Studio training job, as `getTrainingJob` and `listTrainingJobs` return it. */
export interface TrainingJob {
  /** The training job id (`TrainingJobId`), e.g. `train1a2b3c4d5e`. */
  jobId: string;
  /** The job's name (`TrainingJobName`). */
  name: string;
  /** The job's description; `undefined` when it has none. */
  description: string | undefined;
  /** The PAI workspace the job belongs to; `undefined` when the service did not say. */
  workspaceId: string | undefined;
  /** The algorithm the job runs; each field is `undefined` when the service did not say. */
  algorithm: {
    /** The algorithm's name (`AlgorithmName`). */
    name: string | undefined;
    /** Who publishes it (`AlgorithmProvider`): `pai` for built-in algorithms, else the workspace's own. */
    provider: string | undefined;
    /** The algorithm version (`AlgorithmVersion`), e.g. `v0.1.0`. */
    version: string | undefined;
  };
  /**
   * The current status; terminal ones are in {@link TERMINAL_TRAINING_JOB_STATUSES}. `Unknown` when the service sent
   * none.
   */
  status: TrainingJobStatus;
  /** Why the job is in its status (`JobSucceeded`, a failure code, `JobStoppedByUser`, ...). */
  reasonCode: string | undefined;
  /** The service's explanation of `reasonCode` in words; `undefined` when it gave none. */
  reasonMessage: string | undefined;
  /** The job's history, oldest first. */
  statusTransitions: StatusTransition[];
  /** `{ instanceType, instanceCount }` for public resources, `{ resourceId, instanceCount }` for a quota. */
  computeResource:
    | {
        /** The ECS instance type of each node (`EcsSpec`), e.g. `ecs.gn6v-c8g1.2xlarge`. */
        instanceType?: string;
        /** How many nodes the job runs on. */
        instanceCount?: number;
        /** The resource quota the job runs in, for jobs on dedicated resources. */
        resourceId?: string;
      }
    | undefined;
  /** Hyperparameters as sent (values are strings on the service). */
  hyperParameters: Record<string, string>;
  /** The input channels (`InputChannels`): training data, pretrained models, ... */
  inputs: TrainingChannel[];
  /** The output channels (`OutputChannels`): where the job writes its model and checkpoints. */
  outputs: TrainingChannel[];
  /** Where the trained model was written, once the job succeeded. */
  outputModel:
    | {
        /** The output channel the model was written to (`OutputChannelName`). */
        channelName: string | undefined;
        /** Where the model is, e.g. an `oss://` URI. */
        uri: string | undefined;
      }
    | undefined;
  /** The run-time limit after which the service stops the job, in seconds; `undefined` for none. */
  maxRunningTimeSeconds: number | undefined;
  /** The RAM role the job runs as, e.g. `acs:ram::<account>:role/<name>`; `undefined` for the default. */
  roleArn: string | undefined;
  /** The latest value of each metric the algorithm reports (`loss`, `accuracy`, ...). */
  latestMetrics: Array<{
    /** The metric's name, as the algorithm reports it. */
    name: string;
    /** Its latest value. */
    value: number;
    /** When the value was reported; `undefined` when the service did not say. */
    timestamp: Date | undefined;
  }>;
  /** Progress the algorithm reports: overall (0–1) and seconds left. */
  progress:
    | {
        /** The share of the work done, from 0 to 1 (`OverallProgress`). */
        overall: number | undefined;
        /** The algorithm's estimate of the time left, in seconds (`RemainingTime`). */
        remainingSeconds: number | undefined;
      }
    | undefined;
  /** How long the job has run, in seconds. */
  durationSeconds: number | undefined;
  /** When the job was created (`GmtCreateTime`). */
  createTime: Date | undefined;
  /** When the job last changed (`GmtModifiedTime`). */
  modifiedTime: Date | undefined;
  /** The job's page in the PAI console. */
  consoleUrl: string | undefined;
}

/** Reads a GetTrainingJob / ListTrainingJobs entry (wire names) into a {@link TrainingJob}. */
export function toTrainingJob(wire: unknown): TrainingJob {
  const w = record(wire);
  const compute = optionalRecord(w.ComputeResource);
  const progress = optionalRecord(w.LatestProgress);
  const model = optionalRecord(w.OutputModel);
  return {
    jobId: str(w.TrainingJobId) ?? '',
    name: str(w.TrainingJobName) ?? '',
    description: str(w.TrainingJobDescription),
    workspaceId: str(w.WorkspaceId),
    algorithm: { name: str(w.AlgorithmName), provider: str(w.AlgorithmProvider), version: str(w.AlgorithmVersion) },
    status: str(w.Status) ?? 'Unknown',
    reasonCode: str(w.ReasonCode),
    reasonMessage: str(w.ReasonMessage),
    statusTransitions: list(w.StatusTransitions).map((t) => {
      const r = record(t);
      return {
        status: str(r.Status) ?? 'Unknown',
        startTime: date(r.StartTime),
        endTime: date(r.EndTime),
        reasonCode: str(r.ReasonCode),
        reasonMessage: str(r.ReasonMessage),
      };
    }),
    computeResource: compute && {
      ...(str(compute.EcsSpec) === undefined ? {} : { instanceType: str(compute.EcsSpec) as string }),
      ...(num(compute.EcsCount ?? compute.InstanceCount) === undefined
        ? {}
        : { instanceCount: num(compute.EcsCount ?? compute.InstanceCount) as number }),
      ...(str(compute.ResourceId) === undefined ? {} : { resourceId: str(compute.ResourceId) as string }),
    },
    hyperParameters: Object.fromEntries(
      list(w.HyperParameters).flatMap((h) => {
        const r = record(h);
        const name = str(r.Name);
        return name === undefined ? [] : [[name, String(r.Value ?? '')]];
      }),
    ),
    inputs: list(w.InputChannels).map((c) => channel(c, 'InputUri')),
    outputs: list(w.OutputChannels).map((c) => channel(c, 'OutputUri')),
    outputModel: model && { channelName: str(model.OutputChannelName), uri: str(model.Uri) },
    maxRunningTimeSeconds: num(optionalRecord(w.Scheduler)?.MaxRunningTimeInSeconds),
    roleArn: str(w.RoleArn),
    latestMetrics: list(w.LatestMetrics).flatMap((m) => {
      const r = record(m);
      const name = str(r.Name);
      const value = num(r.Value);
      return name === undefined || value === undefined ? [] : [{ name, value, timestamp: date(r.Timestamp) }];
    }),
    progress: progress && { overall: num(progress.OverallProgress), remainingSeconds: num(progress.RemainingTime) },
    durationSeconds: num(w.Duration),
    createTime: date(w.GmtCreateTime),
    modifiedTime: date(w.GmtModifiedTime),
    consoleUrl: str(w.TrainingJobUrl),
  };
}

function channel(value: unknown, uriField: string): TrainingChannel {
  const r = record(value);
  return {
    name: str(r.Name) ?? '',
    uri: str(r[uriField]),
    datasetId: str(r.DatasetId),
    versionName: str(r.VersionName),
  };
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
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
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function date(value: unknown): Date | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}
