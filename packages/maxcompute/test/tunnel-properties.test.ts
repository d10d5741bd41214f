import { isSdkError } from '@alikit/core';
import {
  createRecordReader,
  createRecordWriter,
  createTunnelSchema,
  decodeRecords,
  encodeRecords,
  formatTunnelType,
  parseTunnelType,
  type TunnelRecord,
  type TunnelSchema,
  type TunnelType,
  type TunnelValue,
} from '@alikit/maxcompute/tunnel';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const RUNS = 200;

const scalarType: fc.Arbitrary<TunnelType> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.constantFrom<TunnelType>(
      { kind: 'bigint' },
      { kind: 'int' },
      { kind: 'smallint' },
      { kind: 'tinyint' },
      { kind: 'double' },
      { kind: 'float' },
      { kind: 'boolean' },
      { kind: 'string' },
      { kind: 'binary' },
      { kind: 'json' },
      { kind: 'datetime' },
      { kind: 'date' },
      { kind: 'timestamp' },
      { kind: 'timestamp_ntz' },
      { kind: 'interval_day_time' },
      { kind: 'interval_year_month' },
    ),
  },
  fc.record({ kind: fc.constantFrom('char' as const, 'varchar' as const), length: fc.integer({ min: 1, max: 65535 }) }),
  fc.integer({ min: 1, max: 38 }).chain((precision) =>
    fc.record({
      kind: fc.constant('decimal' as const),
      precision: fc.constant(precision),
      scale: fc.integer({ min: 0, max: precision }),
    }),
  ),
  fc.constant<TunnelType>({ kind: 'decimal', precision: undefined, scale: undefined }),
);

const fieldName = fc.stringMatching(/^[a-z_][a-z0-9_]{0,6}$/);

const { type: anyType } = fc.letrec<{ type: TunnelType }>((tie) => ({
  type: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalarType,
    fc.record({ kind: fc.constant('array' as const), element: tie('type') }),
    fc.record({ kind: fc.constant('map' as const), key: scalarType, value: tie('type') }),
    fc.record({
      kind: fc.constant('struct' as const),
      fields: fc
        .uniqueArray(fieldName, { minLength: 1, maxLength: 4, selector: (n) => n.toLowerCase() })
        .chain((names) => fc.tuple(...names.map((name) => tie('type').map((type) => ({ name, type }))))),
    }),
  ),
}));

