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
  InvalidPart: {
    status: 400,
    message:
      "One or more of the specified parts could not be found or the specified entity tag might not have matched the part's entity tag.",
  },
  InvalidPartOrder: {
    status: 400,
    message: 'The list of parts was not in ascending order. Parts list must be specified in order by part number.',
  },
  EntityTooSmall: { status: 400, message: 'Your proposed upload is smaller than the minimum allowed size.' },
  EntityTooLarge: { status: 400, message: 'Your proposed upload exceeds the maximum allowed size.' },
  KeyTooLong: { status: 400, message: 'Your key is too long.' },
  IncompleteBody: {
    status: 400,
    message: 'You did not provide the number of bytes specified by the Content-Length HTTP header.',
  },
  MissingArgument: { status: 400, message: 'Missing Some Required Arguments.' },
  OperationNotSupported: { status: 400, message: 'The operation is not supported for this resource.' },
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
  NoSuchUpload: {
    status: 404,
    message:
      'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.',
  },
  InvalidObjectState: { status: 403, message: "The operation is not valid for the object's storage class." },
  BucketNotEmpty: { status: 409, message: 'The bucket you tried to delete is not empty.' },
  PositionNotEqualToLength: { status: 409, message: 'Position is not equal to file length.' },
  ObjectNotAppendable: { status: 409, message: 'The object is not appendable.' },
  FileAlreadyExists: { status: 409, message: 'The object you specified already exists and can not be overwritten.' },
  MissingContentLength: { status: 411, message: 'You must provide the Content-Length HTTP header.' },
  PreconditionFailed: { status: 412, message: 'At least one of the pre-conditions you specified did not hold.' },
  InvalidRange: { status: 416, message: 'The requested range cannot be satisfied.' },
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

const extraHeaders = new WeakMap<ServiceError, Record<string, string>>();

/** Attaches response headers an error answer carries (`x-oss-next-append-position`, ...). */
export function withResponseHeaders(error: ServiceError, headers: Record<string, string>): ServiceError {
  extraHeaders.set(error, headers);
  return error;
}

/** NoSuchKey with the `<Key>` and `<EC>` children real OSS sends (oss.md §4.1). */
export function noSuchKey(key: string): ServiceError {
  return ossError('NoSuchKey', {
    fields: [
      ['Key', key],
      ['EC', '0026-00000001'],
    ],
  });
}

/** NoSuchUpload naming the upload id. */
export function noSuchUpload(uploadId: string): ServiceError {
  return ossError('NoSuchUpload', { fields: [['UploadId', uploadId]] });
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
  const ec = error.fields.find(([name]) => name === 'EC')?.[1];
  if (ec !== undefined) children.push(['RecommendDoc', `https://api.aliyun.com/troubleshoot?q=${ec}`]);
  const body = renderXml(['Error', children]);
  const headers: Record<string, string> = { 'content-type': 'application/xml', ...extraHeaders.get(error) };
  if (ec !== undefined) headers['x-oss-ec'] = ec;
  if (ctx.method === 'HEAD') headers['x-oss-err'] = Buffer.from(body, 'utf8').toString('base64');
  return { status: error.status, headers, body };
}
