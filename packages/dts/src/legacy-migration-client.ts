import { randomUUID } from 'node:crypto';
import {
  createPageNumberIterable,
  createPoller,
  type PagedAsyncIterable,
  type PollerSettings,
  type PollOperation,
} from '@alikit/core';
import type { PopClient } from '@alikit/core/pop';
import { callOptions, checkCaughtUp, checkJobId, type DtsCallOptions } from './call-options';
import { callDts } from './dts-call';
import { type DtsJob, toLegacyDtsJob } from './dts-job';
import { initialProgress, type MigrationPoller, type MigrationProgress, migrationOperation } from './migration-poller';
import type { MigrationJobSpec } from './migration-spec';
import { checkMigrationSpec, legacyEndpointParams, legacyMigrationObject } from './migration-spec-wire';

/**
 * The 2016-08-01 API names these two switches "Intialization" (sic). The spelling lives here only;
 * callers write `structureInitialization` and `dataInitialization`.
 */
const WIRE_STRUCTURE_INITIALIZATION = 'MigrationMode.StructureIntialization';
const WIRE_DATA_INITIALIZATION = 'MigrationMode.DataIntialization';
const WIRE_DATA_SYNCHRONIZATION = 'MigrationMode.DataSynchronization';

const JOB_CLASSES = new Set(['small', 'medium', 'large', 'xlarge', '2xlarge']);

/** Options of {@link LegacyMigrationClient.createMigrationJob}. */
export interface CreateLegacyMigrationJobOptions extends DtsCallOptions {
  /** The job's size class. @defaultValue 'small' */
  jobClass?: 'small' | 'medium' | 'large' | 'xlarge' | '2xlarge' | undefined;
  /**
   * Makes the call safe to repeat: the same token returns the job the first call created, which
   * also lets the client retry it after a failure part-way. @defaultValue a random UUID
   */
  clientToken?: string | undefined;
}

/** Options of {@link LegacyMigrationClient.beginStartMigrationJob}. */
export interface BeginStartLegacyMigrationOptions extends DtsCallOptions, PollerSettings {
  /** See `BeginStartMigrationOptions.untilCaughtUpSeconds`. @defaultValue wait until the job is `Finished` */
  untilCaughtUpSeconds?: number | undefined;
}

/** Options of {@link LegacyMigrationClient.listMigrationJobs}. */
export interface ListLegacyMigrationJobsOptions extends DtsCallOptions {
  /** Only jobs whose name contains this. @defaultValue any */
  name?: string | undefined;
}

/**
 * The legacy DTS migration API (2016-08-01): `CreateMigrationJob`, `ConfigureMigrationJob`,
 * `StartMigrationJob` (which prechecks, then migrates) and friends, with the same spec and job
 * types as the current API. Get one from `DtsClient.getLegacyMigrationClient()`.
 *
 * @example
 * ```ts
 * const legacy = dts.getLegacyMigrationClient();
 * const { migrationJobId } = await legacy.createMigrationJob();
 * await legacy.configureMigrationJob(migrationJobId, spec);
 * const job = await (await legacy.beginStartMigrationJob(migrationJobId)).pollUntilDone();
 * ```
 */
export class LegacyMigrationClient {
  readonly #pop: PopClient;
  readonly #region: string;
  readonly #poller: PollerSettings;
  readonly #operation: PollOperation<MigrationProgress, DtsJob>;

