import { randomBytes } from 'node:crypto';
import { formatIsoSeconds } from '@alikit/core';
import { popError } from '../errors';
import type { PopCall } from '../pop-request';
import { checkCreateTrainingJob } from './create-training-job-request';
import { PAI_PHASE_MS, type PaiFailure, TrainingJobRecord } from './training-job-record';

/** The PAI Studio API version the emulator serves. */
export const PAI_STUDIO_VERSION = '2022-01-12';

const JOBS_PATH = '/api/v1/trainingjobs';
const JOB_PATH = /^\/api\/v1\/trainingjobs\/([^/]+)(\/stop|\/logs)?$/;

/** A training job as `emu.pop.pai.jobs` shows it. */
export interface PaiJobSnapshot {
  /** The training job id (`TrainingJobId`). */
  readonly id: string;
  /** The job's name (`TrainingJobName`). */
  readonly name: string;
  /** The workspace it was created in (`WorkspaceId`). */
  readonly workspaceId: string;
  /** `Creating`, `Initializing`, `Running`, `Succeed`, `Failed`, `Terminated`, ... */
  readonly status: string;
  /** Why the job is in its status (`ReasonCode`, e.g. `JobSucceeded`); `undefined` before it has one. */
  readonly reasonCode: string | undefined;
  /** The CreateTrainingJob body as received (wire names). */
  readonly request: Readonly<Record<string, unknown>>;
  /** The log lines written so far. */
  readonly logs: readonly string[];
}

/** A scripted failure for the next training job (`emu.pop.pai.failNextJob`). */
export interface PaiFailureScenario {
  /** The job's `ReasonCode`, e.g. `AlgorithmError`. */
  reasonCode: string;
  /** The job's `ReasonMessage`. @defaultValue a sentence naming the code */
  reasonMessage?: string | undefined;
  /**
   * Where the job fails: `Failed` half-way through training, `InitializeFailed` at the end of
   * initialisation, `CreateFailed` at the end of creation.
   * @defaultValue 'Failed'
   */
  status?: 'Failed' | 'InitializeFailed' | 'CreateFailed' | undefined;
}

/** Throttling of status calls (`emu.pop.pai.throttleStatusCalls`). */
export interface ThrottleScenario {
  /** How many of the next status calls are refused. */
  times: number;
  /** The error code. @defaultValue 'Throttling.User' */
  code?: string | undefined;
}

/**
 * PAI Studio on the pop emulator (`emu.pop.pai`): training jobs whose status advances with the
 * emulator's clock (Creating 2 s → Initializing 3 s → Running 20 s → Succeed at speed 1), plus
 * scripted scenarios.
 */
export interface PaiEmulator {
  /**
   * How many times faster than the emulator's clock jobs advance: 100 runs the 25 s job in 250 ms.
   * @defaultValue 1
   * @throws RangeError when set to a number that is not positive and finite.
   */
  speed: number;
  /** Every training job, oldest first, advanced to the current time. */
  readonly jobs: readonly PaiJobSnapshot[];
  /** Makes the next created job fail with this reason; calls queue up. */
  failNextJob(scenario: PaiFailureScenario): void;
  /**
   * Refuses the next `times` status calls (GetTrainingJob) with a throttling error (400).
   * @throws RangeError when `times` is not a positive integer.
   */
  throttleStatusCalls(scenario: ThrottleScenario): void;
  /** Forgets every job and scenario and sets the speed back to 1. */
  reset(): void;
}

/**
 * The PAI Studio training-job API (ROA, 2022-01-12) of the pop emulator: CreateTrainingJob,
 * GetTrainingJob, ListTrainingJobs, StopTrainingJob, DeleteTrainingJob and ListTrainingJobLogs.
 */
export class PaiStudioService {
  readonly #now: () => Date;
  readonly #jobs = new Map<string, TrainingJobRecord>();
  readonly #failures: PaiFailure[] = [];
  #throttle: { remaining: number; code: string } | undefined;
  #speed = 1;

  constructor(now: () => Date) {
    this.#now = now;
  }

  /** Whether a call is a PAI Studio training-job call. */
  handles(call: Pick<PopCall, 'style' | 'version' | 'path'>): boolean {
    return (
      call.style === 'roa' &&
      call.version === PAI_STUDIO_VERSION &&
      (call.path === JOBS_PATH || call.path.startsWith(`${JOBS_PATH}/`))
    );
  }

