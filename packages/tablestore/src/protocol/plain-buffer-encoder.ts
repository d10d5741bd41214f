import { crc8, crc8Byte } from './crc8';
import * as C from './plain-buffer-constants';
import type {
  AttributeColumn,
  CellValue,
  CellValueInput,
  PlainBufferRowInput,
  PrimaryKeyColumn,
  PrimaryKeyValue,
  PrimaryKeyValueInput,
} from './plain-buffer-types';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const utf8 = new TextEncoder();
// In a `u` regex a well-formed surrogate pair is one code point, so this matches lone halves
// only: those cannot be written as UTF-8 and TextEncoder would silently replace them.
const LONE_SURROGATE = /\p{Cs}/u;

/** A growable little-endian byte sink. */
class ByteWriter {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  byte(b: number): void {
    this.reserve(1);
    this.buf[this.length++] = b;
  }

  u32(n: number): void {
    this.reserve(4);
    this.view.setUint32(this.length, n, true);
    this.length += 4;
  }

  i64(n: bigint): void {
    this.reserve(8);
    this.view.setBigInt64(this.length, n, true);
    this.length += 8;
  }

  /** Overwrites 4 bytes already written at `at`. */
  patchU32(at: number, n: number): void {
    this.view.setUint32(at, n, true);
  }

  bytes(b: Uint8Array): void {
    this.reserve(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
  }

  /** The bytes written from `start` on (a view, valid until the next write). */
  since(start: number): Uint8Array {
    return this.buf.subarray(start, this.length);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
    return `${typeof value} ${String(value)}`;
  if (typeof value === 'object' && 'type' in value)
    return `{ type: ${JSON.stringify((value as { type: unknown }).type)} }`;
  return typeof value;
}

function checkString(text: string, where: string): void {
  if (LONE_SURROGATE.test(text))
    throw new TypeError(`${where}: string contains a lone UTF-16 surrogate, which UTF-8 cannot encode`);
}

function toInt64(value: unknown, where: string): bigint {
  if (typeof value === 'bigint') {
    if (value < INT64_MIN || value > INT64_MAX)
      throw new RangeError(`${where}: integer ${value} is outside the int64 range`);
    return value;
  }
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new TypeError(
        `${where}: number ${value} is not a safe integer; pass a bigint for large integers or { type: 'double', value } for a floating-point value`,
      );
    }
    return BigInt(value);
  }
  throw new TypeError(`${where}: an INTEGER value must be a bigint or a safe integer number, got ${describe(value)}`);
}

/** Turns an input value into its explicit typed form, validating it. */
function normalizeValue(input: unknown, where: string, primaryKey: boolean): CellValue | PrimaryKeyValue {
  if (typeof input === 'bigint') return { type: 'integer', value: toInt64(input, where) };
  if (typeof input === 'string') {
    checkString(input, where);
    return { type: 'string', value: input };
  }
  if (typeof input === 'boolean' && !primaryKey) return { type: 'boolean', value: input };
  if (input instanceof Uint8Array) return { type: 'binary', value: input };
  if (typeof input === 'number') {
    throw new TypeError(
      `${where}: a plain number is ambiguous; write { type: 'integer', value: ${input} } or { type: 'double', value: ${input} }`,
    );
  }
  if (typeof input === 'object' && input !== null && 'type' in input) {
    const { type, value } = input as { type: unknown; value?: unknown };
    switch (type) {
      case 'integer':
        return { type, value: toInt64(value, where) };
      case 'string':
        if (typeof value !== 'string') break;
        checkString(value, where);
        return { type, value };
      case 'binary':
        if (!(value instanceof Uint8Array)) break;
        return { type, value };
      case 'double':
        if (primaryKey || typeof value !== 'number') break;
        return { type, value };
      case 'boolean':
        if (primaryKey || typeof value !== 'boolean') break;
        return { type, value };
      case 'infMin':
      case 'infMax':
      case 'autoIncrement':
        if (!primaryKey) break;
        return { type };
    }
  }
  const allowed = primaryKey
    ? 'bigint, string, Uint8Array or { type: integer|string|binary|infMin|infMax|autoIncrement }'
    : 'bigint, string, boolean, Uint8Array or { type: integer|double|boolean|string|binary, value }';
  throw new TypeError(`${where}: unsupported value ${describe(input)}; expected ${allowed}`);
}

