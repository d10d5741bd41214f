import { isSdkError, type PollCallOptions, type Poller, type PollOperation, SdkError } from '@alikit/core';
import type { DtsJob, DtsJobStatus, PrecheckItem } from './dts-job';

/** Where a migration is, in words: the precheck, one of the three copy steps, or an end. */
export type MigrationPhase =
  | 'not-started'
  | 'precheck'
  | 'precheck-failed'
  | 'structure'
  | 'full-load'
  | 'incremental'
  | 'suspended'
  | 'failed'
  | 'finished';

/** What a migration poller reports after every poll. */
export interface MigrationProgress {
  /** The job being polled. */
  jobId: string;
  /** The status as DTS names it (`Prechecking`, `Migrating`, `Finished`, ...). */
  status: DtsJobStatus;
  /** Where the migration is, in words: `precheck`, `structure`, `full-load`, `incremental`, `finished`, ... */
  phase: MigrationPhase;
  /** Precheck progress, 0–100. */
  precheckPercent: number | undefined;
  /** Schema migration progress, 0–100. */
  structurePercent: number | undefined;
  /** Full data migration progress, 0–100. */
  fullLoadPercent: number | undefined;
  /** How far incremental migration lags behind the source, in seconds, once it runs. */
  incrementalDelaySeconds: number | undefined;
  /** Whether `cancel()` stopped the job. */
  stopRequested: boolean;
  /** With incremental migration: the wait ends once the delay is at most this many seconds (see `untilCaughtUp`). */
  untilCaughtUpSeconds: number | undefined;
  /** The whole job as of the latest poll (absent right after `begin…` and after resuming). */
  job?: DtsJob | undefined;
}

/** A poller of a DTS migration; resolves with the job once it finished (or caught up). */
export type MigrationPoller = Poller<MigrationProgress, DtsJob>;

/** The service calls a migration poller makes. */
export interface MigrationCalls {
  describe(jobId: string, options: PollCallOptions): Promise<DtsJob>;
  stop(jobId: string, options: PollCallOptions): Promise<void>;
}

const TERMINAL: ReadonlySet<string> = new Set([
  'Finished',
  'PrecheckFailed',
  'MigrationFailed',
  'Failed',
  'InitializeFailed',
]);

/** The phase a job is in, from its status and its steps' statuses. */
export function phaseOf(job: DtsJob): MigrationPhase {
  switch (job.status) {
    case 'Prechecking':
      return 'precheck';
    case 'PrecheckFailed':
      return 'precheck-failed';
    case 'Suspending':
      return 'suspended';
    case 'Finished':
      return 'finished';
    case 'MigrationFailed':
    case 'Failed':
    case 'InitializeFailed':
      return 'failed';
    case 'NotStarted':
    case 'NotConfigured':
    case 'PreCheckPass':
      return 'not-started';
  }
  const running = (s: { status: string } | undefined) => s !== undefined && !/^(NotStarted|Finished)$/.test(s.status);
  if (job.migrationMode.structureInitialization && running(job.structureInitialization)) return 'structure';
  if (job.migrationMode.dataInitialization && running(job.dataInitialization)) return 'full-load';
  if (job.migrationMode.dataSynchronization && running(job.dataSynchronization)) return 'incremental';
  return job.migrationMode.dataSynchronization ? 'incremental' : 'full-load';
}

/** The progress a job snapshot gives, keeping the poller's own flags. */
export function progressOf(
  job: DtsJob,
  previous: Pick<MigrationProgress, 'stopRequested' | 'untilCaughtUpSeconds'>,
): MigrationProgress {
  const phase = phaseOf(job);
  return {
    jobId: job.jobId,
    status: job.status,
    phase,
    precheckPercent: job.precheck?.percent,
    structurePercent: job.migrationMode.structureInitialization ? job.structureInitialization?.percent : undefined,
    fullLoadPercent: job.migrationMode.dataInitialization ? job.dataInitialization?.percent : undefined,
    incrementalDelaySeconds: phase === 'incremental' ? job.delaySeconds : undefined,
    stopRequested: previous.stopRequested,
    untilCaughtUpSeconds: previous.untilCaughtUpSeconds,
    job,
  };
}

/** The first state of a poller, before its first poll. */
export function initialProgress(jobId: string, untilCaughtUpSeconds: number | undefined): MigrationProgress {
  return {
    jobId,
    status: 'Starting',
    phase: 'not-started',
    precheckPercent: undefined,
    structurePercent: undefined,
    fullLoadPercent: undefined,
    incrementalDelaySeconds: undefined,
    stopRequested: false,
    untilCaughtUpSeconds,
  };
}

