import {
  bodyText,
  type ErrorResponse,
  headerRequestId,
  isPlainObject,
  neverThrow,
  pickString,
  readErrorDocument,
  serviceError,
  unreadableError,
  validCode,
  validRequestId,
} from './error-response';
import type { SdkError } from './sdk-error';

const REQUEST_ID_HEADERS = ['x-log-requestid', 'x-log-request-id'];

/**
 * Turns a failed SLS (Log Service) response into an {@link SdkError}. Reads the JSON body
 * `{"errorCode","errorMessage"}` with the request id from the `x-log-requestid` header, and also the
 * wrapped `{"Error":{"Code","Message","RequestId"}}` form `@alicloud/log` understands. A body in
 * neither form gives code `ERR_PARSE`. Never throws.
 */
export function parseSlsError(response: ErrorResponse): SdkError {
  return neverThrow(response, 'sls', () => {
    const headerId = headerRequestId(response.headers, REQUEST_ID_HEADERS);
    const outer = readErrorDocument(bodyText(response.body));
    if (outer === undefined) return unreadableError(response, 'sls', headerId);
    const doc = isPlainObject(outer.Error) && outer.errorCode === undefined ? outer.Error : outer;
    const requestId = validRequestId(pickString(doc, ['requestId', 'RequestId'])) ?? headerId;
    const code = validCode(pickString(doc, ['errorCode', 'ErrorCode', 'Code', 'code']));
    if (code === undefined) return unreadableError(response, 'sls', requestId);
    return serviceError(response, 'sls', {
      code,
      message: pickString(doc, ['errorMessage', 'ErrorMessage', 'Message', 'message']),
      requestId,
    });
  });
}
