import { connect, createServer, type Server, type Socket } from 'node:net';
import { isSdkError, type SdkError } from '@alikit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRdsPool, type RdsConnectErrorEvent, type RdsEvictEvent } from '../../src/index';
import {
  createUser,
  delay,
  dropUser,
  eventually,
  killSessionsOf,
  server,
  sessionsOf,
  urlFor,
  useDatabaseSuite,
} from '../helpers/mariadb';

const suite = useDatabaseSuite();
const PASSWORD = 'Recovery-Pass-2024!';
let user: string;

beforeAll(async () => {
  user = await createUser(suite.admin(), PASSWORD);
});

afterAll(async () => {
  await dropUser(suite.admin(), user);
});

describe('validation', () => {
  it('catches a connection killed from an admin session, so the next query succeeds', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1 });
    const evicted: RdsEvictEvent[] = [];
    pool.on('evict', (e) => evicted.push(e));
    try {
      const [before] = await pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      await suite.admin().query(`KILL ${Number(before?.id)}`);
      // Past the alive-bypass window, the connection is pinged before it is lent.
      await delay(600);
      const [after] = await pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      expect(after?.id).not.toBe(before?.id);
      expect(evicted).toHaveLength(1);
      expect(evicted[0]?.connectionId).toBe(Number(before?.id));
      expect(['broken', 'validation']).toContain(evicted[0]?.reason);
    } finally {
      await pool.close();
    }
  });

  it('pings before lending even right after a kill when the bypass window is 0', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1, aliveBypassWindowMs: 0 });
    try {
      const [before] = await pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      await suite.admin().query(`KILL ${Number(before?.id)}`);
      const [after] = await pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      expect(after?.id).not.toBe(before?.id);
    } finally {
      await pool.close();
    }
  });
});

describe('killing every pooled connection mid-load', () => {
  it('loses no queued query, and idempotent reads in flight are retried on fresh connections', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 4, acquireTimeoutMs: 5000 });
    try {
      const total = 60;
      let killed: number[] = [];
      const calls = Array.from({ length: total }, (_, i) =>
        pool.query<{ v: number }>('SELECT ? AS v, SLEEP(0.02) AS s', [i], { idempotent: true }),
      );
      // Let the pool fill up and queue the rest, then kill every session it has.
      await eventually(() => pool.metrics().borrowed === 4 && pool.metrics().pending > 20);
      killed = await killSessionsOf(suite.admin(), user);
      expect(killed.length).toBeGreaterThanOrEqual(4);
      const results = await Promise.all(calls);
      expect(results.map((r) => Number(r[0]?.v))).toEqual(Array.from({ length: total }, (_, i) => i));
      const survivors = await sessionsOf(suite.admin(), user);
      expect(survivors.some((id) => killed.includes(id))).toBe(false);
      expect(pool.metrics().retries).toBeGreaterThanOrEqual(1);
    } finally {
      await pool.close();
    }
  });

  it('fails only the non-idempotent statements that were on a killed connection', async () => {
    const pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 3, acquireTimeoutMs: 5000 });
    try {
      const calls = Array.from({ length: 30 }, (_, i) =>
        pool.query<{ v: number }>('SELECT ? AS v, SLEEP(0.05) AS s', [i]),
      );
      const settling = Promise.allSettled(calls);
      await eventually(() => pool.metrics().borrowed === 3 && pool.metrics().pending > 10);
      await killSessionsOf(suite.admin(), user);
      const settled = await settling;
      const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
      expect(failed.length).toBeGreaterThanOrEqual(1);
      expect(failed.length).toBeLessThanOrEqual(3);
      for (const f of failed) {
        expect(isSdkError(f.reason)).toBe(true);
        expect((f.reason as SdkError).retryable).toBe(true);
        expect(['ER_CONNECTION_KILLED', 'ERR_NETWORK']).toContain((f.reason as SdkError).code);
      }
      expect(settled.filter((s) => s.status === 'fulfilled').length).toBe(30 - failed.length);
    } finally {
      await pool.close();
    }
  });
});

