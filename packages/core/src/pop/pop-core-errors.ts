import { createSdkError, sdkErrorCodes } from '../errors/codes';
import { parsePopError } from '../errors/parse-pop';
import type { SdkError } from '../errors/sdk-error';
import { classifyNetworkError } from '../http/network-error';
import { redactText } from '../logging/redact';
import { type ObservedResponse, toHeaders } from './observing-agent';

/** A failed attempt, sorted the way the retry policy needs it. */
export type PopFailure =
  | { kind: 'service-error'; error: SdkError; headers: Headers | undefined }
  | { kind: 'transport-error'; error: SdkError; notSent: boolean };

/** Where the failure happened, for the error's message. */
export interface FailureContext {
  service: string;
  operation: string;
  /** The status and headers the agent saw, when a response arrived. */
  observed: ObservedResponse | undefined;
}

/**
 * Maps what pop-core 1.8 threw to an {@link SdkError}. The shapes, from its sources:
 * - RPC: any body with a `Code` other than 200/OK/Success → `Error` with `code`, `data` (the body)
 *   and `entry.response.{statusCode, headers}`; the HTTP status itself is ignored;
 * - ROA: a JSON body with status ≥ 400 → `Error` with `code`, `statusCode` and `result` (the body);
 *   an XML `<Error>` → `ACSError` with `code` and the message, request id and host id in its text;
 *   a JSON content type that does not parse → `FormatError` with `body`;
 * - RPC bodies that are not JSON make `json-bigint` throw a plain object `{ name: 'SyntaxError', text }`;
 * - httpx: `RequestTimeoutError` for its connect and read timers; otherwise Node's socket errors.
 * Service bodies go through {@link parsePopError}, so codes, retryability and request ids are read
 * the same way as for every other POP call.
 */
export function mapPopCoreFailure(thrown: unknown, context: FailureContext): PopFailure {
  const { service, operation, observed } = context;
  const t = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as Record<string, unknown>;
  const entryResponse = (t.entry as { response?: { statusCode?: unknown; headers?: unknown } } | undefined)?.response;
  const headers =
    observed?.headers ??
    (entryResponse?.headers && typeof entryResponse.headers === 'object'
      ? toHeaders(entryResponse.headers as Record<string, unknown>)
      : undefined);
  const status = observed?.status ?? numberOr(entryResponse?.statusCode) ?? numberOr(t.statusCode);

  const fromBody = (body: string): PopFailure => ({
    kind: 'service-error',
    error: parsePopError({ status: status ?? 200, headers: headers ?? new Headers(), body, service, operation }),
    headers,
  });

  // RPC service error (data) and ROA JSON service error (result): the body pop-core parsed.
  if (typeof t.code === 'string' && isObject(t.data)) return fromBody(JSON.stringify(t.data));
  if (typeof t.code === 'string' && isObject(t.result)) return fromBody(JSON.stringify(t.result));
  // A body pop-core could not parse as JSON.
  if (t.name === 'FormatError' && typeof t.body === 'string') return fromBody(t.body);
  if (t.name === 'SyntaxError' && typeof t.text === 'string' && !(thrown instanceof Error)) return fromBody(t.text);
  // ROA XML error: only the code and the text survive.
  if (typeof t.code === 'string' && t.code !== '' && observed !== undefined && thrown instanceof Error) {
    const parts = /^([\s\S]*) hostid: ([^,]*), requestid: (.*)$/.exec(thrown.message);
    return fromBody(
      JSON.stringify({
        Code: t.code,
        Message: parts?.[1] ?? thrown.message,
        HostId: parts?.[2] || undefined,
        RequestId: parts?.[3] || undefined,
      }),
    );
  }
  if (t.name === 'RequestTimeoutError') {
    return {
      kind: 'transport-error',
      error: createSdkError(sdkErrorCodes.ERR_TIMEOUT, {
        service,
        operation,
        status,
        reason: observed ? 'the response did not arrive in full in time' : 'no response in time',
        cause: sanitizedCause(thrown),
      }),
      notSent: false,
    };
  }
  const network = classifyNetworkError(thrown);
  if (network !== undefined) {
    return {
      kind: 'transport-error',
      error: createSdkError(sdkErrorCodes.ERR_NETWORK, {
        service,
        operation,
        status,
        reason: network.description,
        retryable: !network.permanent,
        cause: sanitizedCause(thrown),
      }),
      notSent: network.notSent,
    };
  }
  throw thrown;
}

/**
 * The error to keep as `cause`: httpx appends the full request URL (with `Signature` and, for GET,
 * `SecurityToken`) to socket error messages, so only the first line of the message, scrubbed, and
 * the code are kept.
 */
function sanitizedCause(thrown: unknown): Error {
  const source = thrown as { name?: unknown; message?: unknown; code?: unknown };
  const message = typeof source.message === 'string' ? source.message : String(thrown);
  const firstLine = (message.split('\n')[0] ?? '').replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>');
  const cause = new Error(redactText(firstLine));
  if (typeof source.name === 'string') cause.name = source.name;
  if (typeof source.code === 'string') Object.assign(cause, { code: source.code });
  return cause;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function numberOr(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}
