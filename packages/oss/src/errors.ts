import {
  createSdkError,
  isRetryableCode,
  isRetryableStatus,
  isSdkError,
  parseOssError,
  redactText,
  SdkError,
  sdkErrorCodes,
} from '@alikit/core';

/** What ali-oss puts on the errors it throws (its own shape; only read here). */
interface AliOssErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  status?: unknown;
  requestId?: unknown;
  ecCode?: unknown;
  hostId?: unknown;
}

/** Where {@link captureErrorResponses} keeps the raw error response on ali-oss's error. */
const RAW_RESPONSE = Symbol('alikit.oss.rawErrorResponse');

interface RawErrorResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

/**
 * Makes an ali-oss client keep the raw status, headers and body of every error response on the
 * error it throws, so {@link toOssError} can read it with core's `parseOssError` (ali-oss keeps
 * only Code/Message/RequestId/EC and drops headers such as `x-oss-next-append-position`).
 */
export function captureErrorResponses(client: object): void {
  const target = client as { requestError: (result: unknown) => Promise<unknown> };
  const original = target.requestError.bind(client);
  target.requestError = async (result: unknown) => {
    const error = await original(result);
    const r = result as { status?: unknown; headers?: unknown; data?: unknown } | undefined;
    if (error && typeof error === 'object' && r && typeof r.status === 'number' && r.status > 0 && r.headers) {
      const body = r.data instanceof Uint8Array ? r.data : new Uint8Array(0);
      Object.defineProperty(error, RAW_RESPONSE, {
        value: { status: r.status, headers: r.headers as RawErrorResponse['headers'], body } satisfies RawErrorResponse,
        enumerable: false,
      });
    }
    return error;
  };
}

const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** True for a failure where the request provably never reached the service. */
export function isNotSentFailure(error: SdkError): boolean {
  return error.code === sdkErrorCodes.ERR_NETWORK && error.details?.notSent === true;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * A plain copy of a foreign error to keep as `cause`: ali-oss errors carry the signed request
 * (`params.headers.authorization`), which must not travel with ours.
 */
function scrubbedCause(error: unknown): Error {
  const e = (error ?? {}) as AliOssErrorShape;
  const copy = new Error(redactText(String(e.message ?? error)));
  copy.name = text(e.name) ?? 'Error';
  return copy;
}

/**
 * Turns anything ali-oss (or the network below it) throws into an {@link SdkError}: service
 * errors keep their OSS code, status, request id and `EC` (`details.ec`); client-side timeouts
 * become `ERR_TIMEOUT` and connection failures `ERR_NETWORK`. An `SdkError` passes through.
 */
export function toOssError(error: unknown, operation: string): SdkError {
  if (isSdkError(error)) return error;
  const e = (error ?? {}) as AliOssErrorShape;
  const raw = (error as { [RAW_RESPONSE]?: RawErrorResponse } | undefined)?.[RAW_RESPONSE];
  if (raw) {
    const parsed = parseOssError({ ...raw, service: 'oss', operation });
    if (parsed.code !== sdkErrorCodes.ERR_PARSE || typeof e.code !== 'string') return parsed;
  }
  const status = typeof e.status === 'number' ? e.status : undefined;
  const name = text(e.name) ?? '';
  const code = text(e.code);
  if (status !== undefined && status > 0 && code !== undefined && !/^E[A-Z]+$/.test(code)) {
    const details: Record<string, unknown> = {};
    const ec = text(e.ecCode);
    if (ec) details.ec = ec;
    const hostId = text(e.hostId);
    if (hostId) details.hostId = hostId;
    const message = text(e.message);
    return new SdkError({
      code,
      service: 'oss',
      operation,
      status,
      requestId: text(e.requestId),
      retryable: isRetryableCode('oss', code, message) || isRetryableStatus(status),
      details,
      serviceMessage: message,
      cause: scrubbedCause(error),
    });
  }
  if (status === -2 || /timeout/i.test(name) || code === 'ETIMEDOUT') {
    return createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
      service: 'oss',
      operation,
      reason: redactText(text(e.message) ?? 'the request timed out'),
      cause: scrubbedCause(error),
    });
  }
  const errno = code ?? (/(E[A-Z]{4,})/.exec(String(e.message ?? ''))?.[1] as string | undefined);
  return createSdkError(sdkErrorCodes.ERR_NETWORK, {
    service: 'oss',
    operation,
    reason: redactText(text(e.message) ?? String(error)),
    status: status !== undefined && status > 0 ? status : undefined,
    details: { notSent: errno !== undefined && NOT_SENT_CODES.has(errno), ...(errno ? { errno } : {}) },
    cause: scrubbedCause(error),
  });
}

/** An `ERR_CHECKSUM` error for a CRC-64 that does not match what OSS reported. */
export function checksumError(
  operation: string,
  expected: bigint,
  actual: bigint,
  requestId: string | undefined,
): SdkError {
  return createSdkError(sdkErrorCodes.ERR_CHECKSUM, {
    service: 'oss',
    operation,
    requestId,
    reason: `CRC-64 mismatch: OSS reported ${expected}, the data has ${actual}`,
    details: { expectedCrc64: expected.toString(), actualCrc64: actual.toString() },
  });
}
