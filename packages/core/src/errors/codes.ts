import { SdkError } from './sdk-error';

/**
 * Codes of the failures that happen on the SDK side, before or instead of a service answer. Service
 * codes are passed through verbatim and never start with `ERR_`, so `code.startsWith('ERR_')` tells
 * the two apart.
 *
 * An aborted call has no code here on purpose: it rejects with `signal.reason` unchanged.
 */
export const sdkErrorCodes = {
  /**
   * The request did not get a response: DNS failure, connection refused or reset, TLS failure, or
   * the socket closed mid-response. Retryable; the retry policy still repeats non-idempotent writes
   * only when it is safe.
   */
  ERR_NETWORK: 'ERR_NETWORK',
  /** The attempt took longer than `timeoutMs` and was cancelled by the SDK. Retryable. */
  ERR_TIMEOUT: 'ERR_TIMEOUT',
  /**
   * The response could not be understood: an error body that is empty, truncated, HTML from a
   * proxy or otherwise not in the service's format, or a success body the SDK cannot decode. The
   * error keeps the HTTP status and request id, and is retryable when the status is (e.g. a 502).
   */
  ERR_PARSE: 'ERR_PARSE',
  /**
   * Credentials could not be obtained: no provider in the chain was configured, or a configured
   * provider failed (the message lists what each provider said). Not retryable.
   */
  ERR_CREDENTIALS: 'ERR_CREDENTIALS',
  /**
   * The endpoint resolved from settings (environment, profile, region) is unusable: not a valid
   * URL, or plain `http:` to a host that is not loopback without `allowInsecureConnection`.
   * Not retryable. (An endpoint passed directly as an argument is checked earlier and throws
   * `TypeError`.)
   */
  ERR_INVALID_ENDPOINT: 'ERR_INVALID_ENDPOINT',
  /**
   * The data received does not match the checksum the service sent (OSS CRC64, Tablestore
   * `x-ots-contentmd5`, MaxCompute tunnel CRC), or was truncated. Retryable: the next read usually
   * succeeds.
   */
  ERR_CHECKSUM: 'ERR_CHECKSUM',
} as const;

/** One of the SDK-side failure codes in {@link sdkErrorCodes}. */
export type SdkErrorCode = (typeof sdkErrorCodes)[keyof typeof sdkErrorCodes];

const RETRYABLE_BY_DEFAULT: ReadonlySet<string> = new Set<SdkErrorCode>([
  sdkErrorCodes.ERR_NETWORK,
  sdkErrorCodes.ERR_TIMEOUT,
  sdkErrorCodes.ERR_CHECKSUM,
]);

/** What {@link createSdkError} needs besides the code. */
export interface CreateSdkErrorOptions {
  /** The service name as used in messages (`oss`, `sls`, `sts`, ...). */
  service: string;
  /** The operation that failed, e.g. `PutObject`. */
  operation: string;
  /**
   * What went wrong, in words a person can act on (`connect ECONNREFUSED 127.0.0.1:9`,
   * `no response within 5000 ms`). Redacted before it is quoted.
   */
  reason?: string | undefined;
  /** HTTP status, when a response arrived (e.g. for `ERR_PARSE`). */
  status?: number | undefined;
  /** The service's request id, when a response carried one. */
  requestId?: string | undefined;
  /**
   * Whether repeating the request may succeed.
   * @defaultValue true for `ERR_NETWORK`, `ERR_TIMEOUT` and `ERR_CHECKSUM`, false otherwise
   */
  retryable?: boolean | undefined;
  /** Structured extra facts; redacted in `toJSON()`. */
  details?: Record<string, unknown> | undefined;
  /** The underlying failure (e.g. the `TypeError: fetch failed` from `fetch`). */
  cause?: unknown;
}

/**
 * Builds the {@link SdkError} for a failure on the SDK side, with the message
 * `<service> <operation> failed: <ERR_*> [(<status>)][, requestId=<id>]: <reason>`.
 *
 * @example
 * ```ts
 * throw createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
 *   service: 'oss', operation: 'GetObject', reason: 'no response within 5000 ms',
 * });
 * ```
 */
export function createSdkError(code: SdkErrorCode, options: CreateSdkErrorOptions): SdkError {
  return new SdkError({
    code,
    service: options.service,
    operation: options.operation,
    status: options.status,
    requestId: options.requestId,
    retryable: options.retryable ?? RETRYABLE_BY_DEFAULT.has(code),
    details: options.details,
    cause: options.cause,
    serviceMessage: options.reason,
  });
}
