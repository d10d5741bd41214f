import { createSdkError, type SdkErrorCode, sdkErrorCodes } from '@alikit/core';
import { checkSchema } from './record-writer';
import type { TunnelRecord, TunnelSchema, TunnelValue } from './types';
import { RecordCrc, type ValueDecoder, valueDecoder } from './value-codec';
import {
  ByteSource,
  END_RECORD,
  MalformedInput,
  METRICS_END,
  METRICS_FIELD,
  NeedMoreInput,
  RECORD_COUNT,
  STREAM_CHECKSUM,
} from './wire';

/** What the footer of a fully read record stream said. */
export interface RecordStreamSummary {
  /** Records in the stream (equal to the footer's count, which was checked). */
  readonly recordCount: number;
  /** The stream CRC32C from the footer (verified), unsigned. */
  readonly checksum: number;
  /**
   * The download server-metrics JSON text, when the footer carried one (verified by its own
   * CRC32C), e.g. `{"PanguIOCost":1,"ServerIOCost":2,"ServerTotalCost":5}`.
   */
  readonly serverMetricsText: string | undefined;
  /** `serverMetricsText` parsed, when it is a JSON object; `undefined` otherwise. */
  readonly serverMetrics: Readonly<Record<string, unknown>> | undefined;
}

/** The result of {@link decodeRecords}: the records plus what the footer said. */
export interface DecodedRecordStream extends RecordStreamSummary {
  /** The records, each with one value per schema column. */
  readonly records: TunnelRecord[];
}

/** An incremental decoder of one record stream; see {@link createRecordReader}. */
export interface RecordReader {
  /**
   * Feeds the next bytes of the stream and returns the records they complete (possibly none).
   *
   * @throws SdkError `ERR_CHECKSUM` on a record, metrics or stream CRC32C mismatch or a wrong record
   *   count; `ERR_PARSE` on bytes that cannot be a record stream. The message names the record
   *   index and byte offset; the reader is unusable afterwards.
   */
  push(chunk: Uint8Array): TunnelRecord[];
  /**
   * Declares the end of input and returns the verified footer.
   *
   * @throws SdkError `ERR_CHECKSUM` when the stream is truncated (no complete footer)
   */
  end(): RecordStreamSummary;
  /** Records returned so far. */
  readonly recordCount: number;
}

const OPERATION = 'ReadRecords';
const utf8 = new TextDecoder('utf-8');

class StreamFailure {
  constructor(
    readonly code: SdkErrorCode,
    readonly reason: string,
    readonly offset: number,
  ) {}
}

/**
 * Creates an incremental decoder for a tunnel record stream (spec §5.8), for bodies that arrive in
 * chunks: every record CRC32C, the record count, the optional server-metrics CRC32C and the stream
 * CRC32C are verified, and a record is returned only once its own checksum matched. The schema
 * must list the columns in wire order (the `columns=` order for a column-subset download).
 * On Node.js, ASCII strings are returned as slices of one Latin-1 string per pushed chunk, so a
 * retained string keeps its chunk's characters alive; push bounded chunks.
 */