  /** @internal Use `DtsClient.getLegacyMigrationClient()`. */
  constructor(pop: PopClient, region: string, poller: PollerSettings) {
    this.#pop = pop;
    this.#region = region;
    this.#poller = poller;
    this.#operation = migrationOperation('LegacyMigration', {
      describe: (id, options) => this.describeMigrationJobStatus(id, options),
      stop: (id, options) => this.stopMigrationJob(id, options),
    });
  }

  /**
   * Buys a pay-as-you-go migration job (CreateMigrationJob).
   * @throws RangeError for an unknown job class, before any request; SdkError from DTS.
   */
  async createMigrationJob(options: CreateLegacyMigrationJobOptions = {}): Promise<{
    /** The new job's id (`MigrationJobId`), for the other calls of this client. */
    migrationJobId: string;
  }> {
    const { jobClass = 'small', clientToken = randomUUID(), signal, timeoutMs } = callOptions(options);
    if (!JOB_CLASSES.has(jobClass)) {
      throw new RangeError(`jobClass must be one of ${[...JOB_CLASSES].join(', ')}, got ${JSON.stringify(jobClass)}`);
    }
    if (typeof clientToken !== 'string' || clientToken === '' || clientToken.length > 64) {
      throw new TypeError('clientToken must be a string of 1–64 characters');
    }
    const answer = await callDts(
      this.#pop,
      'CreateMigrationJob',
      { RegionId: this.#region, Region: this.#region, MigrationJobClass: jobClass, ClientToken: clientToken },
      // The token makes a repeat harmless, so a failure part-way may be retried.
      { signal, timeoutMs, idempotent: true },
    );
    const id = answer.MigrationJobId;
    if (typeof id !== 'string' || id === '')
      throw new TypeError('DTS answered CreateMigrationJob without a MigrationJobId');
    return { migrationJobId: id };
  }

  /**
   * Configures a job (ConfigureMigrationJob): endpoints, objects, and which kinds of migration run.
   * @throws TypeError / RangeError listing every problem of the spec, before any request; SdkError from DTS.
   */
  async configureMigrationJob(
    migrationJobId: string,
    spec: MigrationJobSpec,
    options: DtsCallOptions = {},
  ): Promise<void> {
    checkJobId(migrationJobId);
    const checked = checkMigrationSpec(spec, this.#region);
    await callDts(
      this.#pop,
      'ConfigureMigrationJob',
      {
        RegionId: this.#region,
        MigrationJobId: migrationJobId,
        MigrationJobName: checked.name,
        ...legacyEndpointParams('SourceEndpoint', checked.source),
        ...legacyEndpointParams('DestinationEndpoint', checked.destination),
        [WIRE_STRUCTURE_INITIALIZATION]: checked.structureInitialization,
        [WIRE_DATA_INITIALIZATION]: checked.dataInitialization,
        [WIRE_DATA_SYNCHRONIZATION]: checked.dataSynchronization,
        MigrationObject: legacyMigrationObject(checked.objects),
      },
      callOptions(options),
    );
  }

  /**
   * Starts a configured job (StartMigrationJob) and resolves with a poller through the precheck
   * (`PrecheckFailed` ends the wait at once with every item's result) and the migration to
   * `Finished`; `cancel()` stops the job.
   * @throws TypeError for an empty id; SdkError from StartMigrationJob.
   */
  async beginStartMigrationJob(
    migrationJobId: string,
    options: BeginStartLegacyMigrationOptions = {},
  ): Promise<MigrationPoller> {
    checkJobId(migrationJobId);
    const { signal, timeoutMs, untilCaughtUpSeconds, ...settings } = callOptions(options);
    checkCaughtUp(untilCaughtUpSeconds);
    await callDts(
      this.#pop,
      'StartMigrationJob',
      { RegionId: this.#region, MigrationJobId: migrationJobId },
      { signal, timeoutMs },
    );
    return createPoller({
      ...this.#poller,
      ...settings,
      operation: this.#operation,
      state: initialProgress(migrationJobId, untilCaughtUpSeconds),
    });
  }

  /**
   * A poller another legacy poller serialized. No I/O until it polls.
   * @throws TypeError when the string is not a serialized legacy migration poller.
   */
  resumeMigrationJob(serialized: string, settings: PollerSettings = {}): MigrationPoller {
    return createPoller({ ...this.#poller, ...settings, operation: this.#operation, resumeFrom: serialized });
  }

  /**
   * The job's status, precheck items and step progress (DescribeMigrationJobStatus), in the
   * same shape as `DtsClient.describeJob`.
   * @throws SdkError `InvalidJobId` for an unknown job.
   */
  async describeMigrationJobStatus(migrationJobId: string, options: DtsCallOptions = {}): Promise<DtsJob> {
    checkJobId(migrationJobId);
    const answer = await callDts(
      this.#pop,
      'DescribeMigrationJobStatus',
      { RegionId: this.#region, MigrationJobId: migrationJobId },
      callOptions(options),
    );
    return toLegacyDtsJob(answer);
  }

  /** Lists legacy migration jobs, newest first (DescribeMigrationJobs). */
  listMigrationJobs(options: ListLegacyMigrationJobsOptions = {}): PagedAsyncIterable<DtsJob> {
    const { name, signal, timeoutMs } = callOptions(options);
    if (name !== undefined && (typeof name !== 'string' || name === ''))
      throw new TypeError('name must be a non-empty string');
    return createPageNumberIterable({
      fetchPage: async (pageNumber, pageSize) => {
        const answer = await callDts(
          this.#pop,
          'DescribeMigrationJobs',
          { RegionId: this.#region, MigrationJobName: name, PageNum: pageNumber, PageSize: pageSize },
          { signal, timeoutMs },
        );
        const jobs = (answer.MigrationJobs as { MigrationJob?: unknown } | undefined)?.MigrationJob;
        const total = Number(answer.TotalRecordCount);
        return {
          items: Array.isArray(jobs) ? jobs.map(toLegacyDtsJob) : [],
          totalCount: Number.isFinite(total) ? total : undefined,
        };
      },
      defaultPageSize: 30,
      maxPageSize: 100,
    });
  }

  /** Pauses a running job (SuspendMigrationJob); `beginStartMigrationJob` resumes it. */
  async suspendMigrationJob(migrationJobId: string, options: DtsCallOptions = {}): Promise<void> {
    await this.#jobAction('SuspendMigrationJob', migrationJobId, options);
  }

  /** Stops a job (StopMigrationJob); it ends `Finished`. */
  async stopMigrationJob(migrationJobId: string, options: DtsCallOptions = {}): Promise<void> {
    await this.#jobAction('StopMigrationJob', migrationJobId, options);
  }

  /** Deletes a job (DeleteMigrationJob). */
  async deleteMigrationJob(migrationJobId: string, options: DtsCallOptions = {}): Promise<void> {
    await this.#jobAction('DeleteMigrationJob', migrationJobId, options);
  }

  async #jobAction(action: string, migrationJobId: string, options: DtsCallOptions): Promise<void> {
    checkJobId(migrationJobId);
    await callDts(this.#pop, action, { RegionId: this.#region, MigrationJobId: migrationJobId }, callOptions(options));
  }
}
