import type { Logger } from '../logging/logger';

/** What a poller passes to the operation's service calls. */
export interface PollCallOptions {
  /** The caller's signal; the service call should stop when it aborts. */
  signal?: AbortSignal | undefined;
}

/**
 * How one kind of long-running job is watched: the service calls behind a {@link Poller}. Service
 * packages write one per job kind (a DTS job, a PAI training job, a MaxCompute instance) and hand
 * it to `createPoller`; users normally meet only the poller.
 *
 * `TState` is what the poller keeps between polls (the job id plus the last status the service
 * reported); `TResult` is what `pollUntilDone()` resolves with.
 */
export interface PollOperation<TState, TResult> {
  /** The service name used in errors and logs (`dts`, `pai`, `maxcompute`, ...). */
  readonly service: string;
  /**
   * The job kind, used in errors and logs and written into `serialize()` output so a string is
   * only resumed by the same kind of operation (`RunSql`, `TrainingJob`, ...).
   */
  readonly name: string;
  /**
   * Asks the service for the job's status and returns the new state. It is a read, so the poller
   * repeats it after throttling and transient failures; it should throw the `SdkError` its client
   * raised, unchanged.
   */
  poll(state: TState, options: PollCallOptions): Promise<TState>;
  /** True once the job reached a terminal status, success or failure. */
  isDone(state: TState): boolean;
  /**
   * The outcome of a finished job: its result, or a thrown `SdkError` carrying the service's
   * reason when the job failed or was cancelled. Called once, when `isDone` first holds.
   */
  result(state: TState): TResult | Promise<TResult>;
  /**
   * Asks the service to stop the job; returns the new state, or nothing when the answer carries
   * none (the next poll will show it). Leave it out when the service cannot cancel this job.
   */
  cancel?(state: TState, options: PollCallOptions): Promise<TState | undefined> | Promise<void>;
  /**
   * Turns the state into a JSON value for `serialize()`.
   * @defaultValue the state itself (it must then be plain JSON: no `bigint`, `Date` or class instances)
   */
  serialize?(state: TState): unknown;
  /**
   * Rebuilds the state from what `serialize` produced, checking it; throw a `TypeError` for data
   * that is not a valid state.
   * @defaultValue the parsed JSON value, unchecked
   */
  deserialize?(data: unknown): TState;
  /**
   * The wait the service suggests before the next poll, in ms (a `Retry-After`, or a documented
   * cadence for the current phase); `undefined` keeps the poller's `intervalMs`.
   */
  intervalMs?(state: TState): number | undefined;
}

/** Called with the new state after each poll (and after `cancel()` when it returns one). */
export type ProgressListener<TState> = (state: TState) => void;

/** Options of {@link Poller.pollUntilDone}. */
export interface PollUntilDoneOptions {
  /**
   * Stops waiting: the call rejects with `signal.reason`, unchanged. The job keeps running on the
   * service; only `cancel()` stops it.
   */
  signal?: AbortSignal | undefined;
  /**
   * Gives up after this long with an `SdkError` `ERR_TIMEOUT`. The job keeps running on the
   * service. Checked between polls: a status request already under way finishes first.
   * @defaultValue the poller's `timeoutMs`
   */
  timeoutMs?: number | undefined;
}

/**
 * Watches a long-running job until it finishes. `begin<Verb><Noun>()` methods return one once the
 * service accepted the job.
 *
 * @example
 * ```ts
 * const poller = await dts.beginStartJob({ jobId });
 * const stop = poller.onProgress((state) => console.log(state.status));
 * const job = await poller.pollUntilDone({ signal: AbortSignal.timeout(3_600_000) });
 * stop();
 * ```
 */
export interface Poller<TState, TResult> {
  /** The state after the latest poll. */
  readonly state: TState;
  /** True once the job reached a terminal status (success or failure). */
  readonly isDone: boolean;
  /** Whether `cancel()` is available for this job. */
  readonly canCancel: boolean;
  /**
   * Polls the service once (unless the job is already done) and returns the new state.
   * @throws the operation's `SdkError` as it is (no retry here), or `signal.reason` when aborted.
   */
  poll(options?: PollCallOptions): Promise<TState>;
  /**
   * Waits for the job to finish, polling at jittered intervals, and resolves with its result.
   * Throttled or transiently failing status calls back off and keep polling.
   *
   * @throws SdkError with the service's reason when the job failed (the operation's `result`).
   * @throws SdkError `ERR_TIMEOUT` when `timeoutMs` passed; the job keeps running.
   * @throws the signal's reason, unchanged, when `signal` aborts; the job keeps running.
   * @throws SdkError from a status call that failed for good (not found, access denied, ...).
   */
  pollUntilDone(options?: PollUntilDoneOptions): Promise<TResult>;
  /** Calls `listener` with the new state after every poll; returns a function that unsubscribes it. */
  onProgress(listener: ProgressListener<TState>): () => void;
  /**
   * Asks the service to stop the job (a no-op once it is done). The job then ends in the
   * service's cancelled status, which `pollUntilDone()` reports.
   * @throws TypeError when the service cannot cancel this kind of job (see `canCancel`).
   */
  cancel(options?: PollCallOptions): Promise<void>;
  /**
   * A string another poller, in this process or a later one, can resume from (the `resumeFrom`
   * option of `createPoller`, or the service client's `resume…` method).
   */
  serialize(): string;
}

/** How often and how long a poller polls; service packages pass these through from their callers. */
export interface PollerSettings {
  /**
   * The wait between polls when the service suggests none, before jitter.
   * @defaultValue 2_000
   */
  intervalMs?: number | undefined;
  /**
   * How much each wait varies at random, as a fraction: 0.2 makes a 2 s interval anything between
   * 1.6 s and 2.4 s, so that many pollers started together drift apart.
   * @defaultValue 0.2
   */
  jitter?: number | undefined;
  /**
   * The longest wait after throttled or failing status calls, which back off exponentially.
   * @defaultValue 60_000
   */
  maxIntervalMs?: number | undefined;
  /**
   * Transient status-call failures in a row (network errors, 5xx) tolerated before
   * `pollUntilDone()` gives up. Throttling never counts: it only slows polling down.
   * @defaultValue 5
   */
  maxConsecutiveErrors?: number | undefined;
  /**
   * The default limit of each `pollUntilDone()` call (see {@link PollUntilDoneOptions.timeoutMs}).
   * @defaultValue Infinity (no limit)
   */
  timeoutMs?: number | undefined;
  /** Receives a debug line when a status call is throttled or fails and polling backs off. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
}

/** Options of {@link createPoller}. */
export interface CreatePollerOptions<TState, TResult> extends PollerSettings {
  /** The service calls behind the poller. */
  operation: PollOperation<TState, TResult>;
  /** The job's state as the service accepted it (what `begin…` learnt). Give this or `resumeFrom`. */
  state?: TState | undefined;
  /** A string from `Poller.serialize()` to resume from. Give this or `state`. */
  resumeFrom?: string | undefined;
  /** The clock. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
  /** Waits between polls; the poller also stops waiting when the signal aborts. @defaultValue a `setTimeout` timer */
  sleep?: ((ms: number, signal?: AbortSignal) => Promise<void>) | undefined;
  /** Uniform random numbers in [0, 1) for the jitter. @defaultValue Math.random */
  random?: (() => number) | undefined;
}
