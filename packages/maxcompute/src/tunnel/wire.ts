// Primitives of the tunnel record stream (spec §5.8): protobuf-style varints and zigzag integers,
// little-endian IEEE floats, and the tag numbers that frame records and the footer.

/** Field number of the end-of-record tag (2^25 − 1024). */
export const END_RECORD = 33553408;
/** Field number of the footer's record-count tag (2^25 − 2). */
export const RECORD_COUNT = 33554430;
/** Field number of the footer's stream-checksum tag (2^25 − 1). */
export const STREAM_CHECKSUM = 33554431;
/** Field number that closes the download server-metrics block (2^25 − 256). */
export const METRICS_END = 33554176;
/** Field number of the server-metrics JSON in the footer. */
export const METRICS_FIELD = 1;

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** Whether `n` fits a signed 64-bit integer. */
export function isInt64(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}

/** A growable byte buffer the encoder appends to. */
export class ByteSink {
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

  /** Copies out everything written since `start` (default: all). */
  take(start = 0): Uint8Array {
    return this.buf.slice(start, this.length);
  }

  reset(): void {
    this.length = 0;
  }

  bytes(data: Uint8Array): void {
    this.reserve(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  /** Unsigned varint of a non-negative safe integer. */
  varint(n: number): void {
    this.reserve(10);
    while (n > 0x7f) {
      this.buf[this.length++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    this.buf[this.length++] = n;
  }

  /** Unsigned varint of a value in 0..2^64-1. */
  varint64(n: bigint): void {
    if (n <= BigInt(Number.MAX_SAFE_INTEGER)) {
      this.varint(Number(n));
      return;
    }
    this.reserve(10);
    while (n > 0x7fn) {
      this.buf[this.length++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.length++] = Number(n);
  }

  /** `sint64`: zigzag then varint. */
  sint64(n: bigint): void {
    this.varint64(BigInt.asUintN(64, (n << 1n) ^ (n >> 63n)));
  }

  /** `sint32`: 32-bit zigzag then varint. */
  sint32(n: number): void {
    this.varint(((n << 1) ^ (n >> 31)) >>> 0);
  }

  float32(n: number): void {
    this.reserve(4);
    this.view.setFloat32(this.length, n, true);
    this.length += 4;
  }

  float64(n: number): void {
    this.reserve(8);
    this.view.setFloat64(this.length, n, true);
    this.length += 8;
  }
}

/** Thrown by {@link ByteSource} when the input ends early; `needed` is the total length required. */
export class NeedMoreInput {
  constructor(readonly needed: number) {}
}

/** Thrown by {@link ByteSource} for bytes that cannot be a valid stream. */
export class MalformedInput {
  constructor(
    readonly reason: string,
    readonly offset: number,
  ) {}
}

/** A cursor over received bytes; reading past the end throws {@link NeedMoreInput}. */
export class ByteSource {
  pos = 0;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw new NeedMoreInput(this.pos + n);
  }

  /** Unsigned varint as a bigint (up to 64 bits). */
  varint64(): bigint {
    const start = this.pos;
    let small = 0;
    let i = 0;
    // Up to 7 groups (49 bits) stay exact in a double; longer varints switch to bigint.
    for (; i < 7; i++) {
      this.need(1);
      const b = this.buf[this.pos++] as number;
      small += (b & 0x7f) * 2 ** (7 * i);
      if (b < 0x80) return BigInt(small);
    }
    let big = BigInt(small);
    for (; i < 10; i++) {
      this.need(1);
      const b = this.buf[this.pos++] as number;
      if (i === 9 && b > 1) throw new MalformedInput('varint exceeds 64 bits', start);
      big |= BigInt(b & 0x7f) << BigInt(7 * i);
      if (b < 0x80) return big;
    }
    throw new MalformedInput('varint longer than 10 bytes', start);
  }

  /** Unsigned varint that must be at most `max` (a safe integer). */
  varint(max: number, what: string): number {
    const start = this.pos;
    const value = this.varint64();
    if (value > BigInt(max)) throw new MalformedInput(`${what} ${value} out of range`, start);
    return Number(value);
  }

  sint64(): bigint {
    const u = this.varint64();
    return (u >> 1n) ^ -(u & 1n);
  }

  sint32(): number {
    const u = this.varint(0xffffffff, 'sint32');
    return (u >>> 1) ^ -(u & 1);
  }

  float32(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  float64(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** `n` raw bytes, as a view into the input. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
