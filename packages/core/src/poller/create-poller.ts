import { createSdkError, sdkErrorCodes } from '../errors/codes';
import { raceAbort, sleep as timerSleep } from '../http/abort';
import { resolveLogger } from '../logging/create-logger';
import { backoffIntervalMs, type IntervalOptions, jitteredIntervalMs } from './interval';
import { classifyPollFailure, retryAfterOf } from './poll-failure';
import { decodePollerState, encodePollerState, operationKey } from './serialize';
import type {
  CreatePollerOptions,
  PollCallOptions,
  Poller,
  PollOperation,
  PollUntilDoneOptions,
  ProgressListener,
} from './types';

/** The poll interval when neither the caller nor the service gives one. */
export const DEFAULT_POLL_INTERVAL_MS = 2_000;

const DEFAULTS = { jitter: 0.2, maxIntervalMs: 60_000, maxConsecutiveErrors: 5 };

type Outcome<TResult> = { ok: true; value: TResult } | { ok: false; error: unknown };

/**
 * Creates a {@link Poller} for a long-running job, from the job's first state (`state`, what
 * `begin…` learnt when the service accepted the job) or from a string another poller's
 * `serialize()` produced (`resumeFrom`). Construction does no I/O.
 *
 * @example
 * ```ts
 * // In a service client:
 * async beginTrainModel(input: TrainModelInput, options: BeginOptions = {}) {
 *   const { JobId } = await this.#pop.request<{ JobId: string }>('CreateJob', toWire(input), options);
 *   return createPoller({ operation: this.#jobOperation, state: { jobId: JobId, status: 'Queued' }, ...options });
 * }
 * resumeTrainModel(serialized: string, settings?: PollerSettings) {
 *   return createPoller({ operation: this.#jobOperation, resumeFrom: serialized, ...settings });
 * }
 * ```
 *
 * @throws TypeError when the operation is malformed, when neither or both of `state` and
 *   `resumeFrom` are given, or when `resumeFrom` was not written for this operation.
 * @throws RangeError for an interval, jitter, timeout or error count out of range.
 */
