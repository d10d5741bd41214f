import { randomBytes } from 'node:crypto';
import { popError } from '../errors';
import type { PopCall } from '../pop-request';
import { DTS_2016_ACTIONS, DTS_LEGACY_VERSION, respondDts2016 } from './dts-2016-api';
import { DTS_2020_ACTIONS, DTS_VERSION, respondDts2020, statusOf } from './dts-2020-api';
import type { DtsContext } from './dts-context';
import { type MigrationFailure, MigrationJobRecord, type PrecheckFailure } from './migration-job-record';

/** A migration job as `emu.pop.dts.jobs` shows it. */
export interface DtsJobSnapshot {
  /** `DtsJobId` (2020-01-01) or `MigrationJobId` (2016-08-01). */
  readonly id: string;
  /** The DTS instance id (`DtsInstanceId`): `dts<id>` for a 2020-01-01 job, the job id itself for a 2016-08-01 one. */
  readonly instanceId: string;
  /** The API version that created it. */
  readonly api: '2020-01-01' | '2016-08-01';
  /** The job's name (`DtsJobName` or `MigrationJobName`). */
  readonly name: string;
  /** The 2020-01-01 status name (`Prechecking`, `Migrating`, `Finished`, ...). */
  readonly status: string;
  /** The wire-named configuration as DTS echoes it (endpoints without passwords, mode, objects). */
  readonly config: Readonly<Record<string, unknown>>;
}

/** One precheck item to fail in the next precheck (`emu.pop.dts.failNextPrecheck`). */
export interface DtsPrecheckFailureScenario {
  /** The item code, e.g. `CHECK_CONN_SRC` (a code not in the usual list is added). */
  item: string;
  /** What the item checks. @defaultValue the usual description, else the code */
  description?: string | undefined;
  /** Why it failed (`FailedReason`). */
  failedReason: string;
  /** How to fix it (`RepairMethod`). @defaultValue none */
  repairMethod?: string | undefined;
}

/** A scripted failure of the next started migration (`emu.pop.dts.failNextMigration`). */
export interface DtsMigrationFailureScenario {
  /** The job's `ErrorMessage`. */
  errorMessage: string;
  /** The step that fails half-way through. @defaultValue 'full' */
  phase?: 'structure' | 'full' | 'incremental' | undefined;
}

/**
 * DTS on the pop emulator (`emu.pop.dts`): migration jobs of the 2020-01-01 and 2016-08-01 APIs
 * whose status advances with the emulator's clock (precheck 4 s, schema 2 s, full load 10 s,
 * incremental delay 20 s → 0 over 10 s at speed 1), plus scripted scenarios.
 */
export interface DtsEmulator {
  /**
   * How many times faster than the emulator's clock jobs advance.
   * @defaultValue 1
   * @throws RangeError when set to a number that is not positive and finite.
   */
  speed: number;
  /** Every job, oldest first, advanced to the current time. */
  readonly jobs: readonly DtsJobSnapshot[];
  /** Makes the next precheck fail on these items; calls queue up. @throws TypeError for an empty list or malformed item. */
  failNextPrecheck(items: readonly DtsPrecheckFailureScenario[]): void;
  /** Makes the next started migration fail; calls queue up. */
  failNextMigration(scenario: DtsMigrationFailureScenario): void;
  /**
   * Refuses the next `times` status calls (DescribeDtsJobDetail, DescribeMigrationJobStatus) with a
   * throttling error (400).
   * @throws RangeError when `times` is not a positive integer.
   */
  throttleStatusCalls(scenario: { times: number; code?: string | undefined }): void;
  /** Forgets every job and scenario and sets the speed back to 1. */
  reset(): void;
}

/** The DTS API (RPC, 2020-01-01 job lifecycle and the legacy 2016-08-01 migration API) of the pop emulator. */
export class DtsService {
  readonly #now: () => Date;
  readonly #jobs = new Map<string, MigrationJobRecord>();
  readonly #precheckFailures: PrecheckFailure[][] = [];
  readonly #migrationFailures: MigrationFailure[] = [];
  readonly #clientTokens = new Map<string, string>();
  #throttle: { remaining: number; code: string } | undefined;
  #speed = 1;
  readonly #ctx: DtsContext;