/** Writes `TAG_CELL_VALUE <len> <variant>` and returns the cell CRC extended over the variant. */
function writeValue(w: ByteWriter, value: CellValue | PrimaryKeyValue, crc: number): number {
  w.byte(C.TAG_CELL_VALUE);
  const lengthAt = w.length;
  w.u32(0);
  const start = w.length;
  switch (value.type) {
    case 'integer':
      w.byte(C.VT_INTEGER);
      w.i64(value.value);
      break;
    case 'double': {
      w.byte(C.VT_DOUBLE);
      const bits = new DataView(new ArrayBuffer(8));
      bits.setFloat64(0, value.value, true);
      w.i64(bits.getBigInt64(0, true));
      break;
    }
    case 'boolean':
      w.byte(C.VT_BOOLEAN);
      w.byte(value.value ? 1 : 0);
      break;
    case 'string':
    case 'binary': {
      const payload = value.type === 'string' ? utf8.encode(value.value) : value.value;
      w.byte(value.type === 'string' ? C.VT_STRING : C.VT_BLOB);
      w.u32(payload.length);
      w.bytes(payload);
      break;
    }
    case 'infMin':
      w.byte(C.VT_INF_MIN);
      break;
    case 'infMax':
      w.byte(C.VT_INF_MAX);
      break;
    case 'autoIncrement':
      w.byte(C.VT_AUTO_INCREMENT);
      break;
  }
  const variant = w.since(start);
  // The length prefix is not covered by the checksum; it is back-filled once the variant is known.
  w.patchU32(lengthAt, variant.length);
  return crc8(variant, crc);
}

function writeName(w: ByteWriter, name: unknown, where: string): number {
  if (typeof name !== 'string' || name === '')
    throw new TypeError(`${where}: the column name must be a non-empty string`);
  checkString(name, where);
  // The length is the UTF-8 byte count, not name.length (the npm SDK's bug with non-ASCII names).
  const bytes = utf8.encode(name);
  w.byte(C.TAG_CELL);
  w.byte(C.TAG_CELL_NAME);
  w.u32(bytes.length);
  w.bytes(bytes);
  return crc8(bytes);
}

function writePrimaryKeyCell(w: ByteWriter, column: PrimaryKeyColumn<PrimaryKeyValueInput>, where: string): number {
  if (typeof column !== 'object' || column === null) throw new TypeError(`${where}: expected { name, value }`);
  const value = normalizeValue(column.value, `${where} (${String(column.name)})`, true);
  let crc = writeName(w, column.name, where);
  crc = writeValue(w, value, crc);
  w.byte(C.TAG_CELL_CHECKSUM);
  w.byte(crc);
  return crc;
}

const OP_BYTES = {
  delete: C.OP_DELETE_ONE_VERSION,
  deleteAll: C.OP_DELETE_ALL_VERSIONS,
  increment: C.OP_INCREMENT,
} as const;