describe('credentials', () => {
  it('picks up a rotated password for new connections without recreating the pool', async () => {
    const rotating = await createUser(suite.admin(), 'Rotate-Old-Pass-1');
    let current = 'Rotate-Old-Pass-1';
    let calls = 0;
    const pool = createRdsPool({
      uri: urlFor(rotating),
      password: async () => {
        calls++;
        return current;
      },
      max: 2,
    });
    try {
      expect(await pool.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      await suite.admin().query(`ALTER USER ?@'%' IDENTIFIED BY ?`, [rotating, 'Rotate-New-Pass-2']);
      current = 'Rotate-New-Pass-2';
      // The open session stays logged in; recycle() replaces it with one using the new password.
      expect(await pool.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
      expect(pool.recycle()).toBe(1);
      const [row] = await pool.query<{ who: string }>('SELECT CURRENT_USER() AS who');
      expect(row?.who).toContain(rotating);
      expect(calls).toBe(2);
    } finally {
      await pool.close();
      await dropUser(suite.admin(), rotating);
    }
  });

  it('fails acquirers fast with a clear error on wrong credentials, and paces further attempts', async () => {
    const pool = createRdsPool({
      uri: urlFor(user),
      password: 'definitely-wrong',
      max: 4,
      acquireTimeoutMs: 5000,
      connectBackoff: { initialDelayMs: 200, maxDelayMs: 1000 },
    });
    const attempts: RdsConnectErrorEvent[] = [];
    pool.on('connectError', (e) => attempts.push(e));
    try {
      const started = Date.now();
      const results = await Promise.allSettled(Array.from({ length: 8 }, () => pool.query('SELECT 1')));
      expect(Date.now() - started).toBeLessThan(1000);
      for (const r of results) {
        expect(r.status).toBe('rejected');
        const error = (r as PromiseRejectedResult).reason as SdkError;
        expect(error).toMatchObject({ code: 'ER_ACCESS_DENIED_ERROR', operation: 'acquire', retryable: false });
        expect(error.message).toMatch(/could not connect to primary \(127\.0\.0\.1:\d+\): Access denied for user/);
        expect(error.details?.errno).toBe(1045);
      }
      // The first wave opened at most `max` attempts in parallel; none is retried in a loop.
      expect(attempts.length).toBeGreaterThanOrEqual(1);
      expect(attempts.length).toBeLessThanOrEqual(4);
      const firstWave = attempts.length;
      // Calls during the pause fail at once, without another login attempt.
      const quick = Date.now();
      await expect(pool.query('SELECT 1')).rejects.toMatchObject({ code: 'ER_ACCESS_DENIED_ERROR' });
      expect(Date.now() - quick).toBeLessThan(300);
      // Hammering the pool for 700 ms makes a few paced attempts (backoff 200 ms, doubling), not one per call.
      let calls = 0;
      const until = Date.now() + 700;
      while (Date.now() < until) {
        calls++;
        await expect(pool.query('SELECT 1')).rejects.toMatchObject({ code: 'ER_ACCESS_DENIED_ERROR' });
        await delay(5);
      }
      expect(calls).toBeGreaterThan(20);
      expect(attempts.length - firstWave).toBeGreaterThanOrEqual(1);
      expect(attempts.length - firstWave).toBeLessThanOrEqual(4 * 3);
      expect(attempts.at(-1)?.failures).toBeGreaterThan(1);
      expect(pool.metrics()).toMatchObject({ total: 0, pending: 0 });
    } finally {
      await pool.close();
    }
  });
});

/** A TCP proxy to MariaDB whose client sockets the test can reset (RST), as a network fault would. */
async function startProxy(): Promise<{ port: number; resetAll: () => number; close: () => Promise<void> }> {
  const pairs = new Set<[Socket, Socket]>();
  const proxy: Server = createServer((client) => {
    const upstream = connect(server.port, server.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('close', () => {
      pairs.delete(pair);
      upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    port: (proxy.address() as { port: number }).port,
    resetAll: () => {
      const n = pairs.size;
      for (const [client, upstream] of [...pairs]) {
        client.resetAndDestroy();
        upstream.destroy();
      }
      return n;
    },
    close: () =>
      new Promise((resolve) => {
        for (const [client, upstream] of pairs) {
          client.destroy();
          upstream.destroy();
        }
        proxy.close(() => resolve());
      }),
  };
}

describe('network faults', () => {
  it('retries idempotent reads cut by a connection reset and reports the others as ERR_NETWORK', async () => {
    const proxy = await startProxy();
    const pool = createRdsPool({
      host: '127.0.0.1',
      port: proxy.port,
      user,
      password: PASSWORD,
      database: server.database,
      max: 4,
    });
    try {
      await Promise.all([1, 2, 3, 4].map(() => pool.query('SELECT SLEEP(0.01)')));
      const reads = Promise.all(
        [1, 2, 3].map((i) => pool.query<{ v: number }>('SELECT SLEEP(0.3) AS s, ? AS v', [i], { idempotent: true })),
      );
      const plain = pool.query('SELECT SLEEP(0.3) AS s').then(
        () => undefined,
        (e: SdkError) => e,
      );
      await delay(100);
      expect(proxy.resetAll()).toBe(4);
      expect((await reads).map((r) => Number(r[0]?.v))).toEqual([1, 2, 3]);
      const error = await plain;
      expect(error).toMatchObject({ code: 'ERR_NETWORK', operation: 'query', retryable: true });
      expect(['ECONNRESET', 'PROTOCOL_CONNECTION_LOST']).toContain(error?.details?.driverCode);
      expect(pool.metrics().evictions).toBeGreaterThanOrEqual(4);
    } finally {
      await pool.close();
      await proxy.close();
    }
  });
});
