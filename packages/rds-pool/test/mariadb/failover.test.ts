/**
 * An RDS HA switchover seen from the application: the endpoint's server becomes read-only (the old
 * primary), writes fail with 1290, and the pool must drop its sessions and reconnect. Here the
 * switchover is simulated by `SET GLOBAL read_only = ON` on the test server (root has SUPER and
 * ignores read_only, so the pool logs in as a user without it). read_only is server-wide, so this
 * is the only file that flips it, it keeps the window short, restores it in `finally`, and holds
 * the rds-pool test lock like every other file here (see test/helpers/mariadb.ts).
 */
import type { SdkError } from '@alikit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRdsPool, type RdsEvictEvent, type RdsFailoverEvent } from '../../src/index';
import { createUser, delay, dropUser, sessionsOf, uniqueName, urlFor, useDatabaseSuite } from '../helpers/mariadb';

const suite = useDatabaseSuite();
const PASSWORD = 'Failover-Pass-2024!';
let user: string;
let table: string;

beforeAll(async () => {
  user = await createUser(suite.admin(), PASSWORD, 'SELECT, INSERT, UPDATE, DELETE');
  table = uniqueName('failover');
  await suite.admin().query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, qty INT NOT NULL)`);
  await suite.admin().query(`INSERT INTO \`${table}\` VALUES (1, 0)`);
});

afterAll(async () => {
  await suite.admin().query('SET GLOBAL read_only = OFF');
  await suite.admin().query(`DROP TABLE IF EXISTS \`${table}\``);
  await dropUser(suite.admin(), user);
});

async function setReadOnly(on: boolean): Promise<void> {
  await suite.admin().query(`SET GLOBAL read_only = ${on ? 'ON' : 'OFF'}`);
}

describe('read-only switchover', () => {
  it('evicts every connection on 1290, emits failover, keeps idempotent reads error-free and recovers', async () => {
    const pool = createRdsPool({
      uri: urlFor(user),
      password: PASSWORD,
      min: 2,
      max: 4,
      retry: { maxAttempts: 20, baseDelayMs: 20, maxDelayMs: 60 },
    });
    const failovers: RdsFailoverEvent[] = [];
    const evictions: RdsEvictEvent[] = [];
    pool.on('failover', (e) => failovers.push(e));
    pool.on('evict', (e) => evictions.push(e));
    try {
      // Warm up: four sessions on the old primary.
      const warm = await Promise.all(
        [1, 2, 3, 4].map(() => pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id, SLEEP(0.02) AS s')),
      );
      const before = new Set(warm.map((r) => Number(r[0]?.id)));
      expect(before.size).toBe(4);

      let writeError: SdkError | undefined;
      let readsInFlight: Promise<unknown[]> | undefined;
      let idempotentWrite: Promise<unknown> | undefined;
      try {
        await setReadOnly(true);
        // Reads in flight across the switchover, marked idempotent.
        readsInFlight = Promise.all(
          [1, 2].map((i) => pool.query('SELECT SLEEP(0.2) AS s, ? AS v', [i], { idempotent: true })),
        );
        await delay(20);
        writeError = await pool.run(`UPDATE \`${table}\` SET qty = qty + 1 WHERE id = 1`).then(
          () => undefined,
          (e: SdkError) => e,
        );
        // A write that is safe to repeat keeps retrying until the endpoint takes writes again.
        idempotentWrite = pool.run(`UPDATE \`${table}\` SET qty = 42 WHERE id = 1`, [], { idempotent: true });
        const health = await pool.health();
        expect(health.status).toBe('degraded');
        expect(health.endpoints[0]).toMatchObject({ ok: true, readOnly: true });
        await delay(150);
      } finally {
        await setReadOnly(false);
      }

      expect(writeError).toMatchObject({ code: 'ER_OPTION_PREVENTS_STATEMENT', retryable: true, status: undefined });
      expect(writeError?.details).toMatchObject({ errno: 1290, kind: 'read-only' });
      // One switchover, one failover: later read-only errors while it settles retire only their connection.
      expect(failovers).toHaveLength(1);
      expect(failovers[0]).toMatchObject({ endpoint: 'primary', code: 'ER_OPTION_PREVENTS_STATEMENT', errno: 1290 });
      expect(failovers[0]?.evicted).toBe(4);

      // No error surfaced for the idempotent reads, nor for the idempotent write.
      expect((await readsInFlight)?.length).toBe(2);
      await expect(idempotentWrite).resolves.toMatchObject({ affectedRows: 1 });

      // Recovered: writes work on fresh sessions; none of the old ones is left.
      await expect(pool.run(`UPDATE \`${table}\` SET qty = qty + 1 WHERE id = 1`)).resolves.toMatchObject({
        affectedRows: 1,
      });
      const [row] = await pool.query<{ qty: number }>(`SELECT qty FROM \`${table}\` WHERE id = 1`);
      expect(row?.qty).toBe(43);
      const after = await sessionsOf(suite.admin(), user);
      expect(after.some((id) => before.has(id))).toBe(false);
      const failoverEvictions = new Set(evictions.filter((e) => e.reason === 'failover').map((e) => e.connectionId));
      for (const id of before) expect(failoverEvictions.has(id)).toBe(true);
      const metrics = pool.metrics();
      expect(metrics.failovers).toBe(1);
      expect(metrics.evictions).toBeGreaterThanOrEqual(4);
      expect(metrics.retries).toBeGreaterThanOrEqual(1);
      expect((await pool.health()).status).toBe('up');
    } finally {
      await setReadOnly(false);
      await pool.close();
    }
  });
});
