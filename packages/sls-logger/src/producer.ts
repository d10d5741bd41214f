import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { isSdkError, redactText } from '@alikit/core';
import type { DeliveryAttempt, SendResult, SlsLoggerStats, UndeliveredReason } from './delivery';
import { encodeLogGroup, type Log, type LogGroup, logEncodedSize, lz4Compress, PUT_LOGS_LIMITS } from './protocol';
import type { SlsTransport } from './transport';

/** Body compression for PutLogs. */
export type SlsCompression = 'lz4' | 'deflate' | 'none';

/** Retry policy of the producer. */
export interface ProducerRetryOptions {
  /** Repeats after the first attempt. @defaultValue 10 */
  retries?: number | undefined;
  /** Backoff scale: the first repeat waits up to this long (full jitter). @defaultValue 100 */
  baseBackoffMs?: number | undefined;
  /** Cap of one wait. @defaultValue 10000 */
  maxBackoffMs?: number | undefined;
  /** Attempts kept per record result (the last ones). @defaultValue 11 */
  maxReservedAttempts?: number | undefined;
}

/** Batching thresholds: a batch is sent when any is reached. */
export interface BatchOptions {
  /** Estimated bytes of one batch. @defaultValue 524288 (512 KiB) */
  maxBytes?: number | undefined;
  /** Records of one batch (≤ 4096, the PutLogs limit). @defaultValue 4096 */
  maxCount?: number | undefined;
  /** How long the first record of a batch may wait for company. @defaultValue 2000 */
  lingerMs?: number | undefined;
}

/** Resolved producer settings. */
export interface ProducerConfig {
  logstore: string;
  tags: ReadonlyArray<[string, string]>;
  maxBytes: number;
  maxCount: number;
  lingerMs: number;
  maxBufferBytes: number;
  onBufferFull: 'block' | 'drop';
  maxBlockMs: number;
  compression: SlsCompression;
  retries: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  maxReservedAttempts: number;
  maxInflight: number;
}

/** Where one record goes besides the logstore. */
export interface RecordRoute {
  topic?: string | undefined;
  source?: string | undefined;
  /** 32 lower-case hex digits (see `hashKeyFor` in the protocol module). */
  hashKey?: string | undefined;
}

interface PendingRecord {
  log: Log;
  bytes: number;
  settle: (result: SendResult) => void;
}

interface Batch {
  id: number;
  key: string;
  route: RecordRoute;
  records: PendingRecord[];
  bytes: number;
  attempts: DeliveryAttempt[];
  attemptCount: number;
  timer: NodeJS.Timeout | undefined;
}

interface Waiter {
  record: PendingRecord;
  route: RecordRoute;
  timer: NodeJS.Timeout | undefined;
}

/** Errors the producer itself produces (buffer full, closed, oversize). */
export class SlsProducerError extends Error {
  /** `BufferFull`, `Closed` or `RetriesExhausted`. */
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'SlsProducerError';
    this.code = code;
  }
}

/** Room kept in each request body for the group's topic, source and tags. */
const GROUP_OVERHEAD_BYTES = 16 * 1024;

/** A record's size: its exact protobuf size (the Java producer estimates; measuring is cheap enough). */
export function estimateRecordBytes(log: Log): number {
  return logEncodedSize(log);
}

/**
 * The batching engine: a bounded buffer of records grouped by (topic, source, hash key), sealed
 * by size, count or linger, sent with limited concurrency, retried with full-jitter backoff, and
 * settled per record. Memory is accounted from accept to settle, so the bound covers in-flight and
 * retrying batches too.
 */