/**
 * The poll operation behind {@link MigrationPoller}, for the 2020-01-01 API (`StartMigration`) or
 * the legacy one (`LegacyMigration`).
 */
export function migrationOperation(
  name: 'StartMigration' | 'LegacyMigration',
  calls: MigrationCalls,
): PollOperation<MigrationProgress, DtsJob> {
  return {
    service: 'dts',
    name,
    poll: async (state, options) => progressOf(await calls.describe(state.jobId, options), state),
    isDone: (state) =>
      TERMINAL.has(state.status) ||
      (state.untilCaughtUpSeconds !== undefined &&
        state.phase === 'incremental' &&
        state.incrementalDelaySeconds !== undefined &&
        state.incrementalDelaySeconds <= state.untilCaughtUpSeconds),
    async result(state) {
      const job = state.job ?? (await calls.describe(state.jobId, {}));
      if (state.phase === 'precheck-failed') throw precheckError(name, state, job);
      if (state.phase === 'failed') {
        throw new SdkError({
          code: 'MigrationFailed',
          service: 'dts',
          operation: name,
          serviceMessage: `migration job ${state.jobId} ended ${state.status}${job.errorMessage ? `: ${job.errorMessage}` : ''}`,
          details: { jobId: state.jobId, status: state.status, errorMessage: job.errorMessage },
        });
      }
      if (state.stopRequested) {
        throw new SdkError({
          code: 'MigrationStopped',
          service: 'dts',
          operation: name,
          serviceMessage: `migration job ${state.jobId} was stopped by cancel() and ended ${state.status}`,
          details: { jobId: state.jobId, status: state.status },
        });
      }
      return job;
    },
    cancel: async (state, options) => {
      await calls.stop(state.jobId, options);
      return { ...state, stopRequested: true };
    },
    serialize: ({ job: _job, ...rest }) => rest,
    deserialize: readProgress,
  };
}

function precheckError(name: string, state: MigrationProgress, job: DtsJob): SdkError {
  const items = job.precheck?.items ?? [];
  const failed = items.filter((i) => i.result === 'Failed');
  const summary = failed.map((i) => `${i.item}${i.failedReason ? ` (${i.failedReason})` : ''}`).join('; ');
  return new SdkError({
    code: 'PrecheckFailed',
    service: 'dts',
    operation: name,
    serviceMessage: `precheck of job ${state.jobId} failed ${failed.length} of ${items.length} items${summary ? `: ${summary}` : ''}`,
    details: { jobId: state.jobId, status: state.status, items },
  });
}

/**
 * The per-item precheck results a `PrecheckFailed` error carries, or `undefined` for any other error.
 *
 * @example
 * ```ts
 * try { await poller.pollUntilDone(); } catch (error) {
 *   for (const item of precheckItemsOf(error) ?? []) console.log(item.item, item.result, item.repairMethod);
 * }
 * ```
 */
export function precheckItemsOf(error: unknown): PrecheckItem[] | undefined {
  if (!isSdkError(error) || error.code !== 'PrecheckFailed' || error.service !== 'dts') return undefined;
  const items = error.details?.items;
  return Array.isArray(items) ? (items as PrecheckItem[]) : undefined;
}

const PHASES = new Set<MigrationPhase>([
  'not-started',
  'precheck',
  'precheck-failed',
  'structure',
  'full-load',
  'incremental',
  'suspended',
  'failed',
  'finished',
]);

function readProgress(data: unknown): MigrationProgress {
  const d = data as Record<string, unknown> | null;
  if (typeof d !== 'object' || d === null || typeof d.jobId !== 'string' || typeof d.status !== 'string') {
    throw new TypeError('not a serialized migration poller: jobId and status are missing');
  }
  if (typeof d.phase !== 'string' || !PHASES.has(d.phase as MigrationPhase)) {
    throw new TypeError('not a serialized migration poller: unknown phase');
  }
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  return {
    jobId: d.jobId,
    status: d.status,
    phase: d.phase as MigrationPhase,
    precheckPercent: n(d.precheckPercent),
    structurePercent: n(d.structurePercent),
    fullLoadPercent: n(d.fullLoadPercent),
    incrementalDelaySeconds: n(d.incrementalDelaySeconds),
    stopRequested: d.stopRequested === true,
    untilCaughtUpSeconds: n(d.untilCaughtUpSeconds),
  };
}
