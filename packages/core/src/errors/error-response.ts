import { redactText } from '../logging/redact';
import { sdkErrorCodes } from './codes';
import { isRetryableCode, isRetryableStatus } from './retryable';
import { SdkError } from './sdk-error';
import { elementValue, parseXmlDocument } from './xml-element';

/** A failed HTTP response, as every error-body parser takes it. */
export interface ErrorResponse {
  /** HTTP status code. */
  status: number;
  /** Response headers; plain-object keys are matched case-insensitively. */
  headers: Headers | Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The raw body; bytes are decoded as UTF-8. */
  body: Uint8Array | string;
  /**
   * The service name used in the message and for the retryable-code lists (e.g. `sts` for a POP
   * product). @defaultValue the parser's format name (`pop`, `oss`, `sls`, `tablestore`, `maxcompute`)
   */
  service?: string | undefined;
  /** The operation that failed, e.g. `GetObject`. */
  operation: string;
}

/** What a parser found in a well-formed error body (internal to the parsers). */
export interface ParsedServiceError {
  code: string;
  message?: string | undefined;
  requestId?: string | undefined;
  details?: Record<string, unknown> | undefined;
}

/** Error bodies are small; anything beyond this is not read (the tail of a huge HTML page is noise). */
const MAX_BODY_CHARS = 1 << 20;
const MAX_CODE_LENGTH = 256;
const MAX_REQUEST_ID_LENGTH = 256;
const MAX_DETAIL_LENGTH = 4096;

const utf8 = new TextDecoder('utf-8');

/** Reads a response header by case-insensitive name; repeated values are joined with `, `. */
export function responseHeader(headers: ErrorResponse['headers'] | undefined, name: string): string | undefined {
  if (headers === null || typeof headers !== 'object') return undefined;
  try {
    // Any Headers-like object (undici, node-fetch, another realm) exposes get().
    const get = (headers as { get?: unknown }).get;
    if (typeof get === 'function') {
      const value: unknown = get.call(headers, name);
      return typeof value === 'string' ? value : undefined;
    }
    const wanted = name.toLowerCase();
    for (const [key, value] of Object.entries(headers)) {
      if (key.toLowerCase() !== wanted || value === undefined || value === null) continue;
      if (typeof value === 'string') return value;
      if (Array.isArray(value)) return value.map(String).join(', ');
      return String(value);
    }
  } catch {
    // A hostile headers object (throwing getters) must not turn into a throw from the parser.
  }
  return undefined;
}

/** Decodes the body as UTF-8 text (invalid sequences become U+FFFD), capped in length. */
export function bodyText(body: unknown): string {
  if (typeof body === 'string') return body.length > MAX_BODY_CHARS ? body.slice(0, MAX_BODY_CHARS) : body;
  if (body instanceof Uint8Array) {
    return utf8.decode(body.length > MAX_BODY_CHARS * 4 ? body.subarray(0, MAX_BODY_CHARS * 4) : body);
  }
  if (body instanceof ArrayBuffer) return bodyText(new Uint8Array(body));
  return '';
}

/** The body's length in bytes (or characters, for a string). */
export function bodySize(body: unknown): number {
  if (typeof body === 'string' || body instanceof Uint8Array) return body.length;
  if (body instanceof ArrayBuffer) return body.byteLength;
  return 0;
}

/** Parses JSON into a plain object, or `undefined` for anything else. Never throws. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return isPlainObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** True for a non-null, non-array object. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first of `keys` whose value in `object` is a non-empty string (numbers are accepted as text). */
export function pickString(object: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return undefined;
}

/** A usable code: non-empty, bounded, and free of control characters (it is printed on one line). */
export function validCode(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  const trimmed = code.trim();
  if (trimmed === '' || trimmed.length > MAX_CODE_LENGTH || hasControl(trimmed)) return undefined;
  return trimmed;
}

/** A usable request id, or `undefined`. */
export function validRequestId(id: string | undefined): string | undefined {
  if (id === undefined) return undefined;
  const trimmed = id.trim();
  if (trimmed === '' || trimmed.length > MAX_REQUEST_ID_LENGTH || hasControl(trimmed)) return undefined;
  return trimmed;
}

function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** The first request-id header present among `names`. */
export function headerRequestId(
  headers: ErrorResponse['headers'] | undefined,
  names: readonly string[],
): string | undefined {
  for (const name of names) {
    const id = validRequestId(responseHeader(headers, name));
    if (id !== undefined) return id;
  }
  return undefined;
}

/** A detail value safe to keep on the error: text is redacted and capped; objects are kept as they are. */
export function detailValue(value: unknown): unknown {
  if (typeof value === 'string') {
    const text = redactText(value.trim());
    return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
  }
  if (Array.isArray(value)) return value.slice(0, 64).map(detailValue);
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value).slice(0, 64)) out[k] = detailValue(v);
    return out;
  }
  return value;
}

