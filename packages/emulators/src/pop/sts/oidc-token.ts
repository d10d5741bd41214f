import { stsError } from './sts-errors';

/** The claims of an OIDC token that the STS emulator looks at. */
export interface OidcClaims {
  /** The issuer; compared with the provider's `issuer` when one is configured. */
  readonly iss?: unknown;
  /** The subject, echoed in `OIDCTokenInfo.Subject`. */
  readonly sub?: unknown;
  /** The audience (a string or a list); one must be among the provider's `audiences` when configured. */
  readonly aud?: unknown;
  /** Expiry, in seconds since the epoch. */
  readonly exp?: unknown;
  /** Issue time, in seconds since the epoch. */
  readonly iat?: unknown;
  readonly [claim: string]: unknown;
}

/** A token that has the shape of a JWT, with its decoded header and claims (the signature is not checked). */
export interface ParsedOidcToken {
  /** The token without surrounding whitespace. */
  readonly token: string;
  readonly header: Readonly<Record<string, unknown>>;
  readonly claims: OidcClaims;
}

// AssumeRoleWithOIDC reference: the token is 4 to 20,000 characters long.
const MAX_TOKEN_LENGTH = 20_000;
const SEGMENT = /^[A-Za-z0-9_-]+={0,2}$/;

/**
 * Checks that `text` is a JWT: three base64url segments, the first two JSON objects. Surrounding
 * whitespace is ignored, so a token file that ends with a newline still works (the official SDKs
 * send the file's content untrimmed).
 * @throws ServiceError `AuthenticationFail.OIDCToken.Invalid` when it is not.
 */
export function parseOidcToken(text: string): ParsedOidcToken {
  const token = text.trim();
  const segments = token.split('.');
  if (token.length < 4 || token.length > MAX_TOKEN_LENGTH || segments.length !== 3) throw invalid();
  if (!segments.every((s) => SEGMENT.test(s))) throw invalid();
  const header = decodeObject(segments[0] as string);
  const claims = decodeObject(segments[1] as string);
  if (!header || !claims) throw invalid();
  return { token, header, claims };
}

/** Whether the token's `exp` claim is at or before `now`. A token without `exp` never expires here. */
export function isOidcTokenExpired(claims: OidcClaims, now: Date): boolean {
  return typeof claims.exp === 'number' && claims.exp * 1000 <= now.getTime();
}

/** The token's audiences: `aud` as a list (a single string becomes one entry). */
export function audiencesOf(claims: OidcClaims): string[] {
  if (typeof claims.aud === 'string') return [claims.aud];
  if (Array.isArray(claims.aud)) return claims.aud.filter((a): a is string => typeof a === 'string');
  return [];
}

function decodeObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function invalid() {
  return stsError('AuthenticationFail.OIDCToken.Invalid');
}
