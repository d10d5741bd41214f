import type { ErrorResponse } from './error-response';
import { parseMaxComputeError } from './parse-maxcompute';
import { parseOssError } from './parse-oss';
import { parsePopError } from './parse-pop';
import { parseSlsError } from './parse-sls';
import { parseTablestoreError } from './parse-tablestore';
import { type ServiceFamily, serviceFamily } from './retryable';
import type { SdkError } from './sdk-error';

/** The error-body formats alikit understands; every POP product (sts, cms, pai, dts, ...) uses `pop`. */
export type ErrorFormat = ServiceFamily;

/** A failed response plus, optionally, the error format its body is in. */
export interface ParseErrorResponseInput extends ErrorResponse {
  /**
   * The format of the error body.
   * @defaultValue derived from `service`: `oss`, `sls`, `tablestore`, `maxcompute`, else `pop`
   */
  format?: ErrorFormat | undefined;
}

const PARSERS: Readonly<Record<ErrorFormat, (response: ErrorResponse) => SdkError>> = {
  pop: parsePopError,
  oss: parseOssError,
  sls: parseSlsError,
  tablestore: parseTablestoreError,
  maxcompute: parseMaxComputeError,
};

/**
 * Turns any failed service response into an {@link SdkError}, choosing the parser by `format` (or
 * by `service`). The result has the service code verbatim (or `ERR_PARSE` for a body that is not
 * in the service's format), the status, the request id, `retryable` and redacted `details`.
 * Never throws.
 *
 * @example
 * ```ts
 * const response = await fetch(url, init);
 * if (!response.ok) {
 *   throw parseErrorResponse({
 *     service: 'oss', operation: 'GetObject', status: response.status,
 *     headers: response.headers, body: new Uint8Array(await response.arrayBuffer()),
 *   });
 * }
 * ```
 */
export function parseErrorResponse(response: ParseErrorResponseInput): SdkError {
  const format = response?.format ?? serviceFamily(response?.service ?? 'pop');
  const parse = PARSERS[format] ?? parsePopError;
  return parse(response);
}
