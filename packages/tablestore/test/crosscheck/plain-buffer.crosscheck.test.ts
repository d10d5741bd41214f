import { createRequire } from 'node:module';
import { isSdkError } from '@alikit/core';
import {
  type AttributeColumn,
  type CellValue,
  decodeRow,
  decodeRows,
  encodeRow,
  encodeRows,
  type PlainBufferRow,
  type PrimaryKeyColumn,
  type PrimaryKeyValue,
} from '@alikit/tablestore/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The official npm SDK's own PlainBuffer builder and reader (lib/protocol/plian_buffer_builder.js,
// plain_buffer_coded_stream.js), reached through its public module object.
interface Int64LE {
  toString(radix?: number): string;
}
interface NpmTableStore {
  Long: { fromString(text: string): Int64LE };
  INF_MIN: unknown;
  INF_MAX: unknown;
  PK_AUTO_INCR: unknown;
  PlainBufferBuilder: {
    serializePrimaryKey(pk: object[]): Buffer;
    serializeForPutRow(pk: object[], attributes: object[]): Buffer;
    serializeForUpdateRow(pk: object[], attributes: object[]): Buffer;
    serializeForDeleteRow(pk: object[]): Buffer;
  };
  PlainBufferInputStream: new (data: { buffer: Buffer; offset: number; limit: number }) => unknown;
  PlainBufferCodedInputStream: new (stream: unknown) => { readRow(): NpmRow; readRows(): NpmRow[] };
}
interface NpmRow {
  primaryKey: { name: string; value: unknown }[];
  attributes: { columnName: string; columnValue: unknown; timestamp: unknown }[];
}

const TS = createRequire(import.meta.url)('tablestore') as NpmTableStore;

function npmReader(bytes: Uint8Array): { readRow(): NpmRow; readRows(): NpmRow[] } {
  const buffer = Buffer.from(bytes);
  return new TS.PlainBufferCodedInputStream(new TS.PlainBufferInputStream({ buffer, offset: 0, limit: buffer.length }));
}

// ------------------------------------------------------------ our model → npm's input shapes

function npmValue(value: CellValue | PrimaryKeyValue): unknown {
  switch (value.type) {
    case 'integer':
      return TS.Long.fromString(value.value.toString());
    case 'binary':
      return Buffer.from(value.value);
    case 'infMin':
      return TS.INF_MIN;
    case 'infMax':
      return TS.INF_MAX;
    case 'autoIncrement':
      return TS.PK_AUTO_INCR;
    default:
      return value.value;
  }
}

const npmPk = (pk: readonly PrimaryKeyColumn[]): object[] => pk.map((c) => ({ [c.name]: npmValue(c.value) }));

function npmPutAttributes(attributes: readonly AttributeColumn[]): object[] {
  return attributes.map((c) => ({
    [c.name]: npmValue(c.value as CellValue),
    ...(c.timestamp !== undefined && { timestamp: c.timestamp }),
  }));
}

function npmUpdateAttributes(attributes: readonly AttributeColumn[]): object[] {
  return attributes.map((c) => {
    switch (c.updateType) {
      case 'deleteAll':
        return { DELETE_ALL: [c.name] };
      case 'delete':
        return { DELETE: [{ [c.name]: c.timestamp }] };
      default: {
        const cell = {
          [c.name]: npmValue(c.value as CellValue),
          ...(c.timestamp !== undefined && { timestamp: c.timestamp }),
        };
        return { [c.updateType === 'increment' ? 'INCREMENT' : 'PUT']: [cell] };
      }
    }
  });
}

// ------------------------------------------------------------ npm's output → our model

function isInt64(value: unknown): value is Int64LE {
  // The builder makes int64-buffer `Int64LE`s, the reader its own `Int64` wrapper: both have toBuffer().
  return (
    typeof value === 'object' && value !== null && typeof (value as { toBuffer?: unknown }).toBuffer === 'function'
  );
}

function fromNpmValue(value: unknown): CellValue {
  if (isInt64(value)) return { type: 'integer', value: BigInt(value.toString(10)) };
  if (Buffer.isBuffer(value)) return { type: 'binary', value: new Uint8Array(value) };
  if (typeof value === 'number') return { type: 'double', value };
  if (typeof value === 'boolean') return { type: 'boolean', value };
  return { type: 'string', value: String(value) };
}

function fromNpmRow(row: NpmRow): Omit<PlainBufferRow, 'deleteMarker'> {
  return {
    primaryKey: row.primaryKey.map((c) => ({ name: c.name, value: fromNpmValue(c.value) as PrimaryKeyValue })),
    attributes: row.attributes.map((c) => ({
      name: c.columnName,
      value: fromNpmValue(c.columnValue),
      ...(c.timestamp !== null && { timestamp: Number((c.timestamp as Int64LE).toString(10)) }),
    })),
  };
}

/** npm's bytes are ours followed by zero padding (spec §3.5): checks that and returns the padding length. */
function expectSamePlusPadding(theirs: Uint8Array, ours: Uint8Array): number {
  expect(Buffer.from(theirs.subarray(0, ours.length)).toString('hex')).toBe(Buffer.from(ours).toString('hex'));
  const tail = theirs.subarray(ours.length);
  expect(tail.every((b) => b === 0)).toBe(true);
  return tail.length;
}

// ------------------------------------------------------------ arbitraries (npm-representable rows)

// ASCII names only: npm writes a name's length as UTF-16 units (spec §6 bug 3), tested separately.
const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/);
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const timestamp = fc.integer({ min: 0, max: 2 ** 50 });
const integerValue = int64.map((value): CellValue => ({ type: 'integer', value }));
const text = fc.string({ unit: 'binary', maxLength: 10 });
const bytes = fc.uint8Array({ maxLength: 10 });
const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  integerValue,
  fc.double({ noNaN: true }).map((value): CellValue => ({ type: 'double', value })),
  fc.boolean().map((value): CellValue => ({ type: 'boolean', value })),
  text.map((value): CellValue => ({ type: 'string', value })),
  bytes.map((value): CellValue => ({ type: 'binary', value })),
);
const keyValue: fc.Arbitrary<PrimaryKeyValue> = fc.oneof(
  integerValue as fc.Arbitrary<PrimaryKeyValue>,
  text.map((value): PrimaryKeyValue => ({ type: 'string', value })),
  bytes.map((value): PrimaryKeyValue => ({ type: 'binary', value })),
);
const primaryKey = fc.uniqueArray(fc.record({ name, value: keyValue }), {
  minLength: 1,
  maxLength: 3,
  selector: (c) => c.name,
});
const putAttribute: fc.Arbitrary<AttributeColumn> = fc.record(
  { name, value: cellValue, timestamp },
  { requiredKeys: ['name', 'value'] },
);
const updateAttribute: fc.Arbitrary<AttributeColumn> = fc.oneof(
  putAttribute,
  fc.record({ name, timestamp, updateType: fc.constant('delete' as const) }),
  fc.record({ name, updateType: fc.constant('deleteAll' as const) }),
  fc.record(
    { name, value: integerValue, timestamp, updateType: fc.constant('increment' as const) },
    { requiredKeys: ['name', 'value', 'updateType'] },
  ),
);
const putRow = fc.record({
  primaryKey,
  attributes: fc.array(putAttribute, { maxLength: 4 }),
  deleteMarker: fc.constant(false),
});

