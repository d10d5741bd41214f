/** How long each phase of an emulated migration lasts at speed 1, in ms. */
export const DTS_PHASE_MS = Object.freeze({ precheck: 4_000, structure: 2_000, full: 10_000, catchUp: 10_000 });

/** The incremental delay, in seconds, when incremental migration starts; it falls to 0 over `catchUp`. */
export const DTS_INITIAL_DELAY_SECONDS = 20;

/** Rows an emulated full load copies. */
export const DTS_FULL_LOAD_ROWS = 120_000;

/** One precheck item and its result. */
export interface PrecheckItemResult {
  /** The item's code, e.g. `CHECK_CONN_SRC`. */
  item: string;
  description: string;
  /** `NotStarted` until checked, then `Success` or `Failed`. */
  result: 'NotStarted' | 'Success' | 'Failed';
  failedReason: string | undefined;
  repairMethod: string | undefined;
}

/** A scripted precheck failure of one item. */
export interface PrecheckFailure {
  item: string;
  description?: string | undefined;
  failedReason: string;
  repairMethod?: string | undefined;
}

/** A scripted migration failure. */
export interface MigrationFailure {
  errorMessage: string;
  phase: 'structure' | 'full' | 'incremental';
}

/** Where a job is: the phase of its timeline. */
export type MigrationStage =
  | 'unconfigured'
  | 'configured'
  | 'precheck'
  | 'precheck-passed'
  | 'precheck-failed'
  | 'structure'
  | 'full'
  | 'incremental'
  | 'failed'
  | 'finished';

/** Which migration steps a job runs. */
export interface MigrationSwitches {
  structure: boolean;
  full: boolean;
  incremental: boolean;
}

const BASE_ITEMS: ReadonlyArray<readonly [string, string]> = [
  ['CHECK_CONN_SRC', 'Check source database connectivity'],
  ['CHECK_AUTH_SRC', 'Check source database permissions'],
  ['CHECK_CONN_DEST', 'Check destination database connectivity'],
  ['CHECK_AUTH_DEST', 'Check destination database permissions'],
  ['CHECK_ENGINE_VERSION', 'Check database versions'],
  ['CHECK_SAME_OBJ', 'Check objects with the same names in the destination'],
  ['CHECK_DISK_SPACE', 'Check destination storage space'],
];

const RUNNING: ReadonlySet<MigrationStage> = new Set(['structure', 'full', 'incremental']);

/**
 * One DTS migration job of the emulator, shared by the 2020-01-01 and the legacy 2016-08-01 APIs:
 * its configuration and a timeline (precheck → schema → full data → incremental) that advances
 * with the emulator's clock times the product's speed, computed lazily on access.
 */
export class MigrationJobRecord {
  readonly id: string;
  readonly instanceId: string;
  readonly api: '2020-01-01' | '2016-08-01';
  readonly regionId: string;
  readonly createdAt: Date;
  readonly instanceClass: string;
  name = '';
  /** Wire-named configuration as the API that configured it returns it (endpoints, mode, objects). */
  config: Record<string, unknown> = {};
  switches: MigrationSwitches = { structure: true, full: true, incremental: false };
  stage: MigrationStage = 'unconfigured';
  suspended = false;
  startRequested = false;
  finishedAt: Date | undefined;
  errorMessage: string | undefined;
  items: PrecheckItemResult[] = [];
  /** Virtual ms spent in the current stage. */
  elapsed = 0;
  /** The stages completed, for sub-status reporting. */
  readonly completed = new Set<MigrationStage>();
  #failure: MigrationFailure | undefined;
  #precheckFailures: PrecheckFailure[] | undefined;
  #failedAt: MigrationStage | undefined;
  #failedPercent = 0;
  #lastRealMs: number;

  constructor(init: {
    id: string;
    instanceId: string;
    api: '2020-01-01' | '2016-08-01';
    regionId: string;
    instanceClass: string;
    now: Date;
  }) {
    this.id = init.id;
    this.instanceId = init.instanceId;
    this.api = init.api;
    this.regionId = init.regionId;
    this.instanceClass = init.instanceClass;
    this.createdAt = init.now;
    this.#lastRealMs = init.now.getTime();
  }

