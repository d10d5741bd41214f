import { CRC32C_TABLE, crc32c } from './crc32c';
import { formatTunnelType } from './type-parser';
import type { TunnelType, TunnelValue } from './types';
import { type ByteSink, type ByteSource, isInt64, MalformedInput } from './wire';

/** The running record checksum; values feed it exactly as spec §5.8 lists. */
export class RecordCrc {
  value = 0;
  private readonly scratch = new Uint8Array(8);
  private readonly view = new DataView(this.scratch.buffer);

  bytes(data: Uint8Array): void {
    this.value = crc32c(data, this.value);
  }

  int32(n: number): void {
    this.value = ~update32(~this.value, n) >>> 0;
  }

  /** Feeds `int64le(n)` for a safe integer `n`, without going through bigint. */
  int64Number(n: number): void {
    // n >>> 0 is n modulo 2^32 (the low word, also for negatives); the floor division gives the
    // signed high word of the two's complement.
    const high = (n | 0) === n ? n >> 31 : Math.floor(n / 4294967296);
    this.value = ~update32(update32(~this.value, n >>> 0), high) >>> 0;
  }

  /** Feeds `buf[start..end)` without creating a view. */
  range(buf: Uint8Array, start: number, end: number): void {
    let c = ~this.value;
    for (let i = start; i < end; i++) c = (TABLE[(c ^ (buf[i] as number)) & 0xff] as number) ^ (c >>> 8);
    this.value = ~c >>> 0;
  }

  int64(n: bigint): void {
    this.view.setBigInt64(0, n, true);
    this.value = crc32c(this.scratch, this.value);
  }

  float32(n: number): void {
    this.view.setFloat32(0, n, true);
    this.value = crc32c(this.scratch.subarray(0, 4), this.value);
  }

  float64(n: number): void {
    this.view.setFloat64(0, n, true);
    this.value = crc32c(this.scratch, this.value);
  }
}

const TABLE = CRC32C_TABLE;

/** Runs four little-endian bytes of `x` through the (non-inverted) CRC state `c`. */
function update32(c: number, x: number): number {
  c = (TABLE[(c ^ x) & 0xff] as number) ^ (c >>> 8);
  c = (TABLE[(c ^ (x >>> 8)) & 0xff] as number) ^ (c >>> 8);
  c = (TABLE[(c ^ (x >>> 16)) & 0xff] as number) ^ (c >>> 8);
  return (TABLE[(c ^ (x >>> 24)) & 0xff] as number) ^ (c >>> 8);
}

/** Protobuf wire type of a column's field key (readers ignore it, writers must match the SDKs). */
export function wireType(type: TunnelType): number {
  switch (type.kind) {
    case 'float':
      return 5;
    case 'double':
      return 1;
    case 'bigint':
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'boolean':
    case 'datetime':
    case 'date':
    case 'interval_year_month':
      return 0;
    default:
      return 2;
  }
}

const INT_RANGES = {
  tinyint: [-128, 127],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
} as const;

// Date's own limit: ±100 000 000 days around the epoch.
const MAX_DATE_MS = 8.64e15;
const NANOS_PER_SECOND = 1_000_000_000n;
// Integers below 2^52 in magnitude take the number path (exact in a double, also doubled for zigzag).
const SMALL_LIMIT = 2n ** 52n - 1n;
const utf8 = new TextEncoder();
const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (value instanceof Uint8Array) return 'Uint8Array';
  if (value instanceof Map) return 'Map';
  return typeof value;
}

function wrongType(path: string, type: TunnelType, expected: string, value: unknown): TypeError {
  return new TypeError(`column ${path} (${formatTunnelType(type)}): expected ${expected}, got ${describe(value)}`);
}

function outOfRange(path: string, type: TunnelType, detail: string): RangeError {
  return new RangeError(`column ${path} (${formatTunnelType(type)}): ${detail}`);
}

/**
 * Writes one non-null value (no field key) and feeds the record checksum.
 * `path` names the column (and nested position) in error messages.
 */
