/** The SLS error codes a malformed PutLogs body maps to. */
export type SlsProtocolErrorCode =
  | 'PostBodyInvalid'
  | 'InvalidEncoding'
  | 'PostBodyUncompressError'
  | 'InvalidCompressType'
  | 'InvalidBodyRawSize';

/**
 * Thrown when bytes on the wire cannot be decoded (bad protobuf, corrupt LZ4/deflate, unknown compression).
 *
 * `code` is the SLS error code a server answers with for the same input, so an emulator can forward it.
 */
export class SlsProtocolError extends Error {
  /** Always `'SlsProtocolError'`. */
  override readonly name = 'SlsProtocolError';
  /** The matching SLS error code. */
  readonly code: SlsProtocolErrorCode;

  /**
   * Creates the error.
   * @param code - the matching SLS error code
   * @param message - what was wrong with the input (never contains payload data)
   */
  constructor(code: SlsProtocolErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

/** True when `value` is an {@link SlsProtocolError}. */
export function isSlsProtocolError(value: unknown): value is SlsProtocolError {
  return value instanceof SlsProtocolError;
}
