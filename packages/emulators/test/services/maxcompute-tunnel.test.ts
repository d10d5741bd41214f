import { inflateSync } from 'node:zlib';
import {
  createTunnelSchema,
  decodeRecords,
  encodeRecords,
  type TunnelRecordInput,
  type TunnelSchema,
  type TunnelValue,
} from '@alikit/maxcompute/tunnel';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import type { SentResponse } from '../helpers';
import { odps, submitSql, waitTerminated } from './maxcompute-call';

let emu: Emulators<'maxcompute'>;
let project: string;

const COLUMNS = [
  { name: 'id', type: 'bigint' },
  { name: 'name', type: 'string' },
  { name: 'score', type: 'double' },
  { name: 'ok', type: 'boolean' },
  { name: 'at', type: 'datetime' },
  { name: 'day', type: 'date' },
  { name: 'ts', type: 'timestamp' },
  { name: 'amount', type: 'decimal(18,2)' },
  { name: 'raw', type: 'binary' },
  { name: 'tags', type: 'array<bigint>' },
  { name: 'attrs', type: 'map<string,bigint>' },
  { name: 'pair', type: 'struct<a:bigint,b:string>' },
];
const SCHEMA = createTunnelSchema(COLUMNS);

function row(i: number): TunnelValue[] {
  return [
    BigInt(i) * 1_000_000_007n,
    `name-${i}`,
    i / 4,
    i % 2 === 0,
    new Date(Date.UTC(2024, 0, 1, 0, 0, i % 60, i % 1000)),
    19_723 + i,
    { seconds: 1_704_067_200n + BigInt(i), nanos: (i * 7919) % 1_000_000_000 },
    `${i}.25`,
    new Uint8Array([i % 256, 0, 255]),
    [BigInt(i), null, -1n],
    new Map([
      ['k', BigInt(i)],
      ['z', null],
    ]),
    { a: BigInt(i), b: i % 3 === 0 ? null : `b${i}` },
  ];
}
const NULL_ROW: TunnelRecordInput = COLUMNS.map(() => null);

beforeAll(async () => {
  emu = await startEmulators({ services: ['maxcompute'] });
  project = emu.maxcompute.project;
  await emu.maxcompute.createTable('all_types', {
    columns: COLUMNS,
    partitionKeys: [{ name: 'dt', type: 'string' }],
  });
  await emu.maxcompute.insertRows('all_types', [...Array.from({ length: 25 }, (_, i) => row(i)), NULL_ROW], {
    partition: { dt: '20240101' },
  });
});
afterAll(() => emu.stop());
beforeEach(() => emu.faults.clear());

function expectTunnelError(res: SentResponse, status: number, code: string): string {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  const body = res.json() as { Code: string; Message: string; RequestId: string };
  expect(Object.keys(body)).toEqual(['Code', 'Message', 'RequestId']);
  expect(body.Code).toBe(code);
  expect(body.RequestId).toBe(res.headers['x-odps-request-id']);
  return body.Message;
}

async function createDownload(table: string, partition?: string) {
  const res = await odps(emu, {
    tunnel: true,
    method: 'POST',
    path: `/projects/${project}/tables/${table}`,
    query: { downloads: null, ...(partition ? { partition } : {}) },
    headers: { 'odps-tunnel-date-transform': 'v1', 'Content-Length': '0' },
  });
  return res;
}

async function readRange(
  path: string,
  downloadid: string,
  start: number,
  count: number,
  extra: Record<string, string> = {},
) {
  return odps(emu, {
    tunnel: true,
    path,
    query: { data: null, downloadid, rowrange: `(${start},${count})`, ...extra },
  });
}

function decode(schema: TunnelSchema, res: SentResponse) {
  expect(res.status).toBe(200);
  const bytes = res.headers['content-encoding'] === 'deflate' ? inflateSync(res.body) : res.body;
  return decodeRecords(schema, new Uint8Array(bytes)).records;
}