  /** Whether the job is copying data (schema, full load or incremental), paused or not. */
  get isRunning(): boolean {
    return RUNNING.has(this.stage);
  }

  /** Stores a configuration; the 2020 API then prechecks at once, the legacy one waits for a start. */
  configure(
    name: string,
    config: Record<string, unknown>,
    switches: MigrationSwitches,
    now: Date,
    precheck: { autoStart: boolean; failures: PrecheckFailure[] | undefined } | undefined,
  ): void {
    this.name = name;
    this.config = config;
    this.switches = switches;
    this.errorMessage = undefined;
    this.completed.clear();
    if (precheck) this.#startPrecheck(now, precheck.autoStart, precheck.failures);
    else this.#enter('configured', now);
  }

  /**
   * StartDtsJob / StartMigrationJob: runs the precheck first when it has not passed, resumes a
   * paused job, retries a failed one from the phase that failed.
   * @returns false when the job cannot be started in its state.
   */
  start(
    now: Date,
    precheckFailures: () => PrecheckFailure[] | undefined,
    failure: () => MigrationFailure | undefined,
  ): boolean {
    if (this.suspended) {
      this.suspended = false;
      this.#lastRealMs = now.getTime();
      return true;
    }
    switch (this.stage) {
      case 'configured':
      case 'precheck-failed':
        this.#failure = failure();
        this.#startPrecheck(now, true, precheckFailures());
        return true;
      case 'precheck':
        this.#failure ??= failure();
        this.startRequested = true;
        return true;
      case 'precheck-passed':
        this.#failure = failure();
        this.#enter(this.#after('precheck'), now);
        return true;
      case 'failed':
        this.errorMessage = undefined;
        this.#failure = failure();
        this.#enter(this.#failedAt ?? 'full', now);
        return true;
      default:
        return this.isRunning;
    }
  }

  /** SuspendDtsJob: pauses a running job. @returns false when it is not running. */
  suspend(now: Date): boolean {
    if (!this.isRunning) return false;
    this.suspended = true;
    this.#lastRealMs = now.getTime();
    return true;
  }

  /** StopDtsJob: ends the job; it reports `Finished`. @returns false when it is not configured yet. */
  stop(now: Date): boolean {
    if (this.stage === 'unconfigured') return false;
    if (this.stage === 'finished') return true;
    this.suspended = false;
    this.#enter('finished', now);
    return true;
  }

