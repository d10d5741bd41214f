import type { EmulatorResponse } from '../shared/http-server';
import { ServiceError } from '../shared/service-error';

/** Status and message of SLS error codes (spec: sls.md §6). */
const SLS_ERRORS: Record<string, { status: number; message: string }> = {
  RequestTimeExpired: { status: 400, message: 'Request time has been expired while server time is later.' },
  InvalidDateFormat: { status: 400, message: 'Date must follow RFC822.' },
  ParameterInvalid: { status: 400, message: 'The parameter is invalid.' },
  MissingContentType: { status: 400, message: 'The Content-Type header is missing.' },
  InvalidContentType: { status: 415, message: 'The Content-Type is not supported.' },
  MissingBodyRawSize: { status: 400, message: 'The x-log-bodyrawsize header is missing.' },
  InvalidBodyRawSize: { status: 400, message: 'The x-log-bodyrawsize header is invalid.' },
  InvalidCompressType: { status: 400, message: 'The x-log-compresstype is not supported.' },
  PostBodyInvalid: { status: 400, message: 'The post body is invalid.' },
  PostBodyTooLarge: { status: 400, message: 'The post body is too large.' },
  PostBodyUncompressError: { status: 400, message: 'The post body cannot be decompressed.' },
  InvalidEncoding: { status: 400, message: 'The post body is not valid UTF-8.' },
  InvalidKey: { status: 400, message: 'The log key is invalid.' },
  InvalidQueryString: { status: 400, message: 'The query string is invalid.' },
  InvalidTimeRange: { status: 400, message: 'The time range is invalid.' },
  InvalidOffset: { status: 400, message: 'The offset is invalid.' },
  InvalidLine: { status: 400, message: 'The line is invalid.' },
  InvalidReverse: { status: 400, message: 'The reverse is invalid.' },
  LogStoreAlreadyExist: { status: 400, message: 'The logstore already exists.' },
  ShardWriteQuotaExceed: { status: 403, message: 'Shard write quota exceed.' },
  Unauthorized: { status: 401, message: 'The AccessKeyId is unauthorized.' },
  SignatureNotMatch: { status: 401, message: 'The signature does not match.' },
  InvalidAccessKeyId: { status: 401, message: 'The AccessKeyId is invalid.' },
  WriteQuotaExceed: { status: 403, message: 'Project write quota exceed.' },
  ProjectForbidden: { status: 403, message: 'Project is forbidden.' },
  ProjectNotExist: { status: 404, message: 'The Project does not exist.' },
  LogStoreNotExist: { status: 404, message: 'The logstore does not exist.' },
  NotImplemented: { status: 501, message: 'The operation is not implemented by the emulator.' },
  InternalServerError: { status: 500, message: 'Internal server error.' },
  ServerBusy: { status: 503, message: 'The server is busy, please try again later.' },
};

/** The SLS error factory: a {@link ServiceError} with the service's status and message for `code`. */
export function slsError(code: string, overrides: { status?: number; message?: string } = {}): ServiceError {
  const known = SLS_ERRORS[code];
  return new ServiceError(
    overrides.status ?? known?.status ?? 400,
    code,
    overrides.message ?? known?.message ?? `The request failed: ${code}.`,
  );
}

/** The usual SLS code for an HTTP status, used when an injected fault names none. */
export function slsCodeForStatus(status: number): string {
  if (status === 503) return 'ServerBusy';
  if (status >= 500) return 'InternalServerError';
  if (status === 401) return 'Unauthorized';
  if (status === 403) return 'WriteQuotaExceed';
  if (status === 404) return 'ProjectNotExist';
  return 'ParameterInvalid';
}

/**
 * Renders an SLS error: JSON `{errorCode, errorMessage}` with `Content-Type: application/json`
 * (without it `@alicloud/log` returns the body as a string instead of throwing).
 */
export function renderSlsError(error: ServiceError): EmulatorResponse {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errorCode: error.code, errorMessage: error.message }),
  };
}
