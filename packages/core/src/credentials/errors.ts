import { createSdkError, sdkErrorCodes } from '../errors/codes';
import { isSdkError, type SdkError } from '../errors/sdk-error';

/** The `service` every credentials error carries; the provider's name is the `operation`. */
const SERVICE = 'credentials';

/**
 * Builds the error a provider throws when it has nothing to offer (no env vars, no file, no such
 * profile): `chain(...)` passes over it to the next provider.
 *
 * @param source - the provider's name (`env`, `cli_profile`, ...), shown in messages and reports
 * @param reason - why it is not configured, in words a person can act on (never a secret)
 * @returns an `SdkError` with code `ERR_CREDENTIALS` and `details: { configured: false, source, reason }`
 */
export function credentialsNotConfigured(source: string, reason: string): SdkError {
  return createSdkError(sdkErrorCodes.ERR_CREDENTIALS, {
    service: SERVICE,
    operation: nameOrUnknown(source),
    reason,
    details: { configured: false, source, reason },
  });
}

/**
 * Builds the error a provider throws when it is configured but cannot deliver (a malformed file, an
 * unsupported profile mode, a failed STS call): `chain(...)` stops there.
 *
 * @param source - the provider's name (`cli_profile`, `profile`, ...)
 * @param reason - what went wrong, in words a person can act on (never a secret)
 * @param cause - the underlying failure, kept as `error.cause`
 * @returns an `SdkError` with code `ERR_CREDENTIALS` and `details: { configured: true, source, reason }`
 */
export function credentialsFailed(source: string, reason: string, cause?: unknown): SdkError {
  return createSdkError(sdkErrorCodes.ERR_CREDENTIALS, {
    service: SERVICE,
    operation: nameOrUnknown(source),
    reason,
    details: { configured: true, source, reason },
    cause,
  });
}

/** True for the "not configured" signal of {@link credentialsNotConfigured}: a chain moves on past it. */
export function isCredentialsNotConfigured(error: unknown): boolean {
  return isSdkError(error) && error.code === sdkErrorCodes.ERR_CREDENTIALS && error.details?.configured === false;
}

/**
 * What a provider said, for chain messages and resolution reports: the `reason` of our own
 * credentials errors, otherwise the error's message (or the thrown value as text).
 */
export function credentialsErrorReason(error: unknown): string {
  if (isSdkError(error) && error.code === sdkErrorCodes.ERR_CREDENTIALS) {
    const reason = error.details?.reason;
    if (typeof reason === 'string' && reason !== '') return reason;
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

function nameOrUnknown(source: string): string {
  return typeof source === 'string' && source !== '' ? source : 'provider';
}
