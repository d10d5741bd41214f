/** The logger every alikit client accepts. Any object with these four methods fits (console, pino, winston). */
export interface Logger {
  /** Detail for troubleshooting (one line per HTTP attempt, retries); `data` holds structured fields. */
  debug(message: string, data?: Record<string, unknown>): void;
  /** A notable normal event; `data` holds structured fields. */
  info(message: string, data?: Record<string, unknown>): void;
  /** Something unexpected the SDK recovered from (a dropped log batch, say); `data` holds structured fields. */
  warn(message: string, data?: Record<string, unknown>): void;
  /** A failure the SDK could not recover from on its own; `data` holds structured fields. */
  error(message: string, data?: Record<string, unknown>): void;
}
