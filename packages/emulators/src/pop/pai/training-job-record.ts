import { formatIsoSeconds } from '@alikit/core';

/** How long each phase of an emulated training job lasts at speed 1, in ms. */
export const PAI_PHASE_MS = Object.freeze({ creating: 2_000, initializing: 3_000, running: 20_000 });

/** Epochs an emulated job trains for; one log line and one metric point per epoch. */
export const PAI_EPOCHS = 10;

/** How a scripted failure ends a job. */
export interface PaiFailure {
  /** The job's terminal status. */
  status: 'Failed' | 'InitializeFailed' | 'CreateFailed';
  reasonCode: string;
  reasonMessage: string;
}

/** One entry of `StatusTransitions`. */
export interface PaiTransition {
  Status: string;
  StartTime: string;
  EndTime?: string;
  ReasonCode?: string;
  ReasonMessage?: string;
}

interface Phase {
  status: string;
  /** Virtual ms the phase lasts; `undefined` for a terminal phase. */
  durationMs: number | undefined;
}

const TERMINAL = new Set(['Succeed', 'Failed', 'Terminated', 'CreateFailed', 'InitializeFailed']);

/**
 * One training job of the PAI Studio emulator: the request it was created from and a timeline of
 * phases (Creating → Initializing → Running → Succeed, or a scripted failure) that advances with
 * the emulator's clock times the product's speed. Everything is computed lazily on access.
 */
export class TrainingJobRecord {
  readonly id: string;
  readonly workspaceId: string;
  readonly name: string;
  /** The CreateTrainingJob body as received (wire names). */
  readonly request: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  readonly transitions: PaiTransition[] = [];
  readonly logs: string[] = [];
  status: string;
  reasonCode: string | undefined;
  reasonMessage: string | undefined;
  modifiedAt: Date;
  readonly #phases: Phase[];
  readonly #failure: PaiFailure | undefined;
  #phase = 0;
  /** Virtual ms spent in the current phase. */
  #elapsed = 0;
  #lastRealMs: number;
  #epochsLogged = 0;

  constructor(init: {
    id: string;
    workspaceId: string;
    name: string;
    request: Record<string, unknown>;
    now: Date;
    failure: PaiFailure | undefined;
  }) {
    this.id = init.id;
    this.workspaceId = init.workspaceId;
    this.name = init.name;
    this.request = init.request;
    this.createdAt = init.now;
    this.modifiedAt = init.now;
    this.#lastRealMs = init.now.getTime();
    this.#phases = plan(init.failure);
    this.status = (this.#phases[0] as Phase).status;
    this.transitions.push({ Status: this.status, StartTime: formatIsoSeconds(init.now) });
    this.#failure = init.failure;
  }

  /** Whether the job reached a terminal status. */
  get isDone(): boolean {
    return TERMINAL.has(this.status);
  }

  /** Moves the job along its timeline up to `now`, at `speed` virtual ms per real ms. */
  advance(now: Date, speed: number): void {
    const realMs = now.getTime();
    let budget = Math.max(0, realMs - this.#lastRealMs) * speed;
    let cursorMs = this.#lastRealMs;
    this.#lastRealMs = Math.max(realMs, this.#lastRealMs);
    while (!this.isDone) {
      const phase = this.#phases[this.#phase] as Phase;
      const left = (phase.durationMs ?? Number.POSITIVE_INFINITY) - this.#elapsed;
      if (budget < left) {
        this.#elapsed += budget;
        this.#logRunning();
        return;
      }
      budget -= left;
      cursorMs += left / speed;
      this.#elapsed += left;
      this.#logRunning();
      this.#enter(this.#phase + 1, new Date(Math.min(cursorMs, realMs)));
    }
  }

  /** Stops the job (StopTrainingJob): it ends `Terminated` at once. A finished job is left as it is. */
  stop(now: Date): void {
    if (this.isDone) return;
    this.#phases.splice(this.#phase + 1, this.#phases.length, { status: 'Terminated', durationMs: undefined });
    this.reasonCode = 'JobStoppedByUser';
    this.reasonMessage = 'The training job was stopped by the user.';
    this.#enter(this.#phase + 1, now);
  }

  /** Progress through the running phase, 0–1. */
  get progress(): number {
    if (this.status === 'Succeed') return 1;
    const running = this.#phases.findIndex((p) => p.status === 'Running');
    if (running < 0 || this.#phase < running) return 0;
    if (this.#phase > running) return this.#epochsLogged / PAI_EPOCHS;
    return Math.min(1, this.#elapsed / PAI_PHASE_MS.running);
  }

  /** The training loss after `epoch` epochs: a deterministic, decreasing curve. */
  static loss(epoch: number): number {
    return Math.round((2.3 / (1 + 0.45 * epoch)) * 10_000) / 10_000;
  }

  #enter(index: number, at: Date): void {
    const stamp = formatIsoSeconds(at);
    const current = this.transitions.at(-1);
    if (current) current.EndTime = stamp;
    this.#phase = index;
    this.#elapsed = 0;
    const phase = this.#phases[index] as Phase;
    this.status = phase.status;
    this.modifiedAt = at;
    const transition: PaiTransition = { Status: phase.status, StartTime: stamp };
    if (phase.status === 'Running') this.logs.push(`[worker-0] training job ${this.name} started`);
    if (phase.status === this.#failure?.status) {
      this.reasonCode = this.#failure.reasonCode;
      this.reasonMessage = this.#failure.reasonMessage;
      this.logs.push(`[worker-0] ERROR ${this.#failure.reasonCode}: ${this.#failure.reasonMessage}`);
    }
    if (phase.status === 'Succeed') {
      this.reasonCode = 'JobSucceeded';
      this.reasonMessage = 'The training job succeeded.';
      this.logs.push('[worker-0] training finished, model saved');
    }
    if (TERMINAL.has(phase.status)) {
      transition.EndTime = stamp;
      if (this.reasonCode !== undefined) transition.ReasonCode = this.reasonCode;
      if (this.reasonMessage !== undefined) transition.ReasonMessage = this.reasonMessage;
    }
    this.transitions.push(transition);
  }

  /** Writes one log line per epoch completed in the running phase. */
  #logRunning(): void {
    if (this.status !== 'Running') return;
    const perEpoch = PAI_PHASE_MS.running / PAI_EPOCHS;
    const done = Math.min(PAI_EPOCHS, Math.floor(this.#elapsed / perEpoch));
    while (this.#epochsLogged < done) {
      this.#epochsLogged++;
      const e = this.#epochsLogged;
      this.logs.push(`[worker-0] epoch ${e}/${PAI_EPOCHS} loss=${TrainingJobRecord.loss(e).toFixed(4)}`);
    }
  }

  /** Epochs completed so far. */
  get epochs(): number {
    return this.#epochsLogged;
  }
}

function plan(failure: PaiFailure | undefined): Phase[] {
  const phases: Phase[] = [
    { status: 'Creating', durationMs: PAI_PHASE_MS.creating },
    { status: 'Initializing', durationMs: PAI_PHASE_MS.initializing },
    { status: 'Running', durationMs: PAI_PHASE_MS.running },
    { status: 'Succeed', durationMs: undefined },
  ];
  if (!failure) return phases;
  // A failure replaces the phase after the one it happens in: creation, initialisation, or half-way through training.
  const at = failure.status === 'CreateFailed' ? 1 : failure.status === 'InitializeFailed' ? 2 : 3;
  if (failure.status === 'Failed') (phases[2] as Phase).durationMs = PAI_PHASE_MS.running / 2;
  return [...phases.slice(0, at), { status: failure.status, durationMs: undefined }];
}
