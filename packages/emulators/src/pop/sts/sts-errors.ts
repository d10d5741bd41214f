import type { ServiceError } from '../../shared/service-error';
import { popError } from '../errors';

/**
 * STS's own error codes with their status and message. Sources: the AssumeRole API reference
 * (error-code table: InvalidParameter.RoleArn, .RoleSessionName, .DurationSeconds, .PolicyGrammar,
 * .PolicySize, NoPermission, EntityNotExist.Role) and the ACK RRSA troubleshooting table
 * (AuthenticationFail.OIDCToken.Expired / .AudienceNotMatch / .IssuerNotMatch,
 * AuthenticationFail.NoPermission). Entries marked "guess" have a documented code but an
 * undocumented status or message.
 */
const STS_ERRORS: Record<string, { status: number; message: string }> = {
  'InvalidParameter.RoleArn': { status: 400, message: 'The parameter RoleArn is wrongly formed.' },
  'InvalidParameter.RoleSessionName': { status: 400, message: 'The parameter RoleSessionName is wrongly formed.' },
  'InvalidParameter.DurationSeconds': {
    status: 400,
    message: 'The Min/Max value of DurationSeconds is 15min/1hr.',
  },
  'InvalidParameter.PolicyGrammar': { status: 400, message: 'The parameter Policy has not passed grammar check.' },
  'InvalidParameter.PolicySize': { status: 400, message: 'The size of Policy must be smaller than 1024 bytes.' },
  // guess: code and message by analogy with the documented InvalidParameter.* entries.
  'InvalidParameter.ExternalId': { status: 400, message: 'The parameter ExternalId is wrongly formed.' },
  // guess: code and message by analogy with InvalidParameter.RoleArn.
  'InvalidParameter.OIDCProviderArn': { status: 400, message: 'The parameter OIDCProviderArn is wrongly formed.' },
  NoPermission: { status: 403, message: 'You are not authorized to do this action. You should be authorized by RAM.' },
  'EntityNotExist.Role': { status: 404, message: 'The specified Role not exists.' },
  // status guessed; message as documented for ACK RRSA.
  'AuthenticationFail.OIDCToken.Expired': { status: 400, message: 'This JsonWebToken is expired.' },
  // code seen from real STS in the official SDKs' integration tests; status and message guessed.
  'AuthenticationFail.OIDCToken.Invalid': { status: 400, message: 'The OIDC token is invalid.' },
  'AuthenticationFail.OIDCToken.AudienceNotMatch': { status: 400, message: 'Invalid audience.' },
  'AuthenticationFail.OIDCToken.IssuerNotMatch': {
    status: 400,
    message: "The issuer in the OIDC Token doesn't match the OIDC Provider registered.",
  },
  // status guessed; message as documented for ACK RRSA.
  'AuthenticationFail.NoPermission': { status: 403, message: 'No such OIDC Provider registered.' },
};

/**
 * An STS error in POP's JSON format: the documented status and message for `code`, unless
 * overridden (a code STS does not list falls back to the POP gateway's table).
 */
export function stsError(code: string, overrides: { status?: number; message?: string } = {}): ServiceError {
  const known = STS_ERRORS[code];
  return popError(code, {
    ...(known ? { status: known.status, message: known.message } : {}),
    ...overrides,
  });
}

/** POP's `MissingParameter` for a required STS parameter, worded like the gateway's other missing-parameter errors. */
export function missingParameter(name: string): ServiceError {
  return popError('MissingParameter', {
    message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  });
}
