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
import { callOptions, checkCaughtUp, checkJobId, type DtsCallOptions } from './call-options';
import { callDts } from './dts-call';
import { type DtsJob, type DtsJobStatus, toDtsJob } from './dts-job';
import { LegacyMigrationClient } from './legacy-migration-client';
import { initialProgress, type MigrationPoller, type MigrationProgress, migrationOperation } from './migration-poller';
import type { MigrationJobSpec } from './migration-spec';
import { checkMigrationSpec, dbList, endpointParams } from './migration-spec-wire';

/** The DTS API version of the job lifecycle. */
export const DTS_API_VERSION = '2020-01-01';

/** The environment variable the region defaults from. */
export const REGION_ENV = 'ALIBABA_CLOUD_REGION_ID';

/** Options of {@link DtsClient}. */
export interface DtsClientOptions {
  /** The region of the DTS instances, e.g. `cn-hangzhou`. @defaultValue the `ALIBABA_CLOUD_REGION_ID` environment variable */
  region?: string | undefined;
  /**
   * The DTS endpoint, e.g. an emulator's `http://127.0.0.1:<port>`.
   * @defaultValue `https://dts.aliyuncs.com`, or `https://dts.<region>.aliyuncs.com` in the regions that have one
   */
  endpoint?: string | undefined;
  /** Credentials or a provider, resolved for every request. @defaultValue `defaultCredentials()` */
  credentials?: Credentials | CredentialProvider | undefined;
  /** Retry settings of each request (docs/retries.md). @defaultValue 3 attempts */
  retry?: RetryOptions | undefined;
  /** Receives debug lines, without secrets (passwords included). @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** Allows plain `http:` to a host that is not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** Limit of each request attempt. @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /** Defaults of every migration poller (interval, jitter, ...), which each call may override. @defaultValue core's poller defaults (2 s interval) */
  poller?: PollerSettings | undefined;
  /** The environment the defaults are read from. @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Options of {@link DtsClient.beginStartMigration}. */
export interface BeginStartMigrationOptions extends DtsCallOptions, PollerSettings {
  /**
   * For a job with incremental migration, which runs until it is stopped: end the wait once the
   * full load is done and the incremental delay is at most this many seconds (the moment to cut
   * over), resolving with the still-running job. Stop it afterwards with `stopJob`.
   * @defaultValue wait until the job is `Finished`
   */
  untilCaughtUpSeconds?: number | undefined;
}

/** Filters of {@link DtsClient.listJobs}. */
export interface ListDtsJobsOptions extends DtsCallOptions {
  /** Only jobs in this status. @defaultValue any */
  status?: DtsJobStatus | undefined;
  /** Oldest or newest first, by creation time. @defaultValue 'desc' */
  order?: 'asc' | 'desc' | undefined;
}

/** What {@link DtsClient.createMigrationJob} created. */
export interface CreatedMigrationJob {
  /** The `DtsJobId`. */
  jobId: string;
  /** The `DtsInstanceId` (pay-as-you-go instance that runs the job). */
  instanceId: string;
}

/**
 * A client for DTS data migration (API 2020-01-01): create and configure a migration job, start
 * it with a poller that follows the precheck and the migration to the end, suspend, stop, delete,
 * list and describe jobs. `getLegacyMigrationClient()` speaks the 2016-08-01 API. Runs on
 * `@alicloud/pop-core` through `@alikit/core/pop`. Construction does no I/O.
 *
 * @example
 * ```ts
 * const dts = new DtsClient({ region: 'cn-hangzhou' });
 * const { jobId } = await dts.createMigrationJob(spec);
 * const poller = await dts.beginStartMigration(jobId);
 * poller.onProgress((p) => console.log(p.phase, p.fullLoadPercent));
 * await poller.pollUntilDone();
 * ```
 */
export class DtsClient {
  /** The region the client was configured for. */
  readonly region: string;
  readonly #pop: PopClient;
  readonly #poller: PollerSettings;
  readonly #options: DtsClientOptions;
  readonly #operation: PollOperation<MigrationProgress, DtsJob>;
  #legacy: LegacyMigrationClient | undefined;

