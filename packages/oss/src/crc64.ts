/**
 * CRC-64/XZ (what OSS calls CRC-64/ECMA and sends in `x-oss-hash-crc64ecma`): reflected
 * polynomial 0xC96C5795D7870F42, initial value and final XOR all ones. The 64-bit state is kept as
 * two 32-bit halves so the inner loop stays on small integers; tables are sliced by 8.
 */

/** Updates the inverted register `(lo, hi)` with `data`; returns the new `[lo, hi]`. */
export type Crc64Update = (lo: number, hi: number, data: Uint8Array) => [number, number];

/**
 * Builds the table-driven update function. Self-contained (no outside names), so its source can
 * also run in a worker thread (see `crc64-worker.ts`).
 */
export function crc64Kernel(): Crc64Update {
  const polyLo = 0xd7870f42;
  const polyHi = 0xc96c5795;
  const tlo = new Uint32Array(8 * 256);
  const thi = new Uint32Array(8 * 256);
  for (let i = 0; i < 256; i++) {
    let lo = i;
    let hi = 0;
    for (let bit = 0; bit < 8; bit++) {
      const carry = lo & 1;
      lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
      hi = hi >>> 1;
      if (carry) {
        lo = (lo ^ polyLo) >>> 0;
        hi = (hi ^ polyHi) >>> 0;
      }
    }
    tlo[i] = lo;
    thi[i] = hi;
  }
  for (let k = 1; k < 8; k++) {
    for (let i = 0; i < 256; i++) {
      const prevLo = tlo[(k - 1) * 256 + i] as number;
      const prevHi = thi[(k - 1) * 256 + i] as number;
      const idx = prevLo & 0xff;
      tlo[k * 256 + i] = (((prevLo >>> 8) | (prevHi << 24)) ^ (tlo[idx] as number)) >>> 0;
      thi[k * 256 + i] = ((prevHi >>> 8) ^ (thi[idx] as number)) >>> 0;
    }
  }
  const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  return (lo0: number, hi0: number, data: Uint8Array): [number, number] => {
    let lo = lo0;
    let hi = hi0;
    const n = data.length;
    let i = 0;
    // Byte-wise until the data is 4-byte aligned, then 8 bytes per step through a 32-bit view.
    while (i < n && (data.byteOffset + i) % 4 !== 0) {
      const idx = (lo ^ (data[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (tlo[idx] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (thi[idx] as number)) >>> 0;
      i++;
    }
    const words = littleEndian ? (n - i) >>> 3 : 0;
    if (words > 0) {
      const view = new Uint32Array(data.buffer, data.byteOffset + i, words * 2);
      for (let w = 0; w < view.length; w += 2) {
        const xlo = (lo ^ (view[w] as number)) >>> 0;
        const xhi = (hi ^ (view[w + 1] as number)) >>> 0;
        const a = 1792 + (xlo & 0xff);
        const b = 1536 + ((xlo >>> 8) & 0xff);
        const c = 1280 + ((xlo >>> 16) & 0xff);
        const d = 1024 + (xlo >>> 24);
        const e = 768 + (xhi & 0xff);
        const f = 512 + ((xhi >>> 8) & 0xff);
        const g = 256 + ((xhi >>> 16) & 0xff);
        const h = xhi >>> 24;
        lo =
          ((tlo[a] as number) ^
            (tlo[b] as number) ^
            (tlo[c] as number) ^
            (tlo[d] as number) ^
            (tlo[e] as number) ^
            (tlo[f] as number) ^
            (tlo[g] as number) ^
            (tlo[h] as number)) >>>
          0;
        hi =
          ((thi[a] as number) ^
            (thi[b] as number) ^
            (thi[c] as number) ^
            (thi[d] as number) ^
            (thi[e] as number) ^
            (thi[f] as number) ^
            (thi[g] as number) ^
            (thi[h] as number)) >>>
          0;
      }
      i += words * 8;
    }
    while (i < n) {
      const idx = (lo ^ (data[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (tlo[idx] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (thi[idx] as number)) >>> 0;
      i++;
    }
    return [lo, hi];
  };
}

const update = crc64Kernel();
const MASK64 = (1n << 64n) - 1n;

/**
 * A running CRC-64/ECMA (CRC-64/XZ) over bytes that arrive in pieces.
 *
 * @example
 * ```ts
 * const crc = new Crc64();
 * crc.update(new TextEncoder().encode('1234')).update(new TextEncoder().encode('56789'));
 * crc.digest(); // 11051210869376104954n
 * ```
 */
export class Crc64 {
  // The register, inverted (init 0xFFFF...).
  #lo = 0xffffffff;
  #hi = 0xffffffff;
  #length = 0;

  /**
   * Continues from the CRC of data already seen (`digest()` of a previous run), so a resumed
   * transfer can pick up where it stopped.
   */
  constructor(initial: bigint = 0n) {
    if (typeof initial !== 'bigint' || initial < 0n || initial > MASK64) {
      throw new RangeError('initial CRC must be a bigint from 0 to 2^64-1');
    }
    const inverted = initial ^ MASK64;
    this.#lo = Number(inverted & 0xffffffffn);
    this.#hi = Number(inverted >> 32n);
  }

  /** Bytes fed so far (since construction). */
  get length(): number {
    return this.#length;
  }

  /** Feeds bytes; returns `this`. */
  update(data: Uint8Array): this {
    [this.#lo, this.#hi] = update(this.#lo, this.#hi, data);
    this.#length += data.length;
    return this;
  }

  /** The CRC of everything fed so far (the running state is kept). */
  digest(): bigint {
    return ((BigInt(this.#hi) << 32n) | BigInt(this.#lo)) ^ MASK64;
  }
}

/** The CRC value of an inverted register. */
export function crc64FromRegister(lo: number, hi: number): bigint {
  return ((BigInt(hi) << 32n) | BigInt(lo)) ^ MASK64;
}

/** CRC-64/ECMA of `data` as OSS reports it (an unsigned 64-bit value). */
export function crc64(data: Uint8Array | string): bigint {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  return new Crc64().update(bytes).digest();
}

// --- combining: CRC(A‖B) from CRC(A), CRC(B) and |B| (zlib's crc32_combine carried to 64 bits) ---

const POLY_REFLECTED = 0xc96c5795d7870f42n;

function gf2Times(matrix: readonly bigint[], vector: bigint): bigint {
  let sum = 0n;
  let v = vector;
  let i = 0;
  while (v !== 0n) {
    if (v & 1n) sum ^= matrix[i] as bigint;
    v >>= 1n;
    i++;
  }
  return sum;
}

function gf2Square(matrix: readonly bigint[]): bigint[] {
  const square: bigint[] = new Array(64);
  for (let n = 0; n < 64; n++) square[n] = gf2Times(matrix, matrix[n] as bigint);
  return square;
}

/** Operators for appending 2^k zero bytes, k = 0…63, built once on first use. */
let zeroOperators: bigint[][] | undefined;

function operators(): bigint[][] {
  if (zeroOperators) return zeroOperators;
  // One zero bit.
  let odd: bigint[] = new Array(64);
  odd[0] = POLY_REFLECTED;
  for (let n = 1; n < 64; n++) odd[n] = 1n << BigInt(n - 1);
  const two = gf2Square(odd); // 2 bits
  const four = gf2Square(two); // 4 bits
  odd = gf2Square(four); // 8 bits = 1 byte
  const list: bigint[][] = [odd];
  for (let k = 1; k < 64; k++) list.push(gf2Square(list[k - 1] as bigint[]));
  zeroOperators = list;
  return list;
}

/**
 * The CRC-64/ECMA of `A‖B` given `crc64(A)`, `crc64(B)` and the byte length of `B`, without the
 * data: how a multipart object's CRC is checked from its parts' CRCs.
 * @throws RangeError for a negative or non-integer length.
 */
export function crc64Combine(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (!Number.isSafeInteger(lengthB) || lengthB < 0) throw new RangeError('lengthB must be a whole number >= 0');
  if (lengthB === 0) return crcA;
  const ops = operators();
  let crc = crcA;
  let len = BigInt(lengthB);
  let k = 0;
  while (len !== 0n) {
    if (len & 1n) crc = gf2Times(ops[k] as bigint[], crc);
    len >>= 1n;
    k++;
  }
  return (crc ^ crcB) & MASK64;
}
