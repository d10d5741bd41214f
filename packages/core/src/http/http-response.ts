import { createSdkError, sdkErrorCodes } from '../errors/codes';
import { requestIdFromHeaders } from './headers';

/** A successful (2xx) response, its body read completely. */
export interface HttpResponse {
  /** The HTTP status, 200–299. */
  readonly status: number;
  /** The response headers (case-insensitive `get`). */
  readonly headers: Headers;
  /** The whole body. */
  readonly body: Uint8Array;
  /** The service's request id, from the response headers or else the body; quote it to support. */
  readonly requestId: string | undefined;
  /** How many attempts the call took, the successful one included. */
  readonly attempts: number;
  /** The body decoded as UTF-8. */
  text(): string;
  /**
   * The body parsed as JSON.
   * @throws SdkError with code `ERR_PARSE` when the body is not JSON.
   */
  json<T = unknown>(): T;
}

const decoder = new TextDecoder('utf-8');
// Scanning a body for a request id only makes sense for API answers, not object downloads.
const MAX_SCANNED_BODY = 1 << 20;

/** Builds the {@link HttpResponse} a client returns. */
export function createHttpResponse(init: {
  service: string;
  operation: string;
  status: number;
  headers: Headers;
  body: Uint8Array;
  attempts: number;
}): HttpResponse {
  let text: string | undefined;
  const readText = () => {
    text ??= decoder.decode(init.body);
    return text;
  };
  const requestId =
    requestIdFromHeaders(init.headers) ??
    requestIdFromBody(init.headers.get('content-type') ?? '', init.body, readText);
  return {
    status: init.status,
    headers: init.headers,
    body: init.body,
    requestId,
    attempts: init.attempts,
    text: readText,
    json<T>() {
      try {
        return JSON.parse(readText()) as T;
      } catch (cause) {
        throw createSdkError(sdkErrorCodes.ERR_PARSE, {
          service: init.service,
          operation: init.operation,
          status: init.status,
          requestId,
          cause,
          reason: 'the response body is not valid JSON',
        });
      }
    },
  };
}

function requestIdFromBody(contentType: string, body: Uint8Array, readText: () => string): string | undefined {
  if (body.byteLength === 0 || body.byteLength > MAX_SCANNED_BODY) return undefined;
  if (/json/i.test(contentType)) return /"(?:RequestId|requestId)"\s*:\s*"([^"\\]+)"/.exec(readText())?.[1];
  if (/xml/i.test(contentType)) return /<RequestId>([^<]+)<\/RequestId>/.exec(readText())?.[1]?.trim();
  return undefined;
}
