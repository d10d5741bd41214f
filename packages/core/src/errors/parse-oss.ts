import {
  bodySize,
  bodyText,
  camelCase,
  detailValue,
  type ErrorResponse,
  headerRequestId,
  neverThrow,
  pickString,
  readErrorDocument,
  responseHeader,
  serviceError,
  unreadableError,
  validCode,
  validRequestId,
} from './error-response';
import type { SdkError } from './sdk-error';

const REQUEST_ID_HEADERS = ['x-oss-request-id'];

/** Children read into named fields rather than copied into `details`. */
const MAIN_FIELDS = new Set(['Code', 'Message', 'RequestId', 'HostId', 'EC', 'RecommendDoc', 'OSSAccessKeyId']);

/**
 * Children never copied: the signature the client sent, and the hex bytes of the string to sign,
 * which spell out an `x-oss-security-token` in a form no redactor can recognise.
 */
const DROPPED_FIELDS = /signature|token|secret|password|StringToSignBytes|CanonicalRequestBytes/i;

const MAX_EXTRA_FIELDS = 32;

/**
 * Turns a failed OSS response into an {@link SdkError}. Reads the XML
 * `<Error><Code><Message><RequestId><HostId><EC><RecommendDoc>…</Error>` body; for body-less
 * responses (HEAD) it reads the same document base64-encoded in the `x-oss-err` header. Per-code
 * children (`BucketName`, `Key`, `UploadId`, `Condition`, `StringToSign`, …) go to `details` in
 * camelCase, redacted; `SignatureProvided` and `StringToSignBytes` are dropped. The fine-grained
 * `EC` (or the `x-oss-ec` header) is `details.ec`. A body in no known form gives code `ERR_PARSE`.
 * Never throws.
 */
export function parseOssError(response: ErrorResponse): SdkError {
  return neverThrow(response, 'oss', () => {
    const headerId = headerRequestId(response.headers, REQUEST_ID_HEADERS);
    let text = bodyText(response.body);
    const encoded = responseHeader(response.headers, 'x-oss-err');
    if (bodySize(response.body) === 0 && encoded) text = Buffer.from(encoded.trim(), 'base64').toString('utf8');
    const doc = readErrorDocument(text);
    if (doc === undefined) return unreadableError(response, 'oss', headerId);
    const requestId = validRequestId(pickString(doc, ['RequestId'])) ?? headerId;
    const code = validCode(pickString(doc, ['Code']));
    if (code === undefined) return unreadableError(response, 'oss', requestId);

    const details: Record<string, unknown> = {};
    const hostId = pickString(doc, ['HostId']);
    if (hostId !== undefined) details.hostId = detailValue(hostId);
    const ec = pickString(doc, ['EC']) ?? responseHeader(response.headers, 'x-oss-ec')?.trim();
    if (ec) details.ec = detailValue(ec);
    const recommend = pickString(doc, ['RecommendDoc']);
    if (recommend !== undefined) details.recommend = detailValue(recommend);
    const accessKeyId = pickString(doc, ['OSSAccessKeyId']);
    if (accessKeyId !== undefined) details.accessKeyId = detailValue(accessKeyId);
    let extra = 0;
    for (const [name, value] of Object.entries(doc)) {
      if (MAIN_FIELDS.has(name) || DROPPED_FIELDS.test(name) || extra >= MAX_EXTRA_FIELDS) continue;
      details[camelCase(name)] = detailValue(value);
      extra++;
    }
    const next = responseHeader(response.headers, 'x-oss-next-append-position')?.trim();
    if (next && /^\d{1,19}$/.test(next)) details.nextAppendPosition = next;
    return serviceError(response, 'oss', { code, message: pickString(doc, ['Message']), requestId, details });
  });
}
