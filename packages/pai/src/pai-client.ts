import {
  type CredentialProvider,
  type Credentials,
  createPageNumberIterable,
  createPoller,
  type Logger,
  type PagedAsyncIterable,
  type PollerSettings,
  type PollOperation,
  REGION_ID_PATTERN,
  type RetryOptions,
} from '@alikit/core';
import { createPopClient, type PopClient } from '@alikit/core/pop';
import { createTrainingJobBody } from './create-training-job-body';
import { PAI_INSTANCE_TYPES } from './instance-types';
import { type TrainingJob, type TrainingJobStatus, toTrainingJob } from './training-job';
import { type TrainingJobLogLine, type TrainingJobLogsOptions, trainingJobLogs } from './training-job-logs';
import { type TrainingJobPoller, type TrainingJobProgress, trainingJobOperation } from './training-job-poller';
import type { TrainingJobSpec } from './training-job-spec';

/** The PAI Studio API version the client speaks. */
export const PAI_STUDIO_API_VERSION = '2022-01-12';

/** The environment variable the region defaults from. */
export const REGION_ENV = 'ALIBABA_CLOUD_REGION_ID';
/** The environment variable the workspace defaults from. */
export const WORKSPACE_ENV = 'ALIKIT_PAI_WORKSPACE_ID';

/** Options of {@link PaiClient}. */
export interface PaiClientOptions {
  /** The region, e.g. `cn-shanghai`. @defaultValue the `ALIBABA_CLOUD_REGION_ID` environment variable */
  region?: string | undefined;
  /** The PAI workspace jobs are created in and listed from. @defaultValue the `ALIKIT_PAI_WORKSPACE_ID` environment variable */
  workspaceId?: string | undefined;
  /**
   * The PAI Studio endpoint, e.g. an emulator's `http://127.0.0.1:<port>`.
   * @defaultValue `https://pai.<region>.aliyuncs.com` (`pai.cn-hangzhou.data.aliyun.com` in Hangzhou)
   */
  endpoint?: string | undefined;
  /** Credentials or a provider, resolved for every request. @defaultValue `defaultCredentials()` */
  credentials?: Credentials | CredentialProvider | undefined;
  /** Retry settings of each request (docs/retries.md). @defaultValue 3 attempts */
  retry?: RetryOptions | undefined;
  /** Receives debug lines, without secrets. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** Allows plain `http:` to a host that is not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** Limit of each request attempt. @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /** Defaults of every training-job poller (interval, jitter, ...), which each call may override. @defaultValue core's poller defaults (2 s interval) */
  poller?: PollerSettings | undefined;
  /** Instance types to accept besides {@link PAI_INSTANCE_TYPES}, for types PAI added since this release. @defaultValue none */
  extraInstanceTypes?: readonly string[] | undefined;
  /** The environment the defaults are read from. @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Options of every call: an abort signal and a per-attempt limit. */
export interface PaiCallOptions {
  /** Aborts the call; it rejects with `signal.reason`. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit of each attempt. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** Options of {@link PaiClient.beginCreateTrainingJob}: the create call's options plus the poller's settings. */
export interface BeginCreateTrainingJobOptions extends PaiCallOptions, PollerSettings {}

/** Filters of {@link PaiClient.listTrainingJobs}. */
export interface ListTrainingJobsOptions extends PaiCallOptions {
  /** Only jobs in this status. @defaultValue any */
  status?: TrainingJobStatus | undefined;
  /** Only jobs whose name contains this. @defaultValue any */
  name?: string | undefined;
  /** Only jobs of this algorithm. @defaultValue any */
  algorithmName?: string | undefined;
  /** The workspace to list. @defaultValue the client's `workspaceId`, else every workspace the caller can see */
  workspaceId?: string | undefined;
  /** Oldest or newest first, by creation time. @defaultValue 'desc' */
  order?: 'asc' | 'desc' | undefined;
}

/**
 * A client for PAI Studio training jobs: submit a registered algorithm with typed, checked
 * settings and follow it with a poller, list and stop jobs, and read their logs. Runs on
 * `@alicloud/pop-core` through `@alikit/core/pop`. Construction does no I/O.
 *
 * @example
 * ```ts
 * const pai = new PaiClient({ region: 'cn-shanghai', workspaceId: '12345' });
 * const poller = await pai.beginCreateTrainingJob({
 *   name: 'mnist', algorithm: { name: 'pytorch_mnist' },
 *   inputs: { train: 'oss://example-bucket/mnist/' }, outputs: { model: 'oss://example-bucket/models/' },
 *   computeResource: { instanceType: 'ecs.gn6i-c4g1.xlarge' }, hyperParameters: { epochs: 10 },
 * });
 * poller.onProgress((p) => console.log(p.status));
 * const job = await poller.pollUntilDone();
 * ```
 */
export class PaiClient {
  /** The region the client was configured for. */
  readonly region: string;
  /** The default workspace, when one was configured. */
  readonly workspaceId: string | undefined;
  readonly #pop: PopClient;
  readonly #poller: PollerSettings;
  readonly #instanceTypes: ReadonlySet<string>;
  readonly #operation: PollOperation<TrainingJobProgress, TrainingJob>;

