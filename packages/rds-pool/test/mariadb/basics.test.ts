import { inspect } from 'node:util';
import { isSdkError, type SdkError } from '@alikit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openConnection } from '../../src/connection-factory';
import { createRdsPool, type RdsEvictEvent, type RdsPool } from '../../src/index';
import { resolveSettings } from '../../src/resolve-settings';
import { createUser, dropUser, MYSQL_URL, uniqueName, urlFor, useDatabaseSuite } from '../helpers/mariadb';

const suite = useDatabaseSuite();
const PASSWORD = 'Basics-Pass-2024!';
let user: string;
let table: string;
let pool: RdsPool;

beforeAll(async () => {
  user = await createUser(suite.admin(), PASSWORD);
  table = uniqueName('basics');
  await suite
    .admin()
    .query(
      `CREATE TABLE \`${table}\` (id BIGINT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(64) NOT NULL UNIQUE, qty INT NOT NULL DEFAULT 0)`,
    );
  pool = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 4, acquireTimeoutMs: 3000 });
});

afterAll(async () => {
  await pool?.close({ timeoutMs: 2000 });
  await suite.admin().query(`DROP TABLE IF EXISTS \`${table}\``);
  await dropUser(suite.admin(), user);
});

async function expectSdkError(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    expect(isSdkError(error)).toBe(true);
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

describe('statements', () => {
  it('runs queries with typed rows, prepared statements and writes with a bigint insertId', async () => {
    const [one] = await pool.query<{ n: number }>('SELECT 1 + ? AS n', [1]);
    expect(one?.n).toBe(2);
    const inserted = await pool.run(`INSERT INTO \`${table}\` (name, qty) VALUES (?, ?)`, ['apple', 3]);
    expect(inserted.affectedRows).toBe(1);
    expect(typeof inserted.insertId).toBe('bigint');
    expect(inserted.insertId > 0n).toBe(true);
    const prepared = await pool.run(`INSERT INTO \`${table}\` (name, qty) VALUES (?, ?)`, ['pear', 5], {
      prepare: true,
    });
    expect(prepared.insertId).toBe(inserted.insertId + 1n);
    const rows = await pool.execute<{ name: string; qty: number }>(
      `SELECT name, qty FROM \`${table}\` WHERE qty >= ? ORDER BY qty`,
      [3],
    );
    expect(rows).toEqual([
      { name: 'apple', qty: 3 },
      { name: 'pear', qty: 5 },
    ]);
    const updated = await pool.run(`UPDATE \`${table}\` SET qty = qty + 1 WHERE name = ?`, ['apple']);
    expect(updated).toMatchObject({ affectedRows: 1, changedRows: 1 });
    expect(await pool.query(`DELETE FROM \`${table}\` WHERE name = 'nothing'`)).toEqual([]);
  });

  it('turns SQL errors into SdkError with the MySQL code and errno, and no status', async () => {
    await pool.run(`INSERT INTO \`${table}\` (name) VALUES ('dup')`);
    const dup = await expectSdkError(pool.run(`INSERT INTO \`${table}\` (name) VALUES (?)`, ['dup']));
    expect(dup).toMatchObject({
      code: 'ER_DUP_ENTRY',
      service: 'rds',
      operation: 'run',
      status: undefined,
      retryable: false,
    });
    expect(dup.details?.errno).toBe(1062);
    expect(dup.message).toMatch(/^rds run failed: ER_DUP_ENTRY: Duplicate entry 'dup'/);

    const missing = await expectSdkError(pool.query('SELECT * FROM no_such_table_here'));
    expect(missing).toMatchObject({ code: 'ER_NO_SUCH_TABLE', operation: 'query' });
    expect(missing.details?.errno).toBe(1146);

    const syntax = await expectSdkError(pool.execute('SELEC 1'));
    expect(syntax).toMatchObject({ code: 'ER_PARSE_ERROR', operation: 'execute' });
    // The pool is fine afterwards.
    expect(await pool.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
  });

  it('rejects wrong arguments with TypeError/RangeError before any I/O', () => {
    const before = pool.metrics().acquires;
    expect(() => pool.query('')).toThrow(TypeError);
    expect(() => pool.query('SELECT ?', [undefined])).toThrow(/params\[0\] is undefined/);
    expect(() => pool.query('SELECT 1', 'x' as never)).toThrow(TypeError);
    expect(() => pool.query('SELECT 1', [], { timeoutMs: -1 })).toThrow(RangeError);
    expect(() => pool.query('SELECT 1', [], { replica: 'yes' as never })).toThrow(TypeError);
    expect(() => pool.transaction('nope' as never)).toThrow(TypeError);
    expect(() => pool.transaction(async () => 1, { isolation: 'SNAPSHOT' as never })).toThrow(RangeError);
    expect(() => pool.stream('SELECT 1', [], { highWaterMark: 0 })).toThrow(RangeError);
    expect(pool.metrics().acquires).toBe(before);
  });

  it('streams rows with backpressure, and closes the connection when the loop leaves early', async () => {
    const seen: number[] = [];
    // 5000 rows from a cross join of digit tables; the consumer is slow on purpose every 500 rows.
    const digits =
      '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
    const sql = `SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d + 1 AS n FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e WHERE a.d < 5 ORDER BY n`;
    for await (const row of pool.stream<{ n: number }>(sql, [], { highWaterMark: 8 })) {
      seen.push(Number(row.n));
      if (seen.length % 500 === 0) await new Promise((r) => setTimeout(r, 2));
    }
    expect(seen.length).toBe(5000);
    expect(seen[4999]).toBe(5000);

    const evicted: RdsEvictEvent[] = [];
    pool.on('evict', (e) => evicted.push(e));
    let taken = 0;
    for await (const _row of pool.stream(sql)) {
      if (++taken === 10) break;
    }
    pool.removeAllListeners('evict');
    expect(evicted.map((e) => e.reason)).toContain('streamCancelled');
    expect(pool.metrics().borrowed).toBe(0);
    expect(await pool.query('SELECT 2 AS two')).toEqual([{ two: 2 }]);
  });

  it('pauses the socket while the consumer is not reading (the backpressure stream() relies on)', async () => {
    const settings = resolveSettings({ uri: urlFor(user), password: PASSWORD });
    const connection = await openConnection({
      endpoint: settings.primary,
      driverOptions: settings.driverOptions,
      sessionInit: [],
      connectTimeoutMs: 2000,
      maxLifetimeMs: 0,
      generation: 0,
      random: Math.random,
      signal: new AbortController().signal,
    });
    try {
      const digits =
        '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
      const readable = connection.stream(
        `SELECT REPEAT('x', 200) AS pad FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e`,
        undefined,
        8,
      );
      await new Promise((r) => setTimeout(r, 150));
      // 10 000 rows are on their way, but only about a buffer's worth is held while nobody reads.
      expect(readable.readableLength).toBeLessThanOrEqual(16);
      let count = 0;
      for await (const _row of readable) count++;
      expect(count).toBe(10_000);
    } finally {
      await connection.close();
    }
  });

  it('reports a statement error inside a stream as SdkError and keeps the connection', async () => {
    const iterate = async (): Promise<void> => {
      for await (const _row of pool.stream('SELECT * FROM no_such_table_either')) {
        // never reached
      }
    };
    const error = await expectSdkError(iterate());
    expect(error).toMatchObject({ code: 'ER_NO_SUCH_TABLE', operation: 'stream' });
  });
});

describe('transactions and borrowed connections', () => {
  it('commits when the callback resolves and rolls back when it throws', async () => {
    const id = await pool.transaction(
      async (tx) => {
        const r = await tx.run(`INSERT INTO \`${table}\` (name, qty) VALUES ('tx-commit', 1)`);
        const [self] = await tx.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
        expect(Number(self?.id)).toBe(tx.id);
        return r.insertId;
      },
      { isolation: 'READ COMMITTED' },
    );
    expect(typeof id).toBe('bigint');
    expect(await pool.query(`SELECT name FROM \`${table}\` WHERE name = 'tx-commit'`)).toHaveLength(1);

    const failure = new Error('changed my mind');
    await expect(
      pool.transaction(async (tx) => {
        await tx.run(`INSERT INTO \`${table}\` (name) VALUES ('tx-rollback')`);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await pool.query(`SELECT name FROM \`${table}\` WHERE name = 'tx-rollback'`)).toHaveLength(0);
  });

  it('refuses a handle used after its callback', async () => {
    let leaked: { query: (sql: string) => Promise<unknown> } | undefined;
    await pool.transaction(async (tx) => {
      leaked = tx;
    });
    expect(() => leaked?.query('SELECT 1')).toThrow(/no longer valid/);
  });

  it('retries a transaction that lost a deadlock when asked to', async () => {
    await pool.run(`INSERT INTO \`${table}\` (name, qty) VALUES ('lock-a', 0), ('lock-b', 0)`);
    let attemptsA = 0;
    let attemptsB = 0;
    let releaseA: () => void = () => {};
    let releaseB: () => void = () => {};
    const aLocked = new Promise<void>((r) => {
      releaseA = r;
    });
    const bLocked = new Promise<void>((r) => {
      releaseB = r;
    });
    const crossing = (first: string, second: string, mine: () => void, theirs: Promise<void>, count: () => void) =>
      pool.transaction(
        async (tx) => {
          count();
          await tx.run(`UPDATE \`${table}\` SET qty = qty + 1 WHERE name = ?`, [first]);
          mine();
          await theirs;
          await tx.run(`UPDATE \`${table}\` SET qty = qty + 1 WHERE name = ?`, [second]);
        },
        { retryOnDeadlock: true },
      );
    await Promise.all([
      crossing('lock-a', 'lock-b', releaseA, bLocked, () => attemptsA++),
      crossing('lock-b', 'lock-a', releaseB, aLocked, () => attemptsB++),
    ]);
    // One of them was the deadlock victim and ran again; both committed exactly once.
    expect(attemptsA + attemptsB).toBe(3);
    const rows = await pool.query<{ qty: number }>(`SELECT qty FROM \`${table}\` WHERE name IN ('lock-a', 'lock-b')`);
    expect(rows.map((r) => r.qty)).toEqual([2, 2]);
    expect(pool.metrics().retries).toBeGreaterThanOrEqual(1);
  });

  it('surfaces a deadlock as ER_LOCK_DEADLOCK without retryOnDeadlock', async () => {
    await pool.run(`INSERT INTO \`${table}\` (name, qty) VALUES ('dl-a', 0), ('dl-b', 0)`);
    let releaseA: () => void = () => {};
    let releaseB: () => void = () => {};
    const aLocked = new Promise<void>((r) => {
      releaseA = r;
    });
    const bLocked = new Promise<void>((r) => {
      releaseB = r;
    });
    const crossing = (first: string, second: string, mine: () => void, theirs: Promise<void>) =>
      pool.transaction(async (tx) => {
        await tx.run(`UPDATE \`${table}\` SET qty = qty + 1 WHERE name = ?`, [first]);
        mine();
        await theirs;
        await tx.run(`UPDATE \`${table}\` SET qty = qty + 1 WHERE name = ?`, [second]);
      });
    const results = await Promise.allSettled([
      crossing('dl-a', 'dl-b', releaseA, bLocked),
      crossing('dl-b', 'dl-a', releaseB, aLocked),
    ]);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toMatchObject({ code: 'ER_LOCK_DEADLOCK', retryable: true });
    expect((rejected[0]?.reason as SdkError | undefined)?.details?.errno).toBe(1213);
  });

  it('lends one session to withConnection and rolls back a transaction it left open', async () => {
    const ids = await pool.withConnection(async (c) => {
      const [a] = await c.query<{ id: number }>('SELECT CONNECTION_ID() AS id');
      await c.query('START TRANSACTION');
      await c.run(`INSERT INTO \`${table}\` (name) VALUES ('left-open')`);
      const [b] = await c.execute<{ id: number }>('SELECT CONNECTION_ID() AS id');
      return [Number(a?.id), Number(b?.id), c.id];
    });
    expect(new Set(ids).size).toBe(1);
    expect(await pool.query(`SELECT name FROM \`${table}\` WHERE name = 'left-open'`)).toHaveLength(0);
  });

  it('retires a connection whose session settings withConnection changed', async () => {
    let changed = 0;
    await pool.withConnection(async (c) => {
      changed = c.id;
      await c.query("SET SESSION sql_mode = 'ANSI_QUOTES'");
    });
    const ids = await Promise.all(
      Array.from({ length: 4 }, () => pool.query<{ id: number }>('SELECT CONNECTION_ID() AS id, SLEEP(0.02)')),
    );
    expect(ids.map((r) => Number(r[0]?.id))).not.toContain(changed);
  });
});

describe('sessions, routing and read-your-writes', () => {
  it('runs sessionInit on every new connection and sends replica reads to the read-only instance', async () => {
    // The "replica" is the same server reached as another endpoint; sessionInit tags each session
    // so the test can tell where a read went.
    const routed = createRdsPool({
      uri: urlFor(user),
      password: PASSWORD,
      max: 2,
      sessionInit: ["SET @alikit_role = 'app'"],
      readReplicas: [{ host: '127.0.0.1', port: Number(new URL(MYSQL_URL).port || 3306), max: 2 }],
    });
    try {
      const primaryIds = new Set<number>();
      const replicaIds = new Set<number>();
      for (let i = 0; i < 4; i++) {
        const [p] = await routed.query<{ id: number; role: string }>(
          'SELECT CONNECTION_ID() AS id, @alikit_role AS role',
        );
        const [r] = await routed.query<{ id: number }>('SELECT CONNECTION_ID() AS id', [], { replica: true });
        expect(p?.role).toBe('app');
        primaryIds.add(Number(p?.id));
        replicaIds.add(Number(r?.id));
      }
      expect([...replicaIds].some((id) => primaryIds.has(id))).toBe(false);
      const metrics = routed.metrics();
      expect(metrics.endpoints.map((e) => e.endpoint)).toEqual(['primary', 'replica-0']);
      expect(metrics.endpoints[1]?.acquires).toBe(4);

      // Inside a context, a write pins later replica reads to the primary.
      await routed.withContext(async () => {
        const [before] = await routed.query<{ id: number }>('SELECT CONNECTION_ID() AS id', [], { replica: true });
        expect(replicaIds.has(Number(before?.id))).toBe(true);
        await routed.run(`UPDATE \`${table}\` SET qty = qty WHERE name = 'apple'`);
        const [after] = await routed.query<{ id: number }>('SELECT CONNECTION_ID() AS id', [], { replica: true });
        expect(primaryIds.has(Number(after?.id))).toBe(true);
      });
      // Another context (or none) is not affected.
      const [elsewhere] = await routed.query<{ id: number }>('SELECT CONNECTION_ID() AS id', [], { replica: true });
      expect(replicaIds.has(Number(elsewhere?.id))).toBe(true);
      expect(routed.metrics().stickyReads).toBe(1);

      const health = await routed.health();
      expect(health.status).toBe('up');
      expect(health.endpoints.map((e) => [e.endpoint, e.ok, e.readOnly])).toEqual([
        ['primary', true, false],
        ['replica-0', true, false],
      ]);
    } finally {
      await routed.close();
    }
  });

  it('sends replica reads to the primary while the replica cannot be reached', async () => {
    const routed = createRdsPool({
      uri: urlFor(user),
      password: PASSWORD,
      max: 2,
      readReplicas: [{ host: '127.0.0.1', port: 1 }],
      connectBackoff: { initialDelayMs: 5000 },
    });
    try {
      // The first read finds the replica down; marked idempotent, it is retried on the primary.
      const [first] = await routed.query<{ v: number }>('SELECT 1 AS v', [], { replica: true, idempotent: true });
      expect(first?.v).toBe(1);
      // While connection attempts to the replica pause, replica reads go straight to the primary.
      const [second] = await routed.query<{ v: number }>('SELECT 2 AS v', [], { replica: true });
      expect(second?.v).toBe(2);
      const [primary, replica] = routed.metrics().endpoints;
      expect(primary?.acquires).toBe(2);
      expect(replica).toMatchObject({ acquires: 0, connectErrors: 1, total: 0 });
      const health = await routed.health({ timeoutMs: 500 });
      expect(health.status).toBe('degraded');
      expect(health.endpoints[1]).toMatchObject({ endpoint: 'replica-0', ok: false, error: { code: 'ERR_NETWORK' } });
    } finally {
      await routed.close();
    }
  });

  it('refuses to fall back to plain text when TLS is required', async () => {
    const tls = createRdsPool({ uri: urlFor(user), password: PASSWORD, ssl: 'required', acquireTimeoutMs: 2000 });
    try {
      const error = await expectSdkError(tls.query('SELECT 1'));
      expect(error).toMatchObject({ code: 'ERR_TLS', operation: 'acquire', retryable: false });
      expect(error.message).toMatch(/secure connection|SSL|TLS/i);
    } finally {
      await tls.close();
    }
  });
});

describe('metrics, events, health and close', () => {
  it('counts what happened and emits an event for each transition', async () => {
    const observed = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1, acquireTimeoutMs: 2000 });
    const events: string[] = [];
    for (const name of ['connect', 'acquire', 'release', 'enqueue'] as const)
      observed.on(name, () => events.push(name));
    try {
      await Promise.all([observed.query('SELECT SLEEP(0.05)'), observed.query('SELECT 1')]);
      expect(events).toEqual(['enqueue', 'enqueue', 'connect', 'acquire', 'release', 'acquire', 'release']);
      const m = observed.metrics();
      expect(m).toMatchObject({ total: 1, idle: 1, borrowed: 0, pending: 0, acquires: 2, connects: 1, timeouts: 0 });
      expect(m.acquireWaitMs.count).toBe(2);
      expect(m.acquireWaitMs.max).toBeGreaterThan(30);
      expect(m.acquireWaitMs.p50).toBeLessThanOrEqual(m.acquireWaitMs.p99);
    } finally {
      await observed.close();
    }
  });

  it('drains work in flight and queued on close, then refuses new work', async () => {
    const closing = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1 });
    const first = closing.query<{ v: number }>('SELECT SLEEP(0.2) AS s, 1 AS v');
    const queued = closing.query<{ v: number }>('SELECT 2 AS v');
    await new Promise((r) => setTimeout(r, 50));
    const closed = closing.close({ timeoutMs: 5000 });
    expect(closing.closed).toBe(true);
    await expect(closing.query('SELECT 3')).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' });
    expect((await first)[0]?.v).toBe(1);
    expect((await queued)[0]?.v).toBe(2);
    await closed;
    expect(closing.metrics().total).toBe(0);
    await closing.close();
  });

  it('cuts off work that outlives the close timeout', async () => {
    const closing = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1 });
    const slow = closing.query('SELECT SLEEP(5)');
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await closing.close({ timeoutMs: 100 });
    expect(Date.now() - started).toBeLessThan(2000);
    await expect(slow).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' });
  });

  it('ends a stream still being read when close cuts it off', async () => {
    const closing = createRdsPool({ uri: urlFor(user), password: PASSWORD, max: 1 });
    const iterate = async (): Promise<number> => {
      let n = 0;
      for await (const _row of closing.stream('SELECT SLEEP(0.01) FROM information_schema.COLLATIONS', [], {
        highWaterMark: 1,
      })) {
        n++;
        await new Promise((r) => setTimeout(r, 20));
      }
      return n;
    };
    const reading = iterate();
    await new Promise((r) => setTimeout(r, 100));
    await closing.close({ timeoutMs: 50 });
    await expect(reading).rejects.toMatchObject({ code: 'ERR_POOL_CLOSED' });
  });

  it('keeps the password out of messages, JSON and inspect', async () => {
    const secret = 'Sup3r-Secret-Pw-991';
    const bad = createRdsPool({ uri: urlFor(user), password: secret, acquireTimeoutMs: 2000 });
    try {
      const error = await expectSdkError(bad.query('SELECT 1'));
      expect(error.code).toBe('ER_ACCESS_DENIED_ERROR');
      for (const text of [error.message, JSON.stringify(error), inspect(error), inspect(bad), String(error.stack)]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await bad.close();
    }
    const withUri = createRdsPool({ uri: `mysql://${user}:${encodeURIComponent(secret)}@127.0.0.1:1/x` });
    expect(inspect(withUri)).not.toContain(secret);
    await withUri.close();
    expect(() => createRdsPool({ uri: `postgres://u:${secret}@h/d` })).toThrow(TypeError);
    try {
      createRdsPool({ uri: `postgres://u:${secret}@h/d` });
    } catch (error) {
      expect(String(error)).not.toContain(secret);
    }
  });
});