export function encodeValue(sink: ByteSink, crc: RecordCrc, type: TunnelType, value: TunnelValue, path: string): void {
  switch (type.kind) {
    case 'bigint': {
      if (typeof value === 'bigint' && value >= -SMALL_LIMIT && value <= SMALL_LIMIT) {
        const small = Number(value);
        sink.sint64Number(small);
        crc.int64Number(small);
        return;
      }
      let n: bigint;
      if (typeof value === 'bigint') n = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
      else throw wrongType(path, type, 'bigint (or a safe integer number)', value);
      if (!isInt64(n)) throw outOfRange(path, type, `${n} does not fit 64 bits`);
      sink.sint64(n);
      crc.int64(n);
      return;
    }
    case 'tinyint':
    case 'smallint':
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(path, type, 'integer number', value);
      const [min, max] = INT_RANGES[type.kind];
      if (value < min || value > max) throw outOfRange(path, type, `${value} is outside ${min}..${max}`);
      // -0 must encode as 0.
      const n = value === 0 ? 0 : value;
      sink.sint64Number(n);
      crc.int64Number(n);
      return;
    }
    case 'interval_year_month':
    case 'date': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value))
        throw wrongType(path, type, 'safe integer number', value);
      const n = value === 0 ? 0 : value;
      sink.sint64Number(n);
      crc.int64Number(n);
      return;
    }
    case 'datetime': {
      if (!(value instanceof Date)) throw wrongType(path, type, 'Date', value);
      const ms = value.getTime();
      if (Number.isNaN(ms)) throw outOfRange(path, type, 'invalid Date');
      sink.sint64Number(ms);
      crc.int64Number(ms);
      return;
    }
    case 'boolean': {
      if (typeof value !== 'boolean') throw wrongType(path, type, 'boolean', value);
      sink.varint(value ? 1 : 0);
      crc.bytes(value ? ONE : ZERO);
      return;
    }
    case 'float': {
      if (typeof value !== 'number') throw wrongType(path, type, 'number', value);
      sink.float32(value);
      crc.float32(value);
      return;
    }
    case 'double': {
      if (typeof value !== 'number') throw wrongType(path, type, 'number', value);
      sink.float64(value);
      crc.float64(value);
      return;
    }
    case 'string':
    case 'char':
    case 'varchar':
    case 'json': {
      if (typeof value !== 'string') throw wrongType(path, type, 'string', value);
      const at = sink.lengthPrefixedText(value);
      crc.range(sink.written, at, sink.length);
      return;
    }
    case 'decimal': {
      if (typeof value !== 'string') throw wrongType(path, type, 'decimal string', value);
      if (!PLAIN_DECIMAL.test(value)) throw wrongType(path, type, 'plain decimal text such as "-12.50"', value);
      writeBytes(sink, crc, utf8.encode(value));
      return;
    }
    case 'binary': {
      if (!(value instanceof Uint8Array)) throw wrongType(path, type, 'Uint8Array', value);
      writeBytes(sink, crc, value);
      return;
    }
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval_day_time': {
      const v = value as { seconds?: unknown; nanos?: unknown } | null;
      if (typeof v !== 'object' || v === null || typeof v.seconds !== 'bigint' || typeof v.nanos !== 'number') {
        throw wrongType(path, type, '{ seconds: bigint, nanos: number }', value);
      }
      if (!Number.isInteger(v.nanos) || Math.abs(v.nanos) >= 1e9) {
        throw outOfRange(path, type, `nanos ${v.nanos} is not an integer in -999999999..999999999`);
      }
      // Floor seconds and non-negative nanos: Java's Instant convention, which the spec prefers.
      const total = v.seconds * NANOS_PER_SECOND + BigInt(v.nanos);
      let seconds = total / NANOS_PER_SECOND;
      let nanos = total - seconds * NANOS_PER_SECOND;
      if (nanos < 0n) {
        seconds -= 1n;
        nanos += NANOS_PER_SECOND;
      }
      if (!isInt64(seconds)) throw outOfRange(path, type, `seconds ${seconds} does not fit 64 bits`);
      sink.sint64(seconds);
      sink.sint32(Number(nanos));
      crc.int64(seconds);
      crc.int32(Number(nanos));
      return;
    }
    case 'array': {
      if (!Array.isArray(value)) throw wrongType(path, type, 'array', value);
      encodeArray(sink, crc, type.element, value, path);
      return;
    }
    case 'map': {
      let entries: readonly (readonly [TunnelValue, TunnelValue])[];
      if (value instanceof Map) entries = [...value.entries()];
      else if (Array.isArray(value) && value.every((e) => Array.isArray(e) && e.length === 2)) {
        entries = value as unknown as readonly (readonly [TunnelValue, TunnelValue])[];
      } else throw wrongType(path, type, 'Map (or array of [key, value] pairs)', value);
      encodeArray(
        sink,
        crc,
        type.key,
        entries.map((e) => e[0]),
        `${path}.key`,
      );
      encodeArray(
        sink,
        crc,
        type.value,
        entries.map((e) => e[1]),
        `${path}.value`,
      );
      return;
    }
    case 'struct': {
      if (
        typeof value !== 'object' ||
        value === null ||
        Array.isArray(value) ||
        value instanceof Map ||
        value instanceof Uint8Array ||
        value instanceof Date
      ) {
        throw wrongType(path, type, 'object', value);
      }
      const obj = value as { readonly [field: string]: TunnelValue | undefined };
      for (const field of type.fields) {
        const fieldValue = Object.hasOwn(obj, field.name) ? obj[field.name] : undefined;
        if (fieldValue === null || fieldValue === undefined) {
          sink.varint(1);
          continue;
        }
        sink.varint(0);
        encodeValue(sink, crc, field.type, fieldValue, `${path}.${field.name}`);
      }
      return;
    }
  }
}