  /** Moves the job along its timeline up to `now`, at `speed` virtual ms per real ms. */
  advance(now: Date, speed: number): void {
    const realMs = now.getTime();
    if (this.suspended) {
      this.#lastRealMs = Math.max(realMs, this.#lastRealMs);
      return;
    }
    let budget = Math.max(0, realMs - this.#lastRealMs) * speed;
    let cursorMs = this.#lastRealMs;
    this.#lastRealMs = Math.max(realMs, this.#lastRealMs);
    for (;;) {
      const length = this.#stageLength();
      if (length === undefined) {
        // Incremental migration has no end of its own; its clock still runs (the delay shrinks).
        if (this.stage === 'incremental') this.elapsed += budget;
        return;
      }
      const left = length - this.elapsed;
      if (budget < left) {
        this.elapsed += budget;
        this.#updateItems();
        return;
      }
      budget -= left;
      cursorMs += left / speed;
      this.elapsed = length;
      this.#updateItems();
      this.#complete(new Date(Math.min(cursorMs, realMs)));
    }
  }

  /** Precheck progress, 0–100. */
  get precheckPercent(): number {
    if (this.stage === 'precheck') return Math.floor((100 * this.elapsed) / DTS_PHASE_MS.precheck);
    return this.completed.has('precheck') || this.stage === 'precheck-failed' ? 100 : 0;
  }

  /** Progress of a migration step, 0–100. */
  percentOf(stage: 'structure' | 'full'): number {
    if (this.completed.has(stage)) return 100;
    if (this.stage === stage) return Math.floor((100 * this.elapsed) / DTS_PHASE_MS[stage]);
    if (this.stage === 'failed' && this.#failedAt === stage) return this.#failedPercent;
    return 0;
  }

  /** The incremental delay in seconds, or `undefined` outside incremental migration. */
  get delaySeconds(): number | undefined {
    if (this.stage !== 'incremental') return undefined;
    const left = 1 - Math.min(1, this.elapsed / DTS_PHASE_MS.catchUp);
    return Math.round(DTS_INITIAL_DELAY_SECONDS * left);
  }

  /** The sub-status of a step: `NotStarted`, `Migrating`, `Finished`, `Failed` (`Catched` once incremental caught up). */
  stepStatus(stage: 'structure' | 'full' | 'incremental'): string {
    if (this.completed.has(stage)) return 'Finished';
    if (this.stage === 'failed' && this.#failedAt === stage) return 'Failed';
    if (this.stage === stage) {
      if (this.suspended) return 'Suspending';
      return stage === 'incremental' && this.delaySeconds === 0 ? 'Catched' : 'Migrating';
    }
    if (this.stage === 'finished' && stage === 'incremental' && this.switches.incremental) return 'Finished';
    return 'NotStarted';
  }

  #startPrecheck(now: Date, autoStart: boolean, failures: PrecheckFailure[] | undefined): void {
    this.startRequested = autoStart;
    this.#precheckFailures = failures;
    const items: Array<readonly [string, string]> = [...BASE_ITEMS];
    if (this.switches.incremental) items.splice(4, 0, ['CHECK_BINLOG', 'Check whether binary logging is enabled']);
    for (const f of failures ?? []) {
      if (!items.some(([code]) => code === f.item)) items.push([f.item, f.description ?? f.item]);
    }
    this.items = items.map(([item, description]) => ({
      item,
      description,
      result: 'NotStarted',
      failedReason: undefined,
      repairMethod: undefined,
    }));
    this.#enter('precheck', now);
  }

  #updateItems(): void {
    if (this.stage !== 'precheck') return;
    const done = Math.floor((this.items.length * this.elapsed) / DTS_PHASE_MS.precheck);
    this.items.forEach((entry, i) => {
      if (i >= done || entry.result !== 'NotStarted') return;
      const failure = this.#precheckFailures?.find((f) => f.item === entry.item);
      if (failure) {
        entry.result = 'Failed';
        entry.failedReason = failure.failedReason;
        entry.repairMethod = failure.repairMethod;
      } else entry.result = 'Success';
    });
  }

  #stageLength(): number | undefined {
    switch (this.stage) {
      case 'precheck':
        return DTS_PHASE_MS.precheck;
      case 'structure':
      case 'full':
        return this.#failure?.phase === this.stage ? DTS_PHASE_MS[this.stage] / 2 : DTS_PHASE_MS[this.stage];
      case 'incremental':
        // Incremental migration runs until the job is stopped; only a scripted failure ends it.
        return this.#failure?.phase === 'incremental' ? DTS_PHASE_MS.catchUp / 2 : undefined;
      default:
        return undefined;
    }
  }

  #complete(at: Date): void {
    const stage = this.stage;
    if (stage === 'precheck') {
      const failed = this.items.some((i) => i.result === 'Failed');
      if (failed) {
        this.errorMessage = 'The precheck failed.';
        this.#enter('precheck-failed', at);
        return;
      }
      this.completed.add('precheck');
      this.#enter(this.startRequested ? this.#after('precheck') : 'precheck-passed', at);
      return;
    }
    if (this.#failure?.phase === stage) {
      this.errorMessage = this.#failure.errorMessage;
      this.#failure = undefined;
      this.#failedAt = stage;
      this.#failedPercent = stage === 'incremental' ? 0 : Math.floor((100 * this.elapsed) / DTS_PHASE_MS[stage]);
      this.#enter('failed', at);
      return;
    }
    this.completed.add(stage);
    this.#enter(this.#after(stage), at);
  }

  /** The stage after `stage`, skipping the steps the job does not run. */
  #after(stage: MigrationStage): MigrationStage {
    const order: MigrationStage[] = ['precheck', 'structure', 'full', 'incremental', 'finished'];
    for (let i = order.indexOf(stage) + 1; i < order.length; i++) {
      const next = order[i] as MigrationStage;
      if (next === 'finished') return next;
      if (this.switches[next as keyof MigrationSwitches]) return next;
    }
    return 'finished';
  }

  #enter(stage: MigrationStage, at: Date): void {
    this.stage = stage;
    this.elapsed = 0;
    if (stage === 'finished') this.finishedAt = at;
  }
}
