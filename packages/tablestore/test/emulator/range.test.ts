import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineTable, INF_MAX, INF_MIN, type RowOf, type TableClient } from '../../src/index';
import { startTablestore, tableName } from './helpers';

const metrics = defineTable({
  name: tableName('metrics'),
  primaryKey: { host: 'string', ts: 'integer' },
  attributes: { cpu: 'double', note: 'string' },
});

let ctx: Awaited<ReturnType<typeof startTablestore>>;
let table: TableClient<typeof metrics>;
beforeAll(async () => {
  ctx = await startTablestore();
  await ctx.client.createTable(metrics);
  table = ctx.client.table(metrics);
  const rows = [];
  for (const host of ['a', 'b', 'c']) {
    for (let ts = 0; ts < 40; ts++)
      rows.push({ type: 'put' as const, row: { host, ts: BigInt(ts), cpu: ts / 10, note: `${host}${ts}` } });
  }
  await table.batchWrite(rows);
});
afterAll(() => ctx.emu.stop());

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
const keyOf = (r: RowOf<typeof metrics>) => `${r.host}${r.ts}`;

describe('getRange', () => {
  it('scans the whole table forward and backward', async () => {
    const forward = await collect(table.getRange());
    expect(forward).toHaveLength(120);
    expect(forward[0]).toEqual({ host: 'a', ts: 0n, cpu: 0, note: 'a0' });
    expect(forward.at(-1)?.note).toBe('c39');
    const backward = await collect(table.getRange({ direction: 'backward' }));
    expect(backward.map(keyOf)).toEqual(forward.map(keyOf).reverse());
  });

  it('honours bounds (partial keys are open), columns, filters and limit', async () => {
    const b = await collect(table.getRange({ start: { host: 'b' }, end: { host: 'c' } }));
    expect(b).toHaveLength(40);
    expect(b.every((r) => r.host === 'b')).toBe(true);
    const slice = await collect(
      table.getRange({ start: { host: 'b', ts: 10n }, end: { host: 'b', ts: 15n }, columns: ['cpu'] }),
    );
    expect(slice).toEqual([10, 11, 12, 13, 14].map((ts) => ({ host: 'b', ts: BigInt(ts), cpu: ts / 10 })));
    const back = await collect(
      table.getRange({
        direction: 'backward',
        start: { host: 'b', ts: INF_MAX },
        end: { host: 'a', ts: INF_MIN },
        limit: 3,
      }),
    );
    expect(back.map(keyOf)).toEqual(['b39', 'b38', 'b37']);
    // The newest rows of one key prefix, newest first.
    const newest = await collect(
      table.getRange({
        direction: 'backward',
        start: { host: 'c', ts: INF_MAX },
        end: { host: 'c', ts: INF_MIN },
        limit: 2,
      }),
    );
    expect(newest.map(keyOf)).toEqual(['c39', 'c38']);
    // Without an end bound a scan runs to the end of the table in its direction.
    expect((await collect(table.getRange({ direction: 'backward', start: { host: 'a', ts: 1n } }))).map(keyOf)).toEqual(
      ['a1', 'a0'],
    );
    const filtered = await collect(table.getRange({ filter: { column: 'cpu', operator: '>=', value: 3.8 } }));
    expect(filtered.map(keyOf)).toEqual(['a38', 'a39', 'b38', 'b39', 'c38', 'c39']);
  });

  it('follows next-start primary keys when the service stops early, and stops at limit', async () => {
    ctx.emu.tablestore.limits.getRangeMaxRows = 7;
    try {
      ctx.emu.tablestore.resetRequestCounts();
      expect(await collect(table.getRange())).toHaveLength(120);
      expect(ctx.emu.tablestore.requestCount('GetRange')).toBe(Math.ceil(120 / 7));
      ctx.emu.tablestore.resetRequestCounts();
      const limited = await collect(table.getRange({ limit: 10 }));
      expect(limited.map(keyOf)).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9']);
      expect(ctx.emu.tablestore.requestCount('GetRange')).toBe(2);
    } finally {
      ctx.emu.tablestore.limits.getRangeMaxRows = 5000;
    }
  });

  it('pages with byPage and resumes from a continuation token', async () => {
    const pages = [];
    for await (const page of table.getRange({ start: { host: 'a' }, end: { host: 'b' } }).byPage({ maxPageSize: 15 })) {
      pages.push(page);
    }
    expect(pages.map((p) => p.items.length)).toEqual([15, 15, 10]);
    expect(pages[2]?.continuationToken).toBeUndefined();
    const token = pages[0]?.continuationToken;
    expect(typeof token).toBe('string');

    const resumed = await collect(table.getRange({ start: { host: 'a' }, end: { host: 'b' }, resumeToken: token }));
    expect(resumed.map(keyOf)).toEqual([...pages[1]!.items, ...pages[2]!.items].map(keyOf));
    const viaByPage = table
      .getRange({ start: { host: 'a' }, end: { host: 'b' } })
      .byPage({ continuationToken: token, maxPageSize: 100 });
    const first = await viaByPage.next();
    expect(first.value?.items[0]).toEqual(pages[1]?.items[0]);
  });

  it('refuses a foreign or garbled token and bad bounds before any I/O', async () => {
    ctx.emu.tablestore.resetRequestCounts();
    expect(() => table.getRange({ resumeToken: 'garbage' })).toThrow(/resumeToken is not a range token/);
    const other = defineTable({ name: 'other', primaryKey: { id: 'string' } });
    const foreign = await (async () => {
      ctx.emu.tablestore.limits.getRangeMaxRows = 1;
      try {
        const page = await table.getRange().byPage().next();
        return page.value?.continuationToken as string;
      } finally {
        ctx.emu.tablestore.limits.getRangeMaxRows = 5000;
      }
    })();
    expect(() => ctx.client.table(other).getRange({ resumeToken: foreign })).toThrow(
      /not a range token of table other/,
    );
    // @ts-expect-error: ts must be a bigint
    expect(() => table.getRange({ start: { host: 'a', ts: 1 } })).toThrow(TypeError);
    expect(() => table.getRange({ limit: 0 })).toThrow(RangeError);
    // @ts-expect-error: unknown column
    expect(() => table.getRange({ columns: ['nope'] })).toThrow(/unknown attribute column "nope"/);
    expect(ctx.emu.tablestore.requestCount()).toBe(1);
  });

  it('reports OTSParameterInvalid for bounds in the wrong order', async () => {
    await expect(collect(table.getRange({ start: { host: 'c' }, end: { host: 'a' } }))).rejects.toMatchObject({
      code: 'OTSParameterInvalid',
    });
  });
});