function writeAttributeCell(w: ByteWriter, column: AttributeColumn<CellValueInput>, where: string): number {
  if (typeof column !== 'object' || column === null) throw new TypeError(`${where}: expected { name, value }`);
  const label = `${where} (${String(column.name)})`;
  const { updateType, timestamp } = column;
  if (updateType !== undefined && !Object.hasOwn(OP_BYTES, updateType)) {
    throw new TypeError(
      `${label}: updateType must be 'delete', 'deleteAll' or 'increment', got ${describe(updateType)}`,
    );
  }
  const isDelete = updateType === 'delete' || updateType === 'deleteAll';
  if (isDelete && column.value !== undefined)
    throw new TypeError(`${label}: a '${updateType}' update carries no value`);
  if (!isDelete && column.value === undefined) throw new TypeError(`${label}: value is required`);
  if (timestamp !== undefined && (!Number.isSafeInteger(timestamp) || timestamp < 0)) {
    throw new TypeError(
      `${label}: timestamp must be a non-negative safe integer (epoch milliseconds), got ${describe(timestamp)}`,
    );
  }
  if (updateType === 'delete' && timestamp === undefined)
    throw new TypeError(`${label}: a 'delete' update needs the timestamp of the version to delete`);
  if (updateType === 'deleteAll' && timestamp !== undefined)
    throw new TypeError(`${label}: a 'deleteAll' update takes no timestamp`);
  const value = isDelete ? undefined : (normalizeValue(column.value, label, false) as CellValue);
  if (updateType === 'increment' && value?.type !== 'integer')
    throw new TypeError(`${label}: an 'increment' update needs an INTEGER value`);

  let crc = writeName(w, column.name, where);
  if (value !== undefined) crc = writeValue(w, value, crc);
  if (updateType !== undefined) {
    w.byte(C.TAG_CELL_TYPE);
    w.byte(OP_BYTES[updateType]);
  }
  if (timestamp !== undefined) {
    w.byte(C.TAG_CELL_TIMESTAMP);
    const at = w.length;
    w.i64(BigInt(timestamp));
    crc = crc8(w.since(at), crc);
  }
  // The checksum takes the timestamp before the op although the wire has them the other way round.
  if (updateType !== undefined) crc = crc8Byte(crc, OP_BYTES[updateType]);
  w.byte(C.TAG_CELL_CHECKSUM);
  w.byte(crc);
  return crc;
}

function writeRow(w: ByteWriter, row: PlainBufferRowInput, where: string): void {
  if (typeof row !== 'object' || row === null) throw new TypeError(`${where}: expected a row object`);
  if (!Array.isArray(row.primaryKey)) throw new TypeError(`${where}: primaryKey must be an array`);
  if (row.attributes !== undefined && !Array.isArray(row.attributes))
    throw new TypeError(`${where}: attributes must be an array`);
  if (row.deleteMarker !== undefined && typeof row.deleteMarker !== 'boolean')
    throw new TypeError(`${where}: deleteMarker must be a boolean`);
  let rowCrc = 0;
  w.byte(C.TAG_ROW_PK);
  row.primaryKey.forEach((column, i) => {
    rowCrc = crc8Byte(rowCrc, writePrimaryKeyCell(w, column, `${where}.primaryKey[${i}]`));
  });
  const attributes = row.attributes ?? [];
  if (attributes.length > 0) {
    w.byte(C.TAG_ROW_DATA);
    attributes.forEach((column, i) => {
      rowCrc = crc8Byte(rowCrc, writeAttributeCell(w, column, `${where}.attributes[${i}]`));
    });
  }
  if (row.deleteMarker) w.byte(C.TAG_DELETE_ROW_MARKER);
  rowCrc = crc8Byte(rowCrc, row.deleteMarker ? 1 : 0);
  w.byte(C.TAG_ROW_CHECKSUM);
  w.byte(rowCrc);
}

/**
 * Encodes one row as a PlainBuffer (header, row, checksums): the bytes of a `PutRow`, `UpdateRow`
 * or `DeleteRow` request's `row` field, a `GetRow` key, or a GetRange start/end key.
 *
 * @example
 * ```ts
 * const bytes = encodeRow({
 *   primaryKey: [{ name: 'id', value: 'a' }, { name: 'seq', value: 1n }],
 *   attributes: [{ name: 'price', value: { type: 'double', value: 9.5 } }],
 * });
 * ```
 * @throws TypeError when a value, name, timestamp or update type is not valid (e.g. a plain
 *   `number`, whose INTEGER/DOUBLE type would have to be guessed)
 * @throws RangeError when an integer does not fit in int64
 */
export function encodeRow(row: PlainBufferRowInput): Uint8Array {
  const w = new ByteWriter();
  w.u32(C.HEADER);
  writeRow(w, row, 'row');
  return w.result();
}

/**
 * Encodes several rows after one header, as in a `GetRangeResponse.rows` field. An empty list
 * gives just the 4 header bytes.
 *
 * @throws TypeError / RangeError as {@link encodeRow}, naming the row index
 */
export function encodeRows(rows: readonly PlainBufferRowInput[]): Uint8Array {
  if (!Array.isArray(rows)) throw new TypeError('rows must be an array');
  const w = new ByteWriter();
  w.u32(C.HEADER);
  for (const [i, row] of rows.entries()) writeRow(w, row, `rows[${i}]`);
  return w.result();
}
