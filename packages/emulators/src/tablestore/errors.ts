import { isSdkError, sdkErrorCodes } from '@alikit/core';
import { encodeErrorMessage } from '@alikit/tablestore/protocol';
import type { EmulatorResponse } from '../shared/http-server';
import { ServiceError } from '../shared/service-error';

/** Status and message of Tablestore error codes (spec: tablestore.md §5). */
const OTS_ERRORS: Record<string, { status: number; message: string }> = {
  OTSAuthFailed: { status: 403, message: 'Signature mismatch.' },
  OTSNoPermissionAccess: { status: 403, message: 'You have no permission to access the requested resource.' },
  OTSRequestBodyTooLarge: { status: 413, message: 'The size of POST data is too large.' },
  OTSRequestTimeout: { status: 408, message: 'Request timeout.' },
  OTSMethodNotAllowed: { status: 405, message: 'Only POST method for requests is supported.' },
  OTSParameterInvalid: { status: 400, message: 'The parameter is invalid.' },
  OTSUnsupportOperation: { status: 400, message: 'The operation is not supported.' },
  OTSObjectNotExist: { status: 404, message: 'Requested table does not exist.' },
  OTSObjectAlreadyExist: { status: 409, message: 'Requested table already exists.' },
  OTSConditionCheckFail: { status: 403, message: 'Condition check failed.' },
  OTSRowOperationConflict: { status: 409, message: 'Data is being modified by the other request.' },
  OTSQuotaExhausted: { status: 403, message: 'Too frequent table operations.' },
  OTSNotEnoughCapacityUnit: { status: 403, message: 'Remaining capacity unit is not enough.' },
  OTSTableNotReady: { status: 404, message: 'The table is not ready.' },
  OTSServerBusy: { status: 503, message: 'Server is busy.' },
  OTSPartitionUnavailable: { status: 503, message: 'The partition is not available.' },
  OTSServerUnavailable: { status: 503, message: 'Server is not available.' },
  OTSTimeout: { status: 503, message: 'Operation timeout.' },
  OTSInternalServerError: { status: 500, message: 'Internal server error.' },
};

/** The Tablestore error factory: a {@link ServiceError} with the service's status and message for `code`. */
export function otsError(code: string, overrides: { status?: number; message?: string } = {}): ServiceError {
  const known = OTS_ERRORS[code];
  return new ServiceError(
    overrides.status ?? known?.status ?? 400,
    code,
    overrides.message ?? known?.message ?? `The request failed: ${code}.`,
  );
}

/** A 400 `OTSParameterInvalid` with the given message. */
export function otsInvalid(message: string): ServiceError {
  return otsError('OTSParameterInvalid', { message });
}

/**
 * The error a request body that does not decode becomes: a bad PlainBuffer checksum or malformed
 * protobuf/PlainBuffer bytes are 400 `OTSParameterInvalid`, naming what was wrong and where.
 * Anything else is rethrown (an emulator bug, answered as a 500 by the pipeline).
 */
export function otsDecodeError(cause: unknown, what: string): ServiceError {
  if (isSdkError(cause) && cause.code === sdkErrorCodes.ERR_CHECKSUM) {
    return otsInvalid(`Checksum mismatch in ${what}: ${reasonOf(cause)}.`);
  }
  if (isSdkError(cause) && cause.code === sdkErrorCodes.ERR_PARSE) {
    return otsInvalid(`Invalid ${what}: ${reasonOf(cause)}.`);
  }
  throw cause;
}

/** The reason part of an SdkError message (`tablestore X failed: ERR_PARSE: <reason>`). */
function reasonOf(error: { message: string }): string {
  return error.message.replace(/^.*?ERR_[A-Z_]+(?: \(\d+\))?: /, '').replace(/\.$/, '');
}

/** The usual Tablestore code for an HTTP status, used when an injected fault names none. */
export function otsCodeForStatus(status: number): string {
  switch (status) {
    case 403:
      return 'OTSNoPermissionAccess';
    case 404:
      return 'OTSObjectNotExist';
    case 405:
      return 'OTSMethodNotAllowed';
    case 408:
      return 'OTSRequestTimeout';
    case 409:
      return 'OTSRowOperationConflict';
    case 413:
      return 'OTSRequestBodyTooLarge';
    case 503:
      return 'OTSServerBusy';
    default:
      return status >= 500 ? 'OTSInternalServerError' : 'OTSParameterInvalid';
  }
}

/** Renders a Tablestore error: a protobuf `Error { code, message }` body with the error's status. */
export function renderOtsError(error: ServiceError): EmulatorResponse {
  return { status: error.status, headers: {}, body: encodeErrorMessage({ code: error.code, message: error.message }) };
}
