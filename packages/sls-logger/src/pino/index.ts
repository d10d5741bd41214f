/**
 * A pino destination that writes to Simple Log Service through `@alikit/sls-logger`.
 *
 * @packageDocumentation
 */
import { Writable } from 'node:stream';
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
}

/**
 * Turns one pino JSON line into SLS contents: `level` becomes its name (`INFO`), `msg` becomes
 * `message`, `time` becomes the record time, every other key is stringified like the logger does.
 */
export function pinoLineToContents(line: string): { contents: Array<[string, string]>; timeMs: number | undefined } {
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
      logger.close().then(
        () => callback(),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    },
  }) as SlsPinoDestination;
  stream.flushLogs = () => logger.flush();
  stream.closeLogs = (o) => logger.close(o);
  stream.stats = () => logger.stats();
  return stream;
}
