import { inspect } from 'node:util';
import { redactText, redactValue, scrubValue } from '../logging/redact';

const BRAND = Symbol.for('alikit.SdkError');

/** Everything an {@link SdkError} carries besides its message. */
export interface SdkErrorOptions {
  /** The service's error code verbatim, or `ERR_*` for failures on the SDK side. */
  code: string;
  /** The service name as used in messages: `oss`, `sls`, `tablestore`, `pop`, `sts`, `maxcompute`, ... */
  service: string;
  /** The operation that failed, e.g. `GetObject`. */
  operation: string;
  /** HTTP status of the response, when there was one. */
  status?: number | undefined;
  /** The service's request id, when the response carried one. */
  requestId?: string | undefined;
  /** Whether repeating the same request may succeed. @defaultValue false */
  retryable?: boolean | undefined;
  /**
   * Structured extra facts (host id, recommend URL, the service message). Stored as a copy with
   * secret-named fields and secrets in text removed; `toJSON()` further keeps only allow-listed keys.
   */
  details?: Record<string, unknown> | undefined;
  /**
   * The underlying failure. An `Error` chain is kept (same objects) with its text scrubbed of
   * secrets in place; any other value is kept as a redacted copy.
   */
  cause?: unknown;
  /** The service's own message, when it gave one; it is quoted in the error message after redaction. */
  serviceMessage?: string | undefined;
}

/**
 * The one error type every alikit package throws for failed calls. Branch on `code` and
 * `retryable`. {@link isSdkError} / {@link isServiceError} (and `instanceof SdkError`) recognise
 * errors from an ESM and a CJS copy of the package alike, through a `Symbol.for` brand.
 *
 * @throws TypeError when `code`, `service` or `operation` is not a non-empty string
 */
export class SdkError extends Error {
  /** The error class name: always `'SdkError'` here; subclasses such as `PolicyParseError` set their own. */
  override name = 'SdkError';
  /**
   * The service's error code verbatim (`NoSuchKey`, `Throttling.User`, ...), or an `ERR_*` code for failures on the SDK
   * side (`ERR_NETWORK`, `ERR_TIMEOUT`, ...).
   */
  readonly code: string;
  /** The service that failed, as named in the message: `oss`, `sls`, `tablestore`, `pop`, `sts`, `maxcompute`, ... */
  readonly service: string;
  /** The operation that failed, e.g. `GetObject`. */
  readonly operation: string;
  /**
   * HTTP status of the service's response; `undefined` when no response arrived (network error, timeout, a check on the
   * SDK side).
   */
  readonly status: number | undefined;
  /** The service's request id, worth quoting to support; `undefined` when the response carried none. */
  readonly requestId: string | undefined;
  /**
   * Whether repeating the same request may succeed (throttling, 5xx, network failures); `false` unless the thrower said
   * so.
   */
  readonly retryable: boolean;
  /**
   * Structured extra facts (host id, recommend URL, the service message), secrets removed; `undefined` when there are
   * none.
   */
  readonly details: Record<string, unknown> | undefined;

  constructor(options: SdkErrorOptions) {
    for (const field of ['code', 'service', 'operation'] as const) {
      const value: unknown = options?.[field];
      if (typeof value !== 'string' || value === '') {
        throw new TypeError(`SdkError: options.${field} must be a non-empty string`);
      }
    }
    super(
      SdkError.formatMessage(options),
      options.cause === undefined ? undefined : { cause: cleanCause(options.cause, 0) },
    );
    this.code = options.code;
    this.service = options.service;
    this.operation = options.operation;
    this.status = options.status;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.details = options.details === undefined ? undefined : (scrubValue(options.details) as Record<string, unknown>);
    Object.defineProperty(this, BRAND, { value: true });
  }

  /**
   * Builds the one-line message: `oss GetObject failed: NoSuchKey (404), requestId=5F1E…: <service
   * message>`. The whole line is redacted, whitespace is collapsed and the service's message is
   * capped, so a message is always one line a person can read, without secrets.
   */
  static formatMessage(o: SdkErrorOptions): string {
    let msg = `${oneLine(o.service)} ${oneLine(o.operation)} failed: ${oneLine(o.code)}`;
    if (o.status !== undefined) msg += ` (${o.status})`;
    if (o.requestId) msg += `, requestId=${oneLine(o.requestId)}`;
    if (o.serviceMessage) {
      const text = oneLine(o.serviceMessage);
      if (text) msg += `: ${text.length > MAX_SERVICE_MESSAGE ? `${text.slice(0, MAX_SERVICE_MESSAGE)}…` : text}`;
    }
    return redactText(msg);
  }

