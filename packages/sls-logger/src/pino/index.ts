/**
 * pino integration for Simple Log Service through `@alikit/sls-logger`: an in-process destination
 * stream ({@link createSlsPinoDestination}) and, as this subpath's default export, the
 * worker-thread transport for `pino.transport({ target: '@alikit/sls-logger/pino', options })`.
 *
 * @packageDocumentation
 * @module @alikit/sls-logger/pino
 */
import { Writable } from 'node:stream';
import type { Credentials } from '@alikit/core';
import type { CloseReport, SlsLoggerStats } from '../delivery';
import { stringifyValue } from '../fields';
import { createSlsLogger, type SlsLoggerOptions } from '../logger';

const PINO_LEVELS: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};

/** Options of {@link createSlsPinoDestination}: the logger's, minus the level filter (pino filters). */
export type SlsPinoOptions = Omit<SlsLoggerOptions, 'level'>;

/** A writable stream for `pino(options, destination)` with delivery controls. */
export interface SlsPinoDestination extends Writable {
  /** Sends everything written so far and waits until it has settled (call at the end of each Function Compute invocation). */
  flushLogs(): Promise<void>;
  /** Delivers what it can within `timeoutMs` and stops. */
  closeLogs(options?: { timeoutMs?: number }): Promise<CloseReport>;
  /** Delivery counters of the underlying logger. */
  stats(): SlsLoggerStats;
  /**
   * Same as {@link SlsPinoDestination.flushLogs}, in the shape pino's `logger.flush(cb)` and the
   * transport worker call: `cb` runs once everything written so far has settled.
   */
  flush(cb?: (error?: Error | null) => void): Promise<void>;
}

/**
 * Turns one pino JSON line into SLS contents: `level` becomes its name (`INFO`), `msg` becomes
 * `message`, `time` becomes the record time, every other key is stringified like the logger does.
 */
export function pinoLineToContents(line: string): {
  /** The record's key/value pairs, in the line's key order (`time` left out). */
  contents: Array<[string, string]>;
  /** pino's `time` (epoch milliseconds); `undefined` when the line has no numeric `time`. */
  timeMs: number | undefined;
} {
  const obj = JSON.parse(line) as Record<string, unknown>;
  const contents: Array<[string, string]> = [];
  let timeMs: number | undefined;
  for (const [k, v] of Object.entries(obj)) {
    if (k === 'time' && typeof v === 'number') {
      timeMs = v;
      continue;
    }
    if (k === 'level' && typeof v === 'number') {
      contents.push(['level', PINO_LEVELS[v] ?? String(v)]);
      continue;
    }
    const text = stringifyValue(v);
    if (text !== undefined) contents.push([k === 'msg' ? 'message' : k, text]);
  }
  return { contents, timeMs };
}

/**
 * Creates a pino destination stream: every line pino writes becomes one SLS record, batched and
 * delivered by an SLS logger, which also flushes on a normal process exit (`beforeExit`).
 * @example
 * ```ts
 * const destination = createSlsPinoDestination({ project: 'my-project', logstore: 'app', region: 'cn-hangzhou' });
 * const log = pino({}, destination);
 * ```
 * @throws TypeError / RangeError for wrong options (see `createSlsLogger`).
 */
export function createSlsPinoDestination(options: SlsPinoOptions): SlsPinoDestination {
  const logger = createSlsLogger({ ...options, level: 'debug' });
  let pending = '';
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: Buffer | string, _encoding, callback) {
      pending += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
      let nl = pending.indexOf('\n');
      try {
        while (nl >= 0) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          if (line.trim() !== '') {
            const { contents, timeMs } = pinoLineToContents(line);
            void logger.send(contents, { time: timeMs });
          }
          nl = pending.indexOf('\n');
        }
        callback();
      } catch (e) {
        callback(e instanceof Error ? e : new Error(String(e)));
      }
    },
    final(callback) {
      // Ending is the exit path of the transport worker: give it the exit deadline.
      logger.close({ timeoutMs: options.exitTimeoutMs ?? 10_000 }).then(
        () => callback(),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    },
  }) as SlsPinoDestination;
  stream.flushLogs = () => logger.flush();
  // Declared with a parameter: pino's worker then passes its callback instead of expecting a sync call.
  stream.flush = function flush(cb?: (error?: Error | null) => void): Promise<void> {
    const done = logger.flush();
    if (cb)
      done.then(
        () => cb(null),
        (e: unknown) => cb(e instanceof Error ? e : new Error(String(e))),
      );
    return done;
  };
  stream.closeLogs = (o) => logger.close(o);
  stream.stats = () => logger.stats();
  return stream;
}

/**
 * Options of the worker-thread transport: those of {@link createSlsPinoDestination} that survive
 * the structured clone into the worker, so `credentials` must be a plain key pair (or left to the
 * default chain, which the worker resolves from its environment) and there is no `lookup`.
 */
export type SlsPinoTransportOptions = Omit<SlsPinoOptions, 'lookup' | 'credentials'> & {
  /** Access key pair (a plain object). @defaultValue the default credential chain, resolved in the worker */
  credentials?: Credentials | undefined;
};

/**
 * The pino transport entry point, run by pino inside its worker thread: builds the destination the
 * worker writes pino's lines to. `logger.flush(cb)` in the main thread waits for delivery (the worker
 * calls the destination's `flush`), and ending the transport (pino does it on process exit) closes
 * the logger, delivering what is buffered within `exitTimeoutMs` (default here 8000, inside pino's
 * 10 s exit wait), before the worker stops.
 * A default export because pino's loader requires one (see ADR 0005).
 * @example
 * ```js
 * const log = pino(pino.transport({ target: '@alikit/sls-logger/pino', options: { project, logstore, region } }));
 * ```
 * @throws TypeError / RangeError for wrong options (see `createSlsLogger`).
 */
export default function slsPinoTransport(options: SlsPinoTransportOptions): SlsPinoDestination {
  if (typeof options !== 'object' || options === null) throw new TypeError('options are required');
  // pino adds its own keys to the options it hands the worker.
  const { pinoWillSendConfig: _config, ...rest } = options as SlsPinoTransportOptions & {
    pinoWillSendConfig?: unknown;
  };
  const destination = createSlsPinoDestination({
    ...rest,
    // The worker's process never sees `beforeExit`; ending the stream is its exit path, and pino
    // blocks the exiting main thread for at most 10 s while the worker closes.
    exitTimeoutMs: rest.exitTimeoutMs ?? 8000,
    flushOnExit: false,
  });
  return destination;
}
