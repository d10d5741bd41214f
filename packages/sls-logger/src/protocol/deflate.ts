import type { Buffer } from 'node:buffer';
import { deflateSync, inflateSync } from 'node:zlib';
import { SlsProtocolError } from './protocol-error';

/**
 * Compresses `input` as a zlib stream (RFC 1950), the body format of `x-log-compresstype: deflate`.
 * @param level - zlib level 0..9
 * @defaultValue level 6 (zlib's default)
 */
export function deflateCompress(input: Uint8Array, level = 6): Buffer {
  if (!Number.isInteger(level) || level < 0 || level > 9) throw new RangeError('level must be an integer in 0..9');
  return deflateSync(input, { level });
}

/**
 * Decompresses a zlib stream whose decompressed size is known (`x-log-bodyrawsize`).
 * @throws SlsProtocolError (code `PostBodyUncompressError`) when the stream is corrupt or does not
 *   inflate to exactly `rawSize` bytes
 */
export function deflateDecompress(input: Uint8Array, rawSize: number): Buffer {
  if (!Number.isSafeInteger(rawSize) || rawSize < 0) {
    throw new RangeError('rawSize must be a non-negative integer');
  }
  let out: Buffer;
  try {
    // One byte of headroom so a body larger than declared is detected instead of silently cut.
    out = inflateSync(input, { maxOutputLength: rawSize + 1 });
  } catch {
    throw new SlsProtocolError('PostBodyUncompressError', 'invalid deflate (zlib) stream');
  }
  if (out.length !== rawSize) {
    throw new SlsProtocolError('PostBodyUncompressError', 'deflate output does not match the declared raw size');
  }
  return out;
}
