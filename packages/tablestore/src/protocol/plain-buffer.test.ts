import { isSdkError, type SdkError } from '@alikit/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRow, decodeRows } from './plain-buffer-decoder';
import { encodeRow, encodeRows } from './plain-buffer-encoder';
import type {
  AttributeColumn,
  CellValue,
  PlainBufferRow,
  PrimaryKeyColumn,
  PrimaryKeyValue,
} from './plain-buffer-types';

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.replace(/\s+/g, ''), 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const PK_ID_A = '75000000 01 0304 02000000 6964 05 06000000 03 01000000 61 0a91';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function sdkError(fn: () => unknown): SdkError {
  const error = thrown(fn);
  if (!isSdkError(error)) throw error;
  return error;
}

// Spec §3.4 / §3.5 vectors (produced by the npm encoder, checksums recomputed independently).
const vectors: { name: string; row: PlainBufferRow; hex: string }[] = [
  {
    name: 'GetRow key [id=a, seq=1]',
    row: {
      primaryKey: [
        { name: 'id', value: { type: 'string', value: 'a' } },
        { name: 'seq', value: { type: 'integer', value: 1n } },
      ],
      attributes: [],
      deleteMarker: false,
    },
    hex: '75000000 01 0304 02000000 6964 05 06000000 03 01000000 61 0a91 0304 03000000 736571 05 09000000 00 0100000000000000 0a4b 090e',
  },
  {
    name: 'put row with integer, string, boolean and double',
    row: {
      primaryKey: [{ name: 'id', value: { type: 'string', value: 'a' } }],
      attributes: [
        { name: 'n', value: { type: 'integer', value: 5n } },
        { name: 's', value: { type: 'string', value: 'hi' } },
        { name: 'b', value: { type: 'boolean', value: true } },
        { name: 'd', value: { type: 'double', value: 1.5 } },
      ],
      deleteMarker: false,
    },
    hex: `${PK_ID_A} 02 0304 01000000 6e 05 09000000 00 0500000000000000 0a04 0304 01000000 73 05 07000000 03 02000000 6869 0ac1 0304 01000000 62 05 02000000 02 01 0a3e 0304 01000000 64 05 09000000 01 000000000000f83f 0aba 0968`,
  },
  {
    name: 'put row with an explicit timestamp',
    row: {
      primaryKey: [{ name: 'id', value: { type: 'string', value: 'a' } }],
      attributes: [{ name: 's', value: { type: 'string', value: 'x' }, timestamp: 1_700_000_000_000 }],
      deleteMarker: false,
    },
    hex: `${PK_ID_A} 02 0304 01000000 73 05 06000000 03 01000000 78 07 0068e5cf8b010000 0a8a 09f6`,
  },
  {
    name: 'delete row',
    row: { primaryKey: [{ name: 'id', value: { type: 'string', value: 'a' } }], attributes: [], deleteMarker: true },
    hex: `${PK_ID_A} 08 09f3`,
  },
  {
    name: 'update row with put, deleteAll, delete and increment',
    row: {
      primaryKey: [{ name: 'id', value: { type: 'string', value: 'a' } }],
      attributes: [
        { name: 's', value: { type: 'string', value: 'v' } },
        { name: 'old', updateType: 'deleteAll' },
        { name: 'c', timestamp: 1_700_000_000_000, updateType: 'delete' },
        { name: 'cnt', value: { type: 'integer', value: 1n }, updateType: 'increment' },
      ],
      deleteMarker: false,
    },
    hex: `${PK_ID_A} 02 0304 01000000 73 05 06000000 03 01000000 76 0a0d 0304 03000000 6f6c64 06 01 0a1e 0304 01000000 63 06 03 07 0068e5cf8b010000 0a0e 0304 03000000 636e74 05 09000000 00 0100000000000000 06 04 0af7 095f`,
  },
  {
    name: 'range start [INF_MIN, INF_MAX]',
    row: {
      primaryKey: [
        { name: 'id', value: { type: 'infMin' } },
        { name: 'seq', value: { type: 'infMax' } },
      ],
      attributes: [],
      deleteMarker: false,
    },
    hex: '75000000 01 0304 02000000 6964 05 01000000 09 0a61 0304 03000000 736571 05 01000000 0a 0a8c 09e4',
  },
  {
    name: 'auto-increment key',
    row: {
      primaryKey: [
        { name: 'id', value: { type: 'string', value: 'a' } },
        { name: 'seq', value: { type: 'autoIncrement' } },
      ],
      attributes: [],
      deleteMarker: false,
    },
    hex: `${PK_ID_A} 0304 03000000 736571 05 01000000 0b 0a8b 09e3`,
  },
  {
    name: 'binary key',
    row: {
      primaryKey: [{ name: 'k', value: { type: 'binary', value: new Uint8Array([1, 2, 3]) } }],
      attributes: [],
      deleteMarker: false,
    },
    hex: '75000000 01 0304 01000000 6b 05 08000000 07 03000000 010203 0a0a 0982',
  },
];

