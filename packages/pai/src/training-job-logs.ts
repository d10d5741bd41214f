import { sleep } from '@alikit/core';
import type { TrainingJob } from './training-job';
import { TERMINAL_TRAINING_JOB_STATUSES } from './training-job';

/** One log line of a training job. */
export interface TrainingJobLogLine {
  /** The line as the job wrote it. */
  line: string;
  /** Pass to `logs(jobId, { cursor })` to continue after this line (e.g. in a later process). */
  cursor: string;
}

/** Options of `PaiClient.logs`. */
export interface TrainingJobLogsOptions {
  /**
   * Keep reading as the job writes: wait for the job to start, yield lines as they come, and end
   * when the job has finished and every line was read.
   * @defaultValue false: the lines written so far, then end
   */
  follow?: boolean | undefined;
  /** Start after the line this cursor came from. @defaultValue the first line */
  cursor?: string | undefined;
  /** How often to look for new lines while following. @defaultValue 2_000 */
  pollIntervalMs?: number | undefined;
  /** Stops reading; the iteration rejects with `signal.reason`. The job keeps running. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit of each request. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** The calls `logs` makes. */
export interface LogCalls {
  getJob(
    jobId: string,
    options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
  ): Promise<TrainingJob>;
  fetchLogs(
    jobId: string,
    pageNumber: number,
    pageSize: number,
    options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined },
  ): Promise<{ lines: string[]; totalCount: number | undefined }>;
}

const PAGE_SIZE = 100;
const CURSOR = /^log:(\d{1,12})$/;

/**
 * The lines of a job's log as an async iterable; see {@link TrainingJobLogsOptions}. Arguments are
 * checked at once, before any request.
 * @throws TypeError for a malformed cursor or options; RangeError for a poll interval below 0.
 */
export function trainingJobLogs(
  calls: LogCalls,
  jobId: string,
  options: TrainingJobLogsOptions,
): AsyncIterableIterator<TrainingJobLogLine> {
  if (typeof options !== 'object' || options === null) throw new TypeError('logs options must be an object');
  let offset = 0;
  if (options.cursor !== undefined) {
    const m = typeof options.cursor === 'string' ? CURSOR.exec(options.cursor) : null;
    if (!m) throw new TypeError(`cursor ${JSON.stringify(options.cursor)} is not a cursor from logs()`);
    offset = Number(m[1]);
  }
  const interval = options.pollIntervalMs ?? 2_000;
  if (typeof interval !== 'number' || !Number.isFinite(interval) || interval < 0) {
    throw new RangeError(`pollIntervalMs must be a finite number of milliseconds >= 0, got ${String(interval)}`);
  }
  const follow = options.follow === true;
  const call = { signal: options.signal, timeoutMs: options.timeoutMs };

  return (async function* read(): AsyncGenerator<TrainingJobLogLine> {
    for (;;) {
      let done = false;
      if (follow) {
        const job = await calls.getJob(jobId, call);
        done = TERMINAL_TRAINING_JOB_STATUSES.has(job.status);
        // Until the job runs there is nothing to read: wait for it to start.
        if (!done && !hasStarted(job)) {
          await sleep(interval, options.signal);
          continue;
        }
      }
      // Read everything written so far; a job seen finished above wrote its last line before that.
      for (;;) {
        const pageNumber = Math.floor(offset / PAGE_SIZE) + 1;
        const { lines, totalCount } = await calls.fetchLogs(jobId, pageNumber, PAGE_SIZE, call);
        const fresh = lines.slice(offset - (pageNumber - 1) * PAGE_SIZE);
        for (const line of fresh) {
          offset++;
          yield { line, cursor: `log:${offset}` };
        }
        const more = totalCount === undefined ? lines.length === PAGE_SIZE : offset < totalCount;
        if (fresh.length === 0 || !more) break;
      }
      if (!follow || done) return;
      await sleep(interval, options.signal);
    }
  })();
}

const NOT_STARTED = new Set(['Creating', 'Created', 'Initializing', 'Submitted', 'Queuing']);

function hasStarted(job: TrainingJob): boolean {
  return !NOT_STARTED.has(job.status);
}