  /**
   * Answers a training-job call.
   * @throws ServiceError in POP's format for a call the service would refuse.
   */
  respond(call: PopCall): unknown {
    if (call.path === JOBS_PATH) {
      if (call.method === 'POST') return this.#create(call);
      if (call.method === 'GET') return this.#list(call);
      throw notFoundApi(call);
    }
    const match = JOB_PATH.exec(call.path);
    if (!match) throw notFoundApi(call);
    const job = this.#job(decodeURIComponent(match[1] as string));
    const sub = match[2];
    if (sub === '/stop' && call.method === 'PUT') {
      job.stop(this.#now());
      return {};
    }
    if (sub === '/logs' && call.method === 'GET') return this.#logs(job, call);
    if (sub === undefined && call.method === 'GET') {
      this.#throttled();
      return jobBody(job, this.#now(), this.#speed);
    }
    if (sub === undefined && call.method === 'DELETE') {
      if (!job.isDone) {
        throw popError('InvalidParameter', {
          message: `The training job ${job.id} is ${job.status}; stop it before deleting it.`,
        });
      }
      this.#jobs.delete(job.id);
      return {};
    }
    throw notFoundApi(call);
  }

  get speed(): number {
    return this.#speed;
  }

  set speed(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`speed must be a positive finite number, got ${String(value)}`);
    }
    // Jobs catch up at the old speed first, so a change applies from now on.
    this.#advanceAll();
    this.#speed = value;
  }

  get jobs(): PaiJobSnapshot[] {
    this.#advanceAll();
    return [...this.#jobs.values()].map((job) => ({
      id: job.id,
      name: job.name,
      workspaceId: job.workspaceId,
      status: job.status,
      reasonCode: job.reasonCode,
      request: job.request,
      logs: [...job.logs],
    }));
  }

  failNextJob(scenario: PaiFailureScenario): void {
    if (typeof scenario?.reasonCode !== 'string' || scenario.reasonCode === '') {
      throw new TypeError('failNextJob needs a reasonCode');
    }
    const status = scenario.status ?? 'Failed';
    if (!['Failed', 'InitializeFailed', 'CreateFailed'].includes(status)) {
      throw new TypeError(`status must be Failed, InitializeFailed or CreateFailed, got ${String(status)}`);
    }
    this.#failures.push({
      status,
      reasonCode: scenario.reasonCode,
      reasonMessage: scenario.reasonMessage ?? `The training job failed: ${scenario.reasonCode}.`,
    });
  }

  throttleStatusCalls(scenario: ThrottleScenario): void {
    if (!Number.isInteger(scenario?.times) || scenario.times < 1) {
      throw new RangeError(`times must be a positive integer, got ${String(scenario?.times)}`);
    }
    this.#throttle = { remaining: scenario.times, code: scenario.code ?? 'Throttling.User' };
  }

  reset(): void {
    this.#jobs.clear();
    this.#failures.length = 0;
    this.#throttle = undefined;
    this.#speed = 1;
  }

  #advanceAll(): void {
    const now = this.#now();
    for (const job of this.#jobs.values()) job.advance(now, this.#speed);
  }

  #job(id: string): TrainingJobRecord {
    const job = this.#jobs.get(id);
    if (!job) {
      throw popError('EntityNotFound.TrainingJob', {
        status: 404,
        message: `The training job ${id} does not exist.`,
      });
    }
    job.advance(this.#now(), this.#speed);
    return job;
  }

  #throttled(): void {
    if (!this.#throttle || this.#throttle.remaining <= 0) return;
    this.#throttle.remaining--;
    throw popError(this.#throttle.code, { status: 400 });
  }

  #create(call: PopCall): unknown {
    const checked = checkCreateTrainingJob(call.json);
    const id = `train${randomBytes(8).toString('hex')}`;
    const job = new TrainingJobRecord({
      id,
      workspaceId: checked.workspaceId,
      name: checked.name,
      request: checked.body,
      now: this.#now(),
      failure: this.#failures.shift(),
    });
    this.#jobs.set(id, job);
    return { TrainingJobId: id };
  }

  #list(call: PopCall): unknown {
    const q = call.params;
    const { pageNumber, pageSize } = paging(q, 20, 100);
    this.#advanceAll();
    const matched = [...this.#jobs.values()].filter(
      (job) =>
        (q.WorkspaceId === undefined || job.workspaceId === q.WorkspaceId) &&
        (q.Status === undefined || job.status === q.Status) &&
        (q.TrainingJobId === undefined || job.id === q.TrainingJobId) &&
        (q.TrainingJobName === undefined || job.name.includes(q.TrainingJobName)) &&
        (q.AlgorithmName === undefined || job.request.AlgorithmName === q.AlgorithmName),
    );
    // Newest first unless asked otherwise; ties keep creation order.
    const ascending = (q.Order ?? 'desc').toLowerCase() === 'asc';
    const sorted = matched
      .map((job, i) => ({ job, i }))
      .sort((a, b) => {
        const d = a.job.createdAt.getTime() - b.job.createdAt.getTime() || a.i - b.i;
        return ascending ? d : -d;
      })
      .map((x) => x.job);
    const page = sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    const now = this.#now();
    return { TrainingJobs: page.map((job) => jobBody(job, now, this.#speed)), TotalCount: matched.length };
  }

  #logs(job: TrainingJobRecord, call: PopCall): unknown {
    const { pageNumber, pageSize } = paging(call.params, 100, 1000);
    const lines = job.logs.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return { Logs: lines, TotalCount: job.logs.length };
  }
}

