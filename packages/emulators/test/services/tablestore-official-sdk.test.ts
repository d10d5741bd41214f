import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { requireFromCore } from '../helpers';

// The official npm `tablestore` client (no TypeScript types shipped, so loaded through require and
// described by the few members used here) against our emulator: it must understand the emulator's
// protobuf bodies, PlainBuffer rows, checksums and errors exactly as it understands the service.

interface Int64Like {
  toNumber(): number;
}
interface Row {
  primaryKey: { name: string; value: unknown }[];
  attributes: { columnName: string; columnValue: unknown; timestamp: Int64Like }[];
}
interface OtsClient {
  createTable(params: object): Promise<unknown>;
  describeTable(params: object): Promise<{
    tableMeta: { tableName: string; primaryKey: { name: string }[] };
    tableOptions: { timeToLive: number; maxVersions: number };
  }>;
  listTable(params: object): Promise<{ tableNames: string[] }>;
  deleteTable(params: object): Promise<unknown>;
  putRow(params: object): Promise<{ consumed: { capacityUnit: { write: number } }; row: Row | Record<string, never> }>;
  getRow(params: object): Promise<{ row: Row | Record<string, never> }>;
  updateRow(params: object): Promise<{ row: Row | Record<string, never> }>;
  deleteRow(params: object): Promise<unknown>;
  getRange(params: object): Promise<{ rows: Row[]; nextStartPrimaryKey: { name: string; value: unknown }[] | null }>;
  batchWriteRow(params: object): Promise<{ tables: { tableName: string; isOk: boolean }[] }>;
  batchGetRow(params: object): Promise<{
    // One flat entry per requested key: the row's own fields sit next to isOk (null when missing).
    tables: ({ tableName: string; isOk: boolean } & { [K in keyof Row]: Row[K] | null })[][];
  }>;
}
interface TableStoreModule {
  Client: new (config: Record<string, unknown>) => OtsClient;
  Long: { fromNumber(n: number): Int64Like };
  Condition: new (rowExistence: number, columnCondition: unknown) => unknown;
  SingleColumnCondition: new (name: string, value: unknown, comparator: number, passIfMissing?: boolean) => unknown;
  RowExistenceExpectation: { IGNORE: number; EXPECT_EXIST: number; EXPECT_NOT_EXIST: number };
  ComparatorType: { EQUAL: number };
  ReturnType: { Primarykey: number; AfterModify: number };
  PK_AUTO_INCR: unknown;
  Direction: { FORWARD: string; BACKWARD: string };
  INF_MIN: unknown;
  INF_MAX: unknown;
}

const TableStore = requireFromCore('tablestore') as TableStoreModule;
const { Long, Condition, RowExistenceExpectation: Existence } = TableStore;

let emu: Emulators<'tablestore'>;
let client: OtsClient;

beforeAll(async () => {
  emu = await startEmulators({ services: ['tablestore'] });
  client = new TableStore.Client({
    accessKeyId: emu.credentials.accessKeyId,
    secretAccessKey: emu.credentials.accessKeySecret,
    endpoint: emu.tablestore.endpoint,
    instancename: emu.tablestore.instanceName,
    maxRetries: 0,
  });
  await client.createTable({
    tableMeta: {
      tableName: 'users',
      primaryKey: [
        { name: 'tenant', type: 'STRING' },
        { name: 'id', type: 'INTEGER' },
      ],
    },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
  });
});
afterAll(() => emu?.stop());

const attr = (row: Row | Record<string, never>, name: string): unknown =>
  (row as Row).attributes?.find((a) => a.columnName === name)?.columnValue;
/** The integer `id` key of a row (the npm client decodes INTEGER as an Int64LE object). */
const idOf = (row: Row): number => {
  const value = row.primaryKey[1]?.value as Int64Like | undefined;
  if (value === undefined) throw new Error('row has no id column');
  return value.toNumber();
};
const ignore = () => new Condition(Existence.IGNORE, null);

/** The npm client reports errors with the HTTP status as `code` and the raw protobuf as text (its bug 1). */
async function otsFailure(call: Promise<unknown>): Promise<{ status: unknown; message: string }> {
  try {
    await call;
  } catch (error) {
    const e = error as { code: unknown; message: string };
    return { status: e.code, message: String(e.message) };
  }
  throw new Error('expected the call to fail');
}

