import type { LookupFunction } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { CredentialProvider, Credentials } from '@alikit/core';
import type { CloseReport, SendResult, SlsLoggerStats } from './delivery';
import { appendFields, type Fields } from './fields';
import { type BatchOptions, Producer, type ProducerRetryOptions, type SlsCompression } from './producer';
import { hashKeyFor, PUT_LOGS_LIMITS } from './protocol';
import { type GetHistogramsInput, type GetLogsInput, type Histogram, type LogIterable, SlsQuery } from './query';
import { SlsTransport } from './transport';

/** Severity of a log call. */
export type SlsLogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVELS: Record<SlsLogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Options of {@link createSlsLogger}. */
export interface SlsLoggerOptions {
  /** Log project (goes into the host name). */
  project: string;
  /** Logstore to write to and query. */
  logstore: string;
  /** Region, for the endpoint `<region>.log.aliyuncs.com`. Required without `endpoint`. */
  region?: string | undefined;
  /** Endpoint URL, e.g. an emulator's `http://127.0.0.1:PORT`. @defaultValue from `region` */
  endpoint?: string | undefined;
  /** Access key pair or provider. @defaultValue the default credential chain */
  credentials?: Credentials | CredentialProvider | undefined;
  /** Topic of every record. @defaultValue none */
  topic?: string | undefined;
  /** Source of every record. @defaultValue the first non-internal IPv4 address */
  source?: string | undefined;
  /** Tags added to every log group. @defaultValue none */
  tags?: Readonly<Record<string, string>> | undefined;
  /** Batching thresholds. @defaultValue `{ maxBytes: 512 KiB, maxCount: 4096, lingerMs: 2000 }` */
  batch?: BatchOptions | undefined;
  /** Bound of buffered records (estimated bytes, in flight and retrying included). @defaultValue 104857600 (100 MiB) */
  maxBufferBytes?: number | undefined;
  /** What `send()` does when the buffer is full: wait for room, or drop the record. @defaultValue `'block'` */
  onBufferFull?: 'block' | 'drop' | undefined;
  /** Longest wait of a blocked sender; then the record is dropped. `Infinity` waits forever. @defaultValue 60000 */
  maxBlockMs?: number | undefined;
  /** PutLogs body compression. @defaultValue `'lz4'` */
  compression?: SlsCompression | undefined;
  /** Retry policy. @defaultValue `{ retries: 10, baseBackoffMs: 100, maxBackoffMs: 10000 }` */
  retry?: ProducerRetryOptions | undefined;
  /** Route every record to the shard owning this key (MD5'd unless already 32 hex). @defaultValue load-balanced */
  shardHash?: string | undefined;
  /** DNS lookup for `<project>.<endpoint>` (tests: answer 127.0.0.1). @defaultValue `dns.lookup` */
  lookup?: LookupFunction | undefined;
  /** Least severe level the level methods send. @defaultValue `'info'` */
  level?: SlsLogLevel | undefined;
  /** Concurrent PutLogs requests. @defaultValue 4 */
  maxInflight?: number | undefined;
  /** Per-request timeout. @defaultValue 30000 */
  requestTimeoutMs?: number | undefined;
  /** Deliver what is buffered when the process is about to exit normally (`beforeExit`). @defaultValue true */
  flushOnExit?: boolean | undefined;
  /** How long the exit hook's `close()` may take. @defaultValue 10000 */
  exitTimeoutMs?: number | undefined;
  /** Allow plain `http:` to a non-loopback endpoint. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
}

/** Per-record options of {@link SlsLogger.send}. */
export interface SendOptions {
  /** Record time. @defaultValue now */
  time?: Date | number | undefined;
}

/** A structured logger writing to one logstore. */
export interface SlsLogger {
  /** Logs at debug level (if enabled); fields are stringified by `stringifyValue`. @throws RangeError for an oversized record */
  debug(message: string, fields?: Fields): void;
  /** Logs at info level. @throws RangeError for an oversized record */
  info(message: string, fields?: Fields): void;
  /** Logs at warn level. @throws RangeError for an oversized record */
  warn(message: string, fields?: Fields): void;
  /** Logs at error level. @throws RangeError for an oversized record */
  error(message: string, fields?: Fields): void;
  /** A logger that adds `fields` to every record and shares this one's buffer. */
  child(fields: Fields): SlsLogger;
  /**
   * Sends one record with exactly these contents (plus child fields); resolves when it is delivered
   * or has finally failed. Never rejects.
   * @throws RangeError when the record exceeds the PutLogs limits (1 MB per value, 3 MB per request) or the buffer.
   */
  send(contents: Fields | ReadonlyArray<readonly [string, string]>, options?: SendOptions): Promise<SendResult>;
  /** Sends everything buffered now (ignoring linger) and waits until it has settled. */
  flush(): Promise<void>;
  /** Stops accepting records, delivers what it can within `timeoutMs` (default 10000) and reports the rest. */
  close(options?: { timeoutMs?: number }): Promise<CloseReport>;
  /** Buffer and delivery counters. */
  stats(): SlsLoggerStats;
  /** Queries the logstore (see {@link SlsQuery.getLogs}). */
  getLogs(input: GetLogsInput): LogIterable;
  /** Histogram of the logstore (see {@link SlsQuery.getHistograms}). */
  getHistograms(input: GetHistogramsInput): Promise<Histogram>;
}

function positive(value: number | undefined, fallback: number, name: string, min = 1): number {
  const v = value ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v) || v < min) throw new RangeError(`${name} must be a number ≥ ${min}`);
  return v;
}

