import { isSdkError } from '@alikit/core';
import { MaxComputeClient, type MaxComputeRow } from '@alikit/maxcompute';
import type { StepContext, TourStep } from '../step';

/** The day the tour loads into the `user_behavior` table. */
export const TOUR_DAY = '20240101';
/** Users and events per user of the tour's day of activity. */
const USERS = 500;
const EVENTS_PER_USER = 8;
const BEHAVIORS = ['buy', 'cart', 'fav', 'pv'] as const;

/** The table the tour creates, as MaxCompute DDL. */
export const CREATE_USER_BEHAVIOR = `CREATE TABLE IF NOT EXISTS user_behavior (
  user_id BIGINT, item_id BIGINT, behavior_type STRING, ts DATETIME
) PARTITIONED BY (dt STRING) LIFECYCLE 30`;

/** The aggregation the tour runs over the day. */
export const USER_BEHAVIOR_QUERY = `SELECT dt, behavior_type, COUNT(DISTINCT user_id) AS users, COUNT(*) AS events
FROM user_behavior WHERE dt = '${TOUR_DAY}'
GROUP BY dt, behavior_type ORDER BY dt, behavior_type`;

/** One event of the tour's day; deterministic so the expected counts are known. */
export function tourEvent(i: number): { user_id: bigint; item_id: bigint; behavior_type: string; ts: Date } {
  const user = Math.floor(i / EVENTS_PER_USER);
  return {
    user_id: BigInt(user),
    item_id: BigInt(10_000 + ((i * 7919) % 5000)),
    behavior_type: BEHAVIORS[(user * 3 + (i % EVENTS_PER_USER)) % (user % 5 === 0 ? 1 : 4)] as string,
    ts: new Date(Date.UTC(2024, 0, 1, 0, 0, Math.floor((i * 86_399) / (USERS * EVENTS_PER_USER)))),
  };
}

async function* dayOfEvents() {
  for (let i = 0; i < USERS * EVENTS_PER_USER; i++) yield tourEvent(i);
}

/** The rows the query must give, computed from the generated events. */
export function expectedSummary(): { behavior_type: string; users: bigint; events: bigint }[] {
  const users = new Map<string, Set<bigint>>();
  const events = new Map<string, number>();
  for (let i = 0; i < USERS * EVENTS_PER_USER; i++) {
    const e = tourEvent(i);
    users.set(e.behavior_type, (users.get(e.behavior_type) ?? new Set()).add(e.user_id));
    events.set(e.behavior_type, (events.get(e.behavior_type) ?? 0) + 1);
  }
  return [...events.keys()].sort().map((b) => ({
    behavior_type: b,
    users: BigInt(users.get(b)?.size ?? 0),
    events: BigInt(events.get(b) ?? 0),
  }));
}

