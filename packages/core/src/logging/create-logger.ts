import type { Logger } from './logger';
import { redactText, redactValue } from './redact';

/** The log levels, from the most to the least verbose. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** How {@link resolveLogger} and {@link createStderrLogger} write lines. */
export interface StderrLoggerOptions {
  /**
   * The lowest level printed.
   * @defaultValue `ALIKIT_LOG_LEVEL` from `env`; nothing is printed when it is unset
   */
  level?: LogLevel | undefined;
  /**
   * The line format: one JSON object per line, or `time level message key=value …`.
   * @defaultValue `ALIKIT_LOG_FORMAT` from `env`, else `'json'`
   */
  format?: 'json' | 'text' | undefined;
  /**
   * Receives each finished line (without the trailing newline).
   * @defaultValue writes the line and a newline to `process.stderr`
   */
  write?: ((line: string) => void) | undefined;
  /**
   * Where `ALIKIT_LOG_LEVEL` and `ALIKIT_LOG_FORMAT` are read.
   * @defaultValue `process.env`
   */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /**
   * The clock stamped on each line.
   * @defaultValue `() => new Date()`
   */
  now?: (() => Date) | undefined;
}

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const LEVEL_ALIASES: Readonly<Record<string, LogLevel | 'silent'>> = {
  trace: 'debug',
  debug: 'debug',
  info: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  silent: 'silent',
  off: 'silent',
  none: 'silent',
  '': 'silent',
};

/** A logger that drops everything; what clients use when nothing asks for logs. */
export const noopLogger: Logger = Object.freeze({
  debug() {},
  info() {},
  warn() {},
  error() {},
});

function defaultWrite(line: string): void {
  process.stderr.write(`${line}\n`);
}

function processEnv(): Readonly<Record<string, string | undefined>> {
  return typeof process === 'undefined' ? {} : process.env;
}

let warnedAbout: string | undefined;

/** The level `ALIKIT_LOG_LEVEL` asks for, or `undefined` for silence. */
function envLevel(
  env: Readonly<Record<string, string | undefined>>,
  write: (line: string) => void,
): LogLevel | undefined {
  const raw = env.ALIKIT_LOG_LEVEL;
  if (raw === undefined) return undefined;
  const level = LEVEL_ALIASES[raw.trim().toLowerCase()];
  if (level === undefined) {
    // Say once that the setting was not understood, rather than staying silent for no visible reason.
    if (warnedAbout !== raw) {
      warnedAbout = raw;
      write(
        JSON.stringify({
          level: 'warn',
          name: 'alikit',
          msg: `ignoring ALIKIT_LOG_LEVEL=${JSON.stringify(raw.slice(0, 40))}: expected debug, info, warn, error or silent`,
        }),
      );
    }
    return undefined;
  }
  return level === 'silent' ? undefined : level;
}

/**
 * Builds the logger that prints redacted one-line entries at or above `level` to stderr (or to
 * `write`). Every message goes through `redactText` and every data object through `redactValue`,
 * so only allow-listed fields are shown.
 */
export function createStderrLogger(options: StderrLoggerOptions & { level: LogLevel }): Logger {
  const write = options.write ?? defaultWrite;
  const env = options.env ?? processEnv();
  const format = options.format ?? (env.ALIKIT_LOG_FORMAT?.trim().toLowerCase() === 'text' ? 'text' : 'json');
  const now = options.now ?? (() => new Date());
  const threshold = LEVELS.indexOf(options.level);
  if (threshold < 0) throw new RangeError(`log level must be one of ${LEVELS.join(', ')}`);

  const emit = (level: LogLevel, message: unknown, data: unknown): void => {
    if (LEVELS.indexOf(level) < threshold) return;
    try {
      const msg = redactText(typeof message === 'string' ? message : String(message));
      const fields = data === undefined ? {} : redactValue(data);
      const time = now().toISOString();
      write(format === 'text' ? textLine(time, level, msg, fields) : jsonLine(time, level, msg, fields));
    } catch {
      // Logging must never break the call it describes.
    }
  };
  return {
    debug: (message, data) => emit('debug', message, data),
    info: (message, data) => emit('info', message, data),
    warn: (message, data) => emit('warn', message, data),
    error: (message, data) => emit('error', message, data),
  };
}

const RESERVED = new Set(['time', 'level', 'name', 'msg']);

function jsonLine(time: string, level: LogLevel, msg: string, fields: unknown): string {
  const entry: Record<string, unknown> = { time, level, name: 'alikit', msg };
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) {
    for (const [key, value] of Object.entries(fields)) entry[RESERVED.has(key) ? `data.${key}` : key] = value;
  } else if (fields !== undefined) {
    entry.data = fields;
  }
  return JSON.stringify(entry);
}

function textLine(time: string, level: LogLevel, msg: string, fields: unknown): string {
  let line = `${time} ${level.toUpperCase()} alikit: ${msg.replace(/\s+/g, ' ')}`;
  if (typeof fields === 'object' && fields !== null && !Array.isArray(fields)) {
    for (const [key, value] of Object.entries(fields)) line += ` ${key}=${textValue(value)}`;
  } else if (fields !== undefined) {
    line += ` data=${textValue(fields)}`;
  }
  return line;
}

function textValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return /^[^\s"=]+$/.test(text) ? text : JSON.stringify(text);
}

/**
 * Redacts what a caller-supplied logger receives and keeps its exceptions away from the SDK call.
 */
function wrapLogger(logger: Logger): Logger {
  const forward = (method: keyof Logger, message: unknown, data: unknown): void => {
    try {
      const fn = logger[method];
      if (typeof fn !== 'function') return;
      const msg = redactText(typeof message === 'string' ? message : String(message));
      if (data === undefined) fn.call(logger, msg);
      else fn.call(logger, msg, redactValue(data) as Record<string, unknown>);
    } catch {
      // A failing logger must not fail the request.
    }
  };
  return {
    debug: (message, data) => forward('debug', message, data),
    info: (message, data) => forward('info', message, data),
    warn: (message, data) => forward('warn', message, data),
    error: (message, data) => forward('error', message, data),
  };
}

/**
 * The logger a client should use. A caller-supplied `logger` is used as given, except that every
 * message and data object it receives is redacted first. Without one, the SDK is silent unless
 * `ALIKIT_LOG_LEVEL` is `debug`, `info`, `warn` or `error` (or `options.level` is set), in which case
 * redacted one-line JSON entries (or `ALIKIT_LOG_FORMAT=text` lines) go to stderr.
 *
 * @example
 * ```ts
 * const logger = resolveLogger(options.logger);
 * logger.debug('request sent', { operation: 'GetObject', requestId });
 * ```
 */
export function resolveLogger(logger?: Logger | undefined, options: StderrLoggerOptions = {}): Logger {
  if (logger !== undefined && logger !== null) {
    if (logger === noopLogger) return noopLogger;
    return wrapLogger(logger);
  }
  const write = options.write ?? defaultWrite;
  const level = options.level ?? envLevel(options.env ?? processEnv(), write);
  if (level === undefined) return noopLogger;
  return createStderrLogger({ ...options, level, write });
}
