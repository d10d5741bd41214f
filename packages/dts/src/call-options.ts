/** Options of every call: an abort signal and a per-attempt limit. */
export interface DtsCallOptions {
  /** Aborts the call; it rejects with `signal.reason`. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit of each attempt. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** @throws TypeError for a job id that is not a non-empty string. */
export function checkJobId(jobId: unknown): void {
  if (typeof jobId !== 'string' || jobId.trim() === '') throw new TypeError('jobId must be a non-empty string');
}

/** @throws TypeError when options is not an object. */
export function callOptions<T extends DtsCallOptions>(options: T): T {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object');
  return options;
}

/** @throws RangeError for a caught-up threshold that is not a number of seconds >= 0. */
export function checkCaughtUp(seconds: unknown): void {
  if (seconds !== undefined && (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0)) {
    throw new RangeError(`untilCaughtUpSeconds must be a number of seconds >= 0, got ${String(seconds)}`);
  }
}