function defaultSource(): string | undefined {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

const LEVEL_NAMES: Record<SlsLogLevel, string> = { debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR' };

function checkTime(time: Date | number): number {
  const ms = time instanceof Date ? time.getTime() : time;
  // SLS times are uint32 seconds.
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms >= 2 ** 32 * 1000)
    throw new TypeError('time must be a Date or epoch milliseconds');
  return ms;
}

/**
 * Creates a Log Service logger: records are buffered (bounded), batched per PutLogs request,
 * compressed, retried and settled one by one. Construction does no I/O.
 * @throws TypeError / RangeError naming the option when an option is wrong.
 */
export function createSlsLogger(options: SlsLoggerOptions): SlsLogger {
  if (typeof options !== 'object' || options === null) throw new TypeError('options are required');
  if (typeof options.logstore !== 'string' || !/^[a-z0-9][a-z0-9_-]{1,62}$/.test(options.logstore)) {
    throw new TypeError('logstore must be a valid logstore name (lower-case letters, digits, "_" and "-", 2-63 chars)');
  }
  const onBufferFull = options.onBufferFull ?? 'block';
  if (onBufferFull !== 'block' && onBufferFull !== 'drop')
    throw new TypeError("onBufferFull must be 'block' or 'drop'");
  const compression = options.compression ?? 'lz4';
  if (!['lz4', 'deflate', 'none'].includes(compression))
    throw new TypeError("compression must be 'lz4', 'deflate' or 'none'");
  const level = options.level ?? 'info';
  if (!(level in LEVELS)) throw new TypeError('level must be debug, info, warn or error');
  const maxCount = positive(options.batch?.maxCount, 4096, 'batch.maxCount');
  if (maxCount > PUT_LOGS_LIMITS.maxLogsPerRequest) {
    throw new RangeError(`batch.maxCount must be ≤ ${PUT_LOGS_LIMITS.maxLogsPerRequest}`);
  }
  const maxBytes = positive(options.batch?.maxBytes, 512 * 1024, 'batch.maxBytes');
  if (maxBytes > PUT_LOGS_LIMITS.maxRawBodyBytes)
    throw new RangeError(`batch.maxBytes must be ≤ ${PUT_LOGS_LIMITS.maxRawBodyBytes}`);
  const tags: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(options.tags ?? {})) {
    if (typeof v !== 'string') throw new TypeError(`tags.${k} must be a string`);
    tags.push([k, v]);
  }
  const transport = new SlsTransport({
    project: options.project,
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials,
    lookup: options.lookup,
    allowInsecureConnection: options.allowInsecureConnection,
    requestTimeoutMs: options.requestTimeoutMs,
    maxSockets: options.maxInflight === undefined ? undefined : Math.max(options.maxInflight, 1),
  });
  const producer = new Producer(transport, {
    logstore: options.logstore,
    tags,
    maxBytes,
    maxCount,
    lingerMs: positive(options.batch?.lingerMs, 2000, 'batch.lingerMs', 0),
    maxBufferBytes: positive(options.maxBufferBytes, 100 * 1024 * 1024, 'maxBufferBytes'),
    onBufferFull,
    maxBlockMs: positive(options.maxBlockMs, 60_000, 'maxBlockMs', 0),
    compression,
    retries: positive(options.retry?.retries, 10, 'retry.retries', 0),
    baseBackoffMs: positive(options.retry?.baseBackoffMs, 100, 'retry.baseBackoffMs'),
    maxBackoffMs: positive(options.retry?.maxBackoffMs, 10_000, 'retry.maxBackoffMs'),
    maxReservedAttempts: positive(options.retry?.maxReservedAttempts, 11, 'retry.maxReservedAttempts'),
    maxInflight: positive(options.maxInflight, 4, 'maxInflight'),
  });
  const query = new SlsQuery(transport, options.logstore);
  const route = {
    topic: options.topic,
    source: options.source ?? defaultSource(),
    hashKey: options.shardHash === undefined ? undefined : hashKeyFor(options.shardHash),
  };
  const minLevel = LEVELS[level];
  const exitTimeoutMs = positive(options.exitTimeoutMs, 10_000, 'exitTimeoutMs', 0);

  let closing: Promise<CloseReport> | undefined;
  const onBeforeExit = (): void => {
    // beforeExit fires when the loop is empty; an async close keeps it alive until delivery ends.
    void close({ timeoutMs: exitTimeoutMs });
  };
  if (options.flushOnExit !== false) process.once('beforeExit', onBeforeExit);

  const close = (closeOptions?: { timeoutMs?: number }): Promise<CloseReport> => {
    if (closing) return closing;
    const timeoutMs = positive(closeOptions?.timeoutMs, 10_000, 'timeoutMs', 0);
    process.removeListener('beforeExit', onBeforeExit);
    producer.beginClose();
    closing = new Promise<CloseReport>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (timedOut: boolean): void => {
        if (timer) clearTimeout(timer);
        const undelivered = timedOut ? producer.abandon() : 0;
        transport.destroy();
        resolve({ delivered: producer.stats().sentRecords, undelivered, timedOut });
      };
      timer = setTimeout(() => done(true), timeoutMs);
      void producer.whenIdle().then(() => done(false));
    });
    return closing;
  };

  const make = (bound: Array<[string, string]>): SlsLogger => {
    const emit = (lvl: SlsLogLevel, message: string, fields?: Fields): void => {
      if (LEVELS[lvl] < minLevel) return;
      const contents: Array<[string, string]> = [
        ['level', LEVEL_NAMES[lvl]],
        ['message', typeof message === 'string' ? message : String(message)],
      ];
      for (let i = 0; i < bound.length; i++) contents.push(bound[i] as [string, string]);
      appendFields(contents, fields);
      const ms = Date.now();
      const seconds = Math.floor(ms / 1000);
      void producer.send(seconds, (ms - seconds * 1000) * 1e6, contents, route);
    };
    return {
      debug: (m, f) => emit('debug', m, f),
      info: (m, f) => emit('info', m, f),
      warn: (m, f) => emit('warn', m, f),
      error: (m, f) => emit('error', m, f),
      child(fields) {
        const next = [...bound];
        appendFields(next, fields);
        return make(next);
      },
      send(contents, sendOptions) {
        const pairs: Array<[string, string]> = bound.length === 0 ? [] : [...bound];
        if (Array.isArray(contents)) {
          for (const pair of contents as ReadonlyArray<readonly [string, string]>) {
            if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string' || pair[0] === '') {
              throw new TypeError('contents pairs must be [non-empty key, string value]');
            }
            pairs.push(pair as [string, string]);
          }
        } else {
          appendFields(pairs, contents as Fields);
        }
        const ms = sendOptions?.time === undefined ? Date.now() : checkTime(sendOptions.time);
        const seconds = Math.floor(ms / 1000);
        return producer.send(seconds, Math.round((ms - seconds * 1000) * 1e6), pairs, route);
      },
      async flush() {
        producer.sealAll();
        await producer.whenIdle();
      },
      close,
      stats: () => producer.stats(),
      getLogs: (input) => query.getLogs(input),
      getHistograms: (input) => query.getHistograms(input),
    };
  };
  return make([]);
}

/**
 * Query-only access to a logstore, without a producer.
 * @throws TypeError when project, logstore or the endpoint settings are wrong.
 */
export function createSlsQuery(
  options: Pick<
    SlsLoggerOptions,
    | 'project'
    | 'logstore'
    | 'region'
    | 'endpoint'
    | 'credentials'
    | 'lookup'
    | 'allowInsecureConnection'
    | 'requestTimeoutMs'
  >,
): SlsQuery {
  if (typeof options.logstore !== 'string' || options.logstore === '') throw new TypeError('logstore is required');
  return new SlsQuery(new SlsTransport(options), options.logstore);
}