describe('PlainBuffer spec vectors', () => {
  for (const v of vectors) {
    it(`encodes and decodes: ${v.name}`, () => {
      expect(toHex(encodeRow(v.row))).toBe(v.hex.replace(/\s+/g, ''));
      expect(decodeRow(fromHex(v.hex))).toEqual(v.row);
      expect(decodeRows(fromHex(v.hex))).toEqual([v.row]);
    });
  }

  it('accepts the unambiguous shorthands bigint, string, boolean and Uint8Array', () => {
    const typed = encodeRow({
      primaryKey: [
        { name: 'id', value: { type: 'string', value: 'a' } },
        { name: 'k', value: { type: 'binary', value: new Uint8Array([9]) } },
      ],
      attributes: [
        { name: 'n', value: { type: 'integer', value: 5 } },
        { name: 'b', value: { type: 'boolean', value: false } },
      ],
    });
    const short = encodeRow({
      primaryKey: [
        { name: 'id', value: 'a' },
        { name: 'k', value: new Uint8Array([9]) },
      ],
      attributes: [
        { name: 'n', value: 5n },
        { name: 'b', value: false },
      ],
    });
    expect(short).toEqual(typed);
  });

  it('keeps a leading byte order mark in names and strings', () => {
    const row: PlainBufferRow = {
      primaryKey: [{ name: '\uFEFFid', value: { type: 'string', value: '\uFEFF\u00e9' } }],
      attributes: [{ name: '\uFEFF\u00e9t\u00e9', value: { type: 'string', value: '\uFEFFvalue \u00e9' } }],
      deleteMarker: false,
    };
    expect(decodeRow(encodeRow(row))).toEqual(row);
  });

  it('writes UTF-8 byte lengths for non-ASCII names and strings', () => {
    const row: PlainBufferRow = {
      primaryKey: [{ name: '主键', value: { type: 'string', value: 'é😀' } }],
      attributes: [{ name: 'ünï', value: { type: 'string', value: '列' } }],
      deleteMarker: false,
    };
    const bytes = encodeRow(row);
    expect(toHex(bytes.subarray(5, 8 + 4))).toBe(`0304${'06000000'}e4`);
    expect(decodeRow(bytes)).toEqual(row);
  });
});

