import { describe, expect, it } from 'vitest';
import type { PlainBufferRow } from './protocol';
import { decodeRowObject, plainRowObject } from './rows';

const row: PlainBufferRow = {
  primaryKey: [{ name: 'id', value: { type: 'string', value: 'a' } }],
  attributes: [
    { name: 'n', value: { type: 'integer', value: 1n }, timestamp: 10 },
    { name: 'n', value: { type: 'integer', value: 3n }, timestamp: 30 },
    { name: 'n', value: { type: 'integer', value: 2n }, timestamp: 20 },
    { name: 's', value: { type: 'string', value: 'x' }, timestamp: 5 },
  ],
  deleteMarker: false,
};

describe('row objects', () => {
  it('keep the newest version of each column, whatever the wire order', () => {
    expect(plainRowObject(row)).toEqual({ id: 'a', n: 3n, s: 'x' });
    const decoded = decodeRowObject(row);
    expect(decoded.row).toEqual({ id: 'a', n: 3n, s: 'x' });
    expect(decoded.timestamps).toEqual({ n: 30, s: 5 });
    expect(decoded.versions.n?.map((v) => v.value)).toEqual([3n, 2n, 1n]);
  });
});
