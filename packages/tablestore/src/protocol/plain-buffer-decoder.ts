import { createSdkError, type SdkError, sdkErrorCodes } from '@alikit/core';
import { crc8, crc8Byte } from './crc8';
import * as C from './plain-buffer-constants';
import type {
  AttributeColumn,
  CellValue,
  PlainBufferRow,
  PrimaryKeyColumn,
  PrimaryKeyValue,
  UpdateType,
} from './plain-buffer-types';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const OPS: Record<number, UpdateType> = {
  [C.OP_DELETE_ALL_VERSIONS]: 'deleteAll',
  [C.OP_DELETE_ONE_VERSION]: 'delete',
  [C.OP_INCREMENT]: 'increment',
};

/** A bounds-checked little-endian cursor whose every failure names the byte offset. */
class ByteReader {
  pos = 0;
  readonly view: DataView;

  constructor(
    readonly bytes: Uint8Array,
    readonly operation: string,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  fail(reason: string, at = this.pos): SdkError {
    return createSdkError(sdkErrorCodes.ERR_PARSE, {
      service: 'tablestore',
      operation: this.operation,
      reason: `malformed PlainBuffer at offset ${at}: ${reason}`,
      details: { offset: at },
    });
  }

  checksumMismatch(what: string, at: number, stored: number, computed: number): SdkError {
    return createSdkError(sdkErrorCodes.ERR_CHECKSUM, {
      service: 'tablestore',
      operation: this.operation,
      reason: `PlainBuffer ${what} checksum mismatch at offset ${at}: stored 0x${hex(stored)}, computed 0x${hex(computed)}`,
      details: { offset: at, stored, computed },
    });
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (n > this.remaining) throw this.fail(`${what} needs ${n} bytes but only ${this.remaining} remain`);
  }

  peek(): number | undefined {
    return this.bytes[this.pos];
  }

  byte(what: string): number {
    this.need(1, what);
    return this.bytes[this.pos++] as number;
  }

  expectTag(tag: number, what: string): void {
    const at = this.pos;
    const got = this.byte(what);
    if (got !== tag) throw this.fail(`expected ${what} (0x${hex(tag)}), found 0x${hex(got)}`, at);
  }

  u32(what: string): number {
    this.need(4, what);
    const n = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return n;
  }

  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  text(n: number, what: string): string {
    const at = this.pos;
    const raw = this.take(n, what);
    return decodeUtf8(raw, () => this.fail(`${what} is not valid UTF-8`, at));
  }
}

/**
 * UTF-8 to string. Column names and most values are short ASCII, for which building the string
 * directly is several times faster than a TextDecoder call; everything else goes through the
 * (fatal) decoder.
 */
function decodeUtf8(raw: Uint8Array, invalid: () => SdkError): string {
  if (raw.length <= 64) {
    let ascii = true;
    for (let i = 0; i < raw.length; i++) {
      if ((raw[i] as number) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) return String.fromCharCode.apply(null, raw as unknown as number[]);
  }
  try {
    return utf8.decode(raw);
  } catch {
    throw invalid();
  }
}

function hex(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** Reads `<LE32 len> <variant>` (after TAG_CELL_VALUE) and returns the value and the extended CRC. */
function readValue(
  r: ByteReader,
  crc: number,
  primaryKey: boolean,
): { value: CellValue | PrimaryKeyValue; crc: number } {
  const length = r.u32('cell value length');
  if (length < 1) throw r.fail('cell value length is 0', r.pos - 4);
  const start = r.pos;
  const variant = r.take(length, 'cell value');
  const type = variant[0] as number;
  // Payload offsets within the reader's bytes (its view is relative to them).
  const base = start + 1;
  const payloadLength = length - 1;
  let value: CellValue | PrimaryKeyValue | undefined;
  switch (type) {
    case C.VT_INTEGER:
      exactPayload(r, type, payloadLength, 8, start);
      value = { type: 'integer', value: r.view.getBigInt64(base, true) };
      break;
    case C.VT_STRING: {
      const raw = sizedPayload(r, type, payloadLength, base, start);
      value = { type: 'string', value: decodeUtf8(raw, () => r.fail('string value is not valid UTF-8', start + 5)) };
      break;
    }
    case C.VT_BLOB:
      value = { type: 'binary', value: new Uint8Array(sizedPayload(r, type, payloadLength, base, start)) };
      break;
    case C.VT_DOUBLE:
      if (primaryKey) break;
      exactPayload(r, type, payloadLength, 8, start);
      value = { type: 'double', value: r.view.getFloat64(base, true) };
      break;
    case C.VT_BOOLEAN: {
      if (primaryKey) break;
      exactPayload(r, type, payloadLength, 1, start);
      const flag = variant[1] as number;
      if (flag > 1) throw r.fail(`boolean byte is 0x${hex(flag)}, expected 0 or 1`, start + 1);
      value = { type: 'boolean', value: flag === 1 };
      break;
    }
    case C.VT_INF_MIN:
    case C.VT_INF_MAX:
    case C.VT_AUTO_INCREMENT:
      if (!primaryKey) break;
      exactPayload(r, type, payloadLength, 0, start);
      value = { type: type === C.VT_INF_MIN ? 'infMin' : type === C.VT_INF_MAX ? 'infMax' : 'autoIncrement' };
      break;
  }
  if (value === undefined)
    throw r.fail(
      `value type 0x${hex(type)} is not allowed in ${primaryKey ? 'a primary-key' : 'an attribute'} cell`,
      start,
    );
  return { value, crc: crc8(variant, crc) };
}

function exactPayload(r: ByteReader, type: number, length: number, expected: number, start: number): void {
  if (length !== expected)
    throw r.fail(`value of type 0x${hex(type)} has ${length} payload bytes, expected ${expected}`, start);
}

/** The bytes of a `<LE32 size> <bytes>` payload, which must fill the payload exactly. */
function sizedPayload(r: ByteReader, type: number, length: number, base: number, start: number): Uint8Array {
  if (length < 4) throw r.fail(`value of type 0x${hex(type)} is too short for its length prefix`, start);
  const size = r.view.getUint32(base, true);
  exactPayload(r, type, length, 4 + size, start);
  return r.bytes.subarray(base + 4, base + 4 + size);
}

function readName(r: ByteReader): { name: string; crc: number } {
  r.expectTag(C.TAG_CELL, 'TAG_CELL');
  r.expectTag(C.TAG_CELL_NAME, 'TAG_CELL_NAME');
  const length = r.u32('cell name length');
  const at = r.pos;
  const name = r.text(length, 'cell name');
  return { name, crc: crc8(r.bytes.subarray(at, r.pos)) };
}

function readCellChecksum(r: ByteReader, crc: number): void {
  r.expectTag(C.TAG_CELL_CHECKSUM, 'TAG_CELL_CHECKSUM');
  const at = r.pos;
  const stored = r.byte('cell checksum');
  if (stored !== crc) throw r.checksumMismatch('cell', at, stored, crc);
}

function readPrimaryKeyCell(r: ByteReader): { column: PrimaryKeyColumn; crc: number } {
  const { name, crc: nameCrc } = readName(r);
  r.expectTag(C.TAG_CELL_VALUE, 'TAG_CELL_VALUE');
  const { value, crc } = readValue(r, nameCrc, true);
  readCellChecksum(r, crc);
  return { column: { name, value: value as PrimaryKeyValue }, crc };
}

function readAttributeCell(r: ByteReader): { column: AttributeColumn; crc: number } {
  const cellAt = r.pos;
  let { name, crc } = readName(r);
  let value: CellValue | undefined;
  let updateType: UpdateType | undefined;
  let opByte = 0;
  let timestamp: number | undefined;
  if (r.peek() === C.TAG_CELL_VALUE) {
    r.pos++;
    const read = readValue(r, crc, false);
    value = read.value as CellValue;
    crc = read.crc;
  }
  if (r.peek() === C.TAG_CELL_TYPE) {
    r.pos++;
    const at = r.pos;
    opByte = r.byte('cell update type');
    updateType = OPS[opByte];
    if (updateType === undefined) throw r.fail(`unknown cell update type 0x${hex(opByte)}`, at);
  }
  if (r.peek() === C.TAG_CELL_TIMESTAMP) {
    r.pos++;
    const at = r.pos;
    const raw = r.take(8, 'cell timestamp');
    const ts = r.view.getBigInt64(at, true);
    if (ts < 0n || ts > BigInt(Number.MAX_SAFE_INTEGER))
      throw r.fail(`cell timestamp ${ts} is not a non-negative safe integer`, at);
    timestamp = Number(ts);
    crc = crc8(raw, crc);
  }
  // The checksum covers the op after the timestamp, the reverse of the wire order.
  if (updateType !== undefined) crc = crc8Byte(crc, opByte);
  readCellChecksum(r, crc);

  const isDelete = updateType === 'delete' || updateType === 'deleteAll';
  if (isDelete !== (value === undefined)) {
    throw r.fail(
      isDelete ? `a '${updateType}' cell must not carry a value` : 'cell has neither a value nor a delete update type',
      cellAt,
    );
  }
  if (updateType === 'increment' && value?.type !== 'integer')
    throw r.fail("an 'increment' cell must carry an INTEGER value", cellAt);
  if (updateType === 'delete' && timestamp === undefined)
    throw r.fail("a 'delete' cell must carry a timestamp", cellAt);
  if (updateType === 'deleteAll' && timestamp !== undefined)
    throw r.fail("a 'deleteAll' cell must not carry a timestamp", cellAt);

  const column: { name: string; value?: CellValue; timestamp?: number; updateType?: UpdateType } = { name };
  if (value !== undefined) column.value = value;
  if (timestamp !== undefined) column.timestamp = timestamp;
  if (updateType !== undefined) column.updateType = updateType;
  return { column: column as AttributeColumn, crc };
}

function readRow(r: ByteReader): PlainBufferRow {
  r.expectTag(C.TAG_ROW_PK, 'TAG_ROW_PK');
  let rowCrc = 0;
  const primaryKey: PrimaryKeyColumn[] = [];
  const attributes: AttributeColumn[] = [];
  while (r.peek() === C.TAG_CELL) {
    const { column, crc } = readPrimaryKeyCell(r);
    primaryKey.push(column);
    rowCrc = crc8Byte(rowCrc, crc);
  }
  if (r.peek() === C.TAG_ROW_DATA) {
    r.pos++;
    while (r.peek() === C.TAG_CELL) {
      const { column, crc } = readAttributeCell(r);
      attributes.push(column);
      rowCrc = crc8Byte(rowCrc, crc);
    }
  }
  const deleteMarker = r.peek() === C.TAG_DELETE_ROW_MARKER;
  if (deleteMarker) r.pos++;
  rowCrc = crc8Byte(rowCrc, deleteMarker ? 1 : 0);
  r.expectTag(C.TAG_ROW_CHECKSUM, 'TAG_ROW_CHECKSUM');
  const at = r.pos;
  const stored = r.byte('row checksum');
  if (stored !== rowCrc) throw r.checksumMismatch('row', at, stored, rowCrc);
  return { primaryKey, attributes, deleteMarker };
}

function readAll(bytes: Uint8Array, operation: string): PlainBufferRow[] {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${operation}: bytes must be a Uint8Array`);
  if (bytes.length === 0) return [];
  const r = new ByteReader(bytes, operation);
  const header = r.u32('header');
  if (header !== C.HEADER) throw r.fail(`header is 0x${header.toString(16)}, expected 0x${C.HEADER.toString(16)}`, 0);
  const rows: PlainBufferRow[] = [];
  while (r.remaining > 0) {
    // The npm SDK over-allocates its buffers and sends the zero tail; the service accepts it, so we do.
    if (r.peek() === 0 && r.bytes.subarray(r.pos).every((b) => b === 0)) break;
    rows.push(readRow(r));
  }
  return rows;
}

/**
 * Decodes a PlainBuffer holding any number of rows (a `GetRangeResponse.rows` field, or any
 * single-row field), verifying every cell and row checksum. Integers come back as `bigint`,
 * binary as `Uint8Array`, every value in the explicit {@link CellValue} form. Empty input and a
 * bare header give `[]`; zero bytes after the last row (npm SDK padding) are ignored.
 *
 * @throws SdkError `ERR_PARSE` for malformed input and `ERR_CHECKSUM` for a checksum mismatch,
 *   both naming the byte offset (also in `details.offset`)
 * @throws TypeError when `bytes` is not a Uint8Array
 */
export function decodeRows(bytes: Uint8Array): PlainBufferRow[] {
  return readAll(bytes, 'decodeRows');
}

/**
 * Decodes a PlainBuffer that must hold exactly one row (a `GetRowResponse.row`, a primary key).
 *
 * @throws SdkError `ERR_PARSE` when there is not exactly one row or the input is malformed,
 *   `ERR_CHECKSUM` on a checksum mismatch
 * @throws TypeError when `bytes` is not a Uint8Array
 */
export function decodeRow(bytes: Uint8Array): PlainBufferRow {
  const rows = readAll(bytes, 'decodeRow');
  const [row] = rows;
  if (rows.length !== 1 || row === undefined) {
    throw createSdkError(sdkErrorCodes.ERR_PARSE, {
      service: 'tablestore',
      operation: 'decodeRow',
      reason: `expected exactly one PlainBuffer row, found ${rows.length}`,
    });
  }
  return row;
}
