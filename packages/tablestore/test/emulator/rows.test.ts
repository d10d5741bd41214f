import { isServiceError } from '@alikit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTable, type TableClient, type TablestoreClient } from '../../src/index';
import { startTablestore, tableName } from './helpers';

const items = defineTable({
  name: tableName('items'),
  primaryKey: { id: 'string', seq: 'integer', tag: 'binary' },
  attributes: { price: 'double', qty: 'integer', name: 'string', active: 'boolean', data: 'binary' },
});
const counters = defineTable({
  name: tableName('counters'),
  primaryKey: { shard: 'string', n: 'autoIncrement' },
  attributes: { hits: 'integer', label: 'string' },
});

let ctx: Awaited<ReturnType<typeof startTablestore>>;
let client: TablestoreClient;
let table: TableClient<typeof items>;
beforeAll(async () => {
  ctx = await startTablestore();
  client = ctx.client;
  await client.createTable(items, { maxVersions: 3 });
  await client.createTable(counters);
  table = client.table(items);
});
afterAll(() => ctx.emu.stop());

const tag = Uint8Array.of(1, 2, 3);

describe('single-row operations against the emulator', () => {
  it('puts and gets a typed row: int64 as bigint, binary as Uint8Array, double as number', async () => {
    const big = 2n ** 62n + 7n;
    await table.putRow({
      id: 'a',
      seq: big,
      tag,
      price: 9.5,
      qty: -3n,
      name: 'héllo 世界',
      active: true,
      data: Uint8Array.of(0, 255),
    });
    const { row, timestamps, consumed } = await table.getRow({ id: 'a', seq: big, tag });
    expect(row).toEqual({
      id: 'a',
      seq: big,
      tag,
      price: 9.5,
      qty: -3n,
      name: 'héllo 世界',
      active: true,
      data: Uint8Array.of(0, 255),
    });
    expect(typeof row?.seq).toBe('bigint');
    expect(row?.tag).toBeInstanceOf(Uint8Array);
    expect(timestamps.price).toBeGreaterThan(1_600_000_000_000);
    expect(consumed.read).toBeGreaterThanOrEqual(1);
    expect(ctx.emu.tablestore.rows(items.name)).toHaveLength(1);
  });

  it('returns undefined for a missing row, and reads chosen columns', async () => {
    expect((await table.getRow({ id: 'missing', seq: 1n, tag })).row).toBeUndefined();
    await table.putRow({ id: 'cols', seq: 1n, tag, price: 1.25, name: 'x', qty: 5n });
    const { row } = await table.getRow({ id: 'cols', seq: 1n, tag }, { columns: ['name', 'qty'] });
    expect(row).toEqual({ id: 'cols', seq: 1n, tag, name: 'x', qty: 5n });
  });

  it('putRow replaces the whole row', async () => {
    await table.putRow({ id: 'replace', seq: 1n, tag, price: 1, name: 'old' });
    await table.putRow({ id: 'replace', seq: 1n, tag, qty: 2n });
    expect((await table.getRow({ id: 'replace', seq: 1n, tag })).row).toEqual({ id: 'replace', seq: 1n, tag, qty: 2n });
  });

  it('reads several versions with maxVersions', async () => {
    const key = { id: 'versions', seq: 1n, tag };
    for (const name of ['v1', 'v2', 'v3']) {
      await table.updateRow({ key, put: { name } });
      await new Promise((r) => setTimeout(r, 3));
    }
    const { row, versions } = await table.getRow(key, { maxVersions: 3 });
    expect(row?.name).toBe('v3');
    expect(versions.name?.map((v) => v.value)).toEqual(['v3', 'v2', 'v1']);
    const one = await table.getRow(key);
    expect(one.versions.name).toHaveLength(1);
  });

  it('updateRow puts, increments, deletes columns and single versions, and returns columns after modify', async () => {
    const key = { id: 'upd', seq: 1n, tag };
    await table.putRow({ ...key, qty: 10n, name: 'n', price: 2 });
    const r = await table.updateRow(
      { key, increment: { qty: 5n }, put: { active: false }, delete: ['price'] },
      { returnColumns: ['qty'] },
    );
    expect(r.attributes).toEqual({ qty: 15n });
    const { row, timestamps } = await table.getRow(key);
    expect(row).toEqual({ ...key, qty: 15n, name: 'n', active: false });
    await table.updateRow({ key, deleteVersions: { name: timestamps.name as number } });
    expect((await table.getRow(key)).row).toEqual({ ...key, qty: 15n, active: false });
    // An increment of a missing row creates it.
    const created = await table.updateRow(
      { key: { id: 'fresh', seq: 1n, tag }, increment: { qty: 1n } },
      { returnColumns: ['qty'] },
    );
    expect(created.attributes).toEqual({ qty: 1n });
  });

  it('deleteRow removes the row; deleting a missing row succeeds', async () => {
    const key = { id: 'del', seq: 1n, tag };
    await table.putRow({ ...key, name: 'x' });
    await table.deleteRow(key);
    expect((await table.getRow(key)).row).toBeUndefined();
    await expect(table.deleteRow(key)).resolves.toMatchObject({ consumed: expect.any(Object) });
  });

  it('checks row existence: OTSConditionCheckFail (403), not retried', async () => {
    const key = { id: 'cond', seq: 1n, tag };
    await table.putRow({ ...key, qty: 1n }, { rowExistence: 'expectNotExist' });
    ctx.emu.tablestore.resetRequestCounts();
    const error = await table.putRow({ ...key, qty: 2n }, { rowExistence: 'expectNotExist' }).catch((e: unknown) => e);
    expect(isServiceError(error, 'OTSConditionCheckFail')).toBe(true);
    expect(error).toMatchObject({ status: 403, retryable: false, operation: 'PutRow' });
    expect(ctx.emu.tablestore.requestCount('PutRow')).toBe(1);
    await expect(table.deleteRow({ id: 'nope', seq: 1n, tag }, { rowExistence: 'expectExist' })).rejects.toMatchObject({
      code: 'OTSConditionCheckFail',
    });
    await expect(
      table.updateRow({ key: { id: 'nope', seq: 1n, tag }, put: { qty: 1n } }, { rowExistence: 'expectExist' }),
    ).rejects.toMatchObject({
      code: 'OTSConditionCheckFail',
    });
  });

  it('checks column conditions (comparisons, and/or/not, passIfMissing)', async () => {
    const key = { id: 'colcond', seq: 1n, tag };
    await table.putRow({ ...key, qty: 10n, name: 'a' });
    await table.updateRow({ key, put: { name: 'b' } }, { condition: { column: 'qty', operator: '>=', value: 10n } });
    await expect(
      table.updateRow({ key, put: { name: 'c' } }, { condition: { column: 'qty', operator: '<', value: 10n } }),
    ).rejects.toMatchObject({ code: 'OTSConditionCheckFail' });
    await table.updateRow(
      { key, put: { name: 'd' } },
      {
        condition: {
          and: [
            {
              or: [
                { column: 'name', operator: '=', value: 'b' },
                { column: 'name', operator: '=', value: 'zz' },
              ],
            },
            { not: { column: 'qty', operator: '=', value: 11n } },
          ],
        },
      },
    );
    // A missing column fails the comparison unless passIfMissing.
    await expect(
      table.putRow({ ...key, qty: 1n }, { condition: { column: 'price', operator: '>', value: 0 } }),
    ).rejects.toMatchObject({ code: 'OTSConditionCheckFail' });
    await table.putRow(
      { ...key, qty: 1n },
      { condition: { column: 'price', operator: '>', value: 0, passIfMissing: true } },
    );
    expect((await table.getRow(key)).row).toEqual({ ...key, qty: 1n });
  });

  it('filters reads', async () => {
    const key = { id: 'filter', seq: 1n, tag };
    await table.putRow({ ...key, qty: 3n });
    expect((await table.getRow(key, { filter: { column: 'qty', operator: '=', value: 3n } })).row).toBeDefined();
    expect((await table.getRow(key, { filter: { column: 'qty', operator: '>', value: 3n } })).row).toBeUndefined();
  });

  it('auto-increment: the generated key comes back from putRow', async () => {
    const t = client.table(counters);
    const first = await t.putRow({ shard: 's', hits: 1n });
    const second = await t.putRow({ shard: 's', hits: 2n });
    expect(typeof first.primaryKey?.n).toBe('bigint');
    expect((second.primaryKey?.n as bigint) > (first.primaryKey?.n as bigint)).toBe(true);
    const { row } = await t.getRow(second.primaryKey as { shard: string; n: bigint });
    expect(row).toEqual({ shard: 's', n: second.primaryKey?.n, hits: 2n });
  });

  it('a missing table is OTSObjectNotExist', async () => {
    const ghost = client.table(defineTable({ name: 'ghost_table', primaryKey: { id: 'string' } }));
    await expect(ghost.getRow({ id: 'x' })).rejects.toMatchObject({ code: 'OTSObjectNotExist', status: 404 });
    await expect(ghost.putRow({ id: 'x' })).rejects.toMatchObject({ code: 'OTSObjectNotExist' });
  });

  it('retries a throttled write (OTSServerBusy) and not a failed condition', async () => {
    ctx.emu.faults.inject('tablestore', {
      status: 503,
      code: 'OTSServerBusy',
      times: 2,
      match: { operation: 'PutRow' },
    });
    ctx.emu.tablestore.resetRequestCounts();
    await table.putRow({ id: 'busy', seq: 1n, tag, qty: 1n });
    expect(ctx.emu.tablestore.requestCount('PutRow')).toBe(3);
    ctx.emu.faults.inject('tablestore', { status: 503, code: 'OTSTimeout', times: 1, match: { operation: 'GetRow' } });
    await expect(table.getRow({ id: 'busy', seq: 1n, tag })).resolves.toMatchObject({ row: { qty: 1n } });
    ctx.emu.faults.clear();
  });
});