  /**
   * @throws TypeError when no region is given nor set in `ALIBABA_CLOUD_REGION_ID`, for a malformed
   *   region, workspace or endpoint, or an `http:` endpoint to a remote host without
   *   `allowInsecureConnection`.
   */
  constructor(options: PaiClientOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError('PaiClient takes an options object');
    const env = options.env ?? process.env;
    const region = options.region ?? nonEmpty(env[REGION_ENV]);
    if (region === undefined) {
      throw new TypeError(`PaiClient needs a region: pass { region } or set ${REGION_ENV}`);
    }
    if (typeof region !== 'string' || !REGION_ID_PATTERN.test(region)) {
      throw new TypeError(`region must be a region id such as 'cn-shanghai', got ${JSON.stringify(region)}`);
    }
    const workspaceId = options.workspaceId ?? nonEmpty(env[WORKSPACE_ENV]);
    if (workspaceId !== undefined && (typeof workspaceId !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(workspaceId))) {
      throw new TypeError(`workspaceId must be a PAI workspace id, got ${JSON.stringify(workspaceId)}`);
    }
    const extra = options.extraInstanceTypes ?? [];
    if (!Array.isArray(extra) || !extra.every((t) => typeof t === 'string' && t !== '')) {
      throw new TypeError('extraInstanceTypes must be an array of instance type names');
    }
    this.region = region;
    this.workspaceId = workspaceId;
    this.#instanceTypes = new Set([...PAI_INSTANCE_TYPES, ...extra]);
    this.#poller = { ...options.poller };
    this.#pop = createPopClient({
      endpoint: options.endpoint,
      product: 'pai',
      region,
      apiVersion: PAI_STUDIO_API_VERSION,
      style: 'roa',
      service: 'pai',
      credentials: options.credentials,
      retry: options.retry,
      logger: options.logger,
      allowInsecureConnection: options.allowInsecureConnection,
      timeoutMs: options.timeoutMs,
    });
    this.#operation = trainingJobOperation({
      get: (jobId, callOptions) => this.getTrainingJob(jobId, callOptions),
      stop: (jobId, callOptions) => this.stopTrainingJob(jobId, callOptions),
    });
  }

  /** The endpoint requests go to. */
  get endpoint(): string {
    return this.#pop.endpoint;
  }

  /**
   * Submits a training job and resolves, once PAI accepted it, with a poller that follows it to
   * the end: its progress is the job's status transitions (`Creating` → `Initializing` →
   * `Running` → `Succeed`); `pollUntilDone()` resolves with the finished job or throws an
   * `SdkError` carrying the job's `reasonCode` and `reasonMessage`; `cancel()` stops the job.
   * The spec is checked completely before anything is sent.
   *
   * @throws TypeError / RangeError listing every problem of the spec (missing fields, a malformed
   *   `oss://` URI, an unknown instance type, ...), before any request.
   * @throws SdkError from CreateTrainingJob (`InvalidParameter`, `Forbidden.RAM`, ...).
   */
  async beginCreateTrainingJob(
    spec: TrainingJobSpec,
    options: BeginCreateTrainingJobOptions = {},
  ): Promise<TrainingJobPoller> {
    const body = createTrainingJobBody(spec, { workspaceId: this.workspaceId, instanceTypes: this.#instanceTypes });
    const { signal, timeoutMs, ...settings } = checkOptions(options);
    const answer = await this.#pop.request<{ TrainingJobId?: unknown }>(
      { method: 'POST', path: '/api/v1/trainingjobs', action: 'CreateTrainingJob' },
      {},
      { body, signal, timeoutMs },
    );
    const jobId = answer?.TrainingJobId;
    if (typeof jobId !== 'string' || jobId === '') {
      throw new TypeError('PAI accepted the training job but its answer carries no TrainingJobId');
    }
    const state: TrainingJobProgress = {
      jobId,
      status: 'Creating',
      transitions: [],
      reasonCode: undefined,
      reasonMessage: undefined,
    };
    return createPoller({ ...this.#poller, ...settings, operation: this.#operation, state });
  }

  /**
   * A poller for a training job another poller serialized (`poller.serialize()`), in this process
   * or an earlier one. No I/O until it polls.
   * @throws TypeError when the string is not a serialized training-job poller.
   */
  resumeTrainingJob(serialized: string, settings: PollerSettings = {}): TrainingJobPoller {
    return createPoller({ ...this.#poller, ...settings, operation: this.#operation, resumeFrom: serialized });
  }

  /**
   * A poller for a job known by id (submitted elsewhere), starting from its current status.
   * @throws TypeError for an empty job id.
   */
  trainingJobPoller(jobId: string, settings: PollerSettings = {}): TrainingJobPoller {
    checkJobId(jobId);
    const state: TrainingJobProgress = {
      jobId,
      status: 'Unknown',
      transitions: [],
      reasonCode: undefined,
      reasonMessage: undefined,
    };
    return createPoller({ ...this.#poller, ...settings, operation: this.#operation, state });
  }

  /**
   * Gets a training job's current settings, status and history.
   * @throws SdkError `EntityNotFound.TrainingJob` (404) for an unknown job.
   */
  async getTrainingJob(jobId: string, options: PaiCallOptions = {}): Promise<TrainingJob> {
    checkJobId(jobId);
    const { signal, timeoutMs } = checkOptions(options);
    const answer = await this.#pop.request(
      { method: 'GET', path: jobPath(jobId), action: 'GetTrainingJob' },
      {},
      { signal, timeoutMs },
    );
    return toTrainingJob(answer);
  }

  /**
   * Lists training jobs, newest first, as an async iterable (`for await`), or page by page with
   * `.byPage({ continuationToken, maxPageSize })` (at most 100 per page).
   */
  listTrainingJobs(options: ListTrainingJobsOptions = {}): PagedAsyncIterable<TrainingJob> {
    const { signal, timeoutMs } = checkOptions(options);
    for (const name of ['status', 'name', 'algorithmName', 'workspaceId'] as const) {
      const value = options[name];
      if (value !== undefined && (typeof value !== 'string' || value === '')) {
        throw new TypeError(`${name} must be a non-empty string`);
      }
    }
    if (options.order !== undefined && options.order !== 'asc' && options.order !== 'desc') {
      throw new TypeError(`order must be 'asc' or 'desc', got ${JSON.stringify(options.order)}`);
    }
    const query = {
      WorkspaceId: options.workspaceId ?? this.workspaceId,
      Status: options.status,
      TrainingJobName: options.name,
      AlgorithmName: options.algorithmName,
      SortBy: 'GmtCreateTime',
      Order: options.order ?? 'desc',
    };
    return createPageNumberIterable({
      fetchPage: async (pageNumber, pageSize) => {
        const answer = await this.#pop.request<{ TrainingJobs?: unknown; TotalCount?: unknown }>(
          { method: 'GET', path: '/api/v1/trainingjobs', action: 'ListTrainingJobs' },
          { ...query, PageNumber: pageNumber, PageSize: pageSize },
          { signal, timeoutMs },
        );
        const items = Array.isArray(answer?.TrainingJobs) ? answer.TrainingJobs.map(toTrainingJob) : [];
        return { items, totalCount: toCount(answer?.TotalCount) };
      },
      defaultPageSize: 20,
      maxPageSize: 100,
    });
  }

  /**
   * Stops a training job; it ends `Terminated`. Stopping a finished job does nothing.
   * @throws SdkError `EntityNotFound.TrainingJob` (404) for an unknown job.
   */
  async stopTrainingJob(jobId: string, options: PaiCallOptions = {}): Promise<void> {
    checkJobId(jobId);
    const { signal, timeoutMs } = checkOptions(options);
    await this.#pop.request(
      { method: 'PUT', path: `${jobPath(jobId)}/stop`, action: 'StopTrainingJob' },
      {},
      { signal, timeoutMs },
    );
  }

  /**
   * Deletes a finished training job's record.
   * @throws SdkError `EntityNotFound.TrainingJob` (404) for an unknown job, `InvalidParameter` for a running one.
   */
  async deleteTrainingJob(jobId: string, options: PaiCallOptions = {}): Promise<void> {
    checkJobId(jobId);
    const { signal, timeoutMs } = checkOptions(options);
    await this.#pop.request(
      { method: 'DELETE', path: jobPath(jobId), action: 'DeleteTrainingJob' },
      {},
      { signal, timeoutMs },
    );
  }

  /**
   * A job's log lines, each with a cursor to resume after it. Without `follow`, the lines written
   * so far; with `follow`, waits for the job to start and keeps reading until it finished.
   *
   * @example
   * ```ts
   * for await (const { line } of pai.logs(jobId, { follow: true })) console.log(line);
   * ```
   * @throws TypeError for an empty job id or a cursor that did not come from `logs()`, at once.
   */
  logs(jobId: string, options: TrainingJobLogsOptions = {}): AsyncIterableIterator<TrainingJobLogLine> {
    checkJobId(jobId);
    checkOptions(options);
    return trainingJobLogs(
      {
        getJob: (id, callOptions) => this.getTrainingJob(id, callOptions),
        fetchLogs: async (id, pageNumber, pageSize, callOptions) => {
          const answer = await this.#pop.request<{ Logs?: unknown; TotalCount?: unknown }>(
            { method: 'GET', path: `${jobPath(id)}/logs`, action: 'ListTrainingJobLogs' },
            { PageNumber: pageNumber, PageSize: pageSize },
            callOptions,
          );
          const lines = Array.isArray(answer?.Logs) ? answer.Logs.map((l) => String(l)) : [];
          return { lines, totalCount: toCount(answer?.TotalCount) };
        },
      },
      jobId,
      options,
    );
  }
}

function jobPath(jobId: string): string {
  return `/api/v1/trainingjobs/${encodeURIComponent(jobId)}`;
}

function checkJobId(jobId: unknown): void {
  if (typeof jobId !== 'string' || jobId.trim() === '') throw new TypeError('jobId must be a non-empty string');
}

function checkOptions<T extends PaiCallOptions>(options: T): T {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  return options;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function toCount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\d+$/.test(value)) return Number(value);
  return undefined;
}
