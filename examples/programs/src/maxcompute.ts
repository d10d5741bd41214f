// @alikit/maxcompute: the user_behavior scenario — create a partitioned table, insert a day of events
// with SQL, run an aggregation as a job followed by its poller, and read the result rows through the
// instance tunnel — against the MaxCompute emulator.
// Run: npx tsx examples/programs/src/maxcompute.ts
import { pathToFileURL } from 'node:url';
import { startEmulators } from '@alikit/emulators';
import { MaxComputeClient } from '@alikit/maxcompute';

/** A day of events: [user_id, item_id, behavior_type, time of day]. */
const EVENTS: ReadonlyArray<readonly [number, number, string, string]> = [
  [1, 101, 'pv', '08:00:00'],
  [1, 101, 'cart', '08:01:10'],
  [1, 101, 'buy', '08:03:45'],
  [2, 101, 'pv', '09:15:00'],
  [2, 102, 'pv', '09:16:30'],
  [3, 103, 'pv', '12:00:00'],
  [3, 103, 'fav', '12:02:00'],
  [4, 102, 'pv', '18:30:00'],
  [4, 102, 'buy', '18:35:00'],
];

const CREATE = `CREATE TABLE IF NOT EXISTS user_behavior (
  user_id BIGINT, item_id BIGINT, behavior_type STRING, ts DATETIME
) PARTITIONED BY (dt STRING) LIFECYCLE 30`;

const INSERT = `INSERT INTO user_behavior PARTITION (dt='20240101') VALUES
${EVENTS.map(([user, item, type, time]) => `  (${user}, ${item}, '${type}', DATETIME '2024-01-01 ${time}')`).join(',\n')}`;

const QUERY = `SELECT dt, behavior_type, COUNT(DISTINCT user_id) AS users, COUNT(*) AS events
FROM user_behavior WHERE dt = '20240101'
GROUP BY dt, behavior_type ORDER BY dt, behavior_type`;

/** Loads a day of user behaviour and checks the per-behaviour user and event counts. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['maxcompute'] });
  try {
    // Against the real service: new MaxComputeClient({ region: 'cn-hangzhou', project: 'my_project' }).
    const mc = new MaxComputeClient({
      endpoint: emu.maxcompute.endpoint,
      region: emu.maxcompute.region,
      project: emu.maxcompute.project,
      credentials: { ...emu.credentials, source: 'emulator' },
      poller: { intervalMs: 50, maxIntervalMs: 200 }, // the emulator finishes jobs quickly
    });

    await mc.runSql(CREATE); // runSql = beginRunSql + pollUntilDone
    const table = await mc.getTable('user_behavior');
    out(
      `created user_behavior: ${table.columns.length} columns, partitioned by ${table.partitionKeys.map((k) => k.name).join(', ')}, lifecycle ${table.lifecycle}`,
    );
    await mc.runSql(INSERT);
    out(`inserted ${EVENTS.length} events into dt=20240101`);

    const job = await mc.beginRunSql(QUERY, { hints: { 'odps.sql.type.system.odps2': true } });
    out(`submitted instance ${job.state.instanceId}`);
    const result = await job.pollUntilDone({ signal: AbortSignal.timeout(30_000) });
    out(`job ${job.state.status}/${job.state.taskStatus}`);

    // rows() reads the result through the instance tunnel (no 10,000-row cap); BIGINT is bigint.
    const got: string[] = [];
    for await (const row of result.rows()) {
      got.push(`${row.dt} ${row.behavior_type}: ${row.users} users, ${row.events} events`);
      if (typeof row.users !== 'bigint') throw new Error(`users should be a bigint, got ${typeof row.users}`);
    }
    for (const line of got) out(`  ${line}`);

    const want = [...new Set(EVENTS.map((e) => e[2]))].sort().map((type) => {
      const events = EVENTS.filter((e) => e[2] === type);
      return `20240101 ${type}: ${new Set(events.map((e) => e[0])).size} users, ${events.length} events`;
    });
    if (got.join('\n') !== want.join('\n')) throw new Error(`unexpected counts; expected:\n${want.join('\n')}`);
    const tunnelReads = emu.maxcompute.requestCount('DownloadInstanceRecords');
    if (tunnelReads === 0) throw new Error('the rows did not come through the instance tunnel');
    out(`${got.length} rows read through the instance tunnel, counts as expected`);
  } finally {
    await emu.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
