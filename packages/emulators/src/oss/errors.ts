import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { ServiceError } from '../shared/service-error';
import { renderXml, type XmlElement } from '../shared/xml';

/** Status and message of OSS error codes (spec: oss.md §4). */
const OSS_ERRORS: Record<string, { status: number; message: string }> = {
  InvalidArgument: { status: 400, message: 'The argument is invalid.' },
  InvalidBucketName: { status: 400, message: 'The specified bucket is not valid.' },
  InvalidObjectName: { status: 400, message: 'The specified object is not valid.' },
  InvalidDigest: { status: 400, message: 'The Content-MD5 you specified did not match what we received.' },
  MalformedXML: {
    status: 400,
    message: 'The XML you provided was not well-formed or did not validate against our published schema.',
  },
  AccessDenied: { status: 403, message: 'AccessDenied' },
  SignatureDoesNotMatch: {
    status: 403,
    message:
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
  },
  InvalidAccessKeyId: { status: 403, message: 'The OSS Access Key Id you provided does not exist in our records.' },
  RequestTimeTooSkewed: {
    status: 403,
    message: 'The difference between the request time and the current time is too large.',
  },
  SecurityTokenExpired: { status: 403, message: 'The security token you provided has expired.' },
  InvalidSecurityToken: { status: 403, message: 'The security token you provided is invalid.' },
  NoSuchBucket: { status: 404, message: 'The specified bucket does not exist.' },
  NoSuchKey: { status: 404, message: 'The specified key does not exist.' },
  MethodNotAllowed: { status: 405, message: 'The specified method is not allowed against this resource.' },
  BucketAlreadyExists: { status: 409, message: 'The requested bucket name is not available.' },
  InternalError: { status: 500, message: 'We encountered an internal error. Please try again.' },
  NotImplemented: { status: 501, message: 'A header you provided implies functionality that is not implemented.' },
  ServiceUnavailable: { status: 503, message: 'Please reduce your request rate.' },
};

/**
 * The OSS error factory: a {@link ServiceError} with the service's status and message for `code`,
 * plus the extra children real OSS adds for it (`<StringToSign>`, `<BucketName>`, ...).
 */
export function ossError(
  code: string,
  overrides: { status?: number; message?: string; fields?: ReadonlyArray<readonly [string, string]> } = {},
): ServiceError {
  const known = OSS_ERRORS[code];
  return new ServiceError(
    overrides.status ?? known?.status ?? 400,
    code,
    overrides.message ?? known?.message ?? `The request failed: ${code}.`,
    overrides.fields,
  );
}

/** The usual OSS code for an HTTP status, used when an injected fault names none. */
export function ossCodeForStatus(status: number): string {
  switch (status) {
    case 403:
      return 'AccessDenied';
    case 404:
      return 'NoSuchKey';
    case 405:
      return 'MethodNotAllowed';
    case 409:
      return 'BucketAlreadyExists';
    case 501:
      return 'NotImplemented';
    case 503:
      return 'ServiceUnavailable';
    default:
      return status >= 500 ? 'InternalError' : 'InvalidArgument';
  }
}

/**
 * Renders an OSS error: XML `<Error><Code><Message><RequestId><HostId>…` with the code's extra
 * children; a HEAD response has no body, so the same XML also travels base64-encoded in `x-oss-err`.
 */
export function renderOssError(error: ServiceError, ctx: RequestContext, hostId: string): EmulatorResponse {
  const children: XmlElement[] = [
    ['Code', error.code],
    ['Message', error.message],
    ['RequestId', ctx.requestId],
    ['HostId', hostId],
    ...error.fields.map(([name, value]): XmlElement => [name, value]),
  ];
  const body = renderXml(['Error', children]);
  const headers: Record<string, string> = { 'content-type': 'application/xml' };
  if (ctx.method === 'HEAD') headers['x-oss-err'] = Buffer.from(body, 'utf8').toString('base64');
  return { status: error.status, headers, body };
}
