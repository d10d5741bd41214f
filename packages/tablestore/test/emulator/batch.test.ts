import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTable, type RowChange, type TableClient } from '../../src/index';
import { startTablestore, tableName } from './helpers';

const events = defineTable({
  name: tableName('events'),
  primaryKey: { source: 'string', seq: 'integer' },
  attributes: { body: 'string', n: 'integer' },
});

let ctx: Awaited<ReturnType<typeof startTablestore>>;
let table: TableClient<typeof events>;
beforeAll(async () => {
  ctx = await startTablestore();
  await ctx.client.createTable(events);
  table = ctx.client.table(events);
});
afterAll(() => ctx.emu.stop());

describe('batchWrite', () => {
  it('splits any number of rows into requests of at most 200 rows, results in order', async () => {
    const changes: RowChange<typeof events>[] = Array.from({ length: 450 }, (_, i) => ({
      type: 'put',
      row: { source: 'bulk', seq: BigInt(i), body: `row ${i}`, n: BigInt(i) },
    }));
    ctx.emu.tablestore.resetRequestCounts();
    const results = await table.batchWrite(changes);
    expect(results).toHaveLength(450);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(ctx.emu.tablestore.requestCount('BatchWriteRow')).toBe(3);
    expect(ctx.emu.tablestore.rowCount(events.name)).toBeGreaterThanOrEqual(450);

    // Mixed operations in one batch.
    const mixed = await table.batchWrite([
      { type: 'update', key: { source: 'bulk', seq: 0n }, increment: { n: 10n }, returnColumns: ['n'] },
      { type: 'delete', key: { source: 'bulk', seq: 1n } },
      { type: 'put', row: { source: 'bulk', seq: 1000n, body: 'new' } },
    ]);
    expect(mixed[0]).toMatchObject({ ok: true, attributes: { n: 10n } });
    expect(mixed.map((r) => r.ok)).toEqual([true, true, true]);
    expect((await table.getRow({ source: 'bulk', seq: 1n })).row).toBeUndefined();
  });

  it('splits by the 4 MB request size', async () => {
    const big = 'x'.repeat(900 * 1024);
    const changes: RowChange<typeof events>[] = Array.from({ length: 10 }, (_, i) => ({
      type: 'put',
      row: { source: 'big', seq: BigInt(i), body: big },
    }));
    ctx.emu.tablestore.resetRequestCounts();
    const results = await table.batchWrite(changes);
    expect(results.every((r) => r.ok)).toBe(true);
    // 10 × 900 KB: at most 4 rows per request.
    expect(ctx.emu.tablestore.requestCount('BatchWriteRow')).toBe(3);
  });

  it('sends again only the rows that failed with a retryable code', async () => {
    const rule = ctx.emu.tablestore.failRows({ code: 'OTSServerBusy', times: 7 });
    ctx.emu.tablestore.resetRequestCounts();
    const results = await table.batchWrite(
      Array.from({ length: 20 }, (_, i) => ({ type: 'put' as const, row: { source: 'retry', seq: BigInt(i), n: 1n } })),
    );
    expect(rule.hits).toBe(7);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(ctx.emu.tablestore.requestCount('BatchWriteRow')).toBe(2);
    expect(ctx.emu.tablestore.rows(events.name).filter((r) => r.primaryKey.source === 'retry')).toHaveLength(20);
  });

  it('reports rows that fail for good, with the real code, and writes the rest', async () => {
    await table.putRow({ source: 'exists', seq: 1n });
    const results = await table.batchWrite([
      { type: 'put', row: { source: 'exists', seq: 1n }, rowExistence: 'expectNotExist' },
      { type: 'put', row: { source: 'exists', seq: 2n } },
    ]);
    expect(results[0]).toMatchObject({
      ok: false,
      error: { code: 'OTSConditionCheckFail', operation: 'BatchWriteRow' },
    });
    expect(results[1]).toMatchObject({ ok: true });

    const busy = ctx.newClient({ retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 } }).table(events);
    ctx.emu.tablestore.failRows({ code: 'OTSServerBusy', times: 2 });
    const [r] = await busy.batchWrite([{ type: 'put', row: { source: 'busy', seq: 1n } }]);
    expect(r).toMatchObject({ ok: false, error: { code: 'OTSServerBusy', retryable: true } });
    ctx.emu.tablestore.clearRowFaults();
  });

  it('reports the rows of a failed request when other requests succeed, and throws when all fail', async () => {
    const rows = (source: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ type: 'put' as const, row: { source, seq: BigInt(i) } }));
    ctx.emu.faults.inject('tablestore', {
      status: 400,
      code: 'OTSParameterInvalid',
      times: 1,
      match: { operation: 'BatchWriteRow' },
    });
    const results = await table.batchWrite(rows('partial', 250), { concurrency: 1 });
    expect(results.slice(0, 200).every((r) => !r.ok && r.error.code === 'OTSParameterInvalid')).toBe(true);
    expect(results.slice(200).every((r) => r.ok)).toBe(true);

    ctx.emu.faults.inject('tablestore', {
      status: 400,
      code: 'OTSParameterInvalid',
      times: 2,
      match: { operation: 'BatchWriteRow' },
    });
    await expect(table.batchWrite(rows('none', 250))).rejects.toMatchObject({ code: 'OTSParameterInvalid' });
    ctx.emu.faults.inject('tablestore', {
      status: 400,
      code: 'OTSParameterInvalid',
      times: 1,
      match: { operation: 'BatchGetRow' },
    });
    const got = await table.batchGet(
      Array.from({ length: 150 }, (_, i) => ({ source: 'partial', seq: BigInt(i + 100) })),
      { concurrency: 1 },
    );
    expect(got.slice(0, 100).every((r) => !r.ok)).toBe(true);
    expect(got.slice(100).every((r) => r.ok && r.row !== undefined)).toBe(true);
    ctx.emu.faults.clear();
  });

  it('refuses a bad change before any I/O', async () => {
    ctx.emu.tablestore.resetRequestCounts();
    await expect(
      table.batchWrite([
        { type: 'put', row: { source: 'ok', seq: 1n } },
        // @ts-expect-error: seq must be a bigint
        { type: 'put', row: { source: 'bad', seq: 1 } },
      ]),
    ).rejects.toThrow(TypeError);
    await expect(
      table.batchWrite([{ type: 'put', row: { source: 'huge', seq: 1n, body: 'x'.repeat(5 * 1024 * 1024) } }]),
    ).rejects.toThrow(RangeError);
    expect(ctx.emu.tablestore.requestCount()).toBe(0);
  });
});

