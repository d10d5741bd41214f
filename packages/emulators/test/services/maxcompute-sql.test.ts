import { createTunnelSchema, decodeRecords } from '@alikit/maxcompute/tunnel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, type MaxComputeSqlOutcome, startEmulators } from '../../src/index';
import { odps, resultText, runSqlRest } from './maxcompute-call';

let emu: Emulators<'maxcompute'>;
let project: string;

beforeAll(async () => {
  emu = await startEmulators({ services: ['maxcompute'] });
  project = emu.maxcompute.project;
});
afterAll(() => emu.stop());

function rowsOf(outcome: MaxComputeSqlOutcome) {
  if (outcome.kind !== 'select') throw new Error(`expected a query result, got text ${outcome.text}`);
  return outcome.rows;
}

const BEHAVIORS = ['pv', 'cart', 'fav', 'buy'];

/** A day of behaviour rows: user i % 37 does behaviour (i * 7) % 4 on item i % 11. */
function dayRows(day: string, count: number) {
  return Array.from({ length: count }, (_, i) => {
    const user = 1000 + (i % 37);
    const behavior = BEHAVIORS[(i * 7) % 4] as string;
    const hh = String(i % 24).padStart(2, '0');
    return {
      user,
      item: 500 + (i % 11),
      behavior,
      ts: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)} ${hh}:00:00`,
    };
  });
}

async function readInstanceTunnel(id: string) {
  const path = `/projects/${project}/instances/${id}`;
  const session = (await odps(emu, { tunnel: true, method: 'POST', path, query: { downloads: null } })).json() as {
    DownloadID: string;
    RecordCount: number;
    Schema: { columns: Array<{ name: string; type: string }> };
  };
  const data = await odps(emu, {
    tunnel: true,
    path,
    query: { data: null, downloadid: session.DownloadID, rowrange: `(0,${session.RecordCount})` },
  });
  expect(data.status).toBe(200);
  return {
    columns: session.Schema.columns,
    records: decodeRecords(createTunnelSchema(session.Schema.columns), new Uint8Array(data.body)).records,
  };
}

describe('maxcompute SQL: the user_behavior scenario', () => {
  it('creates the partitioned table, inserts a day, aggregates it and reads the result through the instance tunnel', async () => {
    const create = await runSqlRest(
      emu,
      `-- the issue's scenario
      CREATE TABLE IF NOT EXISTS user_behavior (
        user_id BIGINT COMMENT 'user',
        item_id BIGINT COMMENT 'item',
        behavior_type STRING COMMENT 'pv/cart/fav/buy',
        ts DATETIME
      )
      COMMENT 'user behaviour log'
      PARTITIONED BY (dt STRING COMMENT 'day')
      STORED AS ALIORC
      TBLPROPERTIES ('columnar.nested.type'='true')
      LIFECYCLE 180;`,
    );
    expect(create.taskStatus).toContain('<Status>Success</Status>');

    const rows = dayRows('20240101', 600);
    const values = rows.map((r) => `(${r.user}, ${r.item}, '${r.behavior}', DATETIME '${r.ts}')`).join(',\n');
    const insert = await runSqlRest(
      emu,
      `set odps.sql.allow.fullscan=true;
       set odps.sql.type.system.odps2=true;
       INSERT OVERWRITE TABLE ${project}.user_behavior PARTITION (dt='20240101') VALUES ${values};`,
    );
    expect(insert.taskStatus).toContain('<Status>Success</Status>');
    // Another day, which the query must not count.
    await emu.maxcompute.insertRows(
      'user_behavior',
      dayRows('20240102', 50).map((r) => [
        BigInt(r.user),
        BigInt(r.item),
        r.behavior,
        new Date(`${r.ts.replace(' ', 'T')}Z`),
      ]),
      { partition: { dt: '20240102' } },
    );

    const query = await runSqlRest(
      emu,
      `SELECT dt, behavior_type, COUNT(DISTINCT user_id) AS uv, COUNT(*) AS cnt
       FROM user_behavior
       WHERE dt = '20240101'
       GROUP BY dt, behavior_type
       ORDER BY cnt DESC, behavior_type
       LIMIT 100;`,
    );
    expect(query.taskStatus).toContain('<Status>Success</Status>');

    const expected = new Map<string, { users: Set<number>; count: number }>();
    for (const r of rows) {
      const entry = expected.get(r.behavior) ?? { users: new Set(), count: 0 };
      entry.users.add(r.user);
      entry.count++;
      expected.set(r.behavior, entry);
    }
    const expectedRows = [...expected.entries()]
      .sort(([a, x], [b, y]) => y.count - x.count || (a < b ? -1 : 1))
      .map(([behavior, e]) => ['20240101', behavior, BigInt(e.users.size), BigInt(e.count)]);

    const { columns, records } = await readInstanceTunnel(query.id);
    expect(columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'dt:string',
      'behavior_type:string',
      'uv:bigint',
      'cnt:bigint',
    ]);
    expect(records).toEqual(expectedRows);

    const csv = resultText(query.result).trimEnd().split('\n');
    expect(csv[0]).toBe('dt,behavior_type,uv,cnt');
    expect(csv.slice(1)).toEqual(expectedRows.map((r) => r.join(',')));

    const partitions = (
      await odps(emu, { path: `/projects/${project}/tables/user_behavior`, query: { partitions: null } })
    ).text();
    expect(partitions).toContain('<Column Name="dt" Value="20240101"/>');
    expect(partitions).toContain('<PartitionRecordCount>600</PartitionRecordCount>');
  });

  it('INSERT OVERWRITE replaces only its partition; INSERT INTO appends', async () => {
    await emu.maxcompute.runSql('CREATE TABLE ow (v BIGINT) PARTITIONED BY (dt STRING)');
    await emu.maxcompute.runSql(
      "INSERT INTO TABLE ow PARTITION (dt='a') VALUES (1), (2); INSERT INTO ow PARTITION (dt='b') VALUES (3)",
    );
    await emu.maxcompute.runSql("INSERT OVERWRITE TABLE ow PARTITION (dt='a') VALUES (10)");
    await emu.maxcompute.runSql("INSERT INTO ow PARTITION (dt='b') SELECT v + 1 FROM ow WHERE dt = 'b'");
    const out = await emu.maxcompute.runSql('SELECT dt, v FROM ow ORDER BY dt, v');
    expect(out).toEqual({
      kind: 'select',
      columns: [
        { name: 'dt', type: 'string' },
        { name: 'v', type: 'bigint' },
      ],
      rows: [
        ['a', 10n],
        ['b', 3n],
        ['b', 4n],
      ],
    });
  });
});

describe('maxcompute SQL: concurrency', () => {
  it('runs concurrent scripts of one project one after another, so inserts never interleave', async () => {
    emu.maxcompute.createProject('concurrent_p');
    const options = { project: 'concurrent_p' };
    await emu.maxcompute.runSql('CREATE TABLE c (v BIGINT) PARTITIONED BY (dt STRING)', options);
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        emu.maxcompute.runSql(
          `INSERT OVERWRITE TABLE c PARTITION (dt='${i % 2}') SELECT ${i}; INSERT INTO c PARTITION (dt='${i % 2}') VALUES (${i})`,
          options,
        ),
      ),
    );
    const out = rowsOf(await emu.maxcompute.runSql('SELECT dt, COUNT(*) FROM c GROUP BY dt ORDER BY dt', options));
    expect(out).toEqual([
      ['0', 2n],
      ['1', 2n],
    ]);
  });
});

describe('maxcompute SQL: dialect translation', () => {
  it('handles dynamic partitions, CTAS, LIKE, ALTER/TRUNCATE partitions and DROP TABLE IF EXISTS', async () => {
    await emu.maxcompute.runSql(`
      CREATE TABLE src (k STRING, v BIGINT);
      INSERT INTO src VALUES ('x', 1), ('y', 2), ('x', 3);
      CREATE TABLE dyn (v BIGINT) PARTITIONED BY (k STRING) LIFECYCLE 3;
      INSERT OVERWRITE TABLE dyn PARTITION (k) SELECT v, k FROM src;
      CREATE TABLE ctas LIFECYCLE 1 AS SELECT k, SUM(v) AS total FROM src GROUP BY k;
      CREATE TABLE IF NOT EXISTS dyn_copy LIKE dyn;
      ALTER TABLE dyn_copy ADD IF NOT EXISTS PARTITION (k='empty');
      ALTER TABLE dyn DROP PARTITION (k='y');
    `);
    expect(rowsOf(await emu.maxcompute.runSql('SELECT k, v FROM dyn ORDER BY v'))).toEqual([
      ['x', 1n],
      ['x', 3n],
    ]);
    expect(await emu.maxcompute.runSql('SELECT * FROM ctas ORDER BY k')).toEqual({
      kind: 'select',
      columns: [
        { name: 'k', type: 'string' },
        { name: 'total', type: 'bigint' },
      ],
      rows: [
        ['x', 4n],
        ['y', 2n],
      ],
    });
    const show = await emu.maxcompute.runSql('SHOW PARTITIONS dyn_copy');
    expect(show).toEqual({ kind: 'text', text: 'k=empty\n' });
    await emu.maxcompute.runSql('TRUNCATE TABLE src; DROP TABLE IF EXISTS ctas; DROP TABLE IF EXISTS never_was');
    expect(rowsOf(await emu.maxcompute.runSql('SELECT COUNT(*) FROM src'))).toEqual([[0n]]);
    await expect(emu.maxcompute.runSql('SELECT * FROM ctas')).rejects.toThrow(/ODPS-0130131/);
    await expect(emu.maxcompute.runSql('DROP TABLE ctas')).rejects.toThrow(/ODPS-0130131/);
  });

  it('maps MaxCompute types, literals and functions to typed results', async () => {
    await emu.maxcompute.runSql(`
      CREATE TABLE typed (
        id BIGINT, d DOUBLE, ok BOOLEAN, at DATETIME, day DATE, ts TIMESTAMP, amount DECIMAL(10,2),
        tags ARRAY<STRING>, attrs MAP<STRING,BIGINT>, pair STRUCT<a:BIGINT,b:STRING>, raw BINARY
      );
      INSERT INTO typed VALUES (
        9007199254740993, 1.5, true, DATETIME '2024-03-04 05:06:07', DATE '2024-03-04',
        TIMESTAMP '2024-03-04 05:06:07.123456789', 12.50BD,
        ARRAY('a', 'b'), MAP('k', 1), NAMED_STRUCT('a', 2, 'b', 'z'), NULL
      );
    `);
    const out = await emu.maxcompute.runSql(
      "SELECT id, d, ok, at, day, ts, amount, tags, attrs, pair, raw, CAST(id AS STRING) AS s, 7 / 2 AS half, IF(ok, 'y', 'n') AS yn, nvl(raw, 'none') AS n FROM typed",
    );
    expect(out.kind).toBe('select');
    if (out.kind !== 'select') return;
    expect(out.columns.map((c) => c.type)).toEqual([
      'bigint',
      'double',
      'boolean',
      'datetime',
      'date',
      'timestamp',
      'decimal(10,2)',
      'array<string>',
      'map<string,bigint>',
      'struct<a:bigint,b:string>',
      'binary',
      'string',
      'double',
      'string',
      'string',
    ]);
    expect(out.rows[0]).toEqual([
      9007199254740993n,
      1.5,
      true,
      new Date(Date.UTC(2024, 2, 4, 5, 6, 7)),
      19_786,
      { seconds: BigInt(Date.UTC(2024, 2, 4, 5, 6, 7) / 1000), nanos: 123_456_789 },
      '12.50',
      ['a', 'b'],
      new Map([['k', 1n]]),
      { a: 2n, b: 'z' },
      null,
      '9007199254740993',
      3.5,
      'y',
      'none',
    ]);
  });

  it('provides MaxCompute date functions (UTC)', async () => {
    const out = await emu.maxcompute.runSql(`SELECT
      to_char(DATETIME '2024-03-04 05:06:07', 'yyyymmdd hh:mi:ss') AS a,
      to_date('20240304', 'yyyymmdd') AS b,
      datediff(DATETIME '2024-03-04 00:00:00', DATETIME '2024-02-28 23:00:00', 'dd') AS c,
      dateadd(DATETIME '2024-01-31 10:00:00', 1, 'mm') AS d,
      datetrunc(DATETIME '2024-03-04 05:06:07', 'hh') AS e,
      unix_timestamp(DATETIME '1970-01-02 00:00:00') AS f,
      from_unixtime(86400) AS g`);
    expect(rowsOf(out)).toEqual([
      [
        '20240304 05:06:07',
        new Date(Date.UTC(2024, 2, 4)),
        5n,
        new Date(Date.UTC(2024, 2, 2, 10)),
        new Date(Date.UTC(2024, 2, 4, 5)),
        86400n,
        new Date(Date.UTC(1970, 0, 2)),
      ],
    ]);
  });

  it('fails with MaxCompute codes for bad inserts and unsupported statements', async () => {
    await emu.maxcompute.runSql('CREATE TABLE strict_t (a BIGINT, b STRING) PARTITIONED BY (dt STRING)');
    await expect(emu.maxcompute.runSql('INSERT INTO strict_t VALUES (1, "x")')).rejects.toThrow(
      /^ODPS-0130071:\[1,13\] Semantic analysis exception - partition spec must name the partition columns \(dt\)/,
    );
    await expect(emu.maxcompute.runSql("INSERT INTO strict_t PARTITION (dt='1') VALUES (1)")).rejects.toThrow(
      /ODPS-0130071:.*1 columns are inserted into 2 target columns/,
    );
    await expect(emu.maxcompute.runSql('GRANT ALL ON TABLE strict_t TO USER x')).rejects.toThrow(
      /^ODPS-0130161:\[1,1\] Parse exception - invalid token 'GRANT'$/,
    );
    await expect(emu.maxcompute.runSql('CREATE TABLE bad_type (a GEOGRAPHY)')).rejects.toThrow(
      /ODPS-0130161:.*invalid type 'GEOGRAPHY'/,
    );
    await expect(emu.maxcompute.runSql('SELECT * FROM other_project.some_table')).rejects.toThrow(
      /ODPS-0130131:\[1,15\] Table not found - table other_project\.some_table cannot be resolved/,
    );
  });
});
