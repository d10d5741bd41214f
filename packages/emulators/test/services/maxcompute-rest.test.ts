import { parseMaxComputeError } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import type { SentResponse } from '../helpers';
import { odps, resultText, runSqlRest, sqlJobXml, submitSql, waitTerminated } from './maxcompute-call';

let emu: Emulators<'maxcompute'>;
let project: string;

beforeAll(async () => {
  emu = await startEmulators({ services: ['maxcompute'] });
  project = emu.maxcompute.project;
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.faults.clear();
  emu.maxcompute.instanceRunDelayMs = 0;
});

function expectXmlError(res: SentResponse, status: number, code: string): string {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/xml');
  const requestId = res.headers['x-odps-request-id'];
  expect(requestId).toMatch(/^[0-9A-F]{24}$/);
  const text = res.text();
  expect(text).toMatch(
    new RegExp(
      `^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<Error><Code>${code}</Code><Message>[^<]*</Message><RequestId>${requestId}</RequestId><HostId>[^<]+</HostId></Error>$`,
    ),
  );
  const parsed = parseMaxComputeError({
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: res.body,
    operation: 'Test',
  });
  expect(parsed.code).toBe(code);
  return text;
}

function schemaOf(xml: string): Record<string, unknown> {
  const m = /<Schema format="json"><!\[CDATA\[([\s\S]*?)\]\]><\/Schema>/.exec(xml);
  expect(m).not.toBeNull();
  return JSON.parse(m?.[1] as string) as Record<string, unknown>;
}

describe('maxcompute REST: projects', () => {
  it('lists projects with marker paging', async () => {
    emu.maxcompute.createProject('paging_a');
    emu.maxcompute.createProject('paging_b');
    const names: string[] = [];
    let marker = '';
    for (let page = 0; page < 10; page++) {
      const res = await odps(emu, {
        path: '/projects',
        query: { expectmarker: 'true', maxitems: 1, name: 'paging_', ...(marker ? { marker } : {}) },
      });
      expect(res.status).toBe(200);
      const xml = res.text();
      expect(xml).toContain('<MaxItems>1</MaxItems>');
      names.push(...[...xml.matchAll(/<Name>([^<]+)<\/Name>/g)].map((m) => m[1] as string));
      marker = /<Marker>([^<]*)<\/Marker>/.exec(xml)?.[1] ?? '';
      if (!marker) break;
    }
    expect(names).toEqual(['paging_a', 'paging_b']);
    const all = (await odps(emu, { path: '/projects', query: { expectmarker: 'true' } })).text();
    expect(all).toContain(`<Name>${project}</Name>`);
    expect(all).toContain('<Marker/>');
  });
});