describe('batchGet', () => {
  it('reads any number of keys, 100 per request, in order, missing rows undefined', async () => {
    await table.batchWrite(
      Array.from({ length: 250 }, (_, i) => ({
        type: 'put' as const,
        row: { source: 'get', seq: BigInt(i), n: BigInt(i * 2) },
      })),
    );
    const keys = Array.from({ length: 260 }, (_, i) => ({ source: 'get', seq: BigInt(259 - i) }));
    ctx.emu.tablestore.resetRequestCounts();
    const results = await table.batchGet(keys, { columns: ['n'] });
    expect(ctx.emu.tablestore.requestCount('BatchGetRow')).toBe(3);
    expect(results).toHaveLength(260);
    results.forEach((r, i) => {
      const seq = 259 - i;
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.key).toEqual({ source: 'get', seq: BigInt(seq) });
      expect(r.row).toEqual(seq < 250 ? { source: 'get', seq: BigInt(seq), n: BigInt(seq * 2) } : undefined);
    });
  });

  it('asks again for rows that failed with a retryable code', async () => {
    const rule = ctx.emu.tablestore.failRows({ operation: 'BatchGetRow', code: 'OTSServerBusy', times: 3 });
    const results = await table.batchGet(Array.from({ length: 5 }, (_, i) => ({ source: 'get', seq: BigInt(i) })));
    expect(rule.hits).toBe(3);
    expect(results.every((r) => r.ok && r.row !== undefined)).toBe(true);
  });
});
