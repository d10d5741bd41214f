import { isSdkError } from '@alikit/core';
import { describe, expect, it } from 'vitest';
import { crc32c } from './crc32c';
import { createRecordReader, decodeRecords, readRecords } from './record-reader';
import { createRecordWriter, encodeRecords } from './record-writer';
import { createTunnelSchema, formatTunnelType, parseTunnelType } from './type-parser';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('crc32c', () => {
  it('matches the Castagnoli check value and chains', () => {
    const data = new TextEncoder().encode('123456789');
    expect(crc32c(data)).toBe(0xe3069283);
    expect(crc32c(data.subarray(4), crc32c(data.subarray(0, 4)))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });
});

describe('parseTunnelType', () => {
  it('parses nested, parameterised, back-quoted and spaced type strings', () => {
    expect(parseTunnelType('DECIMAL(10, 2)')).toEqual({ kind: 'decimal', precision: 10, scale: 2 });
    expect(parseTunnelType('decimal(20)')).toEqual({ kind: 'decimal', precision: 20, scale: undefined });
    expect(parseTunnelType('Map<String, Array<VARCHAR(5)>>')).toEqual({
      kind: 'map',
      key: { kind: 'string' },
      value: { kind: 'array', element: { kind: 'varchar', length: 5 } },
    });
    const struct = parseTunnelType('struct<`a b`:int, c string, `x``y`:struct<d:decimal(38,18)>>');
    expect(struct).toEqual({
      kind: 'struct',
      fields: [
        { name: 'a b', type: { kind: 'int' } },
        { name: 'c', type: { kind: 'string' } },
        {
          name: 'x`y',
          type: { kind: 'struct', fields: [{ name: 'd', type: { kind: 'decimal', precision: 38, scale: 18 } }] },
        },
      ],
    });
    expect(formatTunnelType(struct)).toBe('struct<`a b`:int,c:string,`x``y`:struct<d:decimal(38,18)>>');
  });

  it('rejects malformed and unsupported types with TypeError', () => {
    for (const bad of [
      '',
      'array<int',
      'map<int>',
      'decimal(3,4)',
      'char(0)',
      'geography',
      'vector<float,3>',
      'int extra',
      'struct<a:int,A:int>',
    ]) {
      expect(() => parseTunnelType(bad), bad).toThrow(TypeError);
    }
    expect(() => createTunnelSchema([{ name: 'c', type: 'blob' }])).toThrow(/column "c".*unsupported type "blob"/);
  });
});

describe('encode and decode', () => {
  const schema = createTunnelSchema([
    { name: 'id', type: 'bigint' },
    { name: 'name', type: 'string' },
    { name: 'ts', type: 'timestamp' },
  ]);

  it('reproduces the worked example of spec §5.8', () => {
    const expected = '08ac02 12026869 1a020a 80c0ff7f 988282f40c 80c0ff7f 00 f0ffff7f 04 f8ffff7f 85ffcfbf0c';
    const bytes = encodeRecords(schema, [[150n, 'hi', { seconds: 1n, nanos: 5 }], { id: null }]);
    expect(hex(bytes)).toBe(expected.replace(/ /g, ''));
    expect(decodeRecords(schema, bytes).records).toEqual([
      [150n, 'hi', { seconds: 1n, nanos: 5 }],
      [null, null, null],
    ]);
  });

  it('accepts fields in any order and Java-style same-sign INTERVAL_DAY_TIME', () => {
    const s = createTunnelSchema([
      { name: 'a', type: 'int' },
      { name: 'b', type: 'interval_day_time' },
    ]);
    const writer = createRecordWriter(s);
    // -1 ns written Java's way (seconds 0, nanos -1) and with the fields reversed.
    const body = fromHex('12 00 01 08 02');
    const recordCrc = crc32c(fromHex('02000000 0000000000000000 ffffffff 01000000 0100000000000000'));
    const crcLe = new Uint8Array(4);
    new DataView(crcLe.buffer).setUint32(0, recordCrc, true);
    const streamCrc = crc32c(crcLe);
    const stream = Uint8Array.from([
      ...body,
      ...fromHex('80c0ff7f'),
      ...varint(recordCrc),
      ...fromHex('f0ffff7f02f8ffff7f'),
      ...varint(streamCrc),
    ]);
    expect(decodeRecords(s, stream).records).toEqual([[1, { seconds: -1n, nanos: 999_999_999 }]]);
    expect(hex(writer.write([1, { seconds: 0n, nanos: -1 }]))).toBe(
      hex(writer.write([1, { seconds: -1n, nanos: 999_999_999 }])),
    );
  });

  it('names the column in TypeError / RangeError for wrong values and stays usable', () => {
    const writer = createRecordWriter(schema);
    expect(() => writer.write(['1', null, null])).toThrow(/column "id" \(bigint\): expected bigint/);
    expect(() => writer.write([1n, 5, null])).toThrow(TypeError);
    expect(() => writer.write([1n, 'x', new Date(0)])).toThrow(/column "ts" \(timestamp\)/);
    expect(() => writer.write([1n << 63n, null, null])).toThrow(RangeError);
    expect(() => writer.write([1n, null])).toThrow(/2 values but the schema has 3 columns/);
    const nested = createRecordWriter(createTunnelSchema([{ name: 's', type: 'struct<a:array<tinyint>>' }]));
    expect(() => nested.write([{ a: [1, 300] }])).toThrow(/column "s"\.a\[1\] \(tinyint\): 300 is outside -128\.\.127/);
    expect(() => createRecordWriter(createTunnelSchema([{ name: 'd', type: 'decimal' }])).write(['1e-7'])).toThrow(
      /column "d" \(decimal\): expected plain decimal text/,
    );
    expect(writer.write([1n, null, null]).length).toBeGreaterThan(0);
    expect(writer.recordCount).toBe(1);
  });

  it('reports checksum errors with the record index, truncation and trailing bytes', () => {
    const bytes = encodeRecords(schema, [
      [1n, 'a', null],
      [2n, 'b', null],
    ]);
    const second = bytes.indexOf(0x62); // the 'b'
    const corrupt = bytes.slice();
    corrupt[second] = 0x63;
    const error = errorOf(() => decodeRecords(schema, corrupt));
    expect(isSdkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'ERR_CHECKSUM', retryable: true, details: { recordIndex: 1 } });
    expect(String((error as Error).message)).toMatch(
      /maxcompute ReadRecords failed: ERR_CHECKSUM: record 1: record checksum mismatch/,
    );
    expect(errorOf(() => decodeRecords(schema, bytes.subarray(0, bytes.length - 1)))).toMatchObject({
      code: 'ERR_CHECKSUM',
    });
    expect(errorOf(() => decodeRecords(schema, Uint8Array.from([...bytes, 0])))).toMatchObject({ code: 'ERR_PARSE' });
    expect(errorOf(() => decodeRecords(schema, fromHex('2000')))).toMatchObject({
      code: 'ERR_PARSE',
      message: /invalid field number 4/,
    });
    const badCount = fromHex('f0ffff7f02f8ffff7f00');
    expect(errorOf(() => decodeRecords(schema, badCount))).toMatchObject({
      code: 'ERR_CHECKSUM',
      message: /footer says 1 records/,
    });
  });

  it('reads a ReadableStream and keeps the reader failed after an error', async () => {
    const bytes = encodeRecords(schema, [[7n, null, null]]);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.subarray(0, 3));
        controller.enqueue(bytes.subarray(3));
        controller.close();
      },
    });
    const got = [];
    for await (const record of readRecords(schema, body)) got.push(record);
    expect(got).toEqual([[7n, null, null]]);
    const reader = createRecordReader(schema);
    expect(() => reader.push(fromHex('ff'))).not.toThrow();
    expect(() => reader.push(fromHex('ffffffffffffffffff'))).toThrow(/ERR_PARSE/);
    expect(() => reader.end()).toThrow(/ERR_PARSE/);
  });
});

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