const ONE = Uint8Array.of(1);
const ZERO = Uint8Array.of(0);

function writeBytes(sink: ByteSink, crc: RecordCrc, bytes: Uint8Array): void {
  sink.varint(bytes.length);
  sink.bytes(bytes);
  crc.bytes(bytes);
}

function encodeArray(
  sink: ByteSink,
  crc: RecordCrc,
  element: TunnelType,
  values: readonly TunnelValue[],
  path: string,
): void {
  sink.varint(values.length);
  values.forEach((item, i) => {
    if (item === null || item === undefined) {
      sink.varint(1);
      return;
    }
    sink.varint(0);
    encodeValue(sink, crc, element, item, `${path}[${i}]`);
  });
}

/** Reads one value of a fixed type (no field key) and feeds the record checksum. */
export type ValueDecoder = (source: ByteSource, crc: RecordCrc) => TunnelValue;

/**
 * A decoder specialised for one column type: the common scalar types get their own small
 * function (no dispatch on the type per value); the others go through {@link decodeValue}.
 */
export function valueDecoder(type: TunnelType): ValueDecoder {
  switch (type.kind) {
    case 'bigint':
      return (source, crc) => {
        const small = source.sint64Small();
        if (small !== undefined) {
          crc.int64Number(small);
          return BigInt(small);
        }
        const n = source.sint64();
        crc.int64(n);
        return n;
      };
    case 'double':
      return (source, crc) => {
        const v = source.float64();
        crc.range(source.buf, source.pos - 8, source.pos);
        return v;
      };
    case 'string':
    case 'char':
    case 'varchar':
    case 'json':
    case 'decimal':
      return (source, crc) => {
        const length = source.varint(0x7fffffff, 'length');
        const from = source.pos;
        source.bytes(length);
        crc.range(source.buf, from, from + length);
        return source.text(from, from + length);
      };
    case 'datetime':
      return (source, crc) => {
        const start = source.pos;
        const small = source.sint64Small();
        if (small === undefined) {
          source.pos = start;
          return decodeValue(source, crc, type);
        }
        crc.int64Number(small);
        return new Date(small);
      };
    default:
      return (source, crc) => decodeValue(source, crc, type);
  }
}