describe('maxcompute REST: tables and partitions', () => {
  it('shows a table created by SQL with its schema, partition keys, lifecycle and size', async () => {
    const run = await runSqlRest(
      emu,
      `CREATE TABLE IF NOT EXISTS ${project}.meta_sales (
         id BIGINT COMMENT 'row id', amount DECIMAL(18,2), tags ARRAY<STRING>, ok BOOLEAN NOT NULL
       ) COMMENT 'daily sales' PARTITIONED BY (ds STRING COMMENT 'day', region STRING) LIFECYCLE 30;
       INSERT INTO meta_sales PARTITION (ds='20240101', region='hz') VALUES (1, '9.50', '["a"]', true), (2, NULL, NULL, false);`,
    );
    expect(run.taskStatus).toContain('<Status>Success</Status>');
    const res = await odps(emu, { path: `/projects/${project}/tables/meta_sales` });
    expect(res.status).toBe(200);
    const xml = res.text();
    expect(xml).toContain('<Name>meta_sales</Name>');
    expect(xml).toContain('<Comment>daily sales</Comment>');
    expect(xml).toContain('<Type>MANAGED_TABLE</Type>');
    expect(xml).toMatch(/<CreationTime>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT<\/CreationTime>/);
    const schema = schemaOf(xml);
    expect(schema.lifecycle).toBe(30);
    expect(schema.comment).toBe('daily sales');
    expect(schema.recordNum).toBe(2);
    expect(schema.size).toBeGreaterThan(0);
    expect(typeof schema.createTime).toBe('number');
    expect(schema.columns).toEqual([
      { name: 'id', type: 'bigint', comment: 'row id', label: '', isNullable: true },
      { name: 'amount', type: 'decimal(18,2)', comment: '', label: '', isNullable: true },
      { name: 'tags', type: 'array<string>', comment: '', label: '', isNullable: true },
      { name: 'ok', type: 'boolean', comment: '', label: '', isNullable: false },
    ]);
    expect(schema.partitionKeys).toEqual([
      { name: 'ds', type: 'string', comment: 'day', label: '' },
      { name: 'region', type: 'string', comment: '', label: '' },
    ]);
  });

  it('shows tables created through the view to SQL, and lists tables with paging and a name prefix', async () => {
    for (const name of ['page_t1', 'page_t2', 'page_t3']) {
      await emu.maxcompute.createTable(name, { columns: [{ name: 'v', type: 'string' }] });
    }
    await emu.maxcompute.insertRows('page_t2', [['x'], ['y']]);
    const run = await runSqlRest(emu, 'SELECT COUNT(*) AS n FROM page_t2');
    expect(resultText(run.result)).toBe('n\n2\n');
    const seen: string[] = [];
    let marker = '';
    for (let i = 0; i < 10; i++) {
      const res = await odps(emu, {
        path: `/projects/${project}/tables`,
        query: { expectmarker: 'true', name: 'page_', maxitems: 2, ...(marker ? { marker } : {}) },
      });
      const xml = res.text();
      seen.push(...[...xml.matchAll(/<Table><Name>([^<]+)<\/Name>/g)].map((m) => m[1] as string));
      marker = /<Marker>([^<]*)<\/Marker>/.exec(xml)?.[1] ?? '';
      if (!marker) break;
    }
    expect(seen).toEqual(['page_t1', 'page_t2', 'page_t3']);
  });

  it('answers NoSuchObject (404) with ODPS-0130131 for a missing table, and for a dropped one', async () => {
    const text = expectXmlError(
      await odps(emu, { path: `/projects/${project}/tables/no_such_table` }),
      404,
      'NoSuchObject',
    );
    expect(text).toContain(`ODPS-0130131:Table not found - &apos;${project}.no_such_table&apos;`);
    await emu.maxcompute.createTable('dropped_t', { columns: [{ name: 'v', type: 'string' }] });
    expect((await odps(emu, { path: `/projects/${project}/tables/dropped_t` })).status).toBe(200);
    await runSqlRest(emu, 'DROP TABLE IF EXISTS dropped_t');
    expectXmlError(await odps(emu, { path: `/projects/${project}/tables/dropped_t` }), 404, 'NoSuchObject');
    expectXmlError(await odps(emu, { path: '/projects/nope_project/tables' }), 404, 'NoSuchObject');
  });

  it('lists and gets partitions with counts, filters and paging', async () => {
    await emu.maxcompute.createTable('parts_t', {
      columns: [{ name: 'v', type: 'bigint' }],
      partitionKeys: [
        { name: 'dt', type: 'string' },
        { name: 'hh', type: 'string' },
      ],
    });
    await emu.maxcompute.insertRows('parts_t', [[1n], [2n]], { partition: { dt: '20240101', hh: '00' } });
    await emu.maxcompute.insertRows('parts_t', [[3n]], { partition: 'dt=20240101,hh=01' });
    await runSqlRest(emu, "INSERT INTO parts_t PARTITION (dt='20240102', hh) SELECT 4, '05'");
    const res = await odps(emu, {
      path: `/projects/${project}/tables/parts_t`,
      query: { partitions: null, expectmarker: 'true' },
    });
    const xml = res.text();
    const specs = [...xml.matchAll(/<Column Name="dt" Value="(\d+)"\/><Column Name="hh" Value="(\d+)"\/>/g)].map(
      (m) => `${m[1]}/${m[2]}`,
    );
    expect(specs).toEqual(['20240101/00', '20240101/01', '20240102/05']);
    expect(xml).toContain('<PartitionRecordCount>2</PartitionRecordCount>');
    expect(xml).toMatch(/<CreationTime>\d+<\/CreationTime>/);

    const filtered = await odps(emu, {
      path: `/projects/${project}/tables/parts_t`,
      query: { partitions: null, expectmarker: 'true', partition: "dt='20240101'", maxitems: 1 },
    });
    const fx = filtered.text();
    expect(fx.match(/<Partition>/g)).toHaveLength(1);
    expect(/<Marker>([^<]+)<\/Marker>/.exec(fx)).not.toBeNull();

    const one = await odps(emu, {
      path: `/projects/${project}/tables/parts_t`,
      query: { partition: "dt='20240101',hh='00'" },
    });
    expect(one.status).toBe(200);
    const json = JSON.parse(/<!\[CDATA\[([\s\S]*?)\]\]>/.exec(one.text())?.[1] as string);
    expect(json.partitionRecordNum).toBe(2);
    const missing = await odps(emu, {
      path: `/projects/${project}/tables/parts_t`,
      query: { partition: "dt='1',hh='2'" },
    });
    expectXmlError(missing, 404, 'NoSuchPartition');
  });
});

