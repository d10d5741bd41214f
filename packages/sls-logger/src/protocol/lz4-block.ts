import { Buffer } from 'node:buffer';
import { SlsProtocolError } from './protocol-error';

// LZ4 block format constants (lz4 "Block format description").
const MIN_MATCH = 4;
// The last 5 bytes are always literals and the last match starts at least 12 bytes before the end.
const LAST_LITERALS = 5;
const MF_LIMIT = 12;
const MAX_OFFSET = 0xffff;
const HASH_LOG = 14;
const HASH_SHIFT = 32 - HASH_LOG;
// After this many misses in a row the search starts skipping ahead, so incompressible input stays fast.
const SKIP_TRIGGER = 6;

/** Worst-case size of an LZ4 block for `inputLength` bytes of input. */
function compressBound(inputLength: number): number {
  return inputLength + Math.floor(inputLength / 255) + 16;
}

function read32(data: Uint8Array, pos: number): number {
  return (
    (data[pos] as number) |
    ((data[pos + 1] as number) << 8) |
    ((data[pos + 2] as number) << 16) |
    ((data[pos + 3] as number) << 24)
  );
}

function writeLength(out: Buffer, pos: number, rest: number): number {
  let p = pos;
  let r = rest;
  while (r >= 255) {
    out[p++] = 255;
    r -= 255;
  }
  out[p++] = r;
  return p;
}

function copyBytes(out: Buffer, pos: number, input: Uint8Array, start: number, length: number): number {
  if (length > 32) {
    out.set(input.subarray(start, start + length), pos);
  } else {
    for (let i = 0; i < length; i++) out[pos + i] = input[start + i] as number;
  }
  return pos + length;
}

function writeLiterals(
  out: Buffer,
  pos: number,
  input: Uint8Array,
  start: number,
  length: number,
  token: number,
): number {
  let p = pos;
  if (length >= 15) {
    out[p++] = 0xf0 | token;
    p = writeLength(out, p, length - 15);
  } else {
    out[p++] = (length << 4) | token;
  }
  return copyBytes(out, p, input, start, length);
}

/**
 * Compresses `input` into a raw LZ4 block (no frame, no checksum), the body format of
 * `x-log-compresstype: lz4`. The receiver needs the input length (`x-log-bodyrawsize`) to decode it.
 *
 * Greedy single-probe matcher: worse ratio than lz4 HC, but linear time and allocation of one output
 * buffer plus a 64 KiB hash table.
 */
export function lz4Compress(input: Uint8Array): Buffer {
  if (!(input instanceof Uint8Array)) throw new TypeError('input must be a Uint8Array');
  const length = input.length;
  const out = Buffer.allocUnsafe(compressBound(length));
  let op = 0;
  let anchor = 0;
  if (length > MF_LIMIT) {
    // Positions are stored + 1 so the zero-filled table means "no candidate".
    const table = new Int32Array(1 << HASH_LOG);
    const matchStartLimit = length - MF_LIMIT;
    const matchEndLimit = length - LAST_LITERALS;
    let ip = 0;
    let misses = 1 << SKIP_TRIGGER;
    while (ip < matchStartLimit) {
      const sequence = read32(input, ip);
      const hash = Math.imul(sequence, 0x9e3779b1) >>> HASH_SHIFT;
      let ref = (table[hash] as number) - 1;
      table[hash] = ip + 1;
      if (ref < 0 || ip - ref > MAX_OFFSET || read32(input, ref) !== sequence) {
        ip += misses++ >>> SKIP_TRIGGER;
        continue;
      }
      misses = 1 << SKIP_TRIGGER;
      let start = ip;
      while (start > anchor && ref > 0 && input[start - 1] === input[ref - 1]) {
        start--;
        ref--;
      }
      let matchLength = MIN_MATCH + (ip - start);
      while (start + matchLength < matchEndLimit && input[start + matchLength] === input[ref + matchLength]) {
        matchLength++;
      }
      const matchCode = matchLength - MIN_MATCH;
      op = writeLiterals(out, op, input, anchor, start - anchor, Math.min(matchCode, 15));
      const offset = start - ref;
      out[op++] = offset & 0xff;
      out[op++] = offset >>> 8;
      if (matchCode >= 15) op = writeLength(out, op, matchCode - 15);
      ip = start + matchLength;
      anchor = ip;
    }
  }
  op = writeLiterals(out, op, input, anchor, length - anchor, 0);
  return out.subarray(0, op);
}

function corrupt(message: string): SlsProtocolError {
  return new SlsProtocolError('PostBodyUncompressError', `invalid LZ4 block: ${message}`);
}

/**
 * Decompresses a raw LZ4 block whose decompressed size is known (`x-log-bodyrawsize`).
 * @throws RangeError when `rawSize` is not a non-negative safe integer
 * @throws SlsProtocolError (code `PostBodyUncompressError`) when the block is corrupt or does not
 *   decode to exactly `rawSize` bytes
 */
export function lz4Decompress(input: Uint8Array, rawSize: number): Buffer {
  if (!(input instanceof Uint8Array)) throw new TypeError('input must be a Uint8Array');
  if (!Number.isSafeInteger(rawSize) || rawSize < 0) {
    throw new RangeError('rawSize must be a non-negative integer');
  }
  const out = Buffer.allocUnsafe(rawSize);
  const end = input.length;
  if (end === 0) {
    if (rawSize === 0) return out;
    throw corrupt('empty input');
  }
  let ip = 0;
  let op = 0;
  for (;;) {
    if (ip >= end) throw corrupt('truncated sequence');
    const token = input[ip++] as number;
    let literals = token >>> 4;
    if (literals === 15) {
      let byte: number;
      do {
        if (ip >= end) throw corrupt('truncated literal length');
        byte = input[ip++] as number;
        literals += byte;
      } while (byte === 255);
    }
    if (ip + literals > end) throw corrupt('literals run past the input');
    if (op + literals > rawSize) throw corrupt('output larger than the declared raw size');
    op = copyBytes(out, op, input, ip, literals);
    ip += literals;
    if (ip === end) break;
    if (ip + 2 > end) throw corrupt('truncated match offset');
    const offset = (input[ip] as number) | ((input[ip + 1] as number) << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw corrupt('match offset outside the output');
    let matchLength = token & 15;
    if (matchLength === 15) {
      let byte: number;
      do {
        if (ip >= end) throw corrupt('truncated match length');
        byte = input[ip++] as number;
        matchLength += byte;
      } while (byte === 255);
    }
    matchLength += MIN_MATCH;
    if (op + matchLength > rawSize) throw corrupt('output larger than the declared raw size');
    let from = op - offset;
    if (offset >= matchLength && matchLength > 32) {
      out.copyWithin(op, from, from + matchLength);
      op += matchLength;
    } else {
      // Overlapping copies repeat the last `offset` bytes, so they must go byte by byte.
      const stop = op + matchLength;
      while (op < stop) out[op++] = out[from++] as number;
    }
  }
  if (op !== rawSize) throw corrupt('output smaller than the declared raw size');
  return out;
}
