import { isClockSkewCode } from '../errors/retryable';
import type { SdkError } from '../errors/sdk-error';

/**
 * True when the service refused the request because the local clock is off (OSS/MaxCompute
 * `RequestTimeTooSkewed`, POP `InvalidTimeStamp.Expired`, SLS `RequestTimeExpired`, Tablestore
 * `OTSAuthFailed` "Mismatch between system time and x-ots-date"; the lists live in `errors/retryable`).
 */
export function isClockSkewError(error: SdkError): boolean {
  return isClockSkewCode(error.service, error.code, serviceMessageOf(error));
}

/** The service's own message kept on a parsed error, for the codes that only count with a given message. */
export function serviceMessageOf(error: SdkError): string | undefined {
  const message = error.details?.['serviceMessage'] ?? error.details?.['message'];
  return typeof message === 'string' ? message : undefined;
}

/**
 * The server clock minus the local clock, in milliseconds, read from the response (Tablestore's
 * `x-ots-date` first, which has milliseconds, then `Date`); `undefined` when it carries neither.
 */
export function serverClockOffsetMs(headers: Headers, localNowMs: number): number | undefined {
  for (const name of ['x-ots-date', 'date']) {
    const value = headers.get(name);
    if (!value) continue;
    const serverMs = Date.parse(value);
    if (Number.isFinite(serverMs)) return serverMs - localNowMs;
  }
  return undefined;
}
