import { isSdkError } from '@alikit/core';
import {
  decodeCompositeColumnValueFilter,
  decodeFilter,
  decodeGetRowResponse,
  decodePutRowRequest,
  decodeRow,
  decodeSingleColumnValueFilter,
  encodeCompositeColumnValueFilter,
  encodeFilter,
  encodeGetRangeRequest,
  encodeListTableRequest,
  encodePutRowRequest,
  encodeRow,
  encodeSingleColumnValueFilter,
  ProtobufWriter,
  wireTypes,
} from '@alikit/tablestore/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { messageArb, messageCases } from '../support/message-arbitraries';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('protobuf messages round-trip', () => {
  it('covers every operation group', () => {
    const names = messageCases.map((c) => c.name);
    for (const op of ['CreateTable', 'DescribeTable', 'ListTable', 'DeleteTable', 'UpdateTable', 'PutRow']) {
      expect(names).toContain(`${op}Request`);
      expect(names).toContain(`${op}Response`);
    }
    for (const op of ['GetRow', 'UpdateRow', 'DeleteRow', 'BatchGetRow', 'BatchWriteRow', 'GetRange']) {
      expect(names).toContain(`${op}Request`);
      expect(names).toContain(`${op}Response`);
    }
    expect(names).toEqual(expect.arrayContaining(['Filter', 'SingleColumnValueFilter', 'Condition', 'Error']));
  });

  for (const c of messageCases) {
    it(`${c.name}: decode(encode(x)) equals x`, () => {
      fc.assert(
        fc.property(messageArb(c.def), (value) => {
          expect(c.decode(c.encode(value as never))).toEqual(value);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('protobuf message decoding', () => {
  it('skips unknown fields of every wire type', () => {
    const known = encodePutRowRequest({
      tableName: 't',
      row: new Uint8Array([1, 2]),
      condition: { rowExistence: 'expectNotExist' },
    });
    const unknown = new ProtobufWriter()
      .tag(99, wireTypes.varint)
      .uint32(5)
      .tag(98, wireTypes.lengthDelimited)
      .string('future')
      .tag(97, wireTypes.fixed64)
      .fixed64(1n)
      .finish();
    const decoded = decodePutRowRequest(new Uint8Array([...unknown, ...known, 0x7d, 0, 0, 0, 0]));
    expect(decoded).toEqual({
      tableName: 't',
      row: new Uint8Array([1, 2]),
      condition: { rowExistence: 'expectNotExist' },
    });
  });

  it('treats an unknown enum number as an unknown field', () => {
    // Filter with type = 7 (unknown) then type = 1: the unknown number is skipped, not an error.
    const decodedFilter = decodeFilter(new Uint8Array([0x08, 0x07, 0x08, 0x01, 0x12, 0x00]));
    expect(decodedFilter).toEqual({ type: 'singleColumnValue', filter: new Uint8Array() });
  });

  it('requires required fields, like the official decoder', () => {
    // GetRowResponse with only `consumed` (spec §2: a missing `row` must be refused).
    const onlyConsumed = new Uint8Array([0x0a, 0x02, 0x0a, 0x00]);
    try {
      decodeGetRowResponse(onlyConsumed);
      expect.unreachable();
    } catch (error) {
      expect(isSdkError(error) && error.code).toBe('ERR_PARSE');
      expect(String(error)).toMatch(/missing required field 2 \(row\)/);
    }
    expect(decodeGetRowResponse(new Uint8Array([...onlyConsumed, 0x12, 0x00]))).toEqual({
      consumed: { capacityUnit: {} },
      row: new Uint8Array(),
    });
  });

  it('returns copied plain Uint8Arrays even when given a Node Buffer', () => {
    const source = Buffer.from(
      encodePutRowRequest({ tableName: 't', row: new Uint8Array([1, 2, 3]), condition: { rowExistence: 'ignore' } }),
    );
    const decoded = decodePutRowRequest(source);
    source.fill(0);
    expect(Object.getPrototypeOf(decoded.row)).toBe(Uint8Array.prototype);
    expect(decoded.row).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('throws ERR_PARSE on truncated input', () => {
    const bytes = encodePutRowRequest({
      tableName: 'orders',
      row: new Uint8Array(4),
      condition: { rowExistence: 'ignore' },
    });
    expect(() => decodePutRowRequest(bytes.subarray(0, bytes.length - 1))).toThrow(/malformed protobuf/);
  });
});

describe('protobuf message encoding', () => {
  it('writes fields in field-number order with the expected bytes', () => {
    expect(hex(encodeListTableRequest())).toBe('');
    const bytes = encodePutRowRequest({
      tableName: 'a',
      row: new Uint8Array([0xab]),
      condition: { rowExistence: 'ignore' },
      returnContent: { returnType: 'primaryKey' },
    });
    expect(hex(bytes)).toBe('0a0161' + '1201ab' + '1a020800' + '22020801');
  });

  it('refuses missing required fields and wrong types before writing', () => {
    expect(() => encodePutRowRequest({ tableName: 'a', row: new Uint8Array() } as never)).toThrow(
      new TypeError('PutRowRequest.condition is required'),
    );
    expect(() =>
      encodePutRowRequest({ tableName: 'a', row: 'x', condition: { rowExistence: 'ignore' } } as never),
    ).toThrow(TypeError);
    expect(() =>
      encodePutRowRequest({ tableName: 'a', row: new Uint8Array(), condition: { rowExistence: 'sometimes' } } as never),
    ).toThrow(/rowExistence must be one of 'ignore', 'expectExist', 'expectNotExist'/);
    expect(() =>
      encodeGetRangeRequest({
        tableName: 't',
        direction: 'forward',
        limit: 2 ** 31,
        inclusiveStartPrimaryKey: new Uint8Array(),
        exclusiveEndPrimaryKey: new Uint8Array(),
      }),
    ).toThrow(RangeError);
    expect(() => encodeFilter({ type: 'singleColumnValue', filter: [1] } as never)).toThrow(
      /Filter\.filter must be a Uint8Array/,
    );
  });
});

describe('filters and PlainBuffer together', () => {
  it('nests a single-column filter inside a composite filter inside a Filter', () => {
    const single = encodeFilter({
      type: 'singleColumnValue',
      filter: encodeSingleColumnValueFilter({
        comparator: 'greaterEqual',
        columnName: 'age',
        columnValue: new Uint8Array([0x00, 0x12, 0, 0, 0, 0, 0, 0, 0]),
        filterIfMissing: true,
        latestVersionOnly: true,
      }),
    });
    const composite = encodeFilter({
      type: 'compositeColumnValue',
      filter: encodeCompositeColumnValueFilter({ combinator: 'and', subFilters: [decodeFilter(single)] }),
    });
    const outer = decodeFilter(composite);
    expect(outer.type).toBe('compositeColumnValue');
    const inner = decodeCompositeColumnValueFilter(outer.filter).subFilters?.[0];
    expect(inner?.type).toBe('singleColumnValue');
    expect(decodeSingleColumnValueFilter(inner?.filter ?? new Uint8Array()).comparator).toBe('greaterEqual');
  });

  it('carries a PlainBuffer row through PutRowRequest unchanged', () => {
    const row = encodeRow({ primaryKey: [{ name: 'id', value: 'u1' }], attributes: [{ name: 'n', value: 5n }] });
    const decoded = decodePutRowRequest(
      encodePutRowRequest({ tableName: 't', row, condition: { rowExistence: 'ignore' } }),
    );
    expect(decodeRow(decoded.row).primaryKey[0]?.value).toEqual({ type: 'string', value: 'u1' });
  });
});
