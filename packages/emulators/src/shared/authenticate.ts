import type { VerificationResult } from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from './accounts';
import type { RequestContext } from './request-context';
import type { ServiceError } from './service-error';

/** A verifier's failed result. */
export type VerificationFailed = Extract<VerificationResult, { ok: false }>;

/** How one service words authentication failures. */
export interface AuthErrorMapping {
  /** The error for a failed signature check. */
  verification(failure: VerificationFailed): ServiceError;
  /** The error for a security token that does not fit the access key. */
  securityToken(problem: SecurityTokenProblem, accessKeyId: string): ServiceError;
}

/**
 * Accepts a verifier's result for a request: on success records the caller on `ctx.identity`
 * after checking its security token against the account store; otherwise throws the service's error.
 * @throws ServiceError in the service's own format.
 */
export function acceptVerification(
  ctx: RequestContext,
  result: VerificationResult,
  accounts: AccountStore,
  errors: AuthErrorMapping,
): void {
  if (!result.ok) throw errors.verification(result);
  const problem = accounts.checkSecurityToken(result.accessKeyId, result.securityToken);
  if (problem) throw errors.securityToken(problem, result.accessKeyId);
  ctx.identity = { accessKeyId: result.accessKeyId, securityToken: result.securityToken };
}
