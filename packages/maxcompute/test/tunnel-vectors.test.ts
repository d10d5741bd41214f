import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isSdkError } from '@alikit/core';
import {
  createRecordReader,
  createRecordWriter,
  createTunnelSchema,
  decodeRecords,
  encodeRecords,
  readRecords,
  type TunnelRecord,
  type TunnelType,
  type TunnelValue,
} from '@alikit/maxcompute/tunnel';
import { describe, expect, it } from 'vitest';

interface Vector {
  name: string;
  columns: { name: string; type: string }[];
  records: unknown[][];
  record_count: number;
  hex: string;
  byte_length: number;
  record_checksums: number[];
  stream_checksum: number;
  download_only?: boolean;
  server_metrics?: string;
  annotated: [number, string, string][];
}

const here = dirname(fileURLToPath(import.meta.url));
const dir = resolve(process.env.ALIKIT_TUNNEL_VECTORS_DIR ?? join(here, 'tunnel-vectors'));
const vectors = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, vector: JSON.parse(readFileSync(join(dir, file), 'utf8')) as Vector }));

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const toHex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function jsonNumber(value: unknown): number {
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value !== 'number') throw new Error(`not a number: ${String(value)}`);
  return value;
}

/** Converts a value from the vector JSON conventions (README) to the codec's representation. */
function fromJson(type: TunnelType, value: unknown): TunnelValue {
  if (value === null) return null;
  switch (type.kind) {
    case 'bigint':
      return BigInt(value as string);
    case 'datetime':
      return new Date(Number(BigInt(value as string)));
    case 'float':
    case 'double':
      return jsonNumber(value);
    case 'binary':
      return fromHex(value as string);
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval_day_time': {
      const v = value as { seconds: string; nanos: number };
      return { seconds: BigInt(v.seconds), nanos: v.nanos };
    }
    case 'array':
      return (value as unknown[]).map((item) => fromJson(type.element, item));
    case 'map':
      return new Map(
        (value as [unknown, unknown][]).map(([k, v]) => [fromJson(type.key, k), fromJson(type.value, v)] as const),
      );
    case 'struct': {
      const obj = value as Record<string, unknown>;
      return Object.fromEntries(type.fields.map((f) => [f.name, fromJson(f.type, obj[f.name])]));
    }
    default:
      return value as TunnelValue;
  }
}

// -0 and NaN must compare exactly (Object.is), which toEqual does; bigint/Date/Map/Uint8Array too.
function expected(v: Vector): TunnelRecord[] {
  const schema = createTunnelSchema(v.columns);
  return v.records.map((record) => record.map((value, i) => fromJson(schema.columns[i]?.type as TunnelType, value)));
}

describe('tunnel record-stream vectors', () => {
  it('finds vectors', () => {
    expect(vectors.length).toBeGreaterThan(0);
  });

  describe.each(vectors)('$file', ({ vector }) => {
    const schema = createTunnelSchema(vector.columns);
    const bytes = fromHex(vector.hex);
    const records = expected(vector);

    it('decodes hex to the records, verifying every checksum', () => {
      expect(bytes.length).toBe(vector.byte_length);
      const decoded = decodeRecords(schema, bytes);
      expect(decoded.records).toEqual(records);
      for (const [a, b] of decoded.records.flat().map((x, i) => [x, records.flat()[i]] as const)) {
        if (typeof a === 'number') expect(Object.is(a, b)).toBe(true);
      }
      expect(decoded.recordCount).toBe(vector.record_count);
      expect(decoded.checksum).toBe(vector.stream_checksum);
      expect(decoded.serverMetricsText).toBe(vector.server_metrics);
      if (vector.server_metrics !== undefined) expect(decoded.serverMetrics).toEqual(JSON.parse(vector.server_metrics));
    });

    it('decodes the same stream fed one byte at a time', async () => {
      const reader = createRecordReader(schema);
      const got: TunnelRecord[] = [];
      for (const byte of bytes) got.push(...reader.push(Uint8Array.of(byte)));
      expect(got).toEqual(records);
      expect(reader.end().checksum).toBe(vector.stream_checksum);
      const chunks = [bytes.subarray(0, 7), bytes.subarray(7, 40), bytes.subarray(40)];
      const streamed: TunnelRecord[] = [];
      const gen = readRecords(schema, chunks);
      for (;;) {
        const step = await gen.next();
        if (step.done) {
          expect(step.value.recordCount).toBe(vector.record_count);
          break;
        }
        streamed.push(step.value);
      }
      expect(streamed).toEqual(records);
    });

    it('re-encodes the records to exactly the hex (writers omit the download-only metrics block)', () => {
      const written = encodeRecords(schema, records);
      if (vector.download_only !== true) {
        expect(toHex(written)).toBe(vector.hex);
        return;
      }
      // Writers never emit server metrics: the records are identical, the footer has no metrics.
      const decoded = decodeRecords(schema, written);
      expect(decoded.records).toEqual(records);
      expect(decoded.checksum).toBe(vector.stream_checksum);
      expect(decoded.serverMetricsText).toBeUndefined();
      const recordBytes = vector.hex.slice(0, vector.hex.indexOf('f0ffff7f'));
      expect(toHex(written).slice(0, recordBytes.length)).toBe(recordBytes);
    });

    it('reports per-record checksums matching the vector', () => {
      const writer = createRecordWriter(schema);
      const crcs = records.map((record) => {
        const chunk = writer.write(record);
        // The record CRC is the varint after the end-of-record tag 80 c0 ff 7f at the end.
        const tail = chunk.subarray(toHex(chunk).lastIndexOf('80c0ff7f') / 2 + 4);
        let value = 0;
        tail.forEach((b, i) => {
          value += (b & 0x7f) * 2 ** (7 * i);
        });
        return value;
      });
      expect(crcs).toEqual(vector.record_checksums);
    });

    it('rejects the stream with any single value byte changed', () => {
      // Tag bytes are left alone: readers ignore the wire-type bits, so some tag edits are harmless.
      let checked = 0;
      for (const [offset, spanHex, what] of vector.annotated) {
        if (/tag/.test(what)) continue;
        for (let i = offset; i < offset + spanHex.length / 2; i++) {
          const copy = bytes.slice();
          copy[i] = (copy[i] as number) ^ 0x01;
          let error: unknown;
          try {
            decodeRecords(schema, copy);
          } catch (e) {
            error = e;
          }
          expect(isSdkError(error), `byte ${i} (${what}): ${String(error)}`).toBe(true);
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(0);
    });

    it('rejects the stream without its footer as truncated', () => {
      const footer = vector.hex.indexOf('f0ffff7f') / 2;
      expect(() => decodeRecords(schema, bytes.subarray(0, footer))).toThrow(/ERR_CHECKSUM.*truncated/);
    });
  });
});
