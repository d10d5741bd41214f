import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MaxComputeClient } from '../../src/index';
import { collect, mcClient, startMaxCompute } from './helpers';

let emu: Emulators<'maxcompute'>;
let mc: MaxComputeClient;

beforeAll(async () => {
  emu = await startMaxCompute();
  mc = mcClient(emu);
});

afterAll(async () => {
  await emu?.stop();
});

const BEHAVIORS = ['buy', 'cart', 'fav', 'pv'] as const;

/** A day of events: user u (0..39) does behavior b when (u + i) % 4 === b's index, i = 0..2. */
function dayOfEvents(): { user_id: bigint; item_id: bigint; behavior_type: string; ts: Date }[] {
  const events = [];
  for (let u = 0; u < 40; u++) {
    for (let i = 0; i < 3; i++) {
      events.push({
        user_id: BigInt(u),
        item_id: BigInt(1000 + u * 3 + i),
        behavior_type: BEHAVIORS[(u + i) % 4] as string,
        ts: new Date(Date.UTC(2024, 0, 1, u % 24, i * 10)),
      });
    }
  }
  return events;
}

describe('user_behavior scenario end to end', () => {
  it('creates the partitioned table, inserts a day with SQL and the tunnel, and aggregates it', async () => {
    await mc.runSql(
      `CREATE TABLE IF NOT EXISTS user_behavior (
         user_id BIGINT, item_id BIGINT, behavior_type STRING, ts DATETIME
       ) PARTITIONED BY (dt STRING) LIFECYCLE 30`,
    );
    const table = await mc.getTable('user_behavior');
    expect(table.partitionKeys.map((k) => k.name)).toEqual(['dt']);
    expect(table.lifecycle).toBe(30);

    // Half the day by INSERT ... PARTITION, the other half through the table tunnel.
    const events = dayOfEvents();
    const half = events.length / 2;
    const values = events
      .slice(0, half)
      .map(
        (e) =>
          `(${e.user_id}, ${e.item_id}, '${e.behavior_type}', DATETIME '${e.ts.toISOString().slice(0, 19).replace('T', ' ')}')`,
      )
      .join(',\n');
    await mc.runSql(`INSERT INTO TABLE user_behavior PARTITION (dt='20240101') VALUES ${values}`);
    const upload = await mc.uploadTable('user_behavior', events.slice(half), { partition: { dt: '20240101' } });
    expect(upload.recordCount).toBe(half);
    expect((await collect(mc.listPartitions('user_behavior'))).map((p) => p.spec)).toEqual([{ dt: '20240101' }]);

    const result = await mc.runSql(
      `SELECT dt, behavior_type, COUNT(DISTINCT user_id) AS users, COUNT(*) AS events
       FROM user_behavior WHERE dt = '20240101'
       GROUP BY dt, behavior_type ORDER BY dt, behavior_type`,
      { hints: { 'odps.sql.type.system.odps2': true } },
    );
    const rows = await collect(result.rows());
    const expected = BEHAVIORS.map((behavior) => {
      const matching = events.filter((e) => e.behavior_type === behavior);
      return {
        dt: '20240101',
        behavior_type: behavior,
        users: BigInt(new Set(matching.map((e) => e.user_id)).size),
        events: BigInt(matching.length),
      };
    });
    expect(rows).toEqual(expected);

    const downloaded = await collect(mc.downloadTable('user_behavior', { partition: { dt: '20240101' } }));
    expect(downloaded).toHaveLength(events.length);
    expect(downloaded[0]).toEqual({ ...events[0], dt: '20240101' });
  });
});