describe('maxcompute tunnel: table download', () => {
  it('creates a session with the record count and schema, and streams every type in ranges', async () => {
    const created = await createDownload('all_types', 'dt=20240101');
    expect(created.status).toBe(200);
    const session = created.json() as {
      DownloadID: string;
      Status: string;
      RecordCount: number;
      Schema: { columns: Array<{ name: string; type: string }>; partitionKeys: Array<{ name: string }> };
    };
    expect(session.Status).toBe('normal');
    expect(session.RecordCount).toBe(26);
    expect(session.Schema.columns.map((c) => `${c.name}:${c.type}`)).toEqual(COLUMNS.map((c) => `${c.name}:${c.type}`));
    expect(session.Schema.partitionKeys.map((c) => c.name)).toEqual(['dt']);
    const path = `/projects/${project}/tables/all_types`;
    const first = decode(SCHEMA, await readRange(path, session.DownloadID, 0, 10, { partition: 'dt=20240101' }));
    const rest = decode(SCHEMA, await readRange(path, session.DownloadID, 10, 16, { partition: 'dt=20240101' }));
    const all = [...first, ...rest];
    expect(all).toHaveLength(26);
    for (let i = 0; i < 25; i++) expect(all[i]).toEqual(row(i));
    expect(all[25]).toEqual(NULL_ROW);

    const status = await odps(emu, {
      tunnel: true,
      path,
      query: { downloadid: session.DownloadID, partition: 'dt=20240101' },
    });
    expect((status.json() as { RecordCount: number }).RecordCount).toBe(26);
  });

  it('accepts v4 signatures and the three-tier path with the schema in it', async () => {
    const res = await odps(emu, {
      tunnel: true,
      method: 'POST',
      path: `/projects/${project}/schemas/default/tables/all_types`,
      query: { downloads: null, partition: 'dt=20240101' },
      signatureVersion: 'v4',
    });
    expect(res.status).toBe(200);
    const id = (res.json() as { DownloadID: string }).DownloadID;
    const data = await odps(emu, {
      tunnel: true,
      path: `/projects/${project}/schemas/default/tables/all_types`,
      query: { data: null, downloadid: id, rowrange: '(0,1)', partition: 'dt=20240101' },
      signatureVersion: 'v4',
    });
    expect(decode(SCHEMA, data)).toEqual([row(0)]);
  });

  it('reads a column subset in the listed order, and deflates when asked', async () => {
    const session = (await createDownload('all_types', "dt='20240101'")).json() as { DownloadID: string };
    const path = `/projects/${project}/tables/all_types`;
    const res = await odps(emu, {
      tunnel: true,
      path,
      query: {
        data: null,
        downloadid: session.DownloadID,
        rowrange: '(3,2)',
        columns: 'name,id',
        partition: 'dt=20240101',
      },
      headers: { 'Accept-Encoding': 'deflate' },
    });
    expect(res.headers['content-encoding']).toBe('deflate');
    const schema = createTunnelSchema([
      COLUMNS[1] as { name: string; type: string },
      COLUMNS[0] as { name: string; type: string },
    ]);
    expect(decode(schema, res)).toEqual([
      [row(3)[1], row(3)[0]],
      [row(4)[1], row(4)[0]],
    ]);
  });

  it('answers tunnel errors as JSON: missing or unknown partitions, bad ranges and columns, unknown sessions and tables', async () => {
    expectTunnelError(await createDownload('all_types'), 400, 'MissingPartitionSpec');
    expectTunnelError(await createDownload('all_types', 'dt=19990101'), 404, 'NoSuchPartition');
    expectTunnelError(await createDownload('all_types', 'nope=1'), 400, 'InvalidPartitionSpec');
    expectTunnelError(await createDownload('no_table_here'), 404, 'NoSuchTable');
    const session = (await createDownload('all_types', 'dt=20240101')).json() as { DownloadID: string };
    const path = `/projects/${project}/tables/all_types`;
    expectTunnelError(await readRange(path, session.DownloadID, 20, 10), 400, 'InvalidRowRange');
    expectTunnelError(
      await readRange(path, session.DownloadID, 0, 1, { columns: 'missing' }),
      400,
      'InvalidColumnSpec',
    );
    expectTunnelError(await readRange(path, 'nope', 0, 1), 404, 'NoSuchDownload');
    const unsigned = await fetch(`${emu.maxcompute.tunnelEndpoint}/projects/${project}/tables/all_types?downloads`, {
      method: 'POST',
    });
    expect(unsigned.status).toBe(401);
    expect(((await unsigned.json()) as { Code: string }).Code).toBe('AuthorizationRequired');
  });

  it('reports TableModified when the table changes under a session', async () => {
    await emu.maxcompute.createTable('modified_t', { columns: [{ name: 'v', type: 'bigint' }] });
    await emu.maxcompute.insertRows('modified_t', [[1n]]);
    const session = (await createDownload('modified_t')).json() as { DownloadID: string };
    await emu.maxcompute.insertRows('modified_t', [[2n]]);
    const path = `/projects/${project}/tables/modified_t`;
    expectTunnelError(await readRange(path, session.DownloadID, 0, 1), 409, 'TableModified');
  });

  it('drops the connection mid-body when asked, then serves the range again', async () => {
    const session = (await createDownload('all_types', 'dt=20240101')).json() as { DownloadID: string };
    const path = `/projects/${project}/tables/all_types`;
    emu.maxcompute.interruptDownloads(100, { operation: 'DownloadTableRecords' });
    await expect(readRange(path, session.DownloadID, 0, 26, { partition: 'dt=20240101' })).rejects.toThrow();
    const again = decode(SCHEMA, await readRange(path, session.DownloadID, 0, 26, { partition: 'dt=20240101' }));
    expect(again).toHaveLength(26);

    emu.faults.inject('maxcompute', { resetConnection: true, times: 1, match: { operation: 'DownloadTableRecords' } });
    await expect(readRange(path, session.DownloadID, 0, 1, { partition: 'dt=20240101' })).rejects.toThrow();
    expect(decode(SCHEMA, await readRange(path, session.DownloadID, 0, 1, { partition: 'dt=20240101' }))).toHaveLength(
      1,
    );
  });
});

