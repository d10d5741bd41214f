import { isThrottlingCode } from '../errors/retryable';
import { isSdkError } from '../errors/sdk-error';

/**
 * How a poller treats a failed status call:
 * - `throttled`: the service refused it for now (throttling code, 429); poll more slowly, forever;
 * - `transient`: it may work next time (network, timeout, 5xx); poll again, a few times in a row;
 * - `fatal`: it will not (not found, access denied, a bug); stop and throw.
 */
export type PollFailureKind = 'throttled' | 'transient' | 'fatal';

/** Sorts a status-call failure into a {@link PollFailureKind}. */
export function classifyPollFailure(error: unknown): PollFailureKind {
  if (!isSdkError(error)) return 'fatal';
  const message = error.details?.['serviceMessage'];
  if (
    error.status === 429 ||
    isThrottlingCode(error.service, error.code, typeof message === 'string' ? message : undefined)
  ) {
    return 'throttled';
  }
  return error.retryable ? 'transient' : 'fatal';
}

/** The wait the service asked for on a failed call, when the error parser kept one. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!isSdkError(error)) return undefined;
  const value = error.details?.['retryAfterMs'];
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}
