import { inspect } from 'node:util';
import { redactText, redactValue } from '../logging/redact';

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
  /** Structured extra facts (host id, recommend URL, the service message). Redacted in `toJSON()`. */
  details?: Record<string, unknown> | undefined;
  /** The underlying failure. */
  cause?: unknown;
  /** The service's own message, when it gave one; it is quoted in the error message after redaction. */
  serviceMessage?: string | undefined;
}

/**
 * The one error type every alikit package throws for failed calls. Branch on `code` and
 * `retryable`; use {@link isSdkError} / {@link isServiceError} rather than `instanceof`, so errors
 * from an ESM and a CJS copy of the package are recognised alike.
 */
export class SdkError extends Error {
  override name = 'SdkError';
  readonly code: string;
  readonly service: string;
  readonly operation: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly details: Record<string, unknown> | undefined;

  constructor(options: SdkErrorOptions) {
    super(SdkError.formatMessage(options), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.service = options.service;
    this.operation = options.operation;
    this.status = options.status;
    this.requestId = options.requestId;
    this.retryable = options.retryable ?? false;
    this.details = options.details;
    Object.defineProperty(this, BRAND, { value: true });
  }

  /** `oss GetObject failed: NoSuchKey (404), requestId=5F1E…: <service message>` */
  static formatMessage(o: SdkErrorOptions): string {
    let msg = `${o.service} ${o.operation} failed: ${o.code}`;
    if (o.status !== undefined) msg += ` (${o.status})`;
    if (o.requestId) msg += `, requestId=${o.requestId}`;
    if (o.serviceMessage) msg += `: ${redactText(o.serviceMessage.replace(/\s+/g, ' ').trim())}`;
    return msg;
  }

  /** A JSON view that never carries a secret: details and cause go through the redactor. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      service: this.service,
      operation: this.operation,
      status: this.status,
      requestId: this.requestId,
      retryable: this.retryable,
      details: this.details === undefined ? undefined : redactValue(this.details),
      cause: describeCause(this.cause),
    };
  }

  [inspect.custom](): string {
    return `${this.name} ${inspect(this.toJSON(), { depth: 4, breakLength: Number.POSITIVE_INFINITY })}\n${
      this.stack?.split('\n').slice(1).join('\n') ?? ''
    }`;
  }
}

function describeCause(cause: unknown): unknown {
  if (cause === undefined) return undefined;
  if (isSdkError(cause)) return cause.toJSON();
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return { name: cause.name, message: redactText(cause.message), ...(typeof code === 'string' ? { code } : {}) };
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