/** Reads one value (no field key) and feeds the record checksum. */
export function decodeValue(source: ByteSource, crc: RecordCrc, type: TunnelType): TunnelValue {
  const start = source.pos;
  switch (type.kind) {
    case 'bigint': {
      // Most values fit 7 varint bytes (|n| < 2^48): decode them as numbers, convert once.
      const small = source.sint64Small();
      if (small !== undefined) {
        crc.int64Number(small);
        return BigInt(small);
      }
      const n = source.sint64();
      crc.int64(n);
      return n;
    }
    case 'tinyint':
    case 'smallint':
    case 'int': {
      const [min, max] = INT_RANGES[type.kind];
      const small = source.sint64Small();
      if (small !== undefined) {
        if (small < min || small > max) throw new MalformedInput(`${type.kind} value ${small} out of range`, start);
        crc.int64Number(small);
        return small;
      }
      const n = source.sint64();
      throw new MalformedInput(`${type.kind} value ${n} out of range`, start);
    }
    case 'interval_year_month':
    case 'date': {
      const small = source.sint64Small();
      if (small !== undefined) {
        crc.int64Number(small);
        return small;
      }
      const n = source.sint64();
      if (n < BigInt(Number.MIN_SAFE_INTEGER) || n > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new MalformedInput(`${type.kind} value ${n} out of range`, start);
      }
      crc.int64(n);
      return Number(n);
    }
    case 'datetime': {
      const small = source.sint64Small();
      if (small !== undefined) {
        crc.int64Number(small);
        return new Date(small);
      }
      const n = source.sint64();
      if (n < BigInt(-MAX_DATE_MS) || n > BigInt(MAX_DATE_MS)) {
        throw new MalformedInput(`datetime value ${n} ms is outside the range of Date`, start);
      }
      crc.int64(n);
      return new Date(Number(n));
    }
    case 'boolean': {
      const b = source.uvarint() !== 0;
      crc.range(b ? ONE : ZERO, 0, 1);
      return b;
    }
    // Floats feed the CRC with the bytes as received, so a NaN payload other than ours still verifies.
    case 'float': {
      const v = source.float32();
      crc.range(source.buf, source.pos - 4, source.pos);
      return v;
    }
    case 'double': {
      const v = source.float64();
      crc.range(source.buf, source.pos - 8, source.pos);
      return v;
    }
    case 'string':
    case 'char':
    case 'varchar':
    case 'json':
    case 'decimal': {
      const length = source.varint(0x7fffffff, 'length');
      const from = source.pos;
      source.bytes(length);
      crc.range(source.buf, from, from + length);
      return source.text(from, from + length);
    }
    case 'binary':
      return readBytes(source, crc).slice();
    case 'timestamp':
    case 'timestamp_ntz':
    case 'interval_day_time': {
      const rawSeconds = source.sint64();
      const rawNanos = source.sint32();
      crc.int64(rawSeconds);
      crc.int32(rawNanos);
      // Java writes INTERVAL_DAY_TIME with seconds and nanos of the same sign; normalise both forms.
      let seconds = rawSeconds;
      let nanos = rawNanos;
      if (nanos < 0 || nanos >= 1e9) {
        const total = rawSeconds * NANOS_PER_SECOND + BigInt(rawNanos);
        seconds = total / NANOS_PER_SECOND;
        let rest = total - seconds * NANOS_PER_SECOND;
        if (rest < 0n) {
          seconds -= 1n;
          rest += NANOS_PER_SECOND;
        }
        nanos = Number(rest);
      }
      return { seconds, nanos };
    }
    case 'array':
      return decodeArray(source, crc, type.element);
    case 'map': {
      const keys = decodeArray(source, crc, type.key);
      const keysEnd = source.pos;
      const values = decodeArray(source, crc, type.value);
      if (keys.length !== values.length) {
        throw new MalformedInput(`map has ${keys.length} keys but ${values.length} values`, keysEnd);
      }
      const map = new Map<TunnelValue, TunnelValue>();
      keys.forEach((key, i) => {
        map.set(key, values[i] as TunnelValue);
      });
      return map;
    }
    case 'struct': {
      const out: Record<string, TunnelValue> = {};
      for (const field of type.fields) {
        const isNull = readNullFlag(source);
        const fieldValue = isNull ? null : decodeValue(source, crc, field.type);
        Object.defineProperty(out, field.name, {
          value: fieldValue,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
  }
}

function readBytes(source: ByteSource, crc: RecordCrc): Uint8Array {
  const length = source.varint(0x7fffffff, 'length');
  const bytes = source.bytes(length);
  crc.bytes(bytes);
  return bytes;
}

function readNullFlag(source: ByteSource): boolean {
  const start = source.pos;
  const flag = source.uvarint();
  if (flag > 1) throw new MalformedInput(`null flag ${flag} is neither 0 nor 1`, start);
  return flag === 1;
}

function decodeArray(source: ByteSource, crc: RecordCrc, element: TunnelType): TunnelValue[] {
  const count = source.varint(0x7fffffff, 'element count');
  const out: TunnelValue[] = [];
  // Every element takes at least its null-flag byte, so a lying count runs out of input, not memory.
  for (let i = 0; i < count; i++) out.push(readNullFlag(source) ? null : decodeValue(source, crc, element));
  return out;
}