describe('cross-check with npm tablestore 5.6.5 PlainBuffer', () => {
  it('put rows: npm bytes equal ours (plus any zero padding) and each side decodes the other', () => {
    fc.assert(
      fc.property(putRow, (row: PlainBufferRow) => {
        const ours = encodeRow(row);
        const theirs = TS.PlainBufferBuilder.serializeForPutRow(
          npmPk(row.primaryKey),
          npmPutAttributes(row.attributes),
        );
        expectSamePlusPadding(theirs, ours);
        expect(decodeRow(theirs)).toEqual(row);
        expect(fromNpmRow(npmReader(ours).readRow())).toEqual({
          primaryKey: row.primaryKey,
          attributes: row.attributes,
        });
      }),
      { numRuns: 200 },
    );
  });

  it('primary keys (GetRow keys), including INF_MIN / INF_MAX / AUTO_INCREMENT, encode identically', () => {
    const special = fc.constantFrom<PrimaryKeyValue>({ type: 'infMin' }, { type: 'infMax' }, { type: 'autoIncrement' });
    const pk = fc.uniqueArray(fc.record({ name, value: fc.oneof(keyValue, special) }), {
      minLength: 1,
      maxLength: 3,
      selector: (c) => c.name,
    });
    fc.assert(
      fc.property(pk, (key) => {
        const row: PlainBufferRow = { primaryKey: key, attributes: [], deleteMarker: false };
        const theirs = TS.PlainBufferBuilder.serializePrimaryKey(npmPk(key));
        expectSamePlusPadding(theirs, encodeRow(row));
        expect(decodeRow(theirs)).toEqual(row);
      }),
      { numRuns: 150 },
    );
  });

  it('delete rows encode identically, with the delete marker in the row checksum', () => {
    fc.assert(
      fc.property(primaryKey, (key) => {
        const row: PlainBufferRow = { primaryKey: key, attributes: [], deleteMarker: true };
        const theirs = TS.PlainBufferBuilder.serializeForDeleteRow(npmPk(key));
        expect(expectSamePlusPadding(theirs, encodeRow(row))).toBe(0);
        expect(decodeRow(theirs)).toEqual(row);
      }),
      { numRuns: 100 },
    );
  });

  it('update rows (put / delete / deleteAll / increment) encode identically apart from npm zero padding', () => {
    let padded = 0;
    fc.assert(
      fc.property(primaryKey, fc.array(updateAttribute, { minLength: 1, maxLength: 4 }), (key, attributes) => {
        const row: PlainBufferRow = { primaryKey: key, attributes, deleteMarker: false };
        const theirs = TS.PlainBufferBuilder.serializeForUpdateRow(npmPk(key), npmUpdateAttributes(attributes));
        if (expectSamePlusPadding(theirs, encodeRow(row)) > 0) padded++;
        expect(decodeRow(theirs)).toEqual(row);
      }),
      { numRuns: 200 },
    );
    expect(padded).toBeGreaterThan(0);
  });

  it('multi-row buffers (GetRange) from our encoder decode with npm readRows', () => {
    fc.assert(
      fc.property(fc.array(putRow, { maxLength: 3 }), (rows) => {
        const decoded = npmReader(encodeRows(rows)).readRows().map(fromNpmRow);
        expect(decoded).toEqual(rows.map(({ primaryKey, attributes }) => ({ primaryKey, attributes })));
      }),
      { numRuns: 100 },
    );
  });
});