export function createPoller<TState, TResult>(options: CreatePollerOptions<TState, TResult>): Poller<TState, TResult> {
  if (typeof options !== 'object' || options === null) throw new TypeError('createPoller takes an options object');
  const operation = checkOperation(options.operation);
  const key = operationKey(operation.service, operation.name);
  const label = `${operation.service} ${operation.name}`;

  const intervalMs = nonNegative('intervalMs', options.intervalMs ?? DEFAULT_POLL_INTERVAL_MS);
  const jitter = options.jitter ?? DEFAULTS.jitter;
  if (typeof jitter !== 'number' || !(jitter >= 0 && jitter < 1)) {
    throw new RangeError(`jitter must be a number in [0, 1), got ${String(jitter)}`);
  }
  const maxIntervalMs = nonNegative('maxIntervalMs', options.maxIntervalMs ?? DEFAULTS.maxIntervalMs);
  const maxConsecutiveErrors = options.maxConsecutiveErrors ?? DEFAULTS.maxConsecutiveErrors;
  if (!Number.isInteger(maxConsecutiveErrors) || maxConsecutiveErrors < 0) {
    throw new RangeError(`maxConsecutiveErrors must be an integer >= 0, got ${String(maxConsecutiveErrors)}`);
  }
  const defaultTimeoutMs = timeout('timeoutMs', options.timeoutMs ?? Number.POSITIVE_INFINITY);
  const now = fn('now', options.now ?? (() => new Date()));
  const sleep = fn('sleep', options.sleep ?? timerSleep);
  const random = fn('random', options.random ?? Math.random);
  const logger = resolveLogger(options.logger);
  const intervals: IntervalOptions = { jitter, maxIntervalMs: Math.max(maxIntervalMs, intervalMs), random };

  let state: TState;
  if (options.resumeFrom !== undefined) {
    if (options.state !== undefined) throw new TypeError('createPoller takes state or resumeFrom, not both');
    const data = decodePollerState(key, options.resumeFrom);
    state = operation.deserialize ? operation.deserialize(data) : (data as TState);
  } else if (options.state !== undefined) {
    state = options.state;
  } else {
    throw new TypeError('createPoller needs the job state (state) or a serialized poller (resumeFrom)');
  }

  const listeners = new Set<ProgressListener<TState>>();
  // Polls may overlap (poll() called while pollUntilDone() runs); only a newer answer may replace the state.
  let started = 0;
  let applied = 0;
  let outcome: Promise<Outcome<TResult>> | undefined;

  const msNow = () => now().getTime();

  function apply(next: TState, sequence: number): void {
    if (sequence < applied) return;
    applied = sequence;
    state = next;
    for (const listener of [...listeners]) {
      try {
        listener(next);
      } catch (error) {
        // A broken progress callback must not stop the wait for a job that may run for hours.
        logger.warn(`${label}: an onProgress listener threw; ignoring it`, {
          service: operation.service,
          operation: operation.name,
          type: error instanceof Error ? error.name : typeof error,
        });
      }
    }
  }

  function isDone(): boolean {
    return operation.isDone(state) === true;
  }

  /** The job's outcome, computed once when it is first seen done. */
  function settle(): Promise<TResult> {
    outcome ??= Promise.resolve()
      .then(() => operation.result(state))
      .then(
        (value): Outcome<TResult> => ({ ok: true, value }),
        (error: unknown): Outcome<TResult> => ({ ok: false, error }),
      );
    return outcome.then((o) => {
      if (o.ok) return o.value;
      throw o.error;
    });
  }

  async function pollOnce(signal: AbortSignal | undefined): Promise<TState> {
    if (signal?.aborted) throw signal.reason;
    if (isDone()) return state;
    const sequence = ++started;
    const next = await raceAbort(operation.poll(state, { signal }), signal);
    if (next === undefined || next === null)
      throw new TypeError(`${label}: operation.poll() must return the new state`);
    apply(next, sequence);
    return state;
  }

  async function waitUntilDone(signal: AbortSignal | undefined, limitMs: number): Promise<TResult> {
    const deadline = msNow() + limitMs;
    let failures = 0;
    let lastFailure: unknown;
    for (;;) {
      if (signal?.aborted) throw signal.reason;
      if (isDone()) return settle();
      let delay =
        failures === 0
          ? jitteredIntervalMs(suggestedInterval(), intervals)
          : backoffIntervalMs(suggestedInterval(), failures, retryAfterOf(lastFailure), intervals);
      const remaining = deadline - msNow();
      if (remaining <= 0) throw timeoutError(limitMs);
      delay = Math.min(delay, remaining);
      await raceAbort(sleep(delay, signal), signal);
      try {
        await pollOnce(signal);
        failures = 0;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const kind = classifyPollFailure(error);
        if (kind === 'fatal') throw error;
        if (kind === 'transient' && ++failures > maxConsecutiveErrors) throw error;
        if (kind === 'throttled') failures++;
        lastFailure = error;
        logger.debug(`${label}: status call failed (${kind}), polling again later`, {
          service: operation.service,
          operation: operation.name,
          code: (error as { code?: unknown }).code,
          attempt: failures,
        });
      }
    }
  }

  function suggestedInterval(): number {
    const suggested = operation.intervalMs?.(state);
    return typeof suggested === 'number' && Number.isFinite(suggested) && suggested >= 0 ? suggested : intervalMs;
  }

  function timeoutError(limitMs: number) {
    return createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
      service: operation.service,
      operation: operation.name,
      reason:
        `the job did not finish within ${limitMs} ms and is still running on the service ` +
        '(cancel() stops it; serialize() lets a later process resume waiting)',
      // Waiting again is the caller's choice, not an automatic retry.
      retryable: false,
      details: { timeoutMs: limitMs },
    });
  }

  const poller: Poller<TState, TResult> = {
    get state() {
      return state;
    },
    get isDone() {
      return isDone();
    },
    get canCancel() {
      return typeof operation.cancel === 'function';
    },
    poll(callOptions: PollCallOptions = {}) {
      try {
        return pollOnce(signalOf(callOptions));
      } catch (error) {
        return Promise.reject(error);
      }
    },
    pollUntilDone(untilOptions: PollUntilDoneOptions = {}) {
      let signal: AbortSignal | undefined;
      let limitMs: number;
      try {
        signal = signalOf(untilOptions);
        limitMs =
          untilOptions.timeoutMs === undefined ? defaultTimeoutMs : timeout('timeoutMs', untilOptions.timeoutMs);
      } catch (error) {
        return Promise.reject(error);
      }
      return waitUntilDone(signal, limitMs);
    },
    onProgress(listener) {
      if (typeof listener !== 'function') throw new TypeError('onProgress takes a function');
      // Wrapped so that subscribing the same function twice gives two independent subscriptions.
      const entry: ProgressListener<TState> = (s) => listener(s);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    async cancel(callOptions: PollCallOptions = {}) {
      const signal = signalOf(callOptions);
      if (typeof operation.cancel !== 'function') {
        throw new TypeError(`${label} cannot be cancelled: the service offers no way to stop this job`);
      }
      if (signal?.aborted) throw signal.reason;
      if (isDone()) return;
      const sequence = ++started;
      // A cancel answer without a state (void) leaves the state to the next poll.
      const next: unknown = await raceAbort<unknown>(operation.cancel(state, { signal }), signal);
      if (next !== undefined && next !== null) apply(next as TState, sequence);
    },
    serialize() {
      return encodePollerState(key, operation.serialize ? operation.serialize(state) : state);
    },
  };
  return poller;
}

function checkOperation<TState, TResult>(operation: PollOperation<TState, TResult>): PollOperation<TState, TResult> {
  if (typeof operation !== 'object' || operation === null) {
    throw new TypeError('createPoller needs an operation: { service, name, poll, isDone, result }');
  }
  for (const name of ['service', 'name'] as const) {
    if (typeof operation[name] !== 'string' || operation[name] === '') {
      throw new TypeError(`operation.${name} must be a non-empty string`);
    }
  }
  for (const name of ['poll', 'isDone', 'result'] as const) {
    if (typeof operation[name] !== 'function') throw new TypeError(`operation.${name} must be a function`);
  }
  for (const name of ['cancel', 'serialize', 'deserialize', 'intervalMs'] as const) {
    if (operation[name] !== undefined && typeof operation[name] !== 'function') {
      throw new TypeError(`operation.${name} must be a function when given`);
    }
  }
  return operation;
}

function signalOf(options: PollCallOptions): AbortSignal | undefined {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  const { signal } = options;
  if (signal !== undefined && (typeof signal !== 'object' || signal === null || typeof signal.aborted !== 'boolean')) {
    throw new TypeError('signal must be an AbortSignal');
  }
  return signal;
}

function nonNegative(name: string, value: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number of milliseconds >= 0, got ${String(value)}`);
  }
  return value;
}

function timeout(name: string, value: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value <= 0) {
    throw new RangeError(`${name} must be a positive number of milliseconds (or Infinity), got ${String(value)}`);
  }
  return value;
}

function fn<T>(name: string, value: T): T {
  if (typeof value !== 'function') throw new TypeError(`${name} must be a function`);
  return value;
}