export class Producer {
  readonly #transport: SlsTransport;
  readonly #config: ProducerConfig;
  readonly #open = new Map<string, Batch>();
  readonly #ready: Batch[] = [];
  readonly #waiters: Waiter[] = [];
  readonly #retryTimers = new Set<NodeJS.Timeout>();
  /** Requests on the wire, with the batch each carries (abandon() settles those records at once). */
  readonly #inflight = new Map<AbortController, Batch>();
  readonly #idle: Array<() => void> = [];
  readonly #packPrefix = randomBytes(8).toString('hex').toUpperCase();
  #nextBatchId = 0;
  #queuedRecords = 0;
  #queuedBytes = 0;
  #closed = false;
  #aborting = false;
  readonly #stats = {
    sentRecords: 0,
    sentBatches: 0,
    retriedBatches: 0,
    failedRecords: 0,
    droppedRecords: 0,
    wireBytes: 0,
    rawBytes: 0,
  };

  constructor(transport: SlsTransport, config: ProducerConfig) {
    this.#transport = transport;
    this.#config = config;
  }

  /** Whether `close()` has started. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Accepts one record; the promise resolves when it is delivered or has finally failed.
   * @throws RangeError when the record alone exceeds the PutLogs limits or the buffer.
   */
  send(log: Log, route: RecordRoute): Promise<SendResult> {
    const bytes = estimateRecordBytes(log);
    const bodyLimit = PUT_LOGS_LIMITS.maxRawBodyBytes - GROUP_OVERHEAD_BYTES;
    if (bytes > bodyLimit) {
      throw new RangeError(
        `record of ${bytes} bytes exceeds the PutLogs request limit (${bodyLimit} bytes per record)`,
      );
    }
    if (bytes > this.#config.maxBufferBytes) {
      throw new RangeError(`record of ${bytes} bytes exceeds maxBufferBytes (${this.#config.maxBufferBytes})`);
    }
    return new Promise<SendResult>((resolve) => {
      const record: PendingRecord = { log, bytes, settle: resolve };
      if (this.#closed) {
        resolve(this.#fail(record, 'closed', new SlsProducerError('Closed', 'the logger is closed'), []));
        return;
      }
      if (this.#queuedBytes + bytes <= this.#config.maxBufferBytes && this.#waiters.length === 0) {
        this.#admit(record, route);
        return;
      }
      if (this.#config.onBufferFull === 'drop' || this.#config.maxBlockMs === 0) {
        this.#stats.droppedRecords++;
        resolve({
          delivered: false,
          reason: 'buffer-full',
          error: new SlsProducerError(
            'BufferFull',
            `buffer full (${this.#config.maxBufferBytes} bytes); record dropped`,
          ),
          attempts: [],
        });
        return;
      }
      const waiter: Waiter = { record, route, timer: undefined };
      if (Number.isFinite(this.#config.maxBlockMs) && this.#config.maxBlockMs > 0) {
        waiter.timer = setTimeout(() => {
          const i = this.#waiters.indexOf(waiter);
          if (i >= 0) this.#waiters.splice(i, 1);
          this.#stats.droppedRecords++;
          resolve({
            delivered: false,
            reason: 'buffer-full',
            error: new SlsProducerError(
              'BufferFull',
              `buffer stayed full for maxBlockMs (${this.#config.maxBlockMs} ms)`,
            ),
            attempts: [],
          });
          this.#notifyIdle();
        }, this.#config.maxBlockMs);
      }
      this.#waiters.push(waiter);
    });
  }

  /** Current counters. */
  stats(): SlsLoggerStats {
    return {
      queuedRecords: this.#queuedRecords,
      queuedBytes: this.#queuedBytes,
      blockedRecords: this.#waiters.length,
      ...this.#stats,
    };
  }

  /** Seals every open batch now, ignoring linger, and starts sending. */
  sealAll(): void {
    for (const batch of [...this.#open.values()]) this.#seal(batch);
    this.#pump();
  }

  /** Resolves when nothing is queued, blocked or in flight. */
  whenIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops accepting records and seals what is open. */
  beginClose(): void {
    this.#closed = true;
    this.sealAll();
  }

  /**
   * Gives up on everything still pending: aborts requests in flight, cancels retry waits and
   * settles every remaining record (and blocked sender) as `closed`. Returns how many it failed.
   */
  abandon(): number {
    this.#aborting = true;
    let failed = 0;
    const error = new SlsProducerError('Closed', 'close() timed out before the record was delivered');
    for (const t of this.#retryTimers) clearTimeout(t);
    this.#retryTimers.clear();
    for (const w of this.#waiters.splice(0)) {
      if (w.timer) clearTimeout(w.timer);
      w.record.settle(this.#fail(w.record, 'closed', error, []));
      failed++;
    }
    for (const b of this.#open.values()) failed += this.#finish(b, 'closed', error);
    this.#open.clear();
    for (const b of this.#ready.splice(0)) failed += this.#finish(b, 'closed', error);
    // Batches waiting to retry are referenced only by their (cancelled) timers.
    for (const b of this.#retrying) failed += this.#finish(b, 'closed', error);
    this.#retrying.clear();
    for (const [c, b] of this.#inflight) {
      failed += this.#finish(b, 'closed', error);
      c.abort(error);
    }
    return failed;
  }

  readonly #retrying = new Set<Batch>();

  #isIdle(): boolean {
    return this.#queuedRecords === 0 && this.#waiters.length === 0;
  }

  #notifyIdle(): void {
    if (!this.#isIdle()) return;
    for (const r of this.#idle.splice(0)) r();
  }

  #fail(_record: PendingRecord, reason: UndeliveredReason, error: Error, attempts: DeliveryAttempt[]): SendResult {
    return { delivered: false, reason, error, attempts };
  }

  #admit(record: PendingRecord, route: RecordRoute): void {
    this.#queuedRecords++;
    this.#queuedBytes += record.bytes;
    const key = `${route.topic ?? ''}|${route.source ?? ''}|${route.hashKey ?? ''}`;
    let batch = this.#open.get(key);
    const maxCount = Math.min(this.#config.maxCount, PUT_LOGS_LIMITS.maxLogsPerRequest);
    const hardBytes = PUT_LOGS_LIMITS.maxRawBodyBytes - GROUP_OVERHEAD_BYTES;
    if (batch && batch.bytes + record.bytes > hardBytes) {
      this.#seal(batch);
      batch = undefined;
    }
    if (!batch) {
      batch = {
        id: this.#nextBatchId++,
        key,
        route,
        records: [],
        bytes: 0,
        attempts: [],
        attemptCount: 0,
        timer: undefined,
      };
      this.#open.set(key, batch);
      const b = batch;
      b.timer = setTimeout(() => {
        this.#seal(b);
        this.#pump();
      }, this.#config.lingerMs);
      b.timer.unref();
    }
    batch.records.push(record);
    batch.bytes += record.bytes;
    if (batch.records.length >= maxCount || batch.bytes >= this.#config.maxBytes || this.#closed) {
      this.#seal(batch);
      this.#pump();
    }
  }

  #seal(batch: Batch): void {
    if (this.#open.get(batch.key) !== batch) return;
    this.#open.delete(batch.key);
    if (batch.timer) clearTimeout(batch.timer);
    batch.timer = undefined;
    this.#ready.push(batch);
  }

  #pump(): void {
    while (this.#inflight.size < this.#config.maxInflight && this.#ready.length > 0 && !this.#aborting) {
      const batch = this.#ready.shift() as Batch;
      void this.#sendBatch(batch);
    }
  }

  #body(batch: Batch): { body: Uint8Array; raw: number; compressType: string | undefined } {
    const group: LogGroup = {
      logs: batch.records.map((r) => r.log),
      logTags: [...this.#config.tags, ['__pack_id__', `${this.#packPrefix}-${batch.id.toString(16).toUpperCase()}`]],
    };
    if (batch.route.topic !== undefined) group.topic = batch.route.topic;
    if (batch.route.source !== undefined) group.source = batch.route.source;
    const raw = encodeLogGroup(group);
    switch (this.#config.compression) {
      case 'lz4':
        return { body: lz4Compress(raw), raw: raw.byteLength, compressType: 'lz4' };
      case 'deflate':
        return { body: deflateSync(raw), raw: raw.byteLength, compressType: 'deflate' };
      default:
        return { body: raw, raw: raw.byteLength, compressType: undefined };
    }
  }

  async #sendBatch(batch: Batch): Promise<void> {
    const controller = new AbortController();
    this.#inflight.set(controller, batch);
    batch.attemptCount++;
    const started = Date.now();
    let attempt: DeliveryAttempt;
    let error: unknown;
    try {
      const { body, raw, compressType } = this.#body(batch);
      const headers: Record<string, string> = {
        'content-type': 'application/x-protobuf',
        'x-log-bodyrawsize': String(raw),
      };
      if (compressType) headers['x-log-compresstype'] = compressType;
      const ls = encodeURIComponent(this.#config.logstore);
      const hashKey = batch.route.hashKey;
      this.#stats.wireBytes += body.byteLength;
      this.#stats.rawBytes += raw;
      const res = await this.#transport.send({
        operation: 'PutLogs',
        method: 'POST',
        path: hashKey ? `/logstores/${ls}/shards/route` : `/logstores/${ls}/shards/lb`,
        query: hashKey ? { key: hashKey } : undefined,
        headers,
        body,
        signal: controller.signal,
      });
      attempt = { success: true, requestId: res.requestId, timestampMs: started, durationMs: Date.now() - started };
    } catch (e) {
      error = e;
      attempt = {
        success: false,
        requestId: isSdkError(e) ? e.requestId : undefined,
        errorCode: isSdkError(e) ? e.code : e instanceof SlsProducerError ? e.code : 'ERR_UNKNOWN',
        errorMessage: redactText(e instanceof Error ? e.message : String(e)),
        timestampMs: started,
        durationMs: Date.now() - started,
      };
    } finally {
      this.#inflight.delete(controller);
    }
    this.#pushAttempt(batch, attempt);
    if (this.#aborting && !attempt.success) {
      // abandon() already settled this batch's records if it saw it; here it was in flight.
      this.#finish(batch, 'closed', error instanceof Error ? error : new Error(String(error)));
    } else if (attempt.success) {
      this.#stats.sentBatches++;
      this.#stats.sentRecords += batch.records.length;
      this.#settleBatch(batch, { delivered: true, attempts: batch.attempts });
    } else if (this.#retryable(error) && batch.attemptCount <= this.#config.retries) {
      this.#stats.retriedBatches++;
      const ceiling = Math.min(
        this.#config.maxBackoffMs,
        this.#config.baseBackoffMs * 2 ** Math.min(batch.attemptCount - 1, 30),
      );
      const delay = Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
      this.#retrying.add(batch);
      const timer = setTimeout(() => {
        this.#retryTimers.delete(timer);
        this.#retrying.delete(batch);
        this.#ready.push(batch);
        this.#pump();
      }, delay);
      timer.unref();
      this.#retryTimers.add(timer);
    } else {
      const reason: UndeliveredReason = this.#retryable(error) ? 'retries-exhausted' : 'rejected';
      this.#finish(batch, reason, error instanceof Error ? error : new Error(String(error)));
    }
    this.#pump();
  }

  #pushAttempt(batch: Batch, attempt: DeliveryAttempt): void {
    batch.attempts.push(attempt);
    if (batch.attempts.length > this.#config.maxReservedAttempts) batch.attempts.shift();
  }

  #retryable(error: unknown): boolean {
    if (error instanceof SlsProducerError) return false;
    if (!isSdkError(error)) return false;
    if (error.retryable) return true;
    const status = error.status ?? 0;
    if (status >= 500 || status === 429) return true;
    // Quota and credential hiccups pass with time (the Java producer retries these too).
    return ['WriteQuotaExceed', 'ShardWriteQuotaExceed', 'ServerBusy', 'InternalServerError', 'Unauthorized'].includes(
      error.code,
    );
  }

  /** Settles every record of a failed batch; returns how many. */
  #finish(batch: Batch, reason: UndeliveredReason, error: Error): number {
    if (batch.timer) clearTimeout(batch.timer);
    const n = batch.records.length;
    if (n === 0) return 0;
    this.#stats.failedRecords += n;
    this.#settleBatch(batch, { delivered: false, reason, error, attempts: batch.attempts });
    return n;
  }

  #settleBatch(batch: Batch, result: SendResult): void {
    const records = batch.records;
    batch.records = [];
    for (const r of records) {
      this.#queuedRecords--;
      this.#queuedBytes -= r.bytes;
      r.settle(result);
    }
    this.#admitWaiters();
    this.#notifyIdle();
  }

  #admitWaiters(): void {
    while (this.#waiters.length > 0) {
      const w = this.#waiters[0] as Waiter;
      if (this.#queuedBytes + w.record.bytes > this.#config.maxBufferBytes) break;
      this.#waiters.shift();
      if (w.timer) clearTimeout(w.timer);
      this.#admit(w.record, w.route);
    }
  }
}