/** Tour step: the user_behavior scenario on the MaxCompute emulator, SQL + tunnel end to end. */
export const maxcomputeStep: TourStep = {
  name: 'maxcompute',
  title: 'MaxCompute: MaxComputeClient from @alikit/maxcompute, DDL → tunnel upload → GROUP BY job → instance tunnel',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const { maxcompute } = emulators;
    const mc = new MaxComputeClient({
      endpoint: maxcompute.endpoint,
      region: maxcompute.region,
      project: maxcompute.project,
      credentials: { ...emulators.credentials, source: 'emulator' },
      poller: { intervalMs: 50, jitter: 0, maxIntervalMs: 200 },
    });
    log(`  project ${mc.project} at ${mc.endpoint}`);

    const guard = async (subject: string, action: string, expected: string, work: () => Promise<void>) => {
      try {
        await work();
      } catch (error) {
        if (!isSdkError(error)) throw error;
        record({
          subject,
          action,
          expected,
          ok: false,
          outcome: error.code,
          status: error.status,
          requestId: error.requestId,
          errorMessage: error.message,
        });
        throw error;
      }
    };

    await guard(
      'table user_behavior',
      'runSql(CREATE TABLE …) → getTable',
      'partitioned by dt, lifecycle 30',
      async () => {
        await mc.runSql(CREATE_USER_BEHAVIOR);
        const table = await mc.getTable('user_behavior');
        const keys = table.partitionKeys.map((k) => k.name).join(',');
        record({
          subject: 'table user_behavior',
          action: 'runSql(CREATE TABLE …) → getTable',
          expected: 'partitioned by dt, lifecycle 30',
          ok: keys === 'dt' && table.lifecycle === 30,
          outcome: `partitioned by ${keys}, lifecycle ${table.lifecycle}`,
        });
        log(`    columns: ${table.columns.map((c) => `${c.name} ${c.type}`).join(', ')}`);
      },
    );

    const total = USERS * EVENTS_PER_USER;
    await guard('tunnel upload', `uploadTable(dt=${TOUR_DAY})`, `${total} rows committed`, async () => {
      const upload = await mc.uploadTable('user_behavior', dayOfEvents(), {
        partition: { dt: TOUR_DAY },
        overwrite: true,
        blockBytes: 32 * 1024,
      });
      record({
        subject: 'tunnel upload',
        action: `uploadTable(dt=${TOUR_DAY})`,
        expected: `${total} rows committed`,
        ok: upload.recordCount === total,
        outcome: `${upload.recordCount} rows committed`,
        summary: `${upload.blockCount} blocks, session ${upload.uploadId}`,
      });
    });

    await guard(
      'SQL job',
      'beginRunSql → pollUntilDone → rows()',
      'Success, rows via the instance tunnel',
      async () => {
        const started = Date.now();
        const job = await mc.beginRunSql(USER_BEHAVIOR_QUERY, { hints: { 'odps.sql.type.system.odps2': true } });
        log(`    instance ${job.state.instanceId}`);
        log(`    logview ${job.state.logviewUrl ?? '(none)'}`);
        let shown = '';
        job.onProgress((s) => {
          const line = `${s.status}/${s.taskStatus} ${s.progress ?? '?'}%`;
          if (line === shown) return;
          shown = line;
          log(`    onProgress +${Date.now() - started} ms ${line}`);
        });
        const result = await job.pollUntilDone({ timeoutMs: 30_000 });
        const rows: MaxComputeRow[] = [];
        for await (const row of result.rows()) rows.push(row);
        log('    dt        behavior  users  events');
        for (const r of rows) {
          log(
            `    ${r.dt}  ${String(r.behavior_type).padEnd(8)}  ${String(r.users).padStart(5)}  ${String(r.events).padStart(6)}`,
          );
        }
        const got = rows.map((r) => ({ behavior_type: r.behavior_type, users: r.users, events: r.events }));
        const want = expectedSummary();
        const ok =
          got.length === want.length &&
          got.every(
            (g, i) =>
              g.behavior_type === want[i]?.behavior_type && g.users === want[i]?.users && g.events === want[i]?.events,
          );
        record({
          subject: 'SQL job',
          action: 'beginRunSql → pollUntilDone → rows()',
          expected: 'Success, rows via the instance tunnel',
          ok,
          outcome: `${job.state.taskStatus}, ${rows.length} rows (users, events as bigint)`,
          errorMessage: ok
            ? undefined
            : `expected ${JSON.stringify(want, (_k, v) => (typeof v === 'bigint' ? `${v}` : v))}`,
        });
      },
    );

    await guard('tunnel download', `downloadTable(dt=${TOUR_DAY})`, `${total} rows, each once`, async () => {
      let count = 0;
      let last = -1n;
      let ordered = true;
      for await (const row of mc.downloadTable('user_behavior', { partition: { dt: TOUR_DAY }, rangeSize: 1000 })) {
        const user = row.user_id as bigint;
        if (user < last) ordered = false;
        last = user;
        count++;
      }
      record({
        subject: 'tunnel download',
        action: `downloadTable(dt=${TOUR_DAY})`,
        expected: `${total} rows, each once`,
        ok: count === total && ordered,
        outcome: `${count} rows${ordered ? ', in order' : ', out of order'}`,
      });
    });

    await guard('missing table', 'getTable(no_such_table)', 'NoSuchObject', async () => {
      const error = await mc.getTable('no_such_table').catch((e: unknown) => e);
      const code = isSdkError(error) ? error.code : 'no error';
      record({
        subject: 'missing table',
        action: 'getTable(no_such_table)',
        expected: 'NoSuchObject',
        ok: code === 'NoSuchObject',
        outcome: code,
        status: isSdkError(error) ? error.status : undefined,
        requestId: isSdkError(error) ? error.requestId : undefined,
      });
    });
  },
};
