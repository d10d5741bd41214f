// CRC-64 as OSS computes it for `x-oss-hash-crc64ecma` (oss.md §6): the ECMA-182 polynomial,
// reflected, init and xorout all ones — the catalogue's CRC-64/XZ, Go's crc64.ECMA with Update.
// The 64-bit register is kept as two uint32 halves so the hot loop stays in small integers.

/** Reflected ECMA-182 polynomial. */
const POLY = 0xc96c5795d7870f42n;
const POLY_HI = 0xc96c5795;
const POLY_LO = 0xd7870f42;

/** Slicing-by-8 tables: entry `k * 256 + n` is the effect of byte n followed by k zero bytes. */
const TABLE_LO = new Uint32Array(8 * 256);
const TABLE_HI = new Uint32Array(8 * 256);

for (let n = 0; n < 256; n++) {
  let lo = n;
  let hi = 0;
  for (let bit = 0; bit < 8; bit++) {
    const lsb = lo & 1;
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0;
    hi >>>= 1;
    if (lsb) {
      lo = (lo ^ POLY_LO) >>> 0;
      hi = (hi ^ POLY_HI) >>> 0;
    }
  }
  TABLE_LO[n] = lo;
  TABLE_HI[n] = hi;
}
for (let k = 1; k < 8; k++) {
  for (let n = 0; n < 256; n++) {
    const prevLo = TABLE_LO[(k - 1) * 256 + n] as number;
    const prevHi = TABLE_HI[(k - 1) * 256 + n] as number;
    const idx = prevLo & 0xff;
    TABLE_LO[k * 256 + n] = (((prevLo >>> 8) | (prevHi << 24)) ^ (TABLE_LO[idx] as number)) >>> 0;
    TABLE_HI[k * 256 + n] = ((prevHi >>> 8) ^ (TABLE_HI[idx] as number)) >>> 0;
  }
}

/** A running CRC-64/XZ over data fed in pieces. */
export class Crc64 {
  // The inverted register (init all ones); `value` inverts it back.
  #lo = 0xffffffff;
  #hi = 0xffffffff;

  /** Starts from a previous CRC value (of the data before), so runs can be continued. @defaultValue 0n */
  constructor(initial = 0n) {
    const reg = ~initial & 0xffffffffffffffffn;
    this.#lo = Number(reg & 0xffffffffn);
    this.#hi = Number(reg >> 32n);
  }

  /** Feeds more bytes. */
  update(data: Uint8Array): this {
    let lo = this.#lo;
    let hi = this.#hi;
    let i = 0;
    const n = data.length;
    const tlo = TABLE_LO;
    const thi = TABLE_HI;
    for (; i + 8 <= n; i += 8) {
      const a =
        (lo ^
          ((data[i] as number) |
            ((data[i + 1] as number) << 8) |
            ((data[i + 2] as number) << 16) |
            ((data[i + 3] as number) << 24))) >>>
        0;
      const b =
        (hi ^
          ((data[i + 4] as number) |
            ((data[i + 5] as number) << 8) |
            ((data[i + 6] as number) << 16) |
            ((data[i + 7] as number) << 24))) >>>
        0;
      const i7 = 7 * 256 + (a & 0xff);
      const i6 = 6 * 256 + ((a >>> 8) & 0xff);
      const i5 = 5 * 256 + ((a >>> 16) & 0xff);
      const i4 = 4 * 256 + (a >>> 24);
      const i3 = 3 * 256 + (b & 0xff);
      const i2 = 2 * 256 + ((b >>> 8) & 0xff);
      const i1 = 256 + ((b >>> 16) & 0xff);
      const i0 = b >>> 24;
      lo =
        ((tlo[i7] as number) ^
          (tlo[i6] as number) ^
          (tlo[i5] as number) ^
          (tlo[i4] as number) ^
          (tlo[i3] as number) ^
          (tlo[i2] as number) ^
          (tlo[i1] as number) ^
          (tlo[i0] as number)) >>>
        0;
      hi =
        ((thi[i7] as number) ^
          (thi[i6] as number) ^
          (thi[i5] as number) ^
          (thi[i4] as number) ^
          (thi[i3] as number) ^
          (thi[i2] as number) ^
          (thi[i1] as number) ^
          (thi[i0] as number)) >>>
        0;
    }
    for (; i < n; i++) {
      const idx = (lo ^ (data[i] as number)) & 0xff;
      lo = (((lo >>> 8) | (hi << 24)) ^ (tlo[idx] as number)) >>> 0;
      hi = ((hi >>> 8) ^ (thi[idx] as number)) >>> 0;
    }
    this.#lo = lo;
    this.#hi = hi;
    return this;
  }

  /** The CRC of everything fed so far, as an unsigned 64-bit value. */
  get value(): bigint {
    return ~((BigInt(this.#hi) << 32n) | BigInt(this.#lo)) & 0xffffffffffffffffn;
  }
}

/** CRC-64/XZ of `data`, continuing from `initial` (the CRC of the bytes before). */
export function crc64(data: Uint8Array, initial = 0n): bigint {
  return new Crc64(initial).update(data).value;
}

// Operators that run the register over 2^k zero bytes, as 64×64 GF(2) matrices (one column per
// bit), built by squaring on demand; combining then costs O(log length).
const zeroOperators: bigint[][] = [];

function matrixTimes(matrix: readonly bigint[], vector: bigint): bigint {
  let sum = 0n;
  let v = vector;
  for (let i = 0; v !== 0n; i++, v >>= 1n) if (v & 1n) sum ^= matrix[i] as bigint;
  return sum;
}

function zeroOperator(k: number): readonly bigint[] {
  if (zeroOperators.length === 0) {
    // One zero bit: shift right, folding the polynomial in when the low bit falls off.
    let op: bigint[] = [POLY];
    for (let i = 1; i < 64; i++) op.push(1n << BigInt(i - 1));
    for (let i = 0; i < 3; i++) op = op.map((col) => matrixTimes(op, col));
    zeroOperators.push(op);
  }
  while (zeroOperators.length <= k) {
    const prev = zeroOperators[zeroOperators.length - 1] as bigint[];
    zeroOperators.push(prev.map((col) => matrixTimes(prev, col)));
  }
  return zeroOperators[k] as bigint[];
}

/**
 * The CRC of `A‖B` from `crc(A)`, `crc(B)` and the length of B in bytes, without the data
 * (what OSS returns for a completed multipart upload).
 * @throws RangeError when `lengthB` is not a non-negative safe integer.
 */
export function crc64Combine(crcA: bigint, crcB: bigint, lengthB: number): bigint {
  if (!Number.isSafeInteger(lengthB) || lengthB < 0) {
    throw new RangeError(`lengthB must be a non-negative safe integer, got ${String(lengthB)}`);
  }
  let register = crcA;
  let remaining = lengthB;
  for (let k = 0; remaining > 0; k++) {
    if (remaining % 2 === 1) register = matrixTimes(zeroOperator(k), register);
    remaining = Math.floor(remaining / 2);
  }
  return register ^ crcB;
}