  constructor(now: () => Date) {
    this.#now = now;
    this.#ctx = {
      now: () => this.#now(),
      createJob: (init) => {
        const id = `${init.api === DTS_VERSION ? '' : 'dtsm'}${randomId()}`;
        const job = new MigrationJobRecord({
          ...init,
          id,
          instanceId: init.api === DTS_VERSION ? `dts${id}` : id,
          now: this.#now(),
        });
        this.#jobs.set(id, job);
        return job;
      },
      jobsOf: (api) => this.#advanced().filter((job) => job.api === api),
      job: (api, id) => {
        const job = this.#jobs.get(id);
        if (!job || job.api !== api) {
          throw popError('InvalidJobId', { status: 404, message: `The specified dts job id ${id} is not exists.` });
        }
        job.advance(this.#now(), this.#speed);
        return job;
      },
      deleteJob: (job) => {
        this.#jobs.delete(job.id);
      },
      takePrecheckFailures: () => this.#precheckFailures.shift(),
      takeMigrationFailure: () => this.#migrationFailures.shift(),
      throttleStatusCall: () => {
        if (!this.#throttle || this.#throttle.remaining <= 0) return;
        this.#throttle.remaining--;
        throw popError(this.#throttle.code, { status: 400 });
      },
    };
  }

  /** Whether a call is a DTS call the emulator serves. */
  handles(call: Pick<PopCall, 'style' | 'version' | 'action'>): boolean {
    if (call.style !== 'rpc' || call.action === undefined) return false;
    if (call.version === DTS_VERSION) return DTS_2020_ACTIONS.has(call.action);
    if (call.version === DTS_LEGACY_VERSION) return DTS_2016_ACTIONS.has(call.action);
    return false;
  }

  /**
   * Answers a DTS call.
   * @throws ServiceError in POP's format for a call DTS would refuse.
   */
  respond(call: PopCall): unknown {
    return call.version === DTS_VERSION
      ? respondDts2020(this.#ctx, call)
      : respondDts2016(this.#ctx, call, this.#clientTokens);
  }

  get speed(): number {
    return this.#speed;
  }

  set speed(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`speed must be a positive finite number, got ${String(value)}`);
    }
    this.#advanced();
    this.#speed = value;
  }

  get jobs(): DtsJobSnapshot[] {
    return this.#advanced().map((job) => ({
      id: job.id,
      instanceId: job.instanceId,
      api: job.api,
      name: job.name,
      status: statusOf(job),
      config: job.config,
    }));
  }

  failNextPrecheck(items: readonly DtsPrecheckFailureScenario[]): void {
    if (!Array.isArray(items) || items.length === 0) throw new TypeError('failNextPrecheck needs at least one item');
    for (const item of items) {
      if (typeof item?.item !== 'string' || item.item === '' || typeof item.failedReason !== 'string') {
        throw new TypeError('each precheck failure needs an item code and a failedReason');
      }
    }
    this.#precheckFailures.push(items.map((i) => ({ ...i })));
  }

  failNextMigration(scenario: DtsMigrationFailureScenario): void {
    if (typeof scenario?.errorMessage !== 'string' || scenario.errorMessage === '') {
      throw new TypeError('failNextMigration needs an errorMessage');
    }
    const phase = scenario.phase ?? 'full';
    if (!['structure', 'full', 'incremental'].includes(phase)) {
      throw new TypeError(`phase must be structure, full or incremental, got ${String(phase)}`);
    }
    this.#migrationFailures.push({ errorMessage: scenario.errorMessage, phase });
  }

  throttleStatusCalls(scenario: { times: number; code?: string | undefined }): void {
    if (!Number.isInteger(scenario?.times) || scenario.times < 1) {
      throw new RangeError(`times must be a positive integer, got ${String(scenario?.times)}`);
    }
    this.#throttle = { remaining: scenario.times, code: scenario.code ?? 'Throttling.User' };
  }

  reset(): void {
    this.#jobs.clear();
    this.#precheckFailures.length = 0;
    this.#migrationFailures.length = 0;
    this.#clientTokens.clear();
    this.#throttle = undefined;
    this.#speed = 1;
  }

  #advanced(): MigrationJobRecord[] {
    const now = this.#now();
    const jobs = [...this.#jobs.values()];
    for (const job of jobs) job.advance(now, this.#speed);
    return jobs;
  }
}

function randomId(): string {
  // DTS ids are short lower-case alphanumerics, e.g. `k2gm967v16f`.
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(12)].map((b) => alphabet[b % alphabet.length]).join('');
}

/** The public view of the DTS part of a pop emulator. */
export function dtsEmulatorView(dts: DtsService): DtsEmulator {
  return {
    get speed() {
      return dts.speed;
    },
    set speed(value: number) {
      dts.speed = value;
    },
    get jobs() {
      return dts.jobs;
    },
    failNextPrecheck: (items) => dts.failNextPrecheck(items),
    failNextMigration: (scenario) => dts.failNextMigration(scenario),
    throttleStatusCalls: (scenario) => dts.throttleStatusCalls(scenario),
    reset: () => dts.reset(),
  };
}