describe('encoder argument checks', () => {
  const pk = [{ name: 'id', value: 'a' }] as const;
  const attr = (column: AttributeColumn<unknown>): unknown =>
    thrown(() => encodeRow({ primaryKey: pk, attributes: [column as never] }));

  it('refuses a plain number, naming both explicit forms', () => {
    const error = attr({ name: 'n', value: 5 });
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).toContain("{ type: 'integer', value: 5 }");
    expect(String(error)).toContain("{ type: 'double', value: 5 }");
  });

  it('refuses a non-integer or unsafe number typed as integer', () => {
    expect(attr({ name: 'n', value: { type: 'integer', value: 1.5 } })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'n', value: { type: 'integer', value: 2 ** 53 } })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'n', value: { type: 'integer', value: '5' } })).toBeInstanceOf(TypeError);
  });

  it('refuses integers outside int64 with RangeError', () => {
    expect(attr({ name: 'n', value: 2n ** 63n })).toBeInstanceOf(RangeError);
    expect(attr({ name: 'n', value: -(2n ** 63n) - 1n })).toBeInstanceOf(RangeError);
    expect(() => encodeRow({ primaryKey: pk, attributes: [{ name: 'n', value: -(2n ** 63n) }] })).not.toThrow();
  });

  it('keeps key-only and attribute-only types in their place', () => {
    expect(thrown(() => encodeRow({ primaryKey: [{ name: 'b', value: true as never }] }))).toBeInstanceOf(TypeError);
    expect(
      thrown(() => encodeRow({ primaryKey: [{ name: 'd', value: { type: 'double', value: 1 } as never }] })),
    ).toBeInstanceOf(TypeError);
    expect(attr({ name: 'x', value: { type: 'infMin' } })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'x', value: null })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'x', value: { type: 'string', value: 1 } })).toBeInstanceOf(TypeError);
  });

  it('checks update types against value and timestamp', () => {
    expect(attr({ name: 'c', updateType: 'delete' })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c', value: 'v', updateType: 'deleteAll' })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c', updateType: 'deleteAll', timestamp: 1 })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c', value: 'v', updateType: 'increment' })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c', value: 1n, updateType: 'put' as never })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c' })).toBeInstanceOf(TypeError);
  });

  it('checks names, timestamps and strings', () => {
    expect(attr({ name: '', value: 'v' })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c', value: 'v', timestamp: -1 })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c', value: 'v', timestamp: 1.5 })).toBeInstanceOf(TypeError);
    expect(attr({ name: 'c', value: 'bad \ud800' })).toBeInstanceOf(TypeError);
    expect(attr({ name: '\udc00', value: 'v' })).toBeInstanceOf(TypeError);
    expect(String(attr({ name: 'c', value: 'v', timestamp: -1 }))).toContain('row.attributes[0]');
  });

  it('checks the row shape', () => {
    expect(thrown(() => encodeRow(null as never))).toBeInstanceOf(TypeError);
    expect(thrown(() => encodeRow({ primaryKey: 'id' as never }))).toBeInstanceOf(TypeError);
    expect(thrown(() => encodeRows({} as never))).toBeInstanceOf(TypeError);
    expect(
      String(thrown(() => encodeRows([{ primaryKey: pk }, { primaryKey: [{ name: 'x', value: 1 as never }] }]))),
    ).toContain('rows[1].primaryKey[0]');
  });
});

describe('decoder', () => {
  const good = fromHex(vectors[1]?.hex ?? '');

  it('returns [] for empty input and a bare header, and ignores trailing zero padding', () => {
    expect(decodeRows(new Uint8Array())).toEqual([]);
    expect(decodeRows(fromHex('75000000'))).toEqual([]);
    expect(decodeRows(new Uint8Array([...good, 0, 0, 0, 0, 0]))).toHaveLength(1);
  });

  it('rejects a bad header, naming offset 0', () => {
    const error = sdkError(() => decodeRows(fromHex('76000000')));
    expect(error.code).toBe('ERR_PARSE');
    expect(error.message).toContain('offset 0');
    expect(error.details?.offset).toBe(0);
  });

  it('rejects truncated input with ERR_PARSE (a bare header is a valid empty list)', () => {
    for (let n = 1; n < good.length; n++) {
      if (n === 4) continue;
      const error = sdkError(() => decodeRows(good.subarray(0, n)));
      expect(error.code).toBe('ERR_PARSE');
      expect(error.message).toMatch(/offset \d+/);
    }
  });

  it('rejects non-zero bytes after the last row', () => {
    expect(sdkError(() => decodeRows(new Uint8Array([...good, 0, 7]))).code).toBe('ERR_PARSE');
  });

  it('reports a cell checksum mismatch with ERR_CHECKSUM at the checksum byte', () => {
    const bytes = good.slice();
    const at = toHex(bytes).indexOf('0a91') / 2 + 1;
    bytes[at] = 0x92;
    const error = sdkError(() => decodeRows(bytes));
    expect(error.code).toBe('ERR_CHECKSUM');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain(`offset ${at}`);
    expect(error.message).toContain('stored 0x92, computed 0x91');
  });

  it('reports a row checksum mismatch', () => {
    const bytes = good.slice();
    bytes[bytes.length - 1] = 0;
    const error = sdkError(() => decodeRows(bytes));
    expect(error.code).toBe('ERR_CHECKSUM');
    expect(error.message).toContain('row checksum');
  });

  it('decodeRow insists on exactly one row', () => {
    expect(sdkError(() => decodeRow(encodeRows([]))).code).toBe('ERR_PARSE');
    const two = encodeRows([
      { primaryKey: [{ name: 'id', value: 'a' }] },
      { primaryKey: [{ name: 'id', value: 'b' }] },
    ]);
    expect(sdkError(() => decodeRow(two)).message).toContain('found 2');
    expect(decodeRows(two)).toHaveLength(2);
  });

  it('refuses a non-Uint8Array with TypeError', () => {
    expect(thrown(() => decodeRows('75000000' as never))).toBeInstanceOf(TypeError);
  });
});

