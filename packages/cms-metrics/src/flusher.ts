import type { Logger } from '@alikit/core';
import { backoffMs, isRetryableFailure, isThrottled, type SendRetryPolicy } from './backoff';
import { type CmsClient, SEND_ONCE } from './cms-client';
import type { EntryQueue } from './entry-queue';
import { type MetricEntry, REQUEST_OVERHEAD_BYTES } from './metric-entry';

/** What one drain of the queue did. */
export interface DrainReport {
  sentEntries: number;
  requests: number;
  /** Entries the service refused for good (not retryable): dropped. */
  rejectedEntries: number;
  /** The failures behind rejected entries, and the last retryable one when retries ran out. */
  errors: Error[];
}

/** Running totals of a flusher's work. */
export interface FlusherTotals {
  sentEntries: number;
  sentRequests: number;
  rejectedEntries: number;
  throttledRequests: number;
  failedRequests: number;
}

/** Settings of {@link Flusher}. */
export interface FlusherSettings {
  maxEntriesPerRequest: number;
  maxRequestBytes: number;
  concurrency: number;
  retry: SendRetryPolicy;
  logger: Logger;
  onError: ((error: Error) => void) | undefined;
}

/**
 * Sends the queue in batches within the entry and byte limits, several requests at a time, each
 * through the client's rate limiter. A throttled or transiently failed batch goes back to the
 * front of the queue and the drain backs off; after `retry.maxAttempts` failures in a row the
 * drain stops and the entries wait for the next flush. Drains never overlap.
 */
export class Flusher {
  readonly totals: FlusherTotals = {
    sentEntries: 0,
    sentRequests: 0,
    rejectedEntries: 0,
    throttledRequests: 0,
    failedRequests: 0,
  };
  readonly #client: CmsClient;
  readonly #queue: EntryQueue;
  readonly #settings: FlusherSettings;
  #running: Promise<DrainReport> | undefined;

  constructor(client: CmsClient, queue: EntryQueue, settings: FlusherSettings) {
    this.#client = client;
    this.#queue = queue;
    this.#settings = settings;
  }

  /** Whether a drain is under way. */
  get busy(): boolean {
    return this.#running !== undefined;
  }

  /**
   * Sends what is queued (after any drain under way has finished).
   * @throws the signal's reason when `signal` aborts; unsent entries stay queued.
   */
  async drain(signal?: AbortSignal): Promise<DrainReport> {
    while (this.#running !== undefined) {
      await this.#running.catch(() => undefined);
    }
    const run = this.#run(signal);
    this.#running = run;
    try {
      return await run;
    } finally {
      if (this.#running === run) this.#running = undefined;
    }
  }

  async #run(signal: AbortSignal | undefined): Promise<DrainReport> {
    const report: DrainReport = { sentEntries: 0, requests: 0, rejectedEntries: 0, errors: [] };
    const { retry, logger } = this.#settings;
    let failuresInARow = 0;
    let stop = false;
    const worker = async () => {
      while (!stop && !signal?.aborted) {
        const batch = this.#takeBatch();
        if (batch === undefined) return;
        try {
          await this.#client[SEND_ONCE](batch, { signal });
          failuresInARow = 0;
          report.sentEntries += batch.length;
          report.requests++;
          this.totals.sentEntries += batch.length;
          this.totals.sentRequests++;
        } catch (error) {
          if (signal?.aborted) {
            this.#queue.requeue(batch);
            return;
          }
          this.totals.failedRequests++;
          if (isRetryableFailure(error)) {
            this.#queue.requeue(batch);
            if (isThrottled(error)) this.totals.throttledRequests++;
            failuresInARow++;
            if (failuresInARow >= retry.maxAttempts) {
              stop = true;
              report.errors.push(error as Error);
              logger.warn(
                `cms-metrics: ${failuresInARow} requests failed in a row (${(error as Error).message}); ${this.#queue.size} entries wait for the next flush`,
              );
              return;
            }
            await retry.sleep(backoffMs(failuresInARow, retry), signal).catch(() => undefined);
          } else {
            report.rejectedEntries += batch.length;
            this.totals.rejectedEntries += batch.length;
            report.errors.push(error as Error);
            logger.error(`cms-metrics: CloudMonitor refused ${batch.length} entries: ${(error as Error).message}`);
            this.#settings.onError?.(error as Error);
          }
        }
      }
    };
    await Promise.all(Array.from({ length: this.#settings.concurrency }, worker));
    if (signal?.aborted) throw signal.reason;
    return report;
  }

  #takeBatch(): MetricEntry[] | undefined {
    const { maxEntriesPerRequest, maxRequestBytes } = this.#settings;
    const batch: MetricEntry[] = [];
    let bytes = REQUEST_OVERHEAD_BYTES;
    for (;;) {
      const next = this.#queue.peek();
      if (next === undefined || batch.length >= maxEntriesPerRequest) break;
      if (batch.length > 0 && bytes + next.bytes > maxRequestBytes) break;
      this.#queue.shift();
      batch.push(next);
      bytes += next.bytes;
    }
    return batch.length === 0 ? undefined : batch;
  }
}
