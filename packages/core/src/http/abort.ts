/** The longest delay `setTimeout` honours; beyond it Node fires after 1 ms instead. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds (at most about 24.8 days). Rejects with `signal.reason`, unchanged, as soon as the signal aborts
 * (at once when it already has).
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Settles like `promise`, except that it rejects with `signal.reason` as soon as the signal aborts,
 * so that waiting on a callback that ignores the signal still ends when the caller gives up.
 */
export function raceAbort<T>(promise: Promise<T> | T, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return Promise.resolve(promise);
  if (signal.aborted) {
    // The losing promise may still reject later; keep that from becoming an unhandled rejection.
    Promise.resolve(promise).catch(() => {});
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The signal of one attempt: the caller's signal plus the attempt's own timeout. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** True when the attempt's timeout fired (as opposed to the caller aborting). */
  readonly timedOut: boolean;
  /** Clears the timer and the listener on the caller's signal. */
  dispose(): void;
}

/**
 * Combines the caller's signal with a per-attempt timeout (`Infinity`, or anything beyond what a
 * timer can hold, for none). Built by hand
 * rather than with `AbortSignal.any` because Node 20.0–20.2 lack it and because we must tell a
 * timeout apart from the caller's abort.
 */
export function createAttemptSignal(parent: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  const timer =
    timeoutMs <= MAX_TIMER_MS
      ? setTimeout(() => {
          timedOut = true;
          controller.abort(new DOMException(`attempt timed out after ${timeoutMs} ms`, 'TimeoutError'));
        }, timeoutMs)
      : undefined;
  return {
    signal: controller.signal,
    get timedOut() {
      return timedOut;
    },
    dispose() {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