function paging(q: Readonly<Record<string, string>>, defaultSize: number, maxSize: number) {
  const pageNumber = positiveInt(q.PageNumber, 'PageNumber', 1, Number.MAX_SAFE_INTEGER);
  const pageSize = positiveInt(q.PageSize, 'PageSize', defaultSize, maxSize);
  return { pageNumber, pageSize };
}

function positiveInt(value: string | undefined, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) {
    throw popError('InvalidParameter', { message: `The parameter ${name} must be an integer from 1 to ${max}.` });
  }
  return n;
}

function notFoundApi(call: PopCall) {
  return popError('InvalidAction.NotFound', {
    message: `Specified api is not found, please check your url and method: ${call.method} ${call.path}.`,
  });
}

const INSTANCE_STATUS: Record<string, string> = {
  Creating: 'Pending',
  Initializing: 'Pending',
  Running: 'Running',
  Succeed: 'Succeeded',
};

/** The GetTrainingJob body (wire names) of a job. */
function jobBody(job: TrainingJobRecord, now: Date, speed: number): Record<string, unknown> {
  const r = job.request;
  const end = job.isDone ? job.modifiedAt : now;
  const progress = job.progress;
  const remainingMs = job.isDone ? 0 : ((1 - progress) * PAI_PHASE_MS.running) / speed;
  const body: Record<string, unknown> = {
    TrainingJobId: job.id,
    TrainingJobName: job.name,
    WorkspaceId: job.workspaceId,
    Status: job.status,
    StatusTransitions: job.transitions.map((t) => ({ ...t })),
    Instances: [{ Name: `${job.id}-worker-0`, Role: 'worker', Status: INSTANCE_STATUS[job.status] ?? job.status }],
    LatestProgress: {
      OverallProgress: Math.round(progress * 10_000) / 10_000,
      RemainingTime: Math.ceil(remainingMs / 1000),
    },
    Duration: Math.max(0, Math.round((end.getTime() - job.createdAt.getTime()) / 1000)),
    GmtCreateTime: formatIsoSeconds(job.createdAt),
    GmtModifiedTime: formatIsoSeconds(job.modifiedAt),
  };
  if (job.epochs > 0) {
    body.LatestMetrics = [
      { Name: 'loss', Value: TrainingJobRecord.loss(job.epochs), Timestamp: formatIsoSeconds(job.modifiedAt) },
    ];
  }
  if (job.reasonCode !== undefined) body.ReasonCode = job.reasonCode;
  if (job.reasonMessage !== undefined) body.ReasonMessage = job.reasonMessage;
  for (const key of [
    'TrainingJobDescription',
    'AlgorithmName',
    'AlgorithmProvider',
    'AlgorithmVersion',
    'AlgorithmSpec',
    'ComputeResource',
    'HyperParameters',
    'InputChannels',
    'OutputChannels',
    'Scheduler',
    'UserVpc',
    'RoleArn',
    'Environments',
    'PythonRequirements',
    'Labels',
  ]) {
    if (r[key] !== undefined) body[key] = r[key];
  }
  const model = Array.isArray(r.OutputChannels)
    ? (r.OutputChannels[0] as Record<string, unknown> | undefined)
    : undefined;
  if (job.status === 'Succeed' && typeof model?.OutputUri === 'string') {
    body.OutputModel = { OutputChannelName: model.Name, Uri: model.OutputUri };
  }
  return body;
}

/** The public view of the PAI Studio part of a pop emulator. */
export function paiEmulatorView(pai: PaiStudioService): PaiEmulator {
  return {
    get speed() {
      return pai.speed;
    },
    set speed(value: number) {
      pai.speed = value;
    },
    get jobs() {
      return pai.jobs;
    },
    failNextJob: (scenario) => pai.failNextJob(scenario),
    throttleStatusCalls: (scenario) => pai.throttleStatusCalls(scenario),
    reset: () => pai.reset(),
  };
}
