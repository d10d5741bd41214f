import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { isSdkError, redactText } from '@alikit/core';
import type { DeliveryAttempt, SendResult, SlsLoggerStats, UndeliveredReason } from './delivery';
import { lz4Compress, PUT_LOGS_LIMITS } from './protocol';
import { groupTrailerSize, RecordEncoder, writeGroupTrailer } from './record-encoder';
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

/** Records of one PutLogs request, kept encoded: the LogGroup body grows as records arrive. */
interface Batch {
  id: number;
  key: string;
  route: RecordRoute;
  /** Encoded `Log` fields so far; the group trailer is appended when the batch is sealed. */
  buf: Buffer;
  /** Bytes of records in `buf` (the sum of their accounted sizes). */
  bytes: number;
  count: number;
  /** The request body, built once at the first attempt and reused by retries. */
  body: { body: Uint8Array; raw: number; compressType: string | undefined } | undefined;
  attempts: DeliveryAttempt[];
  attemptCount: number;
  timer: NodeJS.Timeout | undefined;
  /** Every record of a batch ends the same way, so they share one promise. */
  result: Promise<SendResult>;
  settle: (result: SendResult) => void;
  settled: boolean;
}

interface Waiter {
  /** The record encoded on its own, copied into a batch once there is room. */
  bytes: Buffer;
  route: RecordRoute;
  settle: (result: SendResult) => void;
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

/** First capacity of a batch buffer; it doubles as records arrive (a quiet logger stays small). */
const INITIAL_BATCH_CAPACITY = 16 * 1024;

const noop = (): void => {};
const EMPTY = Buffer.alloc(0);

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
  readonly #encoder = new RecordEncoder();
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
   * Accepts one record (`pairs` in wire order); the promise resolves when it is delivered or has
   * finally failed. Records of one batch share their promise.
   * @throws RangeError when a value or the record exceeds the PutLogs limits, or the buffer.
   */
  send(
    time: number,
    timeNs: number,
    pairs: ReadonlyArray<readonly [string, string]>,
    route: RecordRoute,
  ): Promise<SendResult> {
    const encoder = this.#encoder;
    const bytes = encoder.measure(time, pairs);
    const bodyLimit = PUT_LOGS_LIMITS.maxRawBodyBytes - GROUP_OVERHEAD_BYTES;
    if (bytes > bodyLimit) {
      throw new RangeError(
        `record of ${bytes} bytes exceeds the PutLogs request limit (${bodyLimit} bytes per record)`,
      );
    }
    if (bytes > this.#config.maxBufferBytes) {
      throw new RangeError(`record of ${bytes} bytes exceeds maxBufferBytes (${this.#config.maxBufferBytes})`);
    }
    if (this.#closed) {
      return Promise.resolve(this.#fail('closed', new SlsProducerError('Closed', 'the logger is closed'), []));
    }
    if (this.#queuedBytes + bytes <= this.#config.maxBufferBytes && this.#waiters.length === 0) {
      const batch = this.#batchFor(route, bytes);
      batch.bytes = encoder.write(batch.buf, batch.bytes, time, timeNs, pairs);
      return this.#added(batch, bytes);
    }
    if (this.#config.onBufferFull === 'drop' || this.#config.maxBlockMs === 0) {
      this.#stats.droppedRecords++;
      return Promise.resolve(
        this.#fail(
          'buffer-full',
          new SlsProducerError('BufferFull', `buffer full (${this.#config.maxBufferBytes} bytes); record dropped`),
          [],
        ),
      );
    }
    const encoded = Buffer.allocUnsafe(bytes);
    encoder.write(encoded, 0, time, timeNs, pairs);
    return new Promise<SendResult>((resolve) => {
      const waiter: Waiter = { bytes: encoded, route, settle: resolve, timer: undefined };
      if (Number.isFinite(this.#config.maxBlockMs) && this.#config.maxBlockMs > 0) {
        waiter.timer = setTimeout(() => {
          const i = this.#waiters.indexOf(waiter);
          if (i >= 0) this.#waiters.splice(i, 1);
          this.#stats.droppedRecords++;
          resolve(
            this.#fail(
              'buffer-full',
              new SlsProducerError('BufferFull', `buffer stayed full for maxBlockMs (${this.#config.maxBlockMs} ms)`),
              [],
            ),
          );
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
      w.settle(this.#fail('closed', error, []));
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

  #fail(reason: UndeliveredReason, error: Error, attempts: DeliveryAttempt[]): SendResult {
    return { delivered: false, reason, error, attempts };
  }

  /** The open batch for `route` with room for `bytes` more (sealing a full one), its buffer grown to fit. */
  #batchFor(route: RecordRoute, bytes: number): Batch {
    const key =
      route.topic === undefined && route.source === undefined && route.hashKey === undefined
        ? ''
        : `${route.topic ?? ''}|${route.source ?? ''}|${route.hashKey ?? ''}`;
    let batch = this.#open.get(key);
    if (batch && batch.bytes + bytes > PUT_LOGS_LIMITS.maxRawBodyBytes - GROUP_OVERHEAD_BYTES) {
      this.#seal(batch);
      batch = undefined;
    }
    if (!batch) {
      let settle: (result: SendResult) => void = noop;
      const result = new Promise<SendResult>((resolve) => {
        settle = resolve;
      });
      const b: Batch = {
        id: this.#nextBatchId++,
        key,
        route,
        buf: Buffer.allocUnsafe(Math.max(INITIAL_BATCH_CAPACITY, bytes)),
        bytes: 0,
        count: 0,
        body: undefined,
        attempts: [],
        attemptCount: 0,
        timer: undefined,
        result,
        settle,
        settled: false,
      };
      this.#open.set(key, b);
      b.timer = setTimeout(() => {
        this.#seal(b);
        this.#pump();
      }, this.#config.lingerMs);
      b.timer.unref();
      batch = b;
    }
    this.#ensure(batch, batch.bytes + bytes);
    return batch;
  }

  #ensure(batch: Batch, size: number): void {
    if (size <= batch.buf.length) return;
    let capacity = batch.buf.length * 2;
    while (capacity < size) capacity *= 2;
    const grown = Buffer.allocUnsafe(capacity);
    batch.buf.copy(grown, 0, 0, batch.bytes);
    batch.buf = grown;
  }

  /** Accounts a record just written into `batch` and seals the batch when it is full. */
  #added(batch: Batch, bytes: number): Promise<SendResult> {
    this.#queuedRecords++;
    this.#queuedBytes += bytes;
    batch.count++;
    if (
      batch.count >= this.#config.maxCount ||
      batch.count >= PUT_LOGS_LIMITS.maxLogsPerRequest ||
      batch.bytes >= this.#config.maxBytes ||
      this.#closed
    ) {
      this.#seal(batch);
      this.#pump();
    }
    return batch.result;
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
    if (batch.body) return batch.body;
    const trailer = {
      topic: batch.route.topic,
      source: batch.route.source,
      tags: [
        ...this.#config.tags,
        ['__pack_id__', `${this.#packPrefix}-${batch.id.toString(16).toUpperCase()}`],
      ] as Array<[string, string]>,
    };
    this.#ensure(batch, batch.bytes + groupTrailerSize(trailer));
    const end = writeGroupTrailer(batch.buf, batch.bytes, trailer);
    const raw = batch.buf.subarray(0, end);
    let body: Batch['body'];
    switch (this.#config.compression) {
      case 'lz4':
        body = { body: lz4Compress(raw), raw: end, compressType: 'lz4' };
        break;
      case 'deflate':
        body = { body: deflateSync(raw), raw: end, compressType: 'deflate' };
        break;
      default:
        body = { body: raw, raw: end, compressType: undefined };
    }
    batch.body = body;
    return body;
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
      this.#stats.sentRecords += batch.count;
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
    if (batch.settled) return 0;
    const n = batch.count;
    this.#stats.failedRecords += n;
    this.#settleBatch(batch, { delivered: false, reason, error, attempts: batch.attempts });
    return n;
  }

  #settleBatch(batch: Batch, result: SendResult): void {
    if (batch.settled) return;
    batch.settled = true;
    this.#queuedRecords -= batch.count;
    this.#queuedBytes -= batch.bytes;
    // The memory goes back now, not when the last caller drops the result promise.
    batch.buf = EMPTY;
    batch.body = undefined;
    batch.settle(result);
    this.#admitWaiters();
    this.#notifyIdle();
  }

  #admitWaiters(): void {
    while (this.#waiters.length > 0) {
      const w = this.#waiters[0] as Waiter;
      const bytes = w.bytes.length;
      if (this.#queuedBytes + bytes > this.#config.maxBufferBytes) break;
      this.#waiters.shift();
      if (w.timer) clearTimeout(w.timer);
      const batch = this.#batchFor(w.route, bytes);
      w.bytes.copy(batch.buf, batch.bytes);
      batch.bytes += bytes;
      void this.#added(batch, bytes).then(w.settle);
    }
  }
}
