import type { SdkError } from '../errors/sdk-error';
import type { Logger } from '../logging/logger';
import { redactText, redactValue } from '../logging/redact';

/**
 * What a client does after a failed attempt: give up, back off and retry, retry at once with the
 * server's clock, or refresh an expired STS token and retry.
 * @internal
 */
export type AttemptDecision =
  | { action: 'throw' }
  | { action: 'retry'; delayMs: number }
  | { action: 'correct-clock'; offsetMs: number }
  | { action: 'refresh-token' };

/** A failed attempt as the clients classify it: the service answered with an error, or the exchange broke. */
export interface FailedAttempt {
  kind: 'service-error' | 'transport-error';
  error: SdkError;
}

/**
 * Adds the facts of a failed attempt to `data` (status, request id, code, whether it is
 * retryable, and what happens next) and returns them as a short summary such as
 * `503 ServiceUnavailable, retrying in 50 ms`.
 * @internal
 */
export function describeFailedAttempt(
  failure: FailedAttempt,
  decision: AttemptDecision | undefined,
  data: Record<string, unknown>,
): string {
  const { error } = failure;
  data.status = error.status;
  data.requestId = error.requestId;
  data.code = error.code;
  data.retryable = error.retryable;
  if (failure.kind === 'transport-error') data.message = error.message;
  let summary = error.status === undefined ? error.code : `${error.status} ${error.code}`;
  if (decision?.action === 'retry') {
    data.delayMs = decision.delayMs;
    summary += `, retrying in ${decision.delayMs} ms`;
  } else if (decision?.action === 'correct-clock') {
    summary += ', retrying with the server clock';
  } else if (decision?.action === 'refresh-token') {
    summary += ', refreshing credentials';
  }
  return summary;
}

/**
 * Writes the one debug line of an attempt (`sts GetCallerIdentity attempt 1: 200 in 12 ms`).
 * @internal
 */
export function logAttempt(
  logger: Logger,
  entry: { service: string; operation: string; attempt: number; summary: string; durationMs: number },
  data: Record<string, unknown>,
): void {
  const { service, operation, attempt, summary, durationMs } = entry;
  const line = `${service} ${operation} attempt ${attempt}: ${summary} in ${durationMs} ms`;
  // The client's logger redacts again and swallows logger failures; redacting here keeps this line
  // safe whatever logger it is handed.
  logger.debug(redactText(line), redactValue(data) as Record<string, unknown>);
}