describe('maxcompute tunnel: table upload', () => {
  const upSchema = createTunnelSchema([
    { name: 'id', type: 'bigint' },
    { name: 'tags', type: 'array<string>' },
  ]);

  async function upload(table: string, query: Record<string, string | null>) {
    const path = `/projects/${project}/tables/${table}`;
    const res = await odps(emu, { tunnel: true, method: 'POST', path, query: { uploads: null, ...query } });
    return { res, path };
  }

  it('writes blocks, lists them, commits into a new partition, and refuses a second commit', async () => {
    await emu.maxcompute.createTable('upload_t', {
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'tags', type: 'array<string>' },
      ],
      partitionKeys: [{ name: 'dt', type: 'string' }],
    });
    expectTunnelError((await upload('upload_t', { partition: 'dt=20240105' })).res, 404, 'NoSuchPartition');
    const { res, path } = await upload('upload_t', { partition: 'dt=20240105', create_partition: 'true' });
    const session = res.json() as {
      UploadID: string;
      Status: string;
      MaxFieldSize: number;
      UploadedBlockList: unknown[];
    };
    expect(session.Status).toBe('normal');
    expect(session.MaxFieldSize).toBe(8 * 1024 * 1024);
    expect(session.UploadedBlockList).toEqual([]);
    const block = (rows: unknown[][]) => encodeRecords(upSchema, rows as never);
    const put = (blockid: string, body: Uint8Array) =>
      odps(emu, {
        tunnel: true,
        method: 'PUT',
        path,
        query: { uploadid: session.UploadID, blockid, partition: 'dt=20240105' },
        body,
        contentType: 'application/octet-stream',
      });
    expect((await put('1', block([[3n, ['c']]]))).status).toBe(200);
    expect(
      (
        await put(
          '0',
          block([
            [1n, ['a', null]],
            [2n, null],
          ]),
        )
      ).status,
    ).toBe(200);
    // Writing a block id again replaces it (a retried block).
    expect((await put('1', block([[3n, ['c', 'd']]]))).status).toBe(200);

    const corrupted = block([[9n, ['x']]]);
    corrupted[corrupted.indexOf(0x78)] = 0x79; // 'x' → 'y': the record CRC no longer matches
    expectTunnelError(await put('2', corrupted), 400, 'CorruptedDataStream');
    expectTunnelError(await put('3', block([[9n, null]]).subarray(0, 4)), 400, 'MalformedDataStream');
    expectTunnelError(await put('20000', block([])), 400, 'InvalidBlockID');

    const status = await odps(emu, {
      tunnel: true,
      path,
      query: { uploadid: session.UploadID, partition: 'dt=20240105' },
    });
    expect((status.json() as { UploadedBlockList: unknown[] }).UploadedBlockList).toEqual([
      { BlockID: 0 },
      { BlockID: 1 },
    ]);
    expect(await emu.maxcompute.readRows('upload_t', { partition: 'dt=20240105' })).toEqual([]);

    const commit = await odps(emu, {
      tunnel: true,
      method: 'POST',
      path,
      query: { uploadid: session.UploadID, partition: 'dt=20240105' },
    });
    expect((commit.json() as { Status: string }).Status).toBe('closed');
    expect(await emu.maxcompute.readRows('upload_t', { partition: 'dt=20240105' })).toEqual([
      [1n, ['a', null]],
      [2n, null],
      [3n, ['c', 'd']],
    ]);
    const again = await odps(emu, {
      tunnel: true,
      method: 'POST',
      path,
      query: { uploadid: session.UploadID, partition: 'dt=20240105' },
    });
    expectTunnelError(again, 409, 'StatusConflict');

    const sql = await emu.maxcompute.runSql("SELECT COUNT(*) AS n FROM upload_t WHERE dt = '20240105'");
    expect(sql).toEqual({ kind: 'select', columns: [{ name: 'n', type: 'bigint' }], rows: [[3n]] });
  });

  it('replaces the partition on commit with overwrite=true', async () => {
    await emu.maxcompute.createTable('overwrite_t', {
      columns: [
        { name: 'id', type: 'bigint' },
        { name: 'tags', type: 'array<string>' },
      ],
    });
    await emu.maxcompute.insertRows('overwrite_t', [[100n, null]]);
    const { res, path } = await upload('overwrite_t', { overwrite: 'true' });
    const id = (res.json() as { UploadID: string }).UploadID;
    await odps(emu, {
      tunnel: true,
      method: 'PUT',
      path,
      query: { uploadid: id, blockid: '0' },
      body: encodeRecords(upSchema, [[7n, ['x']]]),
      contentType: 'application/octet-stream',
    });
    await odps(emu, { tunnel: true, method: 'POST', path, query: { uploadid: id } });
    expect(await emu.maxcompute.readRows('overwrite_t')).toEqual([[7n, ['x']]]);
  });
});

