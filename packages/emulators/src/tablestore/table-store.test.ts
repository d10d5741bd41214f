import type { PrimaryKeyColumn, PrimaryKeyValue } from '@alikit/tablestore/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys, compareKeyValues, keyId, type StoredKey } from './primary-key';
import { TablestoreTable } from './table-store';

const table = () =>
  new TablestoreTable({
    name: 't',
    primaryKey: [
      { name: 's', type: 'string' },
      { name: 'n', type: 'integer' },
    ],
    definedColumns: [],
    indexMetas: [],
    options: { timeToLive: -1, maxVersions: 1, deviationCellVersionInSec: 86_400n, allowUpdate: true },
    reservedThroughput: { read: 0, write: 0 },
    createdAtSec: 0n,
  });

const keyArb: fc.Arbitrary<StoredKey> = fc
  .tuple(fc.string({ maxLength: 3, unit: 'binary' }), fc.bigInt({ min: -5n, max: 5n }))
  .map(([s, n]) => [
    { name: 's', value: { type: 'string', value: s } },
    { name: 'n', value: { type: 'integer', value: n } },
  ]);

/** The service's order of strings: by UTF-8 bytes (not UTF-16 code units). */
function parts(key: StoredKey): [Buffer, bigint] {
  const [s, n] = key;
  if (s?.value.type !== 'string' || n?.value.type !== 'integer') throw new Error('unexpected key shape');
  return [Buffer.from(s.value.value, 'utf8'), n.value.value];
}

/** The service's order of strings: by UTF-8 bytes (not UTF-16 code units). */
function modelCompare(a: StoredKey, b: StoredKey): number {
  const [sa, na] = parts(a);
  const [sb, nb] = parts(b);
  const d = Buffer.compare(sa, sb);
  if (d !== 0) return d;
  return na < nb ? -1 : na > nb ? 1 : 0;
}

describe('tablestore table store', () => {
  it('keeps rows unique and sorted by primary key through any sequence of puts and deletes', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), keyArb), { maxLength: 60 }), (ops) => {
        const store = table();
        const model = new Map<string, StoredKey>();
        for (const [isPut, key] of ops) {
          if (isPut) {
            store.set({ key, columns: new Map() });
            model.set(keyId(key), key);
          } else {
            expect(store.delete(key)).toBe(model.delete(keyId(key)));
          }
        }
        const expected = [...model.values()].sort(modelCompare).map(keyId);
        expect(store.rows().map((r) => keyId(r.key))).toEqual(expected);
        expect(store.size).toBe(model.size);
        for (const key of model.values()) expect(store.get(key)?.key).toEqual(key);
      }),
    );
  });

  it('seeks to the first key at or after a bound', () => {
    fc.assert(
      fc.property(fc.uniqueArray(keyArb, { selector: keyId, maxLength: 30 }), keyArb, (keys, bound) => {
        const store = table();
        for (const key of keys) store.set({ key, columns: new Map() });
        const rows = store.rows();
        const at = store.seek(bound);
        const after = store.seek(bound, true);
        for (const [i, row] of rows.entries()) {
          expect(compareKeys(row.key, bound) < 0).toBe(i < at);
          expect(compareKeys(row.key, bound) <= 0).toBe(i < after);
        }
      }),
    );
  });

  it('orders INF_MIN below and INF_MAX above every value', () => {
    const values: PrimaryKeyValue[] = [
      { type: 'integer', value: -(2n ** 63n) },
      { type: 'string', value: '' },
      { type: 'binary', value: new Uint8Array([255]) },
    ];
    for (const value of values) {
      expect(compareKeyValues({ type: 'infMin' }, value)).toBe(-1);
      expect(compareKeyValues({ type: 'infMax' }, value)).toBe(1);
    }
    const key = (n: PrimaryKeyValue): PrimaryKeyColumn[] => [{ name: 'n', value: n }];
    expect(compareKeys(key({ type: 'infMin' }), key({ type: 'infMin' }))).toBe(0);
  });

  it('hands out strictly increasing auto-increment values, even when the clock stands still', () => {
    const store = table();
    const a = store.nextAutoIncrement(1000);
    const b = store.nextAutoIncrement(1000);
    const c = store.nextAutoIncrement(999);
    expect(a).toBe(1_000_000n);
    expect(b).toBe(1_000_001n);
    expect(c).toBe(1_000_002n);
  });
});