describe('npm tablestore PlainBuffer bugs we do not inherit', () => {
  const pk = [{ id: 'a' }];

  it('§3.5/§6.7: npm pads update rows with zeros; its own readRows then fails on them, ours ignores them', () => {
    // The spec §3.5 update example: npm sizes a DELETE's timestamp as a value and adds 5 zero bytes.
    const theirs = TS.PlainBufferBuilder.serializeForUpdateRow(pk, [
      { PUT: [{ s: 'v' }] },
      { DELETE_ALL: ['old'] },
      { DELETE: [{ c: 1_700_000_000_000 }] },
      { INCREMENT: [{ cnt: TS.Long.fromString('1') }] },
    ]);
    const ours = encodeRow({
      primaryKey: [{ name: 'id', value: 'a' }],
      attributes: [
        { name: 's', value: 'v' },
        { name: 'old', updateType: 'deleteAll' },
        { name: 'c', timestamp: 1_700_000_000_000, updateType: 'delete' },
        { name: 'cnt', value: 1n, updateType: 'increment' },
      ],
    });
    expect(expectSamePlusPadding(theirs, ours)).toBe(5);
    expect(() => npmReader(theirs).readRows()).toThrow();
    expect(decodeRows(theirs)).toHaveLength(1);
    // npm's reader treats zero padding as another row (readRows loops until the end of input).
    const padded = new Uint8Array([...TS.PlainBufferBuilder.serializeForPutRow(pk, [{ s: 'v' }]), 0, 0]);
    expect(() => npmReader(padded).readRows()).toThrow(/TAG_ROW_CHECKSUM/);
    expect(decodeRows(padded)).toHaveLength(1);
  });

  it('npm cannot read INF_MIN / INF_MAX / AUTO_INCREMENT keys it writes itself; ours can', () => {
    for (const special of [TS.INF_MIN, TS.INF_MAX, TS.PK_AUTO_INCR]) {
      const theirs = TS.PlainBufferBuilder.serializePrimaryKey([{ id: special }]);
      expect(() => npmReader(theirs).readRow()).toThrow(/Unsupported primary key type/);
      expect(decodeRow(theirs).primaryKey).toHaveLength(1);
    }
  });

  it('npm cannot read update cells (TAG_CELL_TYPE): its reader references an undeclared variable', () => {
    const ours = encodeRow({
      primaryKey: [{ name: 'id', value: 'a' }],
      attributes: [{ name: 'old', updateType: 'deleteAll' }],
    });
    expect(() => npmReader(ours).readRow()).toThrow(ReferenceError);
    expect(decodeRow(ours).attributes).toEqual([{ name: 'old', updateType: 'deleteAll' }]);
  });

  it('§6.3: npm writes a non-ASCII attribute name length in UTF-16 units, producing bytes ours rejects', () => {
    const theirs = TS.PlainBufferBuilder.serializeForPutRow(pk, [{ 名字: 'x' }]);
    const ours = encodeRow({ primaryKey: [{ name: 'id', value: 'a' }], attributes: [{ name: '名字', value: 'x' }] });
    expect(Buffer.from(theirs).equals(Buffer.from(ours))).toBe(false);
    let error: unknown;
    try {
      decodeRows(theirs);
    } catch (e) {
      error = e;
    }
    expect(isSdkError(error) && ['ERR_PARSE', 'ERR_CHECKSUM'].includes(error.code)).toBe(true);
    // Ours reads back what it wrote.
    expect(decodeRow(ours).attributes[0]?.name).toBe('名字');
  });

  it('§6.3: npm cannot even size a non-ASCII primary-key name ("The buffer is full")', () => {
    expect(() => TS.PlainBufferBuilder.serializePrimaryKey([{ 键: 'a' }])).toThrow(/buffer is full/i);
    expect(decodeRow(encodeRow({ primaryKey: [{ name: '键', value: 'a' }] })).primaryKey[0]?.name).toBe('键');
  });

  it('§6.4: npm encodes a plain JS number as DOUBLE; we refuse to guess and require the type', () => {
    const theirs = TS.PlainBufferBuilder.serializeForPutRow(pk, [{ n: 5 }]);
    const asDouble = encodeRow({
      primaryKey: [{ name: 'id', value: 'a' }],
      attributes: [{ name: 'n', value: { type: 'double', value: 5 } }],
    });
    expectSamePlusPadding(theirs, asDouble);
    expect(decodeRow(theirs).attributes[0]?.value).toEqual({ type: 'double', value: 5 });
    expect(() =>
      encodeRow({ primaryKey: [{ name: 'id', value: 'a' }], attributes: [{ name: 'n', value: 5 as never }] }),
    ).toThrow(TypeError);
  });

  it('§6.4: npm returns integers and timestamps as Int64LE objects; ours gives bigint and number', () => {
    const bytes = encodeRow({
      primaryKey: [{ name: 'id', value: 2n ** 60n + 1n }],
      attributes: [{ name: 'n', value: 7n, timestamp: 1_700_000_000_000 }],
    });
    const theirs = npmReader(bytes).readRow();
    expect(isInt64(theirs.primaryKey[0]?.value)).toBe(true);
    expect(isInt64(theirs.attributes[0]?.timestamp)).toBe(true);
    const ours = decodeRow(bytes);
    expect(ours.primaryKey[0]?.value).toEqual({ type: 'integer', value: 2n ** 60n + 1n });
    expect(ours.attributes[0]).toEqual({
      name: 'n',
      value: { type: 'integer', value: 7n },
      timestamp: 1_700_000_000_000,
    });
  });
});
