/**
 * A failure a service emulator answers with. Handlers throw it; the service's own error factory
 * turns it into the service's exact wire format, so every error path renders the same way.
 */
export class ServiceError extends Error {
  /** Always `'ServiceError'`. */
  override name = 'ServiceError';
  /** HTTP status of the error response. */
  readonly status: number;
  /** The service's error code, verbatim (`NoSuchBucket`, `OTSAuthFailed`, `Throttling.User`, ...). */
  readonly code: string;
  /** Extra fields some services put next to code and message (OSS `<StringToSign>`, ...), in order. */
  readonly fields: ReadonlyArray<readonly [string, string]>;

  constructor(status: number, code: string, message: string, fields: ReadonlyArray<readonly [string, string]> = []) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Whether a value is a {@link ServiceError}. */
export function isServiceError(value: unknown): value is ServiceError {
  return value instanceof ServiceError;
}
