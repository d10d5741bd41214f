import type { TunnelRecordInput, TunnelSchema, TunnelType, TunnelValue } from './types';
import { encodeValue, RecordCrc, wireType } from './value-codec';
import { ByteSink, END_RECORD, RECORD_COUNT, STREAM_CHECKSUM } from './wire';

/** An incremental encoder of one record stream (an upload block body); see {@link createRecordWriter}. */
export interface RecordWriter {
  /**
   * Encodes one record and returns its bytes (fields, end-of-record tag and record CRC32C).
   *
   * @throws TypeError naming the column when a value has the wrong type for its column
   * @throws RangeError naming the column when a number is outside the column type's range
   * @throws Error when called after {@link RecordWriter.finish}
   */
  write(record: TunnelRecordInput): Uint8Array;
  /** Returns the footer (record count and stream CRC32C); the stream is complete after it. */
  finish(): Uint8Array;
  /** Records written so far. */
  readonly recordCount: number;
  /** Bytes returned so far (records, plus the footer once finished); useful to size upload blocks. */
  readonly byteLength: number;
}

/**
 * Creates an incremental encoder for a tunnel record stream (spec §5.8): the concatenation of every
 * `write()` result and the `finish()` result is one complete, uncompressed stream. A record that
 * fails validation writes nothing, so the writer stays usable.
 *
 * @example
 * ```ts
 * const writer = createRecordWriter(createTunnelSchema([{ name: 'id', type: 'bigint' }]));
 * const chunks = [writer.write([1n]), writer.write([null]), writer.finish()];
 * ```
 */
export function createRecordWriter(schema: TunnelSchema): RecordWriter {
  const core = createWriterCore(schema, 'createRecordWriter');
  const { sink } = core;
  let byteLength = 0;

  const take = (): Uint8Array => {
    const out = sink.take();
    sink.reset();
    byteLength += out.length;
    return out;
  };

  return {
    write(record) {
      sink.reset();
      core.write(record);
      return take();
    },
    finish() {
      sink.reset();
      core.finish();
      return take();
    },
    get recordCount() {
      return core.recordCount;
    },
    get byteLength() {
      return byteLength;
    },
  };
}

interface WriterCore {
  readonly sink: ByteSink;
  /** Appends one record to `sink`; on a validation error nothing is appended. */
  write(record: TunnelRecordInput): void;
  /** Appends the footer. */
  finish(): void;
  readonly recordCount: number;
}

function createWriterCore(schema: TunnelSchema, caller: string): WriterCore {
  checkSchema(schema, caller);
  const columns = schema.columns;
  const count = columns.length;
  const types = columns.map((column) => column.type);
  const keys = columns.map((column, i) => (i + 1) * 8 + wireType(column.type));
  const paths = columns.map((column) => JSON.stringify(column.name));
  const sink = new ByteSink();
  const crc = new RecordCrc();
  const streamCrc = new RecordCrc();
  let recordCount = 0;
  let finished = false;
  return {
    sink,
    write(record) {
      if (finished) throw new Error(`${caller}: write() after finish()`);
      const values = recordValues(schema, record);
      const start = sink.length;
      crc.value = 0;
      try {
        for (let i = 0; i < count; i++) {
          const value = values[i];
          if (value === null || value === undefined) continue;
          sink.varint(keys[i] as number);
          crc.int32(i + 1);
          encodeValue(sink, crc, types[i] as TunnelType, value, paths[i] as string);
        }
      } catch (error) {
        sink.length = start;
        throw error;
      }
      sink.varint(END_RECORD * 8);
      sink.varint(crc.value);
      streamCrc.int32(crc.value | 0);
      recordCount++;
    },
    finish() {
      if (finished) throw new Error(`${caller}: finish() called twice`);
      finished = true;
      sink.varint(RECORD_COUNT * 8);
      sink.sint64(BigInt(recordCount));
      sink.varint(STREAM_CHECKSUM * 8);
      sink.varint(streamCrc.value);
    },
    get recordCount() {
      return recordCount;
    },
  };
}

/**
 * Encodes records as one complete tunnel record stream (records and footer, uncompressed), the body
 * of an upload block.
 *
 * @throws TypeError naming the column when a value has the wrong type for its column
 * @throws RangeError naming the column when a number is outside the column type's range
 */
export function encodeRecords(schema: TunnelSchema, records: Iterable<TunnelRecordInput>): Uint8Array {
  const core = createWriterCore(schema, 'encodeRecords');
  const { sink } = core;
  // Flushing 1 MiB pieces keeps the sink small instead of doubling one buffer to the stream size.
  const pieces: Uint8Array[] = [];
  let total = 0;
  for (const record of records) {
    core.write(record);
    if (sink.length >= 1 << 20) {
      const piece = sink.take();
      pieces.push(piece);
      total += piece.length;
      sink.reset();
    }
  }
  core.finish();
  if (pieces.length === 0) return sink.take();
  const last = sink.take();
  const out = new Uint8Array(total + last.length);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  out.set(last, offset);
  return out;
}

/** @throws TypeError when `schema` is not a schema from {@link createTunnelSchema}-like input */
export function checkSchema(schema: TunnelSchema, caller: string): void {
  if (typeof schema !== 'object' || schema === null || !Array.isArray(schema.columns)) {
    throw new TypeError(`${caller}: schema must be a TunnelSchema (see createTunnelSchema)`);
  }
}

function recordValues(schema: TunnelSchema, record: TunnelRecordInput): readonly (TunnelValue | undefined)[] {
  if (Array.isArray(record)) {
    if (record.length !== schema.columns.length) {
      throw new TypeError(`record has ${record.length} values but the schema has ${schema.columns.length} columns`);
    }
    return record;
  }
  if (typeof record !== 'object' || record === null) throw new TypeError('record must be an array or an object');
  const obj = record as { readonly [column: string]: TunnelValue | undefined };
  return schema.columns.map((column) => (Object.hasOwn(obj, column.name) ? obj[column.name] : undefined));
}
