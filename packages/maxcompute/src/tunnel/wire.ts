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

  /** `sint64` of a safe integer, without going through bigint. */
  sint64Number(n: number): void {
    if (n >= -0x40000000 && n < 0x40000000) {
      let u = (n << 1) ^ (n >> 31);
      this.reserve(5);
      const buf = this.buf;
      while (u > 0x7f) {
        buf[this.length++] = (u & 0x7f) | 0x80;
        u >>>= 7;
      }
      buf[this.length++] = u;
      return;
    }
    // Doubling stays exact below 2^52; beyond, zigzag in bigint.
    if (n > -4503599627370496 && n < 4503599627370496) this.varint(n >= 0 ? n * 2 : -n * 2 - 1);
    else this.sint64(BigInt(n));
  }

  /**
   * Writes `varint(length) + bytes` of a string's UTF-8 form and returns the offset of the bytes,
   * so the caller can checksum them in place. ASCII text is copied without a `TextEncoder`.
   */
  lengthPrefixedText(text: string): number {
    const n = text.length;
    if (n < 128) {
      this.reserve(n + 1);
      const buf = this.buf;
      const at = this.length + 1;
      let i = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + i] = c;
      }
      if (i === n) {
        buf[this.length] = n;
        this.length = at + n;
        return at;
      }
    }
    const bytes = utf8Encoder.encode(text);
    this.varint(bytes.length);
    const at = this.length;
    this.bytes(bytes);
    return at;
  }

  /** The bytes written so far (a view; valid until the next write). */
  get written(): Uint8Array {
    return this.buf;
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

const F64 = new Float64Array(1);
const F64_BYTES = new Uint8Array(F64.buffer);
// The scratch above is read in the platform's byte order; the wire is little-endian.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error('the MaxCompute tunnel codec needs a little-endian platform');
}

interface Latin1View {
  latin1Slice(start: number, end: number): string;
}

const utf8Text = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();
// Node's Buffer when present (the codec also runs where it is not, through TextDecoder).
const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike, o: number, l: number): unknown } }).Buffer;

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

  /**
   * Unsigned varint as a number, for values known to be small (keys, lengths, counts, flags,
   * 32-bit checksums): exact below 2^49; a longer varint is read as a bigint and converted.
   */
  uvarint(): number {
    const buf = this.buf;
    let pos = this.pos;
    if (pos + 4 <= buf.length) {
      // Up to four bytes (28 bits) in int32 arithmetic: keys, lengths and most values end here.
      let b = buf[pos++] as number;
      let v = b & 0x7f;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++] as number;
      v |= (b & 0x7f) << 7;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++] as number;
      v |= (b & 0x7f) << 14;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      b = buf[pos++] as number;
      v |= (b & 0x7f) << 21;
      if (b < 0x80) {
        this.pos = pos;
        return v;
      }
      return this.uvarintTail(pos, v);
    }
    return this.uvarintSlow();
  }

  /** Bytes 5 to 7 of a varint (up to 49 bits) in double arithmetic: checksums, epoch milliseconds. */
  private uvarintTail(pos: number, low: number): number {
    const buf = this.buf;
    if (pos + 3 > buf.length) return this.uvarintSlow();
    let b = buf[pos] as number;
    let value = low + (b & 0x7f) * 268435456;
    if (b < 0x80) {
      this.pos = pos + 1;
      return value;
    }
    b = buf[pos + 1] as number;
    value += (b & 0x7f) * 34359738368;
    if (b < 0x80) {
      this.pos = pos + 2;
      return value;
    }
    b = buf[pos + 2] as number;
    value += (b & 0x7f) * 4398046511104;
    if (b < 0x80) {
      this.pos = pos + 3;
      return value;
    }
    return this.uvarintSlow();
  }

  /** {@link uvarint} near the end of the input, or for varints longer than 7 bytes. */
  private uvarintSlow(): number {
    const buf = this.buf;
    let pos = this.pos;
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 7; i++) {
      if (pos >= buf.length) throw new NeedMoreInput(pos + 1);
      const b = buf[pos++] as number;
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        this.pos = pos;
        return value;
      }
      scale *= 128;
    }
    return Number(this.varint64());
  }

  /**
   * A zigzag (sint64) varint as a number when it has at most 7 bytes (|n| < 2^48), else
   * `undefined` with the position unchanged, so the caller can read it with {@link sint64}.
   */
  sint64Small(): number | undefined {
    const start = this.pos;
    const u = this.uvarint();
    if (this.pos - start > 7) {
      this.pos = start;
      return undefined;
    }
    if (u <= 0x7fffffff) return (u >>> 1) ^ -(u & 1);
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
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
    const value = this.uvarint();
    if (value > max) {
      this.pos = start;
      throw new MalformedInput(`${what} ${this.varint64()} out of range`, start);
    }
    return value;
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
    const buf = this.buf;
    const p = this.pos;
    // Copying into a typed-array scratch beats DataView.getFloat64 on the hot path.
    F64_BYTES[0] = buf[p] as number;
    F64_BYTES[1] = buf[p + 1] as number;
    F64_BYTES[2] = buf[p + 2] as number;
    F64_BYTES[3] = buf[p + 3] as number;
    F64_BYTES[4] = buf[p + 4] as number;
    F64_BYTES[5] = buf[p + 5] as number;
    F64_BYTES[6] = buf[p + 6] as number;
    F64_BYTES[7] = buf[p + 7] as number;
    this.pos = p + 8;
    return F64[0] as number;
  }

  /**
   * The UTF-8 text of `buf[start..end)`. ASCII text (the common case) is read as Latin-1 by Node's
   * `Buffer`, which is several times cheaper than a `TextDecoder` call per short value.
   */
  text(start: number, end: number): string {
    const buf = this.buf;
    for (let i = start; i < end; i++) {
      if ((buf[i] as number) >= 0x80) return utf8Text.decode(buf.subarray(start, end));
    }
    if (NodeBuffer === undefined) return utf8Text.decode(buf.subarray(start, end));
    // One Latin-1 string of the whole input, sliced per value: V8 slices strings without copying
    // the characters, so each ASCII value costs an object, not a native call.
    this.latin1 ??= (NodeBuffer.from(buf.buffer, buf.byteOffset, buf.byteLength) as unknown as Latin1View).latin1Slice(
      0,
      buf.byteLength,
    );
    return this.latin1.slice(start, end);
  }

  private latin1: string | undefined;

  /** `n` raw bytes, as a view into the input. */
  bytes(n: number): Uint8Array {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