  /** A JSON view that never carries a secret: message, details and the cause chain go through the redactor. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: redactText(this.message),
      service: this.service,
      operation: this.operation,
      status: this.status,
      requestId: this.requestId,
      retryable: this.retryable,
      details: this.details === undefined ? undefined : redactValue(this.details),
      cause: describeCause(this.cause, 0),
    };
  }

  /**
   * How `util.inspect` and `console.log` show the error: its redacted `toJSON()` view and the stack, never a secret.
   */
  [inspect.custom](): string {
    const stack = this.stack?.split('\n').slice(1).join('\n') ?? '';
    return `${this.name} ${inspect(this.toJSON(), { depth: 6, breakLength: Number.POSITIVE_INFINITY })}\n${redactText(stack)}`;
  }
}

// `instanceof SdkError` is true for errors from any copy of the package (ESM and CJS builds loaded
// side by side); subclasses keep the ordinary prototype check.
Object.defineProperty(SdkError, Symbol.hasInstance, {
  value: function hasInstance(this: unknown, value: unknown): boolean {
    return this === SdkError ? isSdkError(value) : Function.prototype[Symbol.hasInstance].call(this, value);
  },
});

const MAX_SERVICE_MESSAGE = 2000;
const MAX_CAUSE_DEPTH = 4;

function oneLine(text: unknown): string {
  return String(text)
    .replace(/[\s\u0000-\u001f\u007f\u2028\u2029]+/g, ' ')
    .trim();
}

/**
 * Scrubs secrets from the `Error` causes in place, so that a user who walks `error.cause` by hand
 * (or a test runner printing it) sees no signature or token either: message, stack and string
 * properties go through `redactText`, object properties and a non-`Error` cause are replaced by
 * their `redactValue` copy. The causes are the SDK's own (a failed `fetch`), so their identity is
 * kept and only their contents change.
 */
function scrubCauseChain(cause: unknown, depth: number): void {
  if (!(cause instanceof Error) || depth >= MAX_CAUSE_DEPTH || isSdkError(cause)) return;
  const target = cause as unknown as Record<string, unknown>;
  const keys = new Set(['message', 'stack', ...Object.keys(cause)]);
  for (const key of keys) {
    try {
      const value = target[key];
      let clean: unknown = value;
      if (typeof value === 'string') clean = redactText(value);
      else if (key !== 'cause' && typeof value === 'object' && value !== null) {
        clean = (redactValue({ [key]: value }) as Record<string, unknown>)[key];
      }
      if (clean !== value) target[key] = clean;
    } catch {
      // A frozen or exotic error keeps this property; toJSON and inspect still redact it.
    }
  }
  try {
    if (target.cause !== undefined) target.cause = cleanCause(target.cause, depth + 1);
  } catch {
    // As above.
  }
}

/** The cause to keep: an `Error` scrubbed in place, other values as a redacted copy. */
function cleanCause(cause: unknown, depth: number): unknown {
  if (cause instanceof Error) {
    scrubCauseChain(cause, depth);
    return cause;
  }
  if (typeof cause === 'string') return redactText(cause);
  if (typeof cause === 'object' && cause !== null) return isSdkError(cause) ? cause : redactValue(cause);
  return cause;
}

/** A redacted view of a cause and its own causes, a few levels deep. */
function describeCause(cause: unknown, depth: number): unknown {
  if (cause === undefined) return undefined;
  if (depth >= MAX_CAUSE_DEPTH) return '[…]';
  if (isSdkError(cause)) return cause.toJSON();
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    const inner = (cause as { cause?: unknown }).cause;
    return {
      name: cause.name,
      message: redactText(cause.message),
      ...(typeof code === 'string' || typeof code === 'number' ? { code: redactText(String(code)) } : {}),
      ...(inner === undefined ? {} : { cause: describeCause(inner, depth + 1) }),
    };
  }
  return redactValue(cause);
}

/** True for any alikit {@link SdkError}, from whichever copy of the package it came. */
export function isSdkError(value: unknown): value is SdkError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

/**
 * True for an error the service answered with (it has an HTTP status and a service code, not an
 * `ERR_*` one), optionally with the given code.
 */
export function isServiceError(value: unknown, code?: string): value is SdkError {
  if (!isSdkError(value) || value.status === undefined || value.code.startsWith('ERR_')) return false;
  return code === undefined || value.code === code;
}
