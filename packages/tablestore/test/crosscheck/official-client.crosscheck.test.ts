import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTable, type TablestoreClient } from '../../src/index';
import { startTablestore, tableName } from '../emulator/helpers';

// The official npm SDK (untyped), used as the reference client against the same emulator.
// biome-ignore lint/suspicious/noExplicitAny: the package ships no types
const TableStore = createRequire(import.meta.url)('tablestore') as any;

let ctx: Awaited<ReturnType<typeof startTablestore>>;
let ours: TablestoreClient;
// biome-ignore lint/suspicious/noExplicitAny: the package ships no types
let official: any;
const call = <T>(method: string, params: object): Promise<T> =>
  new Promise((resolve, reject) => official[method](params, (e: unknown, d: T) => (e ? reject(e) : resolve(d))));

beforeAll(async () => {
  ctx = await startTablestore();
  ours = ctx.client;
  official = new TableStore.Client({
    accessKeyId: ctx.emu.credentials.accessKeyId,
    secretAccessKey: ctx.emu.credentials.accessKeySecret,
    endpoint: ctx.emu.tablestore.endpoint,
    instancename: ctx.emu.tablestore.instanceName,
    maxRetries: 0,
  });
});
afterAll(() => ctx.emu.stop());

describe('the official tablestore client and ours agree on the same emulator', () => {
  it('official creates, puts, batch-writes and scans; ours reads the same rows and writes rows it reads', async () => {
    const name = tableName('xcheck');
    const def = defineTable({
      name,
      primaryKey: { id: 'string', seq: 'integer' },
      attributes: { s: 'string', n: 'integer', d: 'double', b: 'boolean' },
    });
    await call('createTable', {
      tableMeta: {
        tableName: name,
        primaryKey: [
          { name: 'id', type: 'STRING' },
          { name: 'seq', type: 'INTEGER' },
        ],
      },
      reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
      tableOptions: { timeToLive: -1, maxVersions: 1 },
    });
    expect((await ours.describeTable(name)).primaryKey).toEqual([
      { name: 'id', type: 'string' },
      { name: 'seq', type: 'integer' },
    ]);

    const ignore = new TableStore.Condition(TableStore.RowExistenceExpectation.IGNORE, null);
    await call('putRow', {
      tableName: name,
      condition: ignore,
      primaryKey: [{ id: 'a' }, { seq: TableStore.Long.fromNumber(1) }],
      attributeColumns: [{ s: 'from-official' }, { n: TableStore.Long.fromNumber(42) }, { d: 2.5 }, { b: true }],
    });
    const table = ours.table(def);
    expect((await table.getRow({ id: 'a', seq: 1n })).row).toEqual({
      id: 'a',
      seq: 1n,
      s: 'from-official',
      n: 42n,
      d: 2.5,
      b: true,
    });

    await table.putRow({ id: 'b', seq: 2n, s: 'from-ours', n: 7n });
    const got = await call<{
      row: {
        primaryKey: { name: string; value: unknown }[];
        attributes: { columnName: string; columnValue: unknown }[];
      };
    }>('getRow', {
      tableName: name,
      primaryKey: [{ id: 'b' }, { seq: TableStore.Long.fromNumber(2) }],
      maxVersions: 1,
    });
    const attrs = Object.fromEntries(got.row.attributes.map((a) => [a.columnName, String(a.columnValue)]));
    expect(attrs).toEqual({ s: 'from-ours', n: '7' });

    await call('batchWriteRow', {
      tables: [
        {
          tableName: name,
          rows: [3, 4, 5].map((i) => ({
            type: 'PUT',
            condition: ignore,
            primaryKey: [{ id: 'c' }, { seq: TableStore.Long.fromNumber(i) }],
            attributeColumns: [{ n: TableStore.Long.fromNumber(i * 10) }],
            returnContent: { returnType: TableStore.ReturnType.Primarykey },
          })),
        },
      ],
    });
    const scanned = [];
    for await (const row of table.getRange({ start: { id: 'c' } })) scanned.push(row);
    expect(scanned).toEqual([3n, 4n, 5n].map((seq) => ({ id: 'c', seq, n: seq * 10n })));

    const range = await call<{ rows: unknown[]; nextStartPrimaryKey: unknown }>('getRange', {
      tableName: name,
      direction: TableStore.Direction.FORWARD,
      inclusiveStartPrimaryKey: [{ id: TableStore.INF_MIN }, { seq: TableStore.INF_MIN }],
      exclusiveEndPrimaryKey: [{ id: TableStore.INF_MAX }, { seq: TableStore.INF_MAX }],
      limit: 10,
    });
    expect(range.rows).toHaveLength(5);
    expect(range.nextStartPrimaryKey).toBeNull();
  });
});
