import {
  type ErrorResponse,
  headerRequestId,
  neverThrow,
  serviceError,
  unreadableError,
  validCode,
} from './error-response';
import type { SdkError } from './sdk-error';

const REQUEST_ID_HEADERS = ['x-ots-requestid', 'x-ots-request-id'];

const utf8 = new TextDecoder('utf-8');

/**
 * Turns a failed Tablestore response into an {@link SdkError}. Decodes the protobuf
 * `Error { required string code = 1; optional string message = 2; }` body (the npm `tablestore`
 * package fails to, and reports the HTTP status as the code); the request id comes from the
 * `x-ots-requestid` header. A body that is not that message gives code `ERR_PARSE`. Never throws.
 */
export function parseTablestoreError(response: ErrorResponse): SdkError {
  return neverThrow(response, 'tablestore', () => {
    const requestId = headerRequestId(response.headers, REQUEST_ID_HEADERS);
    const bytes =
      typeof response.body === 'string'
        ? new TextEncoder().encode(response.body)
        : response.body instanceof Uint8Array
          ? response.body
          : new Uint8Array(0);
    const decoded = decodeErrorMessage(bytes);
    const code = validCode(decoded?.code);
    if (decoded === undefined || code === undefined) return unreadableError(response, 'tablestore', requestId);
    return serviceError(response, 'tablestore', { code, message: decoded.message, requestId });
  });
}

/**
 * Decodes the protobuf wire format of the Tablestore `Error` message: field 1 and field 2 are
 * length-delimited strings; any other field is skipped by its wire type, as protobuf requires.
 * Returns `undefined` for anything malformed, truncated, or without the required code.
 */
export function decodeErrorMessage(bytes: Uint8Array): { code: string; message?: string } | undefined {
  let pos = 0;
  let code: string | undefined;
  let message: string | undefined;

  const varint = (): number | undefined => {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = bytes[pos++];
      if (byte === undefined) return undefined;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 128;
    }
    return undefined;
  };

  while (pos < bytes.length) {
    const tag = varint();
    if (tag === undefined) return undefined;
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) return undefined;
    if (wireType === 0) {
      if (varint() === undefined) return undefined;
    } else if (wireType === 1 || wireType === 5) {
      pos += wireType === 1 ? 8 : 4;
      if (pos > bytes.length) return undefined;
    } else if (wireType === 2) {
      const length = varint();
      if (length === undefined || length > bytes.length - pos) return undefined;
      const slice = bytes.subarray(pos, pos + length);
      pos += length;
      if (field === 1) code = utf8.decode(slice);
      else if (field === 2) message = utf8.decode(slice);
    } else {
      // Groups (3/4) are not used by this schema and 6/7 do not exist: the body is not an Error.
      return undefined;
    }
  }
  if (code === undefined) return undefined;
  return message === undefined ? { code } : { code, message };
}