// ---------------------------------------------------------------- properties

const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 6 });
const int64 = fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n });
const timestamp = fc.maxSafeNat();
const integerValue = int64.map((value): CellValue => ({ type: 'integer', value }));
const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  integerValue,
  fc.double().map((value): CellValue => ({ type: 'double', value })),
  fc.boolean().map((value): CellValue => ({ type: 'boolean', value })),
  fc.string({ unit: 'binary', maxLength: 12 }).map((value): CellValue => ({ type: 'string', value })),
  fc.uint8Array({ maxLength: 12 }).map((value): CellValue => ({ type: 'binary', value })),
);
const pkValue: fc.Arbitrary<PrimaryKeyValue> = fc.oneof(
  integerValue as fc.Arbitrary<PrimaryKeyValue>,
  fc.string({ unit: 'binary', maxLength: 12 }).map((value): PrimaryKeyValue => ({ type: 'string', value })),
  fc.uint8Array({ maxLength: 12 }).map((value): PrimaryKeyValue => ({ type: 'binary', value })),
  fc.constantFrom<PrimaryKeyValue>({ type: 'infMin' }, { type: 'infMax' }, { type: 'autoIncrement' }),
);
const pkColumn: fc.Arbitrary<PrimaryKeyColumn> = fc.record({ name, value: pkValue });
const attribute: fc.Arbitrary<AttributeColumn> = fc.oneof(
  fc.record({ name, value: cellValue, timestamp }, { requiredKeys: ['name', 'value'] }),
  fc.record({ name, timestamp, updateType: fc.constant('delete' as const) }),
  fc.record({ name, updateType: fc.constant('deleteAll' as const) }),
  fc.record(
    { name, value: integerValue, timestamp, updateType: fc.constant('increment' as const) },
    { requiredKeys: ['name', 'value', 'updateType'] },
  ),
);
const rowArbitrary: fc.Arbitrary<PlainBufferRow> = fc.record({
  primaryKey: fc.array(pkColumn, { minLength: 1, maxLength: 4 }),
  attributes: fc.array(attribute, { maxLength: 5 }),
  deleteMarker: fc.boolean(),
});

describe('PlainBuffer properties', () => {
  it('round-trips any rows', () => {
    fc.assert(
      fc.property(fc.array(rowArbitrary, { maxLength: 3 }), (rows) => {
        expect(decodeRows(encodeRows(rows))).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('single-row encoding equals a one-element encodeRows', () => {
    fc.assert(
      fc.property(rowArbitrary, (row) => {
        expect(encodeRow(row)).toEqual(encodeRows([row]));
      }),
      { numRuns: 100 },
    );
  });

  it('any changed byte gives ERR_PARSE or ERR_CHECKSUM, never a crash or a silent misread', () => {
    fc.assert(
      fc.property(
        fc.array(rowArbitrary, { minLength: 1, maxLength: 2 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (rows, position, delta) => {
          const bytes = encodeRows(rows);
          const at = position % bytes.length;
          bytes[at] = ((bytes[at] as number) + delta) & 0xff;
          const error = thrown(() => decodeRows(bytes));
          expect(isSdkError(error)).toBe(true);
          expect(['ERR_PARSE', 'ERR_CHECKSUM']).toContain((error as SdkError).code);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('any truncation inside the header or a row gives ERR_PARSE', () => {
    fc.assert(
      fc.property(rowArbitrary, fc.nat(), (row, cut) => {
        const bytes = encodeRow(row);
        let length = 1 + (cut % (bytes.length - 1));
        if (length === 4) length = 5; // header only is a valid empty list
        const error = thrown(() => decodeRows(bytes.subarray(0, length)));
        expect(isSdkError(error) && error.code).toBe('ERR_PARSE');
      }),
      { numRuns: 200 },
    );
  });
});
