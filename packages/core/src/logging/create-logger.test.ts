import { describe, expect, it } from 'vitest';
import { createStderrLogger, noopLogger, resolveLogger } from './create-logger';
import type { Logger } from './logger';

const fixedNow = () => new Date('2024-03-05T01:02:03.456Z');

function capture() {
  const lines: string[] = [];
  return { lines, write: (line: string) => lines.push(line) };
}

describe('resolveLogger without a caller logger', () => {
  it('is silent by default', () => {
    const { lines, write } = capture();
    const logger = resolveLogger(undefined, { env: {}, write });
    expect(logger).toBe(noopLogger);
    logger.error('nothing');
    expect(lines).toEqual([]);
  });

  it.each(['silent', 'off', 'none', '', 'SILENT'])('stays silent for ALIKIT_LOG_LEVEL=%j', (level) => {
    const { lines, write } = capture();
    expect(resolveLogger(undefined, { env: { ALIKIT_LOG_LEVEL: level }, write })).toBe(noopLogger);
    expect(lines).toEqual([]);
  });

  it('prints redacted one-line JSON at and above ALIKIT_LOG_LEVEL', () => {
    const { lines, write } = capture();
    const logger = resolveLogger(undefined, { env: { ALIKIT_LOG_LEVEL: 'Info' }, write, now: fixedNow });
    logger.debug('hidden');
    logger.info('request sent\nto https://b.example/k?Signature=abc', {
      operation: 'GetObject',
      attempt: 1,
      headers: { authorization: 'OSS LTAI:sig' },
      name: 'clash',
    });
    logger.warn('retrying');
    logger.error('failed');
    expect(lines).toHaveLength(3);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      time: '2024-03-05T01:02:03.456Z',
      level: 'info',
      name: 'alikit',
      msg: 'request sent\nto https://b.example/k?Signature=[REDACTED]',
      operation: 'GetObject',
      attempt: 1,
      headers: { authorization: '[REDACTED]' },
      'data.name': 'clash',
    });
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(['info', 'warn', 'error']);
  });

  it('accepts trace and warning as aliases and an explicit level over the environment', () => {
    const a = capture();
    resolveLogger(undefined, { env: { ALIKIT_LOG_LEVEL: 'trace' }, write: a.write }).debug('d');
    expect(a.lines).toHaveLength(1);
    const b = capture();
    const logger = resolveLogger(undefined, { env: { ALIKIT_LOG_LEVEL: 'warning' }, level: 'error', write: b.write });
    logger.warn('w');
    logger.error('e');
    expect(b.lines.map((l) => JSON.parse(l).msg)).toEqual(['e']);
  });

  it('warns once about a level it does not understand and stays silent', () => {
    const { lines, write } = capture();
    expect(resolveLogger(undefined, { env: { ALIKIT_LOG_LEVEL: 'verbose' }, write })).toBe(noopLogger);
    resolveLogger(undefined, { env: { ALIKIT_LOG_LEVEL: 'verbose' }, write });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'warn', name: 'alikit' });
    expect(lines[0]).toContain('ALIKIT_LOG_LEVEL=\\"verbose\\"');
  });

  it('writes key=value text with ALIKIT_LOG_FORMAT=text', () => {
    const { lines, write } = capture();
    const logger = resolveLogger(undefined, {
      env: { ALIKIT_LOG_LEVEL: 'debug', ALIKIT_LOG_FORMAT: 'text' },
      write,
      now: fixedNow,
    });
    logger.debug('response  received\n', { status: 503, requestId: 'R 1', retryable: true, size: 10n, secret: 'x' });
    expect(lines).toEqual([
      '2024-03-05T01:02:03.456Z DEBUG alikit: response received  status=503 requestId="R 1" retryable=true size=10 secret=[REDACTED]',
    ]);
  });

  it('keeps bigint, bytes, errors and cycles printable', () => {
    const { lines, write } = capture();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    createStderrLogger({ level: 'debug', write }).debug('x', {
      n: 1n,
      body: new Uint8Array(5),
      error: new Error('e'),
      cyclic,
    });
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({
      n: '1',
      body: '[5 bytes]',
      error: { name: 'Error', message: 'e' },
      cyclic: { self: '[Circular]' },
    });
  });

  it('never lets a failing writer break the caller', () => {
    const logger = createStderrLogger({
      level: 'debug',
      write: () => {
        throw new Error('EPIPE');
      },
    });
    expect(() => logger.error('x', { a: 1 })).not.toThrow();
  });

  it('rejects an unknown level with RangeError', () => {
    expect(() => createStderrLogger({ level: 'loud' as 'debug' })).toThrow(RangeError);
  });

  it('writes to process.stderr when no writer is given', () => {
    const original = process.stderr.write;
    const seen: string[] = [];
    process.stderr.write = ((chunk: string) => {
      seen.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    try {
      resolveLogger(undefined, { env: { ALIKIT_LOG_LEVEL: 'error' } }).error('to stderr');
    } finally {
      process.stderr.write = original;
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]?.endsWith('\n')).toBe(true);
    expect(JSON.parse(seen[0] ?? '').msg).toBe('to stderr');
  });
});

describe('resolveLogger with a caller logger', () => {
  it('forwards every level with a redacted message and data, ignoring ALIKIT_LOG_LEVEL', () => {
    const calls: [string, string, unknown][] = [];
    const mine: Logger = {
      debug: (m, d) => calls.push(['debug', m, d]),
      info: (m, d) => calls.push(['info', m, d]),
      warn: (m, d) => calls.push(['warn', m, d]),
      error: (m, d) => calls.push(['error', m, d]),
    };
    const logger = resolveLogger(mine, { env: { ALIKIT_LOG_LEVEL: 'error' } });
    logger.debug('token=abc', { requestId: 'R', securityToken: 'CAIS' });
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(calls).toEqual([
      ['debug', 'token=[REDACTED]', { requestId: 'R', securityToken: '[REDACTED]' }],
      ['info', 'i', undefined],
      ['warn', 'w', undefined],
      ['error', 'e', undefined],
    ]);
  });

  it('survives a throwing or incomplete logger and passes noopLogger through', () => {
    const throwing = resolveLogger({
      debug() {
        throw new Error('boom');
      },
    } as unknown as Logger);
    expect(() => throwing.debug('x')).not.toThrow();
    expect(() => throwing.error('x')).not.toThrow();
    expect(resolveLogger(noopLogger)).toBe(noopLogger);
  });

  it('works with console-like loggers that need their this', () => {
    const seen: string[] = [];
    class Sink {
      prefix = '>';
      debug(m: string) {
        seen.push(`${this.prefix}${m}`);
      }
      info(m: string) {
        seen.push(`${this.prefix}${m}`);
      }
      warn(m: string) {
        seen.push(`${this.prefix}${m}`);
      }
      error(m: string) {
        seen.push(`${this.prefix}${m}`);
      }
    }
    resolveLogger(new Sink()).info('hello');
    expect(seen).toEqual(['>hello']);
  });
});