describe('official tablestore client against the emulator', () => {
  it('creates, lists and describes a table', async () => {
    expect((await client.listTable({})).tableNames).toContain('users');
    const described = await client.describeTable({ tableName: 'users' });
    expect(described.tableMeta.tableName).toBe('users');
    expect(described.tableMeta.primaryKey.map((c) => c.name)).toEqual(['tenant', 'id']);
    expect(described.tableOptions.maxVersions).toBe(1);
    expect(described.tableOptions.timeToLive).toBe(-1);
  });

  it('puts a row and gets it back with integer, double, string and boolean columns', async () => {
    const put = await client.putRow({
      tableName: 'users',
      condition: ignore(),
      primaryKey: [{ tenant: 'acme' }, { id: Long.fromNumber(1) }],
      attributeColumns: [{ name: 'Ada' }, { age: Long.fromNumber(36) }, { score: 9.5 }, { admin: true }],
      returnContent: { returnType: TableStore.ReturnType.Primarykey },
    });
    expect(put.consumed.capacityUnit.write).toBeGreaterThanOrEqual(1);
    expect((put.row as Row).primaryKey.map((c) => c.name)).toEqual(['tenant', 'id']);

    const got = await client.getRow({
      tableName: 'users',
      primaryKey: [{ tenant: 'acme' }, { id: Long.fromNumber(1) }],
      maxVersions: 1,
    });
    expect(attr(got.row, 'name')).toBe('Ada');
    expect((attr(got.row, 'age') as Int64Like).toNumber()).toBe(36);
    expect(attr(got.row, 'score')).toBe(9.5);
    expect(attr(got.row, 'admin')).toBe(true);
    expect((got.row as Row).attributes[0]?.timestamp.toNumber()).toBeGreaterThan(0);
    expect(emu.tablestore.rows('users')[0]?.attributes).toMatchObject({ name: 'Ada', age: 36n });
  });

  it('returns an empty row for a missing key', async () => {
    const got = await client.getRow({
      tableName: 'users',
      primaryKey: [{ tenant: 'nobody' }, { id: Long.fromNumber(404) }],
    });
    expect(got.row).toEqual({});
  });

  it('sees OTSConditionCheckFail for EXPECT_NOT_EXIST on an existing row and for a failed column condition', async () => {
    const key = [{ tenant: 'acme' }, { id: Long.fromNumber(1) }];
    const exists = await otsFailure(
      client.putRow({
        tableName: 'users',
        condition: new Condition(Existence.EXPECT_NOT_EXIST, null),
        primaryKey: key,
        attributeColumns: [{ name: 'Bob' }],
      }),
    );
    expect(exists.status).toBe(403);
    expect(exists.message).toContain('OTSConditionCheckFail');

    const columnCondition = new TableStore.SingleColumnCondition('name', 'Grace', TableStore.ComparatorType.EQUAL);
    const mismatch = await otsFailure(
      client.updateRow({
        tableName: 'users',
        condition: new Condition(Existence.EXPECT_EXIST, columnCondition),
        primaryKey: key,
        updateOfAttributeColumns: [{ PUT: [{ name: 'Bob' }] }],
      }),
    );
    expect(mismatch.status).toBe(403);
    expect(mismatch.message).toContain('OTSConditionCheckFail');
    expect(emu.tablestore.rows('users')[0]?.attributes['name']).toBe('Ada');
  });

  it('batch writes rows and batch gets them', async () => {
    const rows = Array.from({ length: 12 }, (_, i) => ({
      type: 'PUT',
      condition: ignore(),
      primaryKey: [{ tenant: 'batch' }, { id: Long.fromNumber(i) }],
      attributeColumns: [{ n: Long.fromNumber(i * 10) }],
    }));
    const written = await client.batchWriteRow({ tables: [{ tableName: 'users', rows }] });
    expect(written.tables).toHaveLength(12);
    expect(written.tables.every((r) => r.isOk)).toBe(true);

    const read = await client.batchGetRow({
      tables: [
        {
          tableName: 'users',
          primaryKey: [
            [{ tenant: 'batch' }, { id: Long.fromNumber(3) }],
            [{ tenant: 'batch' }, { id: Long.fromNumber(99) }],
          ],
        },
      ],
    });
    const [found, missing] = read.tables[0] ?? [];
    expect(found?.isOk).toBe(true);
    expect(found?.primaryKey?.map((c) => c.name)).toEqual(['tenant', 'id']);
    expect(Number(found?.attributes?.find((a) => a.columnName === 'n')?.columnValue)).toBe(30);
    expect(missing?.isOk).toBe(true);
    expect(missing?.primaryKey).toBeNull();
  });

  it('scans a range forward and backward, paging on nextStartPrimaryKey', async () => {
    const ids: number[] = [];
    let start: unknown[] = [{ tenant: 'batch' }, { id: TableStore.INF_MIN }];
    for (let page = 0; page < 10; page++) {
      const result = await client.getRange({
        tableName: 'users',
        direction: TableStore.Direction.FORWARD,
        inclusiveStartPrimaryKey: start,
        exclusiveEndPrimaryKey: [{ tenant: 'batch' }, { id: TableStore.INF_MAX }],
        limit: 5,
      });
      for (const row of result.rows) ids.push(idOf(row));
      if (!result.nextStartPrimaryKey) break;
      start = result.nextStartPrimaryKey.map((c) => ({ [c.name]: c.value }));
    }
    expect(ids).toEqual(Array.from({ length: 12 }, (_, i) => i));

    const backward = await client.getRange({
      tableName: 'users',
      direction: TableStore.Direction.BACKWARD,
      inclusiveStartPrimaryKey: [{ tenant: 'batch' }, { id: TableStore.INF_MAX }],
      exclusiveEndPrimaryKey: [{ tenant: 'batch' }, { id: TableStore.INF_MIN }],
      limit: 3,
    });
    expect(backward.rows.map(idOf)).toEqual([11, 10, 9]);
    expect(backward.nextStartPrimaryKey).not.toBeNull();
  });

  it('increments a counter and returns it after modify', async () => {
    const key = [{ tenant: 'acme' }, { id: Long.fromNumber(7) }];
    await client.putRow({
      tableName: 'users',
      condition: ignore(),
      primaryKey: key,
      attributeColumns: [{ hits: Long.fromNumber(1) }],
    });
    const res = await client.updateRow({
      tableName: 'users',
      condition: new Condition(Existence.EXPECT_EXIST, null),
      primaryKey: key,
      updateOfAttributeColumns: [{ INCREMENT: [{ hits: Long.fromNumber(41) }] }],
      returnContent: { returnColumns: ['hits'], returnType: TableStore.ReturnType.AfterModify },
    });
    expect((attr(res.row, 'hits') as Int64Like).toNumber()).toBe(42);
  });

  it('generates auto-increment keys and returns them with RT_PK', async () => {
    await client.createTable({
      tableMeta: {
        tableName: 'events',
        primaryKey: [
          { name: 'stream', type: 'STRING' },
          { name: 'seq', type: 'INTEGER', option: 'AUTO_INCREMENT' },
        ],
      },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
    });
    const put = () =>
      client.putRow({
        tableName: 'events',
        condition: ignore(),
        primaryKey: [{ stream: 's' }, { seq: TableStore.PK_AUTO_INCR }],
        attributeColumns: [{ body: 'hello' }],
        returnContent: { returnType: TableStore.ReturnType.Primarykey },
      });
    const first = idOf((await put()).row as Row);
    const second = idOf((await put()).row as Row);
    expect(second).toBeGreaterThan(first);
    expect(emu.tablestore.rowCount('events')).toBe(2);
  });

  it('scans an empty range', async () => {
    const result = await client.getRange({
      tableName: 'users',
      direction: TableStore.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ tenant: 'zzz-empty' }, { id: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ tenant: 'zzz-empty' }, { id: TableStore.INF_MAX }],
    });
    expect(result.rows).toEqual([]);
    expect(result.nextStartPrimaryKey).toBeNull();
  });

  it('deletes a row and a table', async () => {
    await client.deleteRow({
      tableName: 'users',
      condition: new Condition(Existence.EXPECT_EXIST, null),
      primaryKey: [{ tenant: 'acme' }, { id: Long.fromNumber(1) }],
    });
    const got = await client.getRow({
      tableName: 'users',
      primaryKey: [{ tenant: 'acme' }, { id: Long.fromNumber(1) }],
    });
    expect(got.row).toEqual({});
    await client.createTable({
      tableMeta: { tableName: 'scratch', primaryKey: [{ name: 'k', type: 'STRING' }] },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
    });
    await client.deleteTable({ tableName: 'scratch' });
    expect((await client.listTable({})).tableNames).not.toContain('scratch');
    const missing = await otsFailure(client.describeTable({ tableName: 'scratch' }));
    expect(missing.status).toBe(404);
    expect(missing.message).toContain('OTSObjectNotExist');
  });
});