export function createRecordReader(schema: TunnelSchema): RecordReader {
  checkSchema(schema, 'createRecordReader');
  const columns = schema.columns;
  const crc = new RecordCrc();
  const streamCrc = new RecordCrc();
  let chunks: Uint8Array[] = [];
  let buffered = 0;
  let needed = 0;
  // Absolute stream offset of the first buffered byte, for error messages.
  let base = 0;
  let recordCount = 0;
  let summary: RecordStreamSummary | undefined;
  let failed: unknown;

  const fail = (code: SdkErrorCode, reason: string, offset: number): never => {
    const where = summary === undefined ? `record ${recordCount}` : 'after the footer';
    failed = createSdkError(code, {
      service: 'maxcompute',
      operation: OPERATION,
      reason: `${where}: ${reason} (byte offset ${offset})`,
      details: { recordIndex: recordCount, byteOffset: offset },
    });
    throw failed;
  };

  const columnCount = columns.length;
  const decoders = columns.map((c) => valueDecoder(c.type));
  // Copying a packed array of nulls is cheaper than allocating and filling one per record.
  const nulls: TunnelValue[] = columns.map(() => null);
  const parseRecord = (src: ByteSource): TunnelRecord | undefined => {
    const values: TunnelValue[] = nulls.slice();
    crc.value = 0;
    let fields = 0;
    for (;;) {
      const keyStart = src.pos;
      const number = Math.floor(src.uvarint() / 8);
      if (number === END_RECORD) {
        const at = src.pos;
        const sent = src.varint(0xffffffff, 'record checksum');
        if (sent !== crc.value) {
          throw new StreamFailure(
            sdkErrorCodes.ERR_CHECKSUM,
            `record checksum mismatch (stream says ${sent}, data gives ${crc.value})`,
            at,
          );
        }
        streamCrc.int32(sent | 0);
        return values;
      }
      if (number === RECORD_COUNT && fields === 0) {
        parseFooter(src);
        return undefined;
      }
      if (number < 1 || number > columnCount) {
        throw new MalformedInput(`invalid field number ${number} (schema has ${columnCount} columns)`, keyStart);
      }
      crc.int32(number);
      values[number - 1] = (decoders[number - 1] as ValueDecoder)(src, crc);
      fields++;
    }
  };

  const parseFooter = (src: ByteSource): void => {
    const countAt = src.pos;
    const count = src.sint64();
    if (count !== BigInt(recordCount)) {
      throw new StreamFailure(
        sdkErrorCodes.ERR_CHECKSUM,
        `footer says ${count} records but the stream holds ${recordCount}`,
        countAt,
      );
    }
    let tagAt = src.pos;
    let number = src.varint64() >> 3n;
    let metricsText: string | undefined;
    if (number === BigInt(METRICS_FIELD)) {
      const metricsCrc = new RecordCrc();
      metricsCrc.int32(METRICS_FIELD);
      const length = src.varint(0x7fffffff, 'metrics length');
      const bytes = src.bytes(length);
      metricsCrc.bytes(bytes);
      metricsText = utf8.decode(bytes);
      tagAt = src.pos;
      if (src.varint64() >> 3n !== BigInt(METRICS_END)) throw new MalformedInput('expected the metrics-end tag', tagAt);
      const at = src.pos;
      const sent = src.varint(0xffffffff, 'metrics checksum');
      if (sent !== metricsCrc.value) {
        throw new StreamFailure(
          sdkErrorCodes.ERR_CHECKSUM,
          `server metrics checksum mismatch (stream says ${sent}, data gives ${metricsCrc.value})`,
          at,
        );
      }
      tagAt = src.pos;
      number = src.varint64() >> 3n;
    }
    if (number !== BigInt(STREAM_CHECKSUM)) throw new MalformedInput('expected the stream-checksum tag', tagAt);
    const at = src.pos;
    const sent = src.varint(0xffffffff, 'stream checksum');
    if (sent !== streamCrc.value) {
      throw new StreamFailure(
        sdkErrorCodes.ERR_CHECKSUM,
        `stream checksum mismatch (stream says ${sent}, data gives ${streamCrc.value})`,
        at,
      );
    }
    summary = Object.freeze({
      recordCount,
      checksum: sent,
      serverMetricsText: metricsText,
      serverMetrics: parseMetrics(metricsText),
    });
  };

  return {
    push(chunk) {
      if (failed !== undefined) throw failed;
      if (!(chunk instanceof Uint8Array)) throw new TypeError('RecordReader.push: chunk must be a Uint8Array');
      if (chunk.length === 0) return [];
      if (summary !== undefined)
        fail(sdkErrorCodes.ERR_PARSE, 'unexpected bytes after the stream footer', base + buffered);
      chunks.push(chunk);
      buffered += chunk.length;
      if (buffered < needed) return [];
      const buf = chunks.length === 1 ? (chunks[0] as Uint8Array) : concat(chunks, buffered);
      const src = new ByteSource(buf);
      const out: TunnelRecord[] = [];
      let start = 0;
      try {
        while (src.pos < buf.length) {
          if (summary !== undefined) {
            throw new MalformedInput('unexpected bytes after the stream footer', src.pos);
          }
          start = src.pos;
          const record = parseRecord(src);
          if (record !== undefined) {
            out.push(record);
            recordCount++;
          }
        }
        start = src.pos;
        needed = 0;
      } catch (error) {
        if (error instanceof NeedMoreInput) {
          src.pos = start;
          needed = error.needed - start;
        } else if (error instanceof StreamFailure) {
          fail(error.code, error.reason, base + error.offset);
        } else if (error instanceof MalformedInput) {
          fail(sdkErrorCodes.ERR_PARSE, error.reason, base + error.offset);
        } else {
          throw error;
        }
      }
      base += start;
      const rest = buf.subarray(start);
      chunks = rest.length > 0 ? [rest] : [];
      buffered = rest.length;
      return out;
    },
    end() {
      if (failed !== undefined) throw failed;
      if (summary === undefined) {
        const where = buffered > 0 ? `inside record ${recordCount}` : `after ${recordCount} records`;
        fail(sdkErrorCodes.ERR_CHECKSUM, `stream truncated: input ended ${where} without the footer`, base + buffered);
      }
      return summary as RecordStreamSummary;
    },
    get recordCount() {
      return recordCount;
    },
  };
}

/**
 * Decodes a complete, uncompressed tunnel record stream (a download body after HTTP content
 * decoding) and verifies every checksum.
 *
 * @throws SdkError `ERR_CHECKSUM` on a CRC32C or record-count mismatch or a truncated stream,
 *   `ERR_PARSE` on malformed bytes; the message names the record index and byte offset
 */
export function decodeRecords(schema: TunnelSchema, bytes: Uint8Array): DecodedRecordStream {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('decodeRecords: bytes must be a Uint8Array');
  const reader = createRecordReader(schema);
  const records = reader.push(bytes);
  return { records, ...reader.end() };
}

/**
 * Decodes a record stream as it arrives (e.g. `response.body` of a tunnel download), yielding each
 * record once its checksum is verified; the generator's return value is the verified footer.
 *
 * @throws SdkError as {@link RecordReader.push} and {@link RecordReader.end}
 */
export async function* readRecords(
  schema: TunnelSchema,
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<TunnelRecord, RecordStreamSummary, undefined> {
  const reader = createRecordReader(schema);
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    const streamReader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await streamReader.read();
        if (done) break;
        yield* reader.push(value);
      }
    } finally {
      streamReader.releaseLock();
    }
  } else {
    for await (const chunk of source as AsyncIterable<Uint8Array>) yield* reader.push(chunk);
  }
  return reader.end();
}

function concat(chunks: readonly Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function parseMetrics(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
