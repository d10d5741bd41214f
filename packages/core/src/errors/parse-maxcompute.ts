import {
  bodyText,
  detailValue,
  type ErrorResponse,
  headerRequestId,
  neverThrow,
  pickString,
  readErrorDocument,
  serviceError,
  unreadableError,
  validCode,
  validRequestId,
} from './error-response';
import type { SdkError } from './sdk-error';

/** Request-id headers of MaxCompute REST and tunnel responses. */
const REQUEST_ID_HEADERS = ['x-odps-request-id', 'x-odps-requestid'];

/**
 * Turns a failed MaxCompute REST or tunnel response into an {@link SdkError}. Reads the XML
 * `<Error><Code><Message><RequestId><HostId>` body of the REST API, or the JSON form with the same
 * keys the tunnel service sends (its `HoldClientMillis` becomes `details.retryAfterMs`). The code is
 * kept verbatim, including `ODPS-NNNNNNN` codes. A body in neither form gives code `ERR_PARSE`.
 * Never throws.
 */
export function parseMaxComputeError(response: ErrorResponse): SdkError {
  return neverThrow(response, 'maxcompute', () => {
    const headerId = headerRequestId(response.headers, REQUEST_ID_HEADERS);
    const doc = readErrorDocument(bodyText(response.body));
    if (doc === undefined) return unreadableError(response, 'maxcompute', headerId);
    const requestId = validRequestId(pickString(doc, ['RequestId', 'requestId', 'RequestID'])) ?? headerId;
    const code = validCode(pickString(doc, ['Code', 'code', 'ErrorCode', 'errorCode']));
    if (code === undefined) return unreadableError(response, 'maxcompute', requestId);
    const details: Record<string, unknown> = {};
    const hostId = pickString(doc, ['HostId', 'hostId']);
    if (hostId !== undefined) details.hostId = detailValue(hostId);
    const hold = Number(pickString(doc, ['HoldClientMillis', 'holdClientMillis']));
    if (Number.isSafeInteger(hold) && hold >= 0) details.retryAfterMs = hold;
    return serviceError(response, 'maxcompute', {
      code,
      message: pickString(doc, ['Message', 'message', 'ErrorMessage', 'errorMessage']),
      requestId,
      details,
    });
  });
}