describe('maxcompute tunnel: instance tunnel', () => {
  it('reads a 50,000-row result completely (no 10,000 cap), and caps it in limited mode', async () => {
    const id = await submitSql(
      emu,
      'WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 50000) SELECT x AS id, x * 0.5 AS half FROM n',
    );
    await waitTerminated(emu, id);
    const path = `/projects/${project}/instances/${id}`;
    const created = await odps(emu, { tunnel: true, method: 'POST', path, query: { downloads: null } });
    const session = created.json() as {
      DownloadID: string;
      RecordCount: number;
      Schema: { columns: Array<{ name: string; type: string }> };
    };
    expect(session.RecordCount).toBe(50_000);
    expect(session.Schema.columns).toEqual([
      { name: 'id', type: 'bigint', comment: '', nullable: true, column_id: '1' },
      { name: 'half', type: 'double', comment: '', nullable: true, column_id: '2' },
    ]);
    const schema = createTunnelSchema(session.Schema.columns);
    let next = 1n;
    for (let start = 0; start < 50_000; start += 20_000) {
      const count = Math.min(20_000, 50_000 - start);
      const records = decode(schema, await readRange(path, session.DownloadID, start, count));
      expect(records).toHaveLength(count);
      let mismatches = 0;
      for (const record of records) {
        if (record[0] !== next || record[1] !== Number(next) * 0.5) mismatches++;
        next++;
      }
      expect(mismatches).toBe(0);
    }
    expect(next).toBe(50_001n);
    const limited = await odps(emu, {
      tunnel: true,
      method: 'POST',
      path,
      query: { downloads: null, instance_tunnel_limit_enabled: null },
    });
    expect((limited.json() as { RecordCount: number }).RecordCount).toBe(10_000);
  });

  it('refuses running, failed and non-SELECT instances', async () => {
    const ddl = await submitSql(emu, 'CREATE TABLE IF NOT EXISTS ddl_only (a BIGINT)');
    await waitTerminated(emu, ddl);
    const post = (id: string) =>
      odps(emu, {
        tunnel: true,
        method: 'POST',
        path: `/projects/${project}/instances/${id}`,
        query: { downloads: null },
      });
    expectTunnelError(await post(ddl), 400, 'InstanceTypeNotSupported');
    const failed = await submitSql(emu, 'SELECT * FROM nowhere_table');
    await waitTerminated(emu, failed);
    expectTunnelError(await post(failed), 400, 'InstanceTypeNotSupported');
    emu.maxcompute.instanceRunDelayMs = 60_000;
    try {
      const running = await submitSql(emu, 'SELECT 1');
      expectTunnelError(await post(running), 400, 'InstanceNotTerminate');
    } finally {
      emu.maxcompute.instanceRunDelayMs = 0;
    }
  });
});
