/**
 * RDS pool benchmarks against the real MariaDB (`ALIKIT_MYSQL_URL`, default
 * `mysql://root@127.0.0.1:3306/test`): throughput of `SELECT 1` and of a point query on a primary
 * key, with 1, 16 and 64 calls in flight, for our pool and for mysql2's own `createPool` (its
 * promise API) with the same size, both warmed up and measured in alternating rounds in this
 * process. Each of our rows also gives the p99 time callers waited for a connection over its last
 * rounds. The point query uses a prepared statement (`execute`) on both sides. When MariaDB does
 * not answer, the suite prints one row saying so instead of failing.
 */
import { createRdsPool, type RdsPool } from '@alikit/rds-pool';
import { createConnection, createPool, type Pool } from 'mysql2/promise';
import { compareAsync, type Row } from '../harness';

export const title = 'RDS pool (MariaDB, pool size 16): throughput in queries/s, ours vs mysql2 createPool';

const URL_TEXT = process.env.ALIKIT_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/test';
const POOL_SIZE = 16;
const CONCURRENCY = [1, 16, 64] as const;
const ROWS = 10_000;
const BASELINE = 'mysql2 3.24.6 createPool (promise)';

function where(): string {
  const url = new URL(URL_TEXT);
  return `${url.hostname}:${url.port || 3306}`;
}

export async function run(): Promise<Row[]> {
  let setup: Awaited<ReturnType<typeof createConnection>>;
  try {
    setup = await createConnection({ uri: URL_TEXT, connectTimeout: 2000 });
  } catch (error) {
    return [
      {
        name: `skipped: MariaDB is not answering at ${where()} (${(error as { code?: string }).code ?? 'error'}); start it or set ALIKIT_MYSQL_URL`,
        baseline: BASELINE,
        oursOpsPerSec: Number.NaN,
        baselineOpsPerSec: Number.NaN,
        ratio: Number.NaN,
      },
    ];
  }
  const table = `bench_rds_pool_${process.pid}`;
  let ours: RdsPool | undefined;
  let theirs: Pool | undefined;
  try {
    await setup.query(`DROP TABLE IF EXISTS \`${table}\``);
    await setup.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, name VARCHAR(32) NOT NULL, qty INT NOT NULL)`);
    const values = Array.from({ length: ROWS }, (_, i) => [i + 1, `item-${i + 1}`, i % 97]);
    for (let i = 0; i < values.length; i += 1000) {
      await setup.query(`INSERT INTO \`${table}\` (id, name, qty) VALUES ?`, [values.slice(i, i + 1000)]);
    }

    ours = createRdsPool({ uri: URL_TEXT, min: POOL_SIZE, max: POOL_SIZE });
    theirs = createPool({ uri: URL_TEXT, connectionLimit: POOL_SIZE, maxIdle: POOL_SIZE });
    const pointSql = `SELECT id, name, qty FROM \`${table}\` WHERE id = ?`;
    let next = 0;
    const key = (): number => (next++ % ROWS) + 1;
    const oursPool = ours;
    const theirPool = theirs;
    const workloads = [
      {
        what: 'SELECT 1',
        ours: () => oursPool.query('SELECT 1'),
        theirs: () => theirPool.query('SELECT 1'),
      },
      {
        what: 'point query by primary key (prepared)',
        ours: () => oursPool.execute(pointSql, [key()]),
        theirs: () => theirPool.execute(pointSql, [key()]),
      },
    ];
    // Open every connection of both pools before timing.
    await Promise.all(Array.from({ length: POOL_SIZE * 2 }, () => oursPool.query('SELECT SLEEP(0.01)')));
    await Promise.all(Array.from({ length: POOL_SIZE * 2 }, () => theirPool.query('SELECT SLEEP(0.01)')));

    const rows: Row[] = [];
    for (const w of workloads) {
      for (const concurrency of CONCURRENCY) {
        const row = await compareAsync(
          {
            name: `${w.what}, ${concurrency} in flight`,
            ours: w.ours,
            baseline: w.theirs,
            baselineName: BASELINE,
            concurrency,
          },
          { rounds: 6, roundMs: 400 },
        );
        const p99 = oursPool.metrics().acquireWaitMs.p99;
        rows.push({ ...row, name: `${row.name} (our p99 acquire wait ${p99.toFixed(3)} ms)` });
      }
    }
    return rows;
  } finally {
    await ours?.close({ timeoutMs: 2000 });
    await theirs?.end();
    await setup.query(`DROP TABLE IF EXISTS \`${table}\``).catch(() => undefined);
    await setup.end();
  }
}