describe('bad input fails before any I/O', () => {
  it('refuses a missing primary-key column, a wrong value type, unknown columns and conditions on unknown columns', async () => {
    ctx.emu.tablestore.resetRequestCounts();
    // @ts-expect-error: seq is missing
    await expect(table.putRow({ id: 'a', tag })).rejects.toThrow(/primary-key column seq is missing/);
    // @ts-expect-error: seq must be a bigint
    await expect(table.getRow({ id: 'a', seq: 1, tag })).rejects.toThrow(
      /expected a bigint \(int64\), got number 1 \(write 1n\)/,
    );
    // @ts-expect-error: price is a double
    await expect(table.putRow({ id: 'a', seq: 1n, tag, price: 'cheap' })).rejects.toThrow(
      /column price: expected a number/,
    );
    // @ts-expect-error: colour is not declared
    await expect(table.putRow({ id: 'a', seq: 1n, tag, colour: 'red' })).rejects.toThrow(
      /unknown attribute column "colour"/,
    );
    await expect(
      // @ts-expect-error: condition on a column the table does not have
      table.putRow({ id: 'a', seq: 1n, tag }, { condition: { column: 'missing', operator: '=', value: 1n } }),
    ).rejects.toThrow(/unknown condition column "missing"/);
    await expect(
      // @ts-expect-error: value of the wrong type in a condition
      table.putRow({ id: 'a', seq: 1n, tag }, { condition: { column: 'qty', operator: '=', value: 'x' } }),
    ).rejects.toThrow(/condition on qty: expected a bigint/);
    // @ts-expect-error: name is a string column
    await expect(table.updateRow({ key: { id: 'a', seq: 1n, tag }, increment: { name: 1n } })).rejects.toThrow(
      /only integer columns/,
    );
    await expect(table.updateRow({ key: { id: 'a', seq: 1n, tag } })).rejects.toThrow(/changes nothing/);
    await expect(table.getRow({ id: 'a', seq: 2n ** 63n, tag })).rejects.toThrow(RangeError);
    expect(ctx.emu.tablestore.requestCount()).toBe(0);
  });
});
