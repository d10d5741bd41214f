import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareChange, prepareDelete, preparePut, prepareUpdate } from './changes';
import { decodeRow } from './protocol';
import { decodeRowObject } from './rows';
import { defineTable } from './schema';
import { chunkChanges } from './table-client';

const table = defineTable({
  name: 't',
  primaryKey: { id: 'string', seq: 'integer', k: 'binary' },
  attributes: { d: 'double', i: 'integer', b: 'boolean', s: 'string', bin: 'binary' },
});
const auto = defineTable({ name: 'a', primaryKey: { p: 'string', n: 'autoIncrement' }, attributes: { x: 'integer' } });

const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const row = fc.record(
  {
    id: fc.string({ maxLength: 20 }).filter((s) => !/\p{Cs}/u.test(s)),
    seq: int64,
    k: fc.uint8Array({ maxLength: 16 }),
    d: fc.double({ noNaN: true }),
    i: int64,
    b: fc.boolean(),
    s: fc.string({ maxLength: 20 }).filter((s) => !/\p{Cs}/u.test(s)),
    bin: fc.uint8Array({ maxLength: 16 }),
  },
  { requiredKeys: ['id', 'seq', 'k'] },
);

describe('row changes', () => {
  it('a typed row survives put encoding and decoding unchanged (property)', () => {
    fc.assert(
      fc.property(row, (r) => {
        const change = preparePut(table, r, {});
        expect(decodeRowObject(decodeRow(change.rowChange)).row).toEqual(r);
      }),
      { numRuns: 300 },
    );
  });

  it('sends the auto-increment placeholder for a left-out column and asks for the key back', () => {
    const change = preparePut(auto, { p: 'x', x: 1n }, {});
    expect(decodeRow(change.rowChange).primaryKey[1]).toEqual({ name: 'n', value: { type: 'autoIncrement' } });
    expect(change.returnContent).toEqual({ returnType: 'primaryKey' });
    expect(change.idempotent).toBe(false);
  });

  it('marks only changes that can be repeated safely as idempotent', () => {
    const key = { id: 'a', seq: 1n, k: new Uint8Array() };
    expect(preparePut(table, key, {}).idempotent).toBe(true);
    expect(preparePut(table, key, { rowExistence: 'expectNotExist' }).idempotent).toBe(false);
    expect(prepareUpdate(table, { key, put: { s: 'x' } }, {}).idempotent).toBe(true);
    expect(prepareUpdate(table, { key, increment: { i: 1n } }, {}).idempotent).toBe(false);
    expect(prepareDelete(table, key, {}).idempotent).toBe(true);
    expect(prepareDelete(table, key, { condition: { column: 'i', operator: '=', value: 1n } }).idempotent).toBe(false);
  });

  it('encodes update operations in the row change', () => {
    const key = { id: 'a', seq: 1n, k: new Uint8Array() };
    const change = prepareUpdate(
      table,
      { key, put: { s: 'v' }, increment: { i: 2n }, delete: ['d'], deleteVersions: { b: 1_700_000_000_000 } },
      {},
    );
    expect(decodeRow(change.rowChange).attributes).toEqual([
      { name: 's', value: { type: 'string', value: 'v' } },
      { name: 'i', value: { type: 'integer', value: 2n }, updateType: 'increment' },
      { name: 'd', updateType: 'deleteAll' },
      { name: 'b', updateType: 'delete', timestamp: 1_700_000_000_000 },
    ]);
    expect(() => prepareUpdate(table, { key, put: { s: 'v' }, delete: ['s'] }, {})).toThrow(/more than one change/);
    expect(() => prepareUpdate(table, { key, put: { s: 'v' } }, { returnType: 'afterModify' })).toThrow(
      /needs returnColumns/,
    );
  });

  it('refuses a change without a known type', () => {
    expect(() => prepareChange(table, { type: 'upsert' })).toThrow(/'put', 'update' or 'delete'/);
    expect(() => prepareChange(table, null)).toThrow(TypeError);
  });
});

describe('chunkChanges', () => {
  const sized = (sizes: number[]) => sizes.map((size) => ({ size }) as Parameters<typeof chunkChanges>[0][number]);
  it('splits by row count and by bytes, keeping order', () => {
    expect(chunkChanges(sized(Array(450).fill(10))).map((c) => c.length)).toEqual([200, 200, 50]);
    expect(chunkChanges(sized([6, 6, 6, 6]), 200, 12)).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(chunkChanges(sized([]))).toEqual([]);
  });
  it('refuses a single change over the byte limit', () => {
    expect(() => chunkChanges(sized([5, 20]), 200, 10)).toThrow(RangeError);
  });
});