/** `RecommendDoc` → `recommendDoc`, `OSSAccessKeyId` → `ossAccessKeyId`, `EC` → `ec`. */
export function camelCase(name: string): string {
  const match = /^([A-Z]+)(?=[A-Z][a-z]|$)|^[A-Z]/.exec(name);
  if (!match) return name;
  return match[0].toLowerCase() + name.slice(match[0].length);
}

/**
 * How long the service asked the client to wait, in milliseconds: `x-acs-retry-after` (POP, in
 * milliseconds as openapi-core reads it) or `Retry-After` (seconds or an HTTP date).
 */
export function retryAfterMs(headers: ErrorResponse['headers'] | undefined, now = Date.now()): number | undefined {
  const acs = responseHeader(headers, 'x-acs-retry-after')?.trim();
  if (acs && /^\d{1,9}$/.test(acs)) return Number(acs);
  const standard = responseHeader(headers, 'retry-after')?.trim();
  if (!standard) return undefined;
  if (/^\d{1,9}$/.test(standard)) return Number(standard) * 1000;
  const at = Date.parse(standard);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function serviceOf(response: ErrorResponse, fallback: string): string {
  const service = response?.service;
  return typeof service === 'string' && service !== '' ? service : fallback;
}

function operationOf(response: ErrorResponse): string {
  const operation = response?.operation;
  return typeof operation === 'string' && operation !== '' ? operation : 'request';
}

function statusOf(response: ErrorResponse): number | undefined {
  const status = response?.status;
  return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
}

/** Builds the error for a well-formed service error body. */
export function serviceError(response: ErrorResponse, format: string, parsed: ParsedServiceError): SdkError {
  const service = serviceOf(response, format);
  const status = statusOf(response);
  const message = parsed.message?.trim() || undefined;
  const retryable =
    isRetryableCode(service, parsed.code, message) || (status !== undefined && isRetryableStatus(status));
  const details: Record<string, unknown> = { ...parsed.details };
  if (message !== undefined) details.serviceMessage = detailValue(message);
  const wait = retryAfterMs(response?.headers);
  if (wait !== undefined && details.retryAfterMs === undefined) details.retryAfterMs = wait;
  return new SdkError({
    code: parsed.code,
    service,
    operation: operationOf(response),
    status,
    requestId: parsed.requestId,
    retryable,
    details: Object.keys(details).length > 0 ? details : undefined,
    serviceMessage: message,
  });
}

/**
 * Builds the `ERR_PARSE` error for a body that is not in the service's error format. The message
 * describes the body (size, content type, an HTML title) but never quotes it: a half-read body
 * may hold a signature or token the redactor does not recognise.
 */
export function unreadableError(response: ErrorResponse, format: string, requestId: string | undefined): SdkError {
  const size = bodySize(response?.body);
  const contentType = responseHeader(response?.headers, 'content-type')?.split(';')[0]?.trim();
  let reason = size === 0 ? 'empty error body' : `unreadable error body (${size} bytes`;
  if (size > 0) {
    if (contentType && /^[\w.+-]+\/[\w.+-]+$/.test(contentType)) reason += `, ${contentType}`;
    reason += ')';
    const title = /<title[^>]{0,100}>([^<]{1,200})<\/title>/i.exec(bodyText(response.body).slice(0, 4096))?.[1];
    const cleanTitle = title?.replace(/\s+/g, ' ').trim().slice(0, 80);
    if (cleanTitle) reason += `: "${cleanTitle}"`;
  }
  const status = statusOf(response);
  return new SdkError({
    code: sdkErrorCodes.ERR_PARSE,
    service: serviceOf(response, format),
    operation: operationOf(response),
    status,
    requestId,
    retryable: status !== undefined && isRetryableStatus(status),
    details: { contentType, bodyBytes: size },
    serviceMessage: reason,
  });
}

/**
 * Reads an error document: a JSON object, or the children of an XML `<Error>` root as an object
 * (leaf elements become their text). `undefined` when the body is neither.
 */
export function readErrorDocument(text: string): Record<string, unknown> | undefined {
  const json = parseJsonObject(text);
  if (json !== undefined) return json;
  const trimmed = text.trimStart();
  if (!trimmed.startsWith('<') && !trimmed.startsWith('\ufeff<')) return undefined;
  const root = parseXmlDocument(trimmed);
  if (root === undefined || root.name !== 'Error') return undefined;
  const value = elementValue(root);
  return isPlainObject(value) ? value : {};
}

/**
 * Runs a parser and turns any unexpected exception into an `ERR_PARSE` error, so that a parser can
 * never throw whatever the response holds.
 */
export function neverThrow(response: ErrorResponse, format: string, parse: () => SdkError): SdkError {
  try {
    return parse();
  } catch {
    try {
      return unreadableError(response, format, undefined);
    } catch {
      return new SdkError({ code: sdkErrorCodes.ERR_PARSE, service: format, operation: 'request' });
    }
  }
}
