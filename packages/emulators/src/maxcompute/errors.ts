import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { ServiceError } from '../shared/service-error';
import { renderXml } from '../shared/xml';

/** Status and message of MaxCompute REST error codes (spec: maxcompute.md §1.6). */
const ODPS_ERRORS: Record<string, { status: number; message: string }> = {
  AuthorizationRequired: { status: 401, message: 'The request authorization header is invalid or missing.' },
  Unauthorized: { status: 401, message: 'ODPS-0410051:Invalid credentials - accessKeyId not found' },
  SignatureNotMatch: { status: 401, message: 'ODPS-0410042:Invalid signature value - User signature does not match' },
  AuthenticationRequestExpired: { status: 401, message: 'ODPS-0410041:Authentication request expired' },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the server time is too large.',
  },
  NoPermission: { status: 403, message: 'ODPS-0420095: Access Denied - Authorization Failed.' },
  AccessDenied: { status: 403, message: 'ODPS-0420095: Access Denied.' },
  NoSuchObject: { status: 404, message: 'The specified object does not exist.' },
  InvalidArgument: { status: 400, message: 'The argument is invalid.' },
  InvalidParameter: { status: 400, message: 'The parameter is invalid.' },
  MethodNotAllowed: { status: 405, message: 'The operation is not allowed on this object.' },
  QPSExceeded: { status: 429, message: 'The request rate exceeds the quota.' },
  NoSuchTable: { status: 404, message: 'The specified table does not exist.' },
  NoSuchPartition: { status: 404, message: 'The specified partition does not exist.' },
  NoSuchDownload: { status: 404, message: 'The specified download session does not exist.' },
  NoSuchUpload: { status: 404, message: 'The specified upload session does not exist.' },
  InvalidPartitionSpec: { status: 400, message: 'The partition spec is invalid.' },
  MissingPartitionSpec: { status: 400, message: 'The table is partitioned: a partition spec is required.' },
  InvalidRowRange: { status: 400, message: 'The row range is invalid.' },
  InvalidColumnSpec: { status: 400, message: 'The column spec is invalid.' },
  InvalidBlockID: { status: 400, message: 'The block id is invalid.' },
  StatusConflict: { status: 409, message: 'The session status does not allow this operation.' },
  TableModified: { status: 409, message: 'The table was modified after the session was created.' },
  MalformedDataStream: { status: 400, message: 'The data stream is malformed.' },
  CorruptedDataStream: { status: 400, message: 'The data stream failed its checksum.' },
  InstanceNotTerminate: { status: 400, message: 'The instance has not terminated yet.' },
  InstanceTypeNotSupported: { status: 400, message: 'The instance type does not support this operation.' },
  NotImplemented: { status: 501, message: 'The operation is not implemented by the emulator.' },
  InternalServerError: { status: 500, message: 'ODPS-0010000:System internal error.' },
  ServiceUnavailable: { status: 503, message: 'The service is temporarily unavailable.' },
};

/** The MaxCompute error factory: a {@link ServiceError} with the service's status and message for `code`. */
export function odpsError(code: string, overrides: { status?: number; message?: string } = {}): ServiceError {
  const known = ODPS_ERRORS[code];
  return new ServiceError(
    overrides.status ?? known?.status ?? 400,
    code,
    overrides.message ?? known?.message ?? `The request failed: ${code}.`,
  );
}

/** The usual MaxCompute code for an HTTP status, used when an injected fault names none. */
export function odpsCodeForStatus(status: number): string {
  switch (status) {
    case 401:
      return 'Unauthorized';
    case 403:
      return 'NoPermission';
    case 404:
      return 'NoSuchObject';
    case 405:
      return 'MethodNotAllowed';
    case 429:
      return 'QPSExceeded';
    case 503:
      return 'ServiceUnavailable';
    default:
      return status >= 500 ? 'InternalServerError' : 'InvalidArgument';
  }
}

/** Renders a MaxCompute REST error: XML `<Error><Code><Message><RequestId><HostId>`. */
export function renderOdpsError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
  const body = renderXml([
    'Error',
    [
      ['Code', error.code],
      ['Message', error.message],
      ['RequestId', ctx.requestId],
      ['HostId', ctx.host || 'maxcompute.emulator.localhost'],
    ],
  ]);
  return { status: error.status, headers: { 'content-type': 'application/xml' }, body };
}

/**
 * Renders a MaxCompute tunnel error: JSON `{"Code","Message","RequestId"}` (spec §1.6, §5.9), the
 * form the tunnel service answers with.
 */
export function renderTunnelError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
  const body = JSON.stringify({ Code: error.code, Message: error.message, RequestId: ctx.requestId });
  return { status: error.status, headers: { 'content-type': 'application/json' }, body };
}
