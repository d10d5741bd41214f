import { isServiceError } from '@alikit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTable, type TablestoreClient } from '../../src/index';
import { startTablestore, tableName } from './helpers';

let ctx: Awaited<ReturnType<typeof startTablestore>>;
let client: TablestoreClient;
beforeAll(async () => {
  ctx = await startTablestore();
  client = ctx.client;
});
afterAll(() => ctx.emu.stop());

describe('table operations against the emulator', () => {
  it('creates, lists, describes and deletes a table with options, defined columns and an index', async () => {
    const orders = defineTable({
      name: tableName('orders'),
      primaryKey: { customer: 'string', orderId: 'autoIncrement' },
      attributes: { total: 'double', items: 'integer', note: 'string', paid: 'boolean', blob: 'binary' },
    });
    await client.createTable(orders, {
      timeToLiveSeconds: 86_400,
      maxVersions: 3,
      reservedThroughput: { read: 1, write: 2 },
      definedColumns: ['total', 'paid', 'blob', 'items'],
      secondaryIndexes: [{ name: 'by_items', primaryKey: ['items', 'customer', 'orderId'], definedColumns: ['paid'] }],
    });
    expect(await client.listTables()).toContain(orders.name);

    const description = await client.describeTable(orders.name);
    expect(description).toMatchObject({
      name: orders.name,
      primaryKey: [
        { name: 'customer', type: 'string' },
        { name: 'orderId', type: 'autoIncrement' },
      ],
      definedColumns: [
        { name: 'total', type: 'double' },
        { name: 'paid', type: 'boolean' },
        { name: 'blob', type: 'binary' },
        { name: 'items', type: 'integer' },
      ],
      timeToLiveSeconds: 86_400,
      maxVersions: 3,
      reservedThroughput: { read: 1, write: 2 },
      status: 'active',
    });
    expect(description.secondaryIndexes).toEqual([
      { name: 'by_items', primaryKey: ['items', 'customer', 'orderId'], definedColumns: ['paid'], type: 'global' },
    ]);

    await client.deleteTable(orders.name);
    expect(await client.listTables()).not.toContain(orders.name);
  });

  it('reports the real OTS codes: OTSObjectAlreadyExist and OTSObjectNotExist, not retried', async () => {
    const t = defineTable({ name: tableName('dup'), primaryKey: { id: 'string' } });
    await client.createTable(t);
    const again = await client.createTable(t).catch((e: unknown) => e);
    expect(isServiceError(again, 'OTSObjectAlreadyExist')).toBe(true);
    expect(again).toMatchObject({ status: 409, retryable: false, service: 'tablestore', operation: 'CreateTable' });

    ctx.emu.tablestore.resetRequestCounts();
    const missing = await client.describeTable('no_such_table').catch((e: unknown) => e);
    expect(isServiceError(missing, 'OTSObjectNotExist')).toBe(true);
    expect((missing as Error).message).toMatch(/OTSObjectNotExist \(404\)/);
    expect(ctx.emu.tablestore.requestCount('DescribeTable')).toBe(1);
    await expect(client.deleteTable('no_such_table')).rejects.toMatchObject({ code: 'OTSObjectNotExist' });
  });

  it('refuses bad table options before any I/O', async () => {
    const t = defineTable({ name: tableName('bad'), primaryKey: { id: 'string' }, attributes: { a: 'string' } });
    ctx.emu.tablestore.resetRequestCounts();
    // @ts-expect-error: 'b' is not an attribute
    await expect(client.createTable(t, { definedColumns: ['b'] })).rejects.toThrow(TypeError);
    await expect(
      client.createTable(t, { definedColumns: ['a'], secondaryIndexes: [{ name: 'ix', primaryKey: ['zz' as 'a'] }] }),
    ).rejects.toThrow(/neither a primary-key column nor a defined column/);
    const d = defineTable({ name: tableName('dbl'), primaryKey: { id: 'string' }, attributes: { x: 'double' } });
    await expect(
      client.createTable(d, { definedColumns: ['x'], secondaryIndexes: [{ name: 'ix', primaryKey: ['x'] }] }),
    ).rejects.toThrow(/index keys must be string, integer or binary/);
    await expect(client.createTable(t, { maxVersions: 0 })).rejects.toThrow(RangeError);
    await expect(client.describeTable('1bad')).rejects.toThrow(TypeError);
    expect(ctx.emu.tablestore.requestCount()).toBe(0);
  });

  it('retries OTSServerBusy, OTSPartitionUnavailable and throttling OTSQuotaExhausted, not OTSParameterInvalid', async () => {
    ctx.emu.faults.inject('tablestore', {
      status: 503,
      code: 'OTSServerBusy',
      times: 2,
      match: { operation: 'ListTable' },
    });
    await expect(client.listTables()).resolves.toBeInstanceOf(Array);
    ctx.emu.faults.inject('tablestore', {
      status: 503,
      code: 'OTSPartitionUnavailable',
      times: 1,
      match: { operation: 'ListTable' },
    });
    await expect(client.listTables()).resolves.toBeInstanceOf(Array);
    // "Too frequent table operations." is throttling, retried even for CreateTable; a table quota is not.
    ctx.emu.faults.inject('tablestore', {
      status: 403,
      code: 'OTSQuotaExhausted',
      message: 'Too frequent table operations.',
      times: 1,
      match: { operation: 'CreateTable' },
    });
    await client.createTable(defineTable({ name: tableName('quota'), primaryKey: { id: 'string' } }));
    ctx.emu.faults.inject('tablestore', {
      status: 403,
      code: 'OTSQuotaExhausted',
      message: 'Number of tables exceeded the quota.',
      times: 1,
      match: { operation: 'CreateTable' },
    });
    await expect(
      client.createTable(defineTable({ name: tableName('quota'), primaryKey: { id: 'string' } })),
    ).rejects.toMatchObject({
      code: 'OTSQuotaExhausted',
      retryable: false,
    });
    ctx.emu.faults.inject('tablestore', {
      status: 400,
      code: 'OTSParameterInvalid',
      times: 1,
      match: { operation: 'ListTable' },
    });
    ctx.emu.tablestore.resetRequestCounts();
    await expect(client.listTables()).rejects.toMatchObject({
      code: 'OTSParameterInvalid',
      status: 400,
      retryable: false,
    });
    expect(ctx.emu.tablestore.requestCount('ListTable')).toBe(1);
    ctx.emu.faults.clear();
  });

  it('honours an abort signal and logs attempts without secrets', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(client.listTables({ signal: controller.signal })).rejects.toBe(reason);

    const lines: string[] = [];
    const sink = (...args: unknown[]) => lines.push(JSON.stringify(args));
    const logged = ctx.newClient({ logger: { debug: sink, info: sink, warn: sink, error: sink } });
    ctx.emu.faults.inject('tablestore', {
      status: 503,
      code: 'OTSServerBusy',
      times: 1,
      match: { operation: 'ListTable' },
    });
    await logged.listTables();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.join('\n')).toContain('OTSServerBusy');
    expect(lines.join('\n')).not.toContain(ctx.emu.credentials.accessKeySecret);
  });

  it('fails authentication with OTSAuthFailed and keeps the secret out of the error', async () => {
    const bad = ctx.newClient({
      credentials: {
        accessKeyId: ctx.emu.credentials.accessKeyId,
        accessKeySecret: 'WrongExampleSecret',
        source: 'static',
      },
    });
    const error = await bad.listTables().catch((e: unknown) => e);
    expect(isServiceError(error, 'OTSAuthFailed')).toBe(true);
    expect(JSON.stringify(error)).not.toContain('WrongExampleSecret');
  });
});
