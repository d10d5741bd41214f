import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BatchWriterRowResult, defineTable, type PendingRow } from '../../src/index';
import { startTablestore, tableName } from './helpers';

const logs = defineTable({
  name: tableName('logs'),
  primaryKey: { stream: 'string', seq: 'integer' },
  attributes: { msg: 'string', n: 'integer' },
});
type Logs = typeof logs;

let ctx: Awaited<ReturnType<typeof startTablestore>>;
beforeAll(async () => {
  ctx = await startTablestore();
  await ctx.client.createTable(logs);
});
afterAll(() => ctx.emu.stop());

describe('createBatchWriter', () => {
  it('writes every row exactly once under OTSServerBusy on 20% of calls and 20% of rows, with per-row results', async () => {
    ctx.emu.faults.inject('tablestore', {
      status: 503,
      code: 'OTSServerBusy',
      probability: 0.2,
      match: { operation: 'BatchWriteRow' },
    });
    const rowRule = ctx.emu.tablestore.failRows({ code: 'OTSServerBusy', probability: 0.2 });
    const seen: BatchWriterRowResult<Logs>[] = [];
    const writer = ctx.client.createBatchWriter(logs, {
      concurrency: 4,
      maxBatchRows: 50,
      flushIntervalMs: 10,
      maxAttempts: 30,
      onRowResult: (r) => seen.push(r),
    });
    const pending: PendingRow<Logs>[] = [];
    const total = 600;
    for (let i = 0; i < total; i++) {
      // Increments are not idempotent: a row applied twice would show n = 2.
      pending.push(
        await (i % 2 === 0
          ? writer.write({ type: 'update', key: { stream: 'busy', seq: BigInt(i) }, increment: { n: 1n } })
          : writer.put({ stream: 'busy', seq: BigInt(i), msg: `m${i}`, n: 1n })),
      );
    }
    await writer.close();
    ctx.emu.faults.clear();
    ctx.emu.tablestore.clearRowFaults();

    const results = await Promise.all(pending.map((p) => p.result));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => r.sequence)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((r) => r.sequence)).size).toBe(total);
    expect(rowRule.hits).toBeGreaterThan(0);
    expect(results.some((r) => r.attempts > 1)).toBe(true);

    const rows = ctx.emu.tablestore.rows(logs.name).filter((r) => r.primaryKey.stream === 'busy');
    expect(rows).toHaveLength(total);
    expect(rows.every((r) => r.attributes.n === 1n)).toBe(true);

    const stats = writer.stats();
    expect(stats).toMatchObject({ accepted: total, succeeded: total, failed: 0, buffered: 0, inFlightRequests: 0 });
    expect(stats.retried).toBeGreaterThan(0);
    expect(stats.requests).toBeGreaterThanOrEqual(total / 50);
  });

  it('reports rows that fail for good and keeps writing the others', async () => {
    await ctx.client.table(logs).putRow({ stream: 'cond', seq: 1n });
    const writer = ctx.client.createBatchWriter(logs, { flushIntervalMs: 5 });
    const a = await writer.write({ type: 'put', row: { stream: 'cond', seq: 1n }, rowExistence: 'expectNotExist' });
    const b = await writer.put({ stream: 'cond', seq: 2n });
    await writer.close();
    expect(await a.result).toMatchObject({ ok: false, attempts: 1, error: { code: 'OTSConditionCheckFail' } });
    expect(await b.result).toMatchObject({ ok: true });
    expect(writer.stats()).toMatchObject({ succeeded: 1, failed: 1 });
  });

  it('sends a partial batch after flushIntervalMs without flush()', async () => {
    const writer = ctx.client.createBatchWriter(logs, { flushIntervalMs: 20 });
    const { result } = await writer.put({ stream: 'timer', seq: 1n, msg: 'x' });
    await expect(result).resolves.toMatchObject({ ok: true });
    expect(ctx.emu.tablestore.rows(logs.name).some((r) => r.primaryKey.stream === 'timer')).toBe(true);
    await writer.close();
  });

  it('applies backpressure: write() waits while the buffer is full', async () => {
    ctx.emu.faults.inject('tablestore', { delayMs: 300, times: 1, match: { operation: 'BatchWriteRow' } });
    const writer = ctx.client.createBatchWriter(logs, {
      bufferSize: 5,
      maxBatchRows: 5,
      concurrency: 1,
      flushIntervalMs: 0,
    });
    for (let i = 0; i < 5; i++) await writer.put({ stream: 'bp', seq: BigInt(i) });
    let accepted = false;
    const sixth = writer.put({ stream: 'bp', seq: 5n }).then((p) => {
      accepted = true;
      return p;
    });
    await new Promise((r) => setImmediate(r));
    expect(accepted).toBe(false);
    expect(writer.stats().buffered).toBe(5);
    await (await sixth).result;
    expect(accepted).toBe(true);
    await writer.close();
    expect(writer.stats()).toMatchObject({ accepted: 6, succeeded: 6 });
  });

  it('close() flushes everything and refuses later writes; bad rows are refused at write()', async () => {
    const writer = ctx.client.createBatchWriter(logs, { flushIntervalMs: 60_000 });
    const pending = [];
    for (let i = 0; i < 30; i++) pending.push(await writer.put({ stream: 'close', seq: BigInt(i) }));
    // @ts-expect-error: seq must be a bigint
    await expect(writer.put({ stream: 'close', seq: 1 })).rejects.toThrow(TypeError);
    await writer.close();
    expect((await Promise.all(pending.map((p) => p.result))).every((r) => r.ok)).toBe(true);
    await expect(writer.put({ stream: 'close', seq: 99n })).rejects.toThrow(/closed/);
    expect(() => ctx.client.createBatchWriter(logs, { maxBatchRows: 201 })).toThrow(RangeError);
  });
});
