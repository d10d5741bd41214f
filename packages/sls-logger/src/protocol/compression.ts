import { deflateCompress, deflateDecompress } from './deflate';
import { lz4Compress, lz4Decompress } from './lz4-block';
import { SlsProtocolError } from './protocol-error';

/** Body compressions this package can write; `'none'` sends the raw protobuf. */
export type SlsCompressType = 'lz4' | 'deflate' | 'none';

/** A compressed request body and the headers that describe it. */
export interface CompressedBody {
  /** The bytes to send. */
  body: Uint8Array;
  /** Value for `x-log-compresstype`, or undefined when the header must be omitted. */
  compressType: 'lz4' | 'deflate' | undefined;
  /** Value for `x-log-bodyrawsize`: the uncompressed length. */
  rawSize: number;
}

/**
 * Compresses a request body for SLS.
 * @throws RangeError when `type` is not one of `lz4`, `deflate`, `none`
 */
export function compressBody(raw: Uint8Array, type: SlsCompressType): CompressedBody {
  switch (type) {
    case 'lz4':
      return { body: lz4Compress(raw), compressType: 'lz4', rawSize: raw.length };
    case 'deflate':
      return { body: deflateCompress(raw), compressType: 'deflate', rawSize: raw.length };
    case 'none':
      return { body: raw, compressType: undefined, rawSize: raw.length };
    default:
      throw new RangeError("compression must be 'lz4', 'deflate' or 'none'");
  }
}

/**
 * Decompresses a body according to its `x-log-compresstype` header value (undefined or empty = raw).
 * @throws SlsProtocolError with code `InvalidCompressType` for an unsupported type (e.g. zstd), or
 *   `PostBodyUncompressError` when the body is corrupt or its size differs from `rawSize`
 */
export function decompressBody(body: Uint8Array, compressType: string | undefined, rawSize: number): Uint8Array {
  const type = compressType?.trim().toLowerCase() ?? '';
  if (type === '' || type === 'none') {
    if (body.length !== rawSize) {
      throw new SlsProtocolError('InvalidBodyRawSize', 'body length does not match x-log-bodyrawsize');
    }
    return body;
  }
  if (type === 'lz4') return lz4Decompress(body, rawSize);
  if (type === 'deflate') return deflateDecompress(body, rawSize);
  throw new SlsProtocolError('InvalidCompressType', 'unsupported x-log-compresstype');
}
