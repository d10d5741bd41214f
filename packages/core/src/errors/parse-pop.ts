import {
  bodyText,
  detailValue,
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

/** Request-id headers of POP (RPC and ROA) responses. */
const REQUEST_ID_HEADERS = ['x-acs-request-id'];

/**
 * Turns a failed POP (RPC or ROA OpenAPI) response into an {@link SdkError}. Reads the JSON body
 * `{"Code","Message","RequestId","HostId","Recommend","AccessDeniedDetail"}` (also in lower camel
 * case, the ROA `errorCode`/`errorMessage` form and the DTS `ErrCode`/`ErrMessage` form) or the same
 * fields in an XML `<Error>` (`Format=XML`). A body in neither form gives code `ERR_PARSE`. Never throws.
 *
 * @example
 * ```ts
 * const error = parsePopError({ status: 400, headers, body, service: 'sts', operation: 'AssumeRole' });
 * error.message; // 'sts AssumeRole failed: Throttling.User (400), requestId=D2B6…: Request was denied…'
 * ```
 */
export function parsePopError(response: ErrorResponse): SdkError {
  return neverThrow(response, 'pop', () => {
    const headerId = headerRequestId(response.headers, REQUEST_ID_HEADERS);
    const doc = readErrorDocument(bodyText(response.body));
    if (doc === undefined) return unreadableError(response, 'pop', headerId);
    const requestId = validRequestId(pickString(doc, ['RequestId', 'requestId', 'RequestID', 'requestid'])) ?? headerId;
    const code = validCode(pickString(doc, ['Code', 'code', 'errorCode', 'ErrorCode', 'ErrCode']));
    if (code === undefined) return unreadableError(response, 'pop', requestId);
    const details: Record<string, unknown> = {};
    const hostId = pickString(doc, ['HostId', 'hostId']);
    if (hostId !== undefined) details.hostId = detailValue(hostId);
    const recommend = pickString(doc, ['Recommend', 'recommend']);
    if (recommend !== undefined) details.recommend = detailValue(recommend);
    const denied = doc.AccessDeniedDetail ?? doc.accessDeniedDetail;
    if (isPlainObject(denied)) details.accessDeniedDetail = detailValue(denied);
    return serviceError(response, 'pop', {
      code,
      message: pickString(doc, ['Message', 'message', 'errorMessage', 'ErrorMessage', 'ErrMessage']),
      requestId,
      details,
    });
  });
}