  /**
   * @throws TypeError when no region is given nor set in `ALIBABA_CLOUD_REGION_ID`, for a malformed
   *   region or endpoint, or an `http:` endpoint to a remote host without `allowInsecureConnection`.
   */
  constructor(options: DtsClientOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError('DtsClient takes an options object');
    const env = options.env ?? process.env;
    const fromEnv = env[REGION_ENV]?.trim();
    const region = options.region ?? (fromEnv === '' ? undefined : fromEnv);
    if (region === undefined) throw new TypeError(`DtsClient needs a region: pass { region } or set ${REGION_ENV}`);
    if (typeof region !== 'string' || !REGION_ID_PATTERN.test(region)) {
      throw new TypeError(`region must be a region id such as 'cn-hangzhou', got ${JSON.stringify(region)}`);
    }
    this.region = region;
    this.#options = { ...options, region };
    this.#poller = { ...options.poller };
    this.#pop = createPopClient(popOptions(this.#options, DTS_API_VERSION));
    this.#operation = migrationOperation('StartMigration', {
      describe: (jobId, callOptions) => this.describeJob(jobId, callOptions),
      stop: (jobId, callOptions) => this.stopJob(jobId, callOptions),
    });
  }

  /** The endpoint requests go to. */
  get endpoint(): string {
    return this.#pop.endpoint;
  }

  /**
   * Creates a pay-as-you-go migration instance (CreateDtsInstance) and configures its job
   * (ConfigureDtsJob); DTS then prechecks the job. Start it with {@link beginStartMigration}.
   *
   * @throws TypeError / RangeError listing every problem of the spec, before any request.
   * @throws SdkError from DTS (`InvalidParameter`, `Forbidden.RAM`, ...).
   */
  async createMigrationJob(spec: MigrationJobSpec, options: DtsCallOptions = {}): Promise<CreatedMigrationJob> {
    const checked = checkMigrationSpec(spec, this.region);
    const call = callOptions(options);
    const instance = await callDts(
      this.#pop,
      'CreateDtsInstance',
      {
        RegionId: this.region,
        Type: 'MIGRATION',
        PayType: 'PostPaid',
        InstanceClass: checked.instanceClass,
        Quantity: 1,
        SourceRegion: checked.source.region,
        DestinationRegion: checked.destination.region,
        SourceEndpointEngineName: checked.source.engine,
        DestinationEndpointEngineName: checked.destination.engine,
      },
      call,
    );
    const instanceId = instance.InstanceId;
    if (typeof instanceId !== 'string' || instanceId === '') {
      throw new TypeError('DTS created the instance but its answer carries no InstanceId');
    }
    return this.#configure({ DtsInstanceId: instanceId }, checked, call);
  }

  /**
   * Configures an existing job again (ConfigureDtsJob with its `DtsJobId`), which reruns the precheck.
   * @throws TypeError / RangeError for the spec, before any request; SdkError from DTS.
   */
  async configureMigrationJob(
    jobId: string,
    spec: MigrationJobSpec,
    options: DtsCallOptions = {},
  ): Promise<CreatedMigrationJob> {
    checkJobId(jobId);
    const checked = checkMigrationSpec(spec, this.region);
    return this.#configure({ DtsJobId: jobId }, checked, callOptions(options));
  }

  /**
   * Starts a configured job (StartDtsJob) and resolves, once DTS accepted it, with a poller that
   * follows it: through the precheck (a failed precheck ends the wait at once with an `SdkError`
   * `PrecheckFailed` carrying every item's result, see `precheckItemsOf`), the schema and full-data
   * migration (progress: `fullLoadPercent`) and incremental migration (`incrementalDelaySeconds`)
   * to `Finished`. `cancel()` stops the job.
   *
   * @throws TypeError for an empty job id or bad options; SdkError from StartDtsJob
   *   (`InvalidJobId`, `OperationDenied.JobStatus`, ...).
   */
  async beginStartMigration(jobId: string, options: BeginStartMigrationOptions = {}): Promise<MigrationPoller> {
    checkJobId(jobId);
    const { signal, timeoutMs, untilCaughtUpSeconds, ...settings } = callOptions(options);
    checkCaughtUp(untilCaughtUpSeconds);
    await callDts(this.#pop, 'StartDtsJob', { RegionId: this.region, DtsJobId: jobId }, { signal, timeoutMs });
    return createPoller({
      ...this.#poller,
      ...settings,
      operation: this.#operation,
      state: initialProgress(jobId, untilCaughtUpSeconds),
    });
  }

  /**
   * A poller another poller serialized (`poller.serialize()`), in this process or an earlier one.
   * No I/O until it polls.
   * @throws TypeError when the string is not a serialized migration poller.
   */
  resumeMigration(serialized: string, settings: PollerSettings = {}): MigrationPoller {
    return createPoller({ ...this.#poller, ...settings, operation: this.#operation, resumeFrom: serialized });
  }

  /**
   * Describes a job: status, endpoints, precheck items, step progress, delay.
   * @throws SdkError `InvalidJobId` for an unknown job.
   */
  async describeJob(jobId: string, options: DtsCallOptions = {}): Promise<DtsJob> {
    checkJobId(jobId);
    const answer = await callDts(
      this.#pop,
      'DescribeDtsJobDetail',
      { RegionId: this.region, DtsJobId: jobId },
      callOptions(options),
    );
    return toDtsJob(answer);
  }

  /**
   * Lists the region's migration jobs, newest first, as an async iterable, or page by page with
   * `.byPage({ continuationToken, maxPageSize })` (at most 100 per page).
   */
  listJobs(options: ListDtsJobsOptions = {}): PagedAsyncIterable<DtsJob> {
    const { signal, timeoutMs, status, order } = callOptions(options);
    if (status !== undefined && (typeof status !== 'string' || status === '')) {
      throw new TypeError('status must be a non-empty string');
    }
    if (order !== undefined && order !== 'asc' && order !== 'desc') {
      throw new TypeError(`order must be 'asc' or 'desc', got ${JSON.stringify(order)}`);
    }
    return createPageNumberIterable({
      fetchPage: async (pageNumber, pageSize) => {
        const answer = await callDts(
          this.#pop,
          'DescribeDtsJobs',
          {
            RegionId: this.region,
            Region: this.region,
            JobType: 'MIGRATION',
            Status: status,
            OrderColumn: 'CreateTime',
            OrderDirection: order === 'asc' ? 'ASC' : 'DESC',
            PageNumber: pageNumber,
            PageSize: pageSize,
          },
          { signal, timeoutMs },
        );
        const items = Array.isArray(answer.DtsJobList) ? answer.DtsJobList.map(toDtsJob) : [];
        const total = Number(answer.TotalRecordCount);
        return { items, totalCount: Number.isFinite(total) ? total : undefined };
      },
      defaultPageSize: 30,
      maxPageSize: 100,
    });
  }

  /**
   * Pauses a running job (SuspendDtsJob); `beginStartMigration` resumes it.
   * @throws SdkError `OperationDenied.JobStatus` when it is not running.
   */
  async suspendJob(jobId: string, options: DtsCallOptions = {}): Promise<void> {
    await this.#jobAction('SuspendDtsJob', jobId, options);
  }

  /**
   * Stops a job (StopDtsJob); it ends `Finished`. This is how a job with incremental migration is
   * ended once the application has cut over to the destination.
   */
  async stopJob(jobId: string, options: DtsCallOptions = {}): Promise<void> {
    await this.#jobAction('StopDtsJob', jobId, options);
  }

  /** Deletes a job and releases its pay-as-you-go instance (DeleteDtsJob). */
  async deleteJob(jobId: string, options: DtsCallOptions = {}): Promise<void> {
    await this.#jobAction('DeleteDtsJob', jobId, options, { JobType: 'MIGRATION' });
  }

  /** A client for the legacy 2016-08-01 migration API, sharing this client's settings. */
  getLegacyMigrationClient(): LegacyMigrationClient {
    this.#legacy ??= new LegacyMigrationClient(
      createPopClient(popOptions(this.#options, '2016-08-01')),
      this.region,
      this.#poller,
    );
    return this.#legacy;
  }

  async #configure(
    target: { DtsInstanceId: string } | { DtsJobId: string },
    checked: ReturnType<typeof checkMigrationSpec>,
    call: DtsCallOptions,
  ): Promise<CreatedMigrationJob> {
    const answer = await callDts(
      this.#pop,
      'ConfigureDtsJob',
      {
        RegionId: this.region,
        ...target,
        DtsJobName: checked.name,
        JobType: 'MIGRATION',
        ...endpointParams('SourceEndpoint', checked.source),
        ...endpointParams('DestinationEndpoint', checked.destination),
        StructureInitialization: checked.structureInitialization,
        DataInitialization: checked.dataInitialization,
        DataSynchronization: checked.dataSynchronization,
        DbList: dbList(checked.objects),
      },
      call,
    );
    const jobId = answer.DtsJobId;
    const instanceId = answer.DtsInstanceId ?? ('DtsInstanceId' in target ? target.DtsInstanceId : undefined);
    if (typeof jobId !== 'string' || jobId === '') {
      throw new TypeError('DTS configured the job but its answer carries no DtsJobId');
    }
    return { jobId, instanceId: String(instanceId ?? '') };
  }

  async #jobAction(
    action: string,
    jobId: string,
    options: DtsCallOptions,
    extra: Record<string, string> = {},
  ): Promise<void> {
    checkJobId(jobId);
    await callDts(this.#pop, action, { RegionId: this.region, DtsJobId: jobId, ...extra }, callOptions(options));
  }
}

function popOptions(options: DtsClientOptions, apiVersion: string) {
  return {
    endpoint: options.endpoint,
    product: 'dts',
    region: options.region,
    apiVersion,
    style: 'rpc' as const,
    service: 'dts',
    credentials: options.credentials,
    retry: options.retry,
    logger: options.logger,
    allowInsecureConnection: options.allowInsecureConnection,
    timeoutMs: options.timeoutMs,
  };
}
