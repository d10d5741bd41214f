import { isSdkError, type Logger, type SdkError } from '@alikit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRdsPool, type RdsEvictEvent, type RdsLeakEvent } from '../../src/index';
import { createUser, delay, dropUser, eventually, urlFor, useDatabaseSuite } from '../helpers/mariadb';

const suite = useDatabaseSuite();
const PASSWORD = 'Limits-Pass-2024!';
let user: string;

beforeAll(async () => {
  user = await createUser(suite.admin(), PASSWORD);
});

afterAll(async () => {
  await dropUser(suite.admin(), user);
});

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    if (!isSdkError(error)) throw error;
    return error;
  }
  throw new Error('expected the call to fail');
}

function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  const log =
    (level: string) =>
    (message: string): void => {
      lines.push({ level, message });
    };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

describe('acquire deadline and queue limit', () => {
  it('fails a caller whose deadline passes while every connection is held, queue wait included', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 2, acquireTimeoutMs: 600 });
    try {
      const holders = [pool.query('SELECT SLEEP(1.5)'), pool.query('SELECT SLEEP(1.5)')];
      await eventually(() => pool.metrics().borrowed === 2);
      const started = Date.now();
      const error = await failure(pool.query('SELECT 1'));
      const waited = Date.now() - started;
      expect(error).toMatchObject({ code: 'ERR_TIMEOUT', operation: 'acquire', retryable: true });
      expect(error.message).toMatch(/no connection to primary .* within \d+ ms: 2 of 2 connection\(s\) lent/);
      expect(waited).toBeGreaterThanOrEqual(580);
      expect(waited).toBeLessThan(1500);
      // A per-call timeoutMs shortens the deadline.
      const quick = Date.now();
      expect(await failure(pool.query('SELECT 1', [], { timeoutMs: 100 }))).toMatchObject({ code: 'ERR_TIMEOUT' });
      expect(Date.now() - quick).toBeLessThan(500);
      expect(pool.metrics()).toMatchObject({ timeouts: 2, pending: 0 });
      await Promise.all(holders);
    } finally {
      await pool.close();
    }
  });

  it('turns callers away beyond queueLimit', async () => {
    const pool = createRdsPool({
      uri: urlFor(user),
      password: PASSWORD,
      max: 1,
      queueLimit: 2,
      acquireTimeoutMs: 3000,
    });
    try {
      const busy = pool.query('SELECT SLEEP(0.3)');
      await eventually(() => pool.metrics().borrowed === 1);
      const waiting = [pool.query('SELECT 1 AS a'), pool.query('SELECT 2 AS a')];
      const error = await failure(pool.query('SELECT 3'));
      expect(error).toMatchObject({ code: 'ERR_POOL_QUEUE_FULL', retryable: true });
      expect(error.details).toMatchObject({ pending: 2, queueLimit: 2 });
      expect((await Promise.all(waiting)).map((r) => r[0])).toEqual([{ a: 1 }, { a: 2 }]);
      await busy;
      expect(pool.metrics().queueRejections).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('stops waiting when the signal aborts, with the signal reason unchanged', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1, acquireTimeoutMs: 5000 });
    try {
      const busy = pool.query('SELECT SLEEP(0.3)');
      await eventually(() => pool.metrics().borrowed === 1);
      const controller = new AbortController();
      const reason = new Error('user went away');
      const waiting = pool.query('SELECT 1', [], { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 50);
      await expect(waiting).rejects.toBe(reason);
      expect(pool.metrics().pending).toBe(0);
      await busy;
    } finally {
      await pool.close();
    }
  });
});

describe('statement budgets', () => {
  it('stops a statement that outlives timeoutMs by closing its connection, and the next call works', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1 });
    const evicted: RdsEvictEvent[] = [];
    pool.on('evict', (e) => evicted.push(e));
    try {
      const [first] = await pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      const started = Date.now();
      const error = await failure(pool.query('SELECT SLEEP(3)', [], { timeoutMs: 200 }));
      expect(error).toMatchObject({ code: 'ERR_TIMEOUT', operation: 'query' });
      expect(Date.now() - started).toBeLessThan(1000);
      const [next] = await pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      expect(next?.id).not.toBe(first?.id);
      expect(evicted.map((e) => e.reason)).toEqual(['broken']);
    } finally {
      await pool.close();
    }
  });

  it('aborts a running statement with the signal reason', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1 });
    try {
      const controller = new AbortController();
      const reason = new DOMException('stop', 'AbortError');
      const running = pool.query('SELECT SLEEP(3)', [], { signal: controller.signal });
      setTimeout(() => controller.abort(reason), 100);
      await expect(running).rejects.toBe(reason);
      expect(await pool.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
    } finally {
      await pool.close();
    }
  });
});

