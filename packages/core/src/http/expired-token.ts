import type { SdkError } from '../errors/sdk-error';
import { serviceMessageOf } from './clock-skew';

/**
 * Service codes that always mean "the STS token or credential expired": POP/STS
 * `InvalidSecurityToken.Expired`, OSS `SecurityTokenExpired`, MaxCompute `AuthenticationRequestExpired`.
 */
export const EXPIRED_TOKEN_CODES: ReadonlySet<string> = new Set([
  'InvalidSecurityToken.Expired',
  'SecurityTokenExpired',
  'AuthenticationRequestExpired',
]);

// Generic authentication codes that mean an expired token only when the message says so.
const GENERIC_AUTH_CODES = new Set(['Unauthorized', 'OTSAuthFailed', 'InvalidSecurityToken']);

/**
 * True when the service refused the request because its credentials expired, so refreshing them and
 * signing again may succeed. SLS (`Unauthorized`), Tablestore (`OTSAuthFailed`) and OSS
 * (`InvalidSecurityToken`) use generic codes; for those the message must mention an expired token.
 */
export function isExpiredTokenError(error: SdkError): boolean {
  if (EXPIRED_TOKEN_CODES.has(error.code)) return true;
  if (!GENERIC_AUTH_CODES.has(error.code)) return false;
  const text = `${error.message} ${serviceMessageOf(error) ?? ''}`;
  return /token[^.]*expired|expired[^.]*token/i.test(text);
}
