import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineTable, type PrimaryKeyOf, type RowOf, type WriteRowOf } from './schema';

const orders = defineTable({
  name: 'orders',
  primaryKey: { customer: 'string', orderId: 'autoIncrement', tag: 'binary' },
  attributes: { total: 'double', items: 'integer', paid: 'boolean', note: 'string', raw: 'binary' },
});

describe('defineTable', () => {
  it('keeps key order and freezes the definition', () => {
    expect(orders.primaryKeyNames).toEqual(['customer', 'orderId', 'tag']);
    expect(Object.isFrozen(orders)).toBe(true);
    expect(Object.isFrozen(orders.primaryKey)).toBe(true);
  });

  it('infers plain-object row types: int64 as bigint, binary as Uint8Array', () => {
    expectTypeOf<PrimaryKeyOf<typeof orders>>().toEqualTypeOf<{ customer: string; orderId: bigint; tag: Uint8Array }>();
    expectTypeOf<RowOf<typeof orders>['items']>().toEqualTypeOf<bigint | undefined>();
    expectTypeOf<RowOf<typeof orders>['total']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RowOf<typeof orders>['raw']>().toEqualTypeOf<Uint8Array | undefined>();
    // Auto-increment columns may be left out of writes.
    expectTypeOf<{ customer: string; tag: Uint8Array }>().toMatchTypeOf<WriteRowOf<typeof orders>>();
  });

  it('refuses bad definitions with a TypeError naming the problem', () => {
    expect(() => defineTable({ name: '9lives', primaryKey: { id: 'string' } })).toThrow(/table name/);
    expect(() => defineTable({ name: 't', primaryKey: {} })).toThrow(/1 to 4 columns/);
    expect(() =>
      defineTable({ name: 't', primaryKey: { a: 'string', b: 'string', c: 'string', d: 'string', e: 'string' } }),
    ).toThrow(/1 to 4 columns/);
    expect(() => defineTable({ name: 't', primaryKey: { id: 'autoIncrement' } })).toThrow(/partition key/);
    // @ts-expect-error: double is not a primary-key type
    expect(() => defineTable({ name: 't', primaryKey: { id: 'double' } })).toThrow(
      /string, integer, binary or autoIncrement/,
    );
    // @ts-expect-error: unknown attribute type
    expect(() => defineTable({ name: 't', primaryKey: { id: 'string' }, attributes: { a: 'text' } })).toThrow(
      /attribute column a/,
    );
    expect(() => defineTable({ name: 't', primaryKey: { id: 'string' }, attributes: { id: 'string' } })).toThrow(
      /both/,
    );
    expect(() => defineTable({ name: 't', primaryKey: { 'bad-name': 'string' } })).toThrow(/column name/);
  });
});