describe('lifetime, idleness and leaks', () => {
  it('recycles connections when they reach maxLifetimeMs (with jitter) and replaces them', async () => {
    const pool = createRdsPool({
      uri: urlFor(user),
      password: PASSWORD,
      min: 2,
      max: 2,
      maxLifetimeMs: 500,
      keepAliveMs: 0,
    });
    const evicted: RdsEvictEvent[] = [];
    pool.on('evict', (e) => evicted.push(e));
    try {
      const first = await Promise.all([
        pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id, SLEEP(0.05)'),
        pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id, SLEEP(0.05)'),
      ]);
      const firstIds = first.map((r) => Number(r[0]?.id));
      await eventually(() => evicted.filter((e) => e.reason === 'maxLifetime').length >= 2, 3000);
      // min keeps two connections open: the replacements.
      await eventually(() => pool.metrics().total === 2, 3000);
      const later = await Promise.all([
        pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id, SLEEP(0.05)'),
        pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id, SLEEP(0.05)'),
      ]);
      for (const row of later) expect(firstIds).not.toContain(Number(row[0]?.id));
      expect(pool.metrics().evictions).toBeGreaterThanOrEqual(2);
    } finally {
      await pool.close();
    }
  });

  it('does not retire a connection on age while it is lent', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1, maxLifetimeMs: 200 });
    try {
      const ids = await pool.withConnection(async (c) => {
        const [a] = await c.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
        await delay(400);
        const [b] = await c.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
        return [a?.id, b?.id];
      });
      expect(ids[0]).toBe(ids[1]);
      const [next] = await pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      expect(next?.id).not.toBe(ids[0]);
    } finally {
      await pool.close();
    }
  });

  it('closes connections idle longer than idleTimeoutMs down to min', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, min: 1, max: 3, idleTimeoutMs: 200 });
    try {
      await Promise.all([1, 2, 3].map(() => pool.query('SELECT SLEEP(0.05)')));
      expect(pool.metrics().total).toBe(3);
      await eventually(() => pool.metrics().total === 1, 3000);
      const reasons = new Set<string>();
      expect(pool.metrics().evictions).toBe(2);
      pool.on('evict', (e) => reasons.add(e.reason));
      await delay(300);
      expect(pool.metrics().total).toBe(1);
      expect(reasons.size).toBe(0);
    } finally {
      await pool.close();
    }
  });

  it('warns about a connection held longer than leakDetectionMs, with the borrower stack', async () => {
    const logger = recordingLogger();
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1, leakDetectionMs: 100, logger });
    const leaks: RdsLeakEvent[] = [];
    pool.on('leak', (e) => leaks.push(e));
    try {
      await pool.withConnection(async function holdTooLong(c) {
        await c.query('SELECT 1');
        await delay(250);
      });
      expect(leaks).toHaveLength(1);
      expect(leaks[0]?.heldMs).toBeGreaterThanOrEqual(100);
      expect(leaks[0]?.stack).toContain('limits.test.ts');
      const warning = logger.lines.find((l) => l.level === 'warn' && /possible leak/.test(l.message));
      expect(warning?.message).toContain('limits.test.ts');
      expect(warning?.message).toMatch(/borrowed for \d+ ms/);
      expect(logger.lines.some((l) => l.level === 'info' && /was returned after \d+ ms/.test(l.message))).toBe(true);
      expect(pool.metrics().leaks).toBe(1);
      // A short loan is not a leak.
      await pool.query('SELECT 1');
      expect(pool.metrics().leaks).toBe(1);
    } finally {
      await pool.close();
    }
  });
});