describe('maxcompute REST: SQL instances', () => {
  it('goes Running → Terminated, with task status, progress, summary and source', async () => {
    emu.maxcompute.instanceRunDelayMs = 1500; // ample time to see it Running on a loaded machine
    const id = await submitSql(emu, 'SELECT 1 AS one');
    const path = `/projects/${project}/instances/${id}`;
    const running = await odps(emu, { path, query: { instancestatus: null } });
    expect(running.text()).toContain('<Instance><Status>Running</Status></Instance>');
    expect(running.headers['x-odps-start-time']).toMatch(/GMT$/);
    expect(running.headers['x-odps-end-time']).toBeUndefined();
    expectXmlError(await odps(emu, { path, query: { result: null } }), 400, 'InstanceNotTerminate');
    await waitTerminated(emu, id);
    const tasks = (await odps(emu, { path, query: { taskstatus: null } })).text();
    expect(tasks).toMatch(
      /<Instance><Status>Terminated<\/Status><Tasks><Task Type="SQL"><Name>AnonymousSQLTask<\/Name><StartTime>[^<]+<\/StartTime><EndTime>[^<]+<\/EndTime><Status>Success<\/Status><Histories\/><\/Task><\/Tasks><\/Instance>/,
    );
    const progress = (
      await odps(emu, { path, query: { instanceprogress: 'AnonymousSQLTask', taskname: 'AnonymousSQLTask' } })
    ).text();
    expect(progress).toContain('<Stage ID="M1_job_0"><Status>Terminated</Status>');
    const summary = await odps(emu, { path, query: { instancesummary: null, taskname: 'AnonymousSQLTask' } });
    expect(summary.headers['x-odps-task-finalized']).toBe('true');
    expect(JSON.parse(JSON.parse(summary.text()).Instance.JsonSummary)).toHaveProperty('Cost');
    const source = (await odps(emu, { path, query: { source: null } })).text();
    expect(source).toContain('<Query><![CDATA[SELECT 1 AS one]]></Query>');
    const list = (await odps(emu, { path: `/projects/${project}/instances`, query: { status: 'Terminated' } })).text();
    expect(list).toContain(`<Name>${id}</Name>`);
  });

  it('returns SELECT results as MaxCompute CSV with a ResultDescriptor', async () => {
    await emu.maxcompute.createTable('csv_t', {
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 's', type: 'string' },
        { name: 'd', type: 'double' },
        { name: 'b', type: 'boolean' },
        { name: 'ts', type: 'datetime' },
      ],
    });
    await emu.maxcompute.insertRows('csv_t', [
      [1n, 'plain', 7, true, new Date(Date.UTC(2024, 0, 2, 3, 4, 5))],
      [2n, 'a,b "q"', 0.5, false, null],
      [3n, 'line\nbreak\\', null, null, null],
      [4n, null, null, null, null],
    ]);
    const { result } = await runSqlRest(emu, 'SELECT id, s, d, b, ts FROM csv_t ORDER BY id');
    expect(resultText(result)).toBe(
      [
        'id,s,d,b,ts',
        '1,plain,7.0,true,2024-01-02 03:04:05',
        '2,"a,b ""q""",0.5,false,\\N',
        '3,line\\nbreak\\\\,\\N,\\N,\\N',
        '4,\\N,\\N,\\N,\\N',
        '',
      ].join('\n'),
    );
    expect(result).toContain('<Result Format="csv">');
    const descriptor = JSON.parse(
      /<ResultDescriptor>([^<]*)<\/ResultDescriptor>/.exec(result)?.[1]?.replace(/&quot;/g, '"') as string,
    );
    expect(descriptor).toEqual({
      IsSelect: true,
      Schema: {
        Columns: [
          { Name: 'id', Type: 'bigint' },
          { Name: 's', Type: 'string' },
          { Name: 'd', Type: 'double' },
          { Name: 'b', Type: 'boolean' },
          { Name: 'ts', Type: 'datetime' },
        ],
      },
    });
  });

  it('caps ?result at 10,000 rows and marks it TRUNCATED', async () => {
    const { result } = await runSqlRest(
      emu,
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 12000) SELECT x FROM n',
    );
    const lines = resultText(result).trimEnd().split('\n');
    expect(lines).toHaveLength(10_001);
    expect(lines[10_000]).toBe('10000');
    expect(result).toContain('TRUNCATED');
  });

  it('fails tasks with the engine message: parse errors, missing tables and columns, duplicates', async () => {
    const cases: Array<[string, RegExp]> = [
      ['SELEC 1', /^ODPS-0130161:\[1,1\] Parse exception - invalid token 'SELEC'$/],
      [
        'SELECT * FROM missing_table_x',
        /^ODPS-0130131:\[1,15\] Table not found - table \w+\.missing_table_x cannot be resolved$/,
      ],
      ['SELECT nope FROM csv_t', /^ODPS-0130071:\[1,8\] Semantic analysis exception - column nope cannot be resolved$/],
      ['CREATE TABLE csv_t (a BIGINT)', /^ODPS-0110061:Failed to run ddltask - AlreadyExistsException/],
      ["SELECT 'unterminated", /^ODPS-0130161:\[1,8\] Parse exception - unterminated string literal$/],
    ];
    for (const [sql, message] of cases) {
      const run = await runSqlRest(emu, sql);
      expect(run.taskStatus).toContain('<Status>Failed</Status>');
      expect(run.result).toContain('<Result Format="text">');
      expect(resultText(run.result)).toMatch(message);
    }
  });

  it('terminates a running instance: the task ends Cancelled', async () => {
    emu.maxcompute.instanceRunDelayMs = 60_000;
    const id = await submitSql(emu, 'CREATE TABLE never_created (a BIGINT)');
    const path = `/projects/${project}/instances/${id}`;
    const bad = await odps(emu, {
      method: 'PUT',
      path,
      body: '<Instance><Status>Running</Status></Instance>',
      contentType: 'application/xml',
    });
    expectXmlError(bad, 400, 'InvalidArgument');
    const res = await odps(emu, {
      method: 'PUT',
      path,
      body: '<?xml version="1.0" encoding="utf-8"?><Instance><Status>Terminated</Status></Instance>',
      contentType: 'application/xml',
    });
    expect(res.status).toBe(200);
    await waitTerminated(emu, id);
    expect((await odps(emu, { path, query: { taskstatus: null } })).text()).toContain('<Status>Cancelled</Status>');
    expect((await odps(emu, { path: `/projects/${project}/tables/never_created` })).status).toBe(404);
  });

  it('deduplicates submissions with the same Guid', async () => {
    const a = await submitSql(emu, 'SELECT 1', { guid: 'guid-123' });
    const b = await submitSql(emu, 'SELECT 1', { guid: 'guid-123' });
    expect(b).toBe(a);
    expect(await submitSql(emu, 'SELECT 1', { guid: 'guid-456' })).not.toBe(a);
  });

  it('rejects a malformed job and unknown instances with XML errors', async () => {
    const res = await odps(emu, {
      method: 'POST',
      path: `/projects/${project}/instances`,
      body: '<Instance><Job><Tasks></Tasks></Job></Instance>',
      contentType: 'application/xml',
    });
    expectXmlError(res, 400, 'InvalidArgument');
    expectXmlError(
      await odps(emu, { path: `/projects/${project}/instances/20240101000000000gnope` }),
      404,
      'NoSuchObject',
    );
    const noGuidJob = sqlJobXml('SELECT 1').replace('<Priority>9</Priority>', '<Priority>-1</Priority>');
    const negative = await odps(emu, {
      method: 'POST',
      path: `/projects/${project}/instances`,
      body: noGuidJob,
      contentType: 'application/xml',
    });
    expectXmlError(negative, 400, 'InvalidArgument');
  });

  it('matches injected faults by operation name', async () => {
    emu.faults.inject('maxcompute', { status: 503, times: 1, match: { operation: 'CreateInstance' } });
    const res = await odps(emu, {
      method: 'POST',
      path: `/projects/${project}/instances`,
      body: sqlJobXml('SELECT 1'),
      contentType: 'application/xml',
    });
    expectXmlError(res, 503, 'ServiceUnavailable');
    expect(emu.maxcompute.requestCount('CreateInstance')).toBeGreaterThan(0);
  });
});

describe('maxcompute REST: discovery', () => {
  it('advertises the tunnel endpoint and a Logview host and token', async () => {
    const tunnel = await odps(emu, { path: `/projects/${project}/tunnel`, query: { service: null } });
    expect(tunnel.status).toBe(200);
    expect(`http://${tunnel.text()}`).toBe(emu.maxcompute.tunnelEndpoint);
    const host = await odps(emu, { path: '/logview/host' });
    expect(host.text()).toBe(emu.maxcompute.tunnelEndpoint);
    const token = await odps(emu, {
      method: 'POST',
      path: `/projects/${project}/authorization`,
      query: { sign_bearer_token: null },
      body: JSON.stringify({ expires_in_hours: 720, policy: {} }),
      contentType: 'application/json',
    });
    expect(token.text()).toMatch(/<Authorization><Result>[\w-]+<\/Result><\/Authorization>/);
  });
});
