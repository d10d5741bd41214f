import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { ServiceError } from '../shared/service-error';

/** Status and message of the POP gateway's common error codes (spec: pop.md §2). */
const POP_ERRORS: Record<string, { status: number; message: string }> = {
  MissingParameter: { status: 400, message: 'A required parameter is missing.' },
  InvalidParameter: { status: 400, message: 'The specified parameter is not valid.' },
  'InvalidTimeStamp.Format': { status: 400, message: 'Specified time stamp or date value is not well formatted.' },
  'InvalidTimeStamp.Expired': { status: 400, message: 'Specified time stamp or date value is expired.' },
  SignatureNonceUsed: { status: 400, message: 'Specified signature nonce was used already.' },
  SignatureDoesNotMatch: { status: 400, message: 'Specified signature is not matched with our calculation.' },
  IncompleteSignature: { status: 400, message: 'The request signature does not conform to Aliyun standards.' },
  'InvalidAccessKeyId.NotFound': { status: 404, message: 'Specified access key is not found.' },
  'InvalidAccessKeyId.Inactive': { status: 400, message: 'Specified access key is disabled.' },
  MissingSecurityToken: { status: 400, message: 'SecurityToken is mandatory for this action.' },
  'InvalidSecurityToken.Expired': { status: 400, message: 'Specified SecurityToken is expired.' },
  'InvalidSecurityToken.Malformed': { status: 400, message: 'Specified SecurityToken is malformed.' },
  'InvalidSecurityToken.MismatchWithAccessKey': {
    status: 400,
    message: 'Specified SecurityToken mismatch with the AccessKey.',
  },
  'Forbidden.RAM': { status: 403, message: 'User not authorized to operate on the specified resource.' },
  'InvalidAction.NotFound': { status: 404, message: 'Specified api is not found, please check your url and method.' },
  InvalidVersion: { status: 404, message: 'Specified parameter Version is not valid.' },
  ContentMD5NotMatched: { status: 400, message: 'Specified content md5 is not matched with your request body.' },
  Throttling: { status: 400, message: 'Request was denied due to request throttling.' },
  'Throttling.User': { status: 400, message: 'Request was denied due to user flow control.' },
  'Throttling.Api': { status: 400, message: 'Request was denied due to api flow control.' },
  ServiceUnavailable: { status: 503, message: 'The request has failed due to a temporary failure of the server.' },
  InternalError: { status: 500, message: 'The request processing has failed due to some unknown error.' },
};

/**
 * The POP error factory: a {@link ServiceError} with the gateway's status and message for `code`
 * (an unknown code gets status 400 unless given).
 */
export function popError(code: string, overrides: { status?: number; message?: string } = {}): ServiceError {
  const known = POP_ERRORS[code];
  return new ServiceError(
    overrides.status ?? known?.status ?? 400,
    code,
    overrides.message ?? known?.message ?? `The request failed: ${code}.`,
  );
}

/** The usual POP code for an HTTP status, used when an injected fault names none. */
export function popCodeForStatus(status: number): string {
  if (status === 503) return 'ServiceUnavailable';
  if (status === 429) return 'Throttling.User';
  if (status >= 500) return 'InternalError';
  if (status === 404) return 'InvalidAction.NotFound';
  if (status === 403) return 'Forbidden.RAM';
  return 'InvalidParameter';
}

/**
 * Renders a POP error: JSON `{RequestId, HostId, Code, Message, Recommend}` with the error's
 * status, which both pop-core (reads `Code`) and the generated SDKs (read the status) recognise.
 */
export function renderPopError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
  const body = {
    RequestId: ctx.requestId,
    HostId: ctx.host || 'pop.emulator.localhost',
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(error.code)}`,
  };
  return {
    status: error.status,
    headers: { 'content-type': 'application/json;charset=utf-8' },
    body: JSON.stringify(body),
  };
}
