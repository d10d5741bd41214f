import { describe, expect, it } from 'vitest';
import { encodeColumnCondition, encodeVariant } from './conditions';
import { decodeCompositeColumnValueFilter, decodeFilter, decodeSingleColumnValueFilter } from './protocol';
import { defineTable } from './schema';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const table = defineTable({
  name: 't',
  primaryKey: { id: 'string' },
  attributes: { s: 'string', n: 'integer', d: 'double', ok: 'boolean' },
});

describe('column conditions', () => {
  it('encodes filter values as PlainBuffer variants (spec §3.7 vectors)', () => {
    expect(hex(encodeVariant({ type: 'string', value: 'hi' }))).toBe('03020000006869');
    expect(hex(encodeVariant({ type: 'integer', value: 5n }))).toBe('000500000000000000');
    expect(hex(encodeVariant({ type: 'double', value: 1.5 }))).toBe('01000000000000f83f');
    expect(hex(encodeVariant({ type: 'boolean', value: false }))).toBe('0200');
  });

  it('encodes a comparison with filter_if_missing = !passIfMissing and latest_version_only', () => {
    const filter = decodeFilter(
      encodeColumnCondition(table, { column: 'n', operator: '>=', value: 5n, passIfMissing: true }),
    );
    expect(filter.type).toBe('singleColumnValue');
    expect(decodeSingleColumnValueFilter(filter.filter)).toEqual({
      comparator: 'greaterEqual',
      columnName: 'n',
      columnValue: encodeVariant({ type: 'integer', value: 5n }),
      filterIfMissing: false,
      latestVersionOnly: true,
    });
  });

  it('nests and / or / not', () => {
    const filter = decodeFilter(
      encodeColumnCondition(table, {
        and: [{ column: 's', operator: '=', value: 'x' }, { not: { column: 'ok', operator: '=', value: true } }],
      }),
    );
    const composite = decodeCompositeColumnValueFilter(filter.filter);
    expect(composite.combinator).toBe('and');
    expect(composite.subFilters?.map((f) => f.type)).toEqual(['singleColumnValue', 'compositeColumnValue']);
    expect(decodeCompositeColumnValueFilter(composite.subFilters?.[1]?.filter as Uint8Array).combinator).toBe('not');
  });

  it('refuses unknown columns, bad operators, values of the wrong type and empty combinations', () => {
    expect(() => encodeColumnCondition(table, { column: 'zz', operator: '=', value: 1n })).toThrow(
      /unknown condition column "zz"/,
    );
    expect(() => encodeColumnCondition(table, { column: 'id', operator: '=', value: 'a' })).toThrow(
      /primary-key column/,
    );
    expect(() => encodeColumnCondition(table, { column: 'n', operator: '==', value: 1n })).toThrow(
      /operator must be one of/,
    );
    expect(() => encodeColumnCondition(table, { column: 'd', operator: '=', value: 1n })).toThrow(/expected a number/);
    expect(() => encodeColumnCondition(table, { and: [] })).toThrow(/non-empty array/);
    expect(() => encodeColumnCondition(table, 'n > 1')).toThrow(TypeError);
  });
});