const decimalText = fc
  .tuple(
    fc.boolean(),
    fc.stringMatching(/^[0-9]{1,20}$/),
    fc.option(fc.stringMatching(/^[0-9]{1,18}$/), { nil: undefined }),
  )
  .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === undefined ? '' : `.${frac}`}`);
const text = fc.string({ unit: 'binary', maxLength: 40 });
const secondsNanos = fc.record({
  seconds: fc.bigInt(-(1n << 62n), 1n << 62n),
  nanos: fc.integer({ min: 0, max: 999_999_999 }),
});

function arbitraryValue(type: TunnelType): fc.Arbitrary<TunnelValue> {
  switch (type.kind) {
    case 'bigint':
      return fc.bigInt(-(1n << 63n), (1n << 63n) - 1n);
    case 'int':
      return fc.integer();
    case 'smallint':
      return fc.integer({ min: -32768, max: 32767 });
    case 'tinyint':
      return fc.integer({ min: -128, max: 127 });
    case 'double':
      return fc.double();
    case 'float':
      return fc.float();
    case 'boolean':
      return fc.boolean();
    case 'string':
    case 'char':
    case 'varchar':
    case 'json':
      return text;
    case 'decimal':
      return decimalText;
    case 'binary':
      return fc.uint8Array({ maxLength: 40 });
    case 'datetime':
      return fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms));
    case 'date':
    case 'interval_year_month':
      return fc.maxSafeInteger();
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval_day_time':
      return secondsNanos;
    case 'array':
      return fc.array(nullable(type.element), { maxLength: 4 });
    case 'map':
      return fc
        .array(fc.tuple(nullable(type.key), nullable(type.value)), { maxLength: 4 })
        .map((pairs) => new Map(pairs));
    case 'struct':
      return fc
        .tuple(...type.fields.map((f) => nullable(f.type)))
        .map((values) => Object.fromEntries(type.fields.map((f, i) => [f.name, values[i] as TunnelValue])));
  }
}

function nullable(type: TunnelType): fc.Arbitrary<TunnelValue> {
  return fc.option(arbitraryValue(type), { nil: null, freq: 4 });
}

const schemaAndRecords = fc
  .uniqueArray(fieldName, { minLength: 1, maxLength: 5 })
  .chain((names) => fc.tuple(...names.map((name) => anyType.map((type) => ({ name, type })))))
  .chain((columns) => {
    const schema = createTunnelSchema(columns);
    const record = fc.tuple(...schema.columns.map((c) => nullable(c.type)));
    return fc.tuple(fc.constant(schema), fc.array(record, { maxLength: 5 }));
  });

function splitAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let last = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(last, p));
    last = p;
  }
  return out;
}

describe('tunnel codec properties', () => {
  it('round-trips random schemas and records, whole and in random chunks', () => {
    fc.assert(
      fc.property(schemaAndRecords, fc.array(fc.nat(), { maxLength: 6 }), ([schema, records], cuts) => {
        const bytes = encodeRecords(schema, records);
        const decoded = decodeRecords(schema, bytes);
        expect(decoded.records).toEqual(records);
        expect(decoded.recordCount).toBe(records.length);
        const reader = createRecordReader(schema);
        const streamed: TunnelRecord[] = [];
        for (const chunk of splitAt(bytes, cuts)) streamed.push(...reader.push(chunk));
        expect(streamed).toEqual(records);
        expect(reader.end().checksum).toBe(decoded.checksum);
      }),
      { numRuns: RUNS },
    );
  });

  it('formats and re-parses every type to the same type', () => {
    fc.assert(
      fc.property(anyType, (type) => {
        expect(parseTunnelType(formatTunnelType(type))).toEqual(type);
        expect(parseTunnelType(formatTunnelType(type).toUpperCase().replace(/,/g, ', '))).toEqual(
          parseTunnelType(formatTunnelType(type).toUpperCase()),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('reports a changed byte in a value payload as a checksum error naming the record', () => {
    const payloadCase = schemaAndRecords.chain(([schema, records]) => {
      // One extra BINARY column that is always set gives a payload right before the end-of-record tag.
      const withBinary = createTunnelSchema([...schema.columns, { name: 'payload_col', type: 'binary' }]);
      return fc.tuple(
        fc.constant(withBinary),
        fc.constant(records),
        fc.array(fc.uint8Array({ minLength: 1, maxLength: 20 }), {
          minLength: records.length + 1,
          maxLength: records.length + 1,
        }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
      );
    });
    fc.assert(
      fc.property(payloadCase, ([schema, records, payloads, which, offset, bit]) => {
        const full = [...records, schema.columns.map(() => null)].map((r, i) => [
          ...r.slice(0, schema.columns.length - 1),
          payloads[i] as Uint8Array,
        ]);
        const writer = createRecordWriter(schema);
        const chunks = full.map((r) => writer.write(r));
        chunks.push(writer.finish());
        const target = which % full.length;
        const chunk = chunks[target] as Uint8Array;
        const payload = payloads[target] as Uint8Array;
        // The CRC varint's inner bytes are >= 0x80, so the last 0x7f before its final byte ends the tag.
        const crcLength = chunk.length - (chunk.lastIndexOf(0x7f, chunk.length - 2) + 1);
        const payloadEnd = chunk.length - crcLength - 4;
        const position = payloadEnd - payload.length + (offset % payload.length);
        chunk[position] = (chunk[position] as number) ^ (1 << bit);
        const stream = Uint8Array.from(chunks.flatMap((c) => [...c]));
        let error: unknown;
        try {
          decodeRecords(schema, stream);
        } catch (e) {
          error = e;
        }
        expect(isSdkError(error) && error.code).toBe('ERR_CHECKSUM');
        expect(String((error as Error).message)).toContain(`record ${target}:`);
      }),
      { numRuns: RUNS },
    );
  });

  it('never fails with anything but SdkError on random or mutated bytes', () => {
    const check = (schema: TunnelSchema, bytes: Uint8Array): void => {
      try {
        decodeRecords(schema, bytes);
      } catch (error) {
        if (!isSdkError(error)) throw error;
      }
    };
    fc.assert(
      fc.property(schemaAndRecords, fc.uint8Array({ maxLength: 64 }), ([schema], bytes) => check(schema, bytes)),
      { numRuns: RUNS },
    );
    fc.assert(
      fc.property(
        schemaAndRecords,
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        ([schema, records], edits) => {
          const bytes = encodeRecords(schema, records);
          for (const [at, value] of edits) bytes[at % bytes.length] = value;
          check(schema, bytes);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
