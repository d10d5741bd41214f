import { createSdkError, type SdkError, sdkErrorCodes } from '@alikit/core';

/** Protobuf wire types used by Tablestore's messages (groups are parsed only to be skipped). */
export const wireTypes = {
  /** 0: a base-128 varint (int32, int64, uint32, uint64, bool, enum). */
  varint: 0,
  /** 1: eight little-endian bytes (fixed64, sfixed64, double). */
  fixed64: 1,
  /** 2: a varint byte length followed by that many bytes (string, bytes, nested messages, packed repeated). */
  lengthDelimited: 2,
  /** 3: start of a deprecated proto2 group; only skipped when read. */
  startGroup: 3,
  /** 4: end of a deprecated proto2 group. */
  endGroup: 4,
  /** 5: four little-endian bytes (fixed32, sfixed32, float). */
  fixed32: 5,
} as const;

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const MASK_64 = (1n << 64n) - 1n;

/**
 * Appends protobuf wire values to a growing buffer.
 *
 * @example
 * ```ts
 * const w = new ProtobufWriter();
 * w.tag(1, wireTypes.lengthDelimited).string('orders');
 * const bytes = w.finish();
 * ```
 */
export class ProtobufWriter {
  private buf = new Uint8Array(64);
  private len = 0;

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Writes a field key (field number and wire type). */
  tag(fieldNumber: number, wireType: number): this {
    return this.uint32(((fieldNumber << 3) | wireType) >>> 0);
  }

  /** Writes an unsigned 32-bit varint. */
  uint32(value: number): this {
    this.ensure(5);
    let v = value >>> 0;
    while (v > 0x7f) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
    return this;
  }

  /** Writes an `int32`; negative values take ten bytes, sign-extended to 64 bits as protobuf requires. */
  int32(value: number): this {
    return value >= 0 ? this.uint32(value) : this.uint64(BigInt(value) & MASK_64);
  }

  /** Writes an `int64` (two's complement, ten bytes when negative). */
  int64(value: bigint): this {
    return this.uint64(BigInt.asUintN(64, value));
  }

  /** Writes a `sint64` with zigzag encoding. */
  sint64(value: bigint): this {
    const v = BigInt.asIntN(64, value);
    return this.uint64(BigInt.asUintN(64, (v << 1n) ^ (v >> 63n)));
  }

