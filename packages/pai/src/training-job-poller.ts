import { type PollCallOptions, type Poller, type PollOperation, SdkError } from '@alikit/core';
import {
  type StatusTransition,
  TERMINAL_TRAINING_JOB_STATUSES,
  type TrainingJob,
  type TrainingJobStatus,
} from './training-job';

/**
 * What a training-job poller reports after every poll: the status and the job's history of status
 * transitions (so a listener sees every step, even one that began and ended between two polls).
 */
export interface TrainingJobProgress {
  /** The training job id being polled. */
  jobId: string;
  /** The job's status as of the latest poll. */
  status: TrainingJobStatus;
  /** Every status the job went through, oldest first, with times and reasons. */
  transitions: StatusTransition[];
  /** Why the job is in its status (`JobSucceeded`, a failure code, ...); `undefined` when the service gave none. */
  reasonCode: string | undefined;
  /** The service's explanation of `reasonCode` in words; `undefined` when it gave none. */
  reasonMessage: string | undefined;
  /** The whole job as of the latest poll (absent right after `begin…` and after resuming). */
  job?: TrainingJob | undefined;
}

/** A poller of a PAI training job; resolves with the finished job. */
export type TrainingJobPoller = Poller<TrainingJobProgress, TrainingJob>;

/** The service calls a training-job poller makes. */
export interface TrainingJobCalls {
  get(jobId: string, options: PollCallOptions): Promise<TrainingJob>;
  stop(jobId: string, options: PollCallOptions): Promise<void>;
}

/** The progress a job's first state (as the service accepted it) or a later snapshot gives. */
export function progressOf(job: TrainingJob): TrainingJobProgress {
  return {
    jobId: job.jobId,
    status: job.status,
    transitions: job.statusTransitions,
    reasonCode: job.reasonCode,
    reasonMessage: job.reasonMessage,
    job,
  };
}

/** The poll operation behind {@link TrainingJobPoller}: GetTrainingJob to poll, StopTrainingJob to cancel. */
export function trainingJobOperation(calls: TrainingJobCalls): PollOperation<TrainingJobProgress, TrainingJob> {
  return {
    service: 'pai',
    name: 'TrainingJob',
    poll: async (state, options) => progressOf(await calls.get(state.jobId, options)),
    isDone: (state) => TERMINAL_TRAINING_JOB_STATUSES.has(state.status),
    async result(state) {
      if (state.status === 'Succeed') return state.job ?? (await calls.get(state.jobId, {}));
      throw trainingJobError(state);
    },
    cancel: async (state, options) => {
      await calls.stop(state.jobId, options);
    },
    serialize: (state) => ({
      jobId: state.jobId,
      status: state.status,
      reasonCode: state.reasonCode,
      reasonMessage: state.reasonMessage,
      transitions: state.transitions.map((t) => ({
        status: t.status,
        startTime: t.startTime?.toISOString(),
        endTime: t.endTime?.toISOString(),
        reasonCode: t.reasonCode,
        reasonMessage: t.reasonMessage,
      })),
    }),
    deserialize: readProgress,
  };
}

/** The error a job that ended without success is reported with. */
export function trainingJobError(state: TrainingJobProgress): SdkError {
  const fallback = state.status === 'Terminated' ? 'TrainingJobTerminated' : `TrainingJob${state.status}`;
  return new SdkError({
    code: state.reasonCode ?? fallback,
    service: 'pai',
    operation: 'TrainingJob',
    serviceMessage: `training job ${state.jobId} ended ${state.status}${state.reasonMessage ? `: ${state.reasonMessage}` : ''}`,
    details: {
      jobId: state.jobId,
      status: state.status,
      reasonCode: state.reasonCode,
      reasonMessage: state.reasonMessage,
    },
  });
}

function readProgress(data: unknown): TrainingJobProgress {
  const d = data as Record<string, unknown> | null;
  if (typeof d !== 'object' || d === null || typeof d.jobId !== 'string' || typeof d.status !== 'string') {
    throw new TypeError('not a serialized training-job poller: jobId and status are missing');
  }
  if (!Array.isArray(d.transitions)) throw new TypeError('not a serialized training-job poller: no transitions');
  return {
    jobId: d.jobId,
    status: d.status,
    reasonCode: optionalString(d.reasonCode),
    reasonMessage: optionalString(d.reasonMessage),
    transitions: d.transitions.map((t: unknown) => {
      const r = (typeof t === 'object' && t !== null ? t : {}) as Record<string, unknown>;
      if (typeof r.status !== 'string') throw new TypeError('not a serialized training-job poller: bad transition');
      return {
        status: r.status,
        startTime: optionalDate(r.startTime),
        endTime: optionalDate(r.endTime),
        reasonCode: optionalString(r.reasonCode),
        reasonMessage: optionalString(r.reasonMessage),
      };
    }),
  };
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new TypeError('not a serialized training-job poller: bad time');
  return d;
}