  /** Writes an unsigned 64-bit varint. */
  uint64(value: bigint): this {
    this.ensure(10);
    let v = value & MASK_64;
    while (v > 0x7fn) {
      this.buf[this.len++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.len++] = Number(v);
    return this;
  }

  /** Writes a `bool` as a one-byte varint. */
  bool(value: boolean): this {
    this.ensure(1);
    this.buf[this.len++] = value ? 1 : 0;
    return this;
  }

  /** Writes eight little-endian bytes (`fixed64`/`sfixed64`). */
  fixed64(value: bigint): this {
    this.ensure(8);
    new DataView(this.buf.buffer).setBigUint64(this.len, BigInt.asUintN(64, value), true);
    this.len += 8;
    return this;
  }

  /** Writes a length-prefixed byte string. */
  bytes(value: Uint8Array): this {
    this.uint32(value.length);
    this.ensure(value.length);
    this.buf.set(value, this.len);
    this.len += value.length;
    return this;
  }

  /** Writes a length-prefixed UTF-8 string. */
  string(value: string): this {
    return this.bytes(textEncoder.encode(value));
  }

  /** Returns a copy of the bytes written so far. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

/**
 * Reads protobuf wire values from a byte array, throwing `ERR_PARSE` on truncated or malformed input.
 */
export class ProtobufReader {
  /** Current read offset. */
  pos: number;

  constructor(
    private readonly buf: Uint8Array,
    private readonly context: string,
    start = 0,
    /** Offset one past the last readable byte. */
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  /** Builds the `ERR_PARSE` error this reader throws, naming the offset. */
  fail(reason: string, at = this.pos): SdkError {
    return createSdkError(sdkErrorCodes.ERR_PARSE, {
      service: 'tablestore',
      operation: this.context,
      reason: `malformed protobuf at offset ${at}: ${reason}`,
      details: { offset: at },
    });
  }

  /** Whether every byte up to `end` has been read. */
  done(): boolean {
    return this.pos >= this.end;
  }

  /** Reads an unsigned 64-bit varint as a bigint. */
  uint64(): bigint {
    const start = this.pos;
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.pos >= this.end) throw this.fail('truncated varint', start);
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result & MASK_64;
    }
    throw this.fail('varint longer than 10 bytes', start);
  }

  /** Reads an unsigned varint that must fit in 32 bits (keys and lengths). */
  uint32(): number {
    const start = this.pos;
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw this.fail('truncated varint', start);
      const b = this.buf[this.pos++] as number;
      if (shift === 28 && b > 0x0f) throw this.fail('varint exceeds 32 bits', start);
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  }

  /** Reads an `int32` (the low 32 bits of a varint, as protobuf parsers do). */
  int32(): number {
    return Number(BigInt.asIntN(32, this.uint64()));
  }

  /** Reads an `int64` as a signed bigint. */
  int64(): bigint {
    return BigInt.asIntN(64, this.uint64());
  }

  /** Reads a zigzag-encoded `sint64`. */
  sint64(): bigint {
    const v = this.uint64();
    return BigInt.asIntN(64, (v >> 1n) ^ -(v & 1n));
  }

  /** Reads a `bool` (any non-zero varint is true). */
  bool(): boolean {
    return this.uint64() !== 0n;
  }

  /** Reads eight little-endian bytes as an unsigned bigint. */
  fixed64(): bigint {
    if (this.end - this.pos < 8) throw this.fail('truncated fixed64');
    const v = new DataView(this.buf.buffer, this.buf.byteOffset + this.pos, 8).getBigUint64(0, true);
    this.pos += 8;
    return v;
  }

  /** Reads a length prefix and returns the span it covers, checked against the end. */
  private span(): [number, number] {
    const at = this.pos;
    const length = this.uint32();
    if (length > this.end - this.pos) throw this.fail(`length ${length} runs past the end`, at);
    const start = this.pos;
    this.pos += length;
    return [start, this.pos];
  }

  /** Reads a length-delimited field as a copied plain `Uint8Array` (never a view, even of a Node `Buffer`). */
  bytes(): Uint8Array {
    const [start, end] = this.span();
    // Buffer#slice returns a view, so call the Uint8Array method explicitly to get a copy.
    return new Uint8Array(this.buf.subarray(start, end));
  }

  /** Reads a length-delimited UTF-8 string, refusing invalid UTF-8. */
  string(): string {
    const [start, end] = this.span();
    try {
      return textDecoder.decode(this.buf.subarray(start, end));
    } catch {
      throw this.fail('invalid UTF-8 in string field', start);
    }
  }

  /** Returns a reader over a length-delimited embedded message. */
  sub(context = this.context): ProtobufReader {
    const [start, end] = this.span();
    return new ProtobufReader(this.buf, context, start, end);
  }

  /** Reads a field key. */
  tag(): {
    /** Field number from the message definition (1 or more). */
    fieldNumber: number;
    /** How the value that follows is encoded; one of {@link wireTypes}. */
    wireType: number;
  } {
    const at = this.pos;
    const key = this.uint32();
    const fieldNumber = Math.floor(key / 8);
    if (fieldNumber === 0) throw this.fail('field number 0', at);
    return { fieldNumber, wireType: key & 7 };
  }

  /** Skips one field value of the given wire type (unknown fields). */
  skip(wireType: number, fieldNumber = 0): void {
    switch (wireType) {
      case wireTypes.varint:
        this.uint64();
        return;
      case wireTypes.fixed64:
        this.advance(8);
        return;
      case wireTypes.lengthDelimited:
        this.span();
        return;
      case wireTypes.fixed32:
        this.advance(4);
        return;
      case wireTypes.startGroup:
        for (;;) {
          const t = this.tag();
          if (t.wireType === wireTypes.endGroup) {
            if (t.fieldNumber !== fieldNumber) throw this.fail('mismatched end group');
            return;
          }
          this.skip(t.wireType, t.fieldNumber);
        }
      default:
        throw this.fail(`unsupported wire type ${wireType}`);
    }
  }

  private advance(n: number): void {
    if (this.end - this.pos < n) throw this.fail('truncated fixed-width field');
    this.pos += n;
  }
}
