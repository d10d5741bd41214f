import { missingParameter, stsError } from './sts-errors';

/** A RAM role named by its ARN `acs:ram::<account>:role/<name>`. */
export interface RoleRef {
  /** The ARN as the caller wrote it. */
  readonly arn: string;
  readonly accountId: string;
  readonly roleName: string;
}

/** An OIDC identity provider named by its ARN `acs:ram::<account>:oidc-provider/<name>`. */
export interface OidcProviderRef {
  readonly arn: string;
  readonly accountId: string;
  readonly providerName: string;
}

// RAM role and provider names: letters, digits, `.`, `-` and `_`, 1–64 characters (RAM CreateRole).
const ROLE_ARN = /^acs:ram::(\d{1,32}):role\/([A-Za-z0-9._-]{1,64})$/i;
const OIDC_PROVIDER_ARN = /^acs:ram::(\d{1,32}):oidc-provider\/([A-Za-z0-9._-]{1,128})$/i;
// AssumeRole reference: 2–64 characters of letters, digits, `.`, `@`, `-` and `_` (older pages say 2–32).
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
// AssumeRole reference: 2–1224 characters of letters, digits and `= , . @ : / - _`.
const EXTERNAL_ID = /^[A-Za-z0-9=,.@:/_-]{2,1224}$/;

/** STS's shortest session, in seconds. */
export const MIN_SESSION_SECONDS = 900;
/** The session length when the caller names none, and the longest for a chained role. */
export const DEFAULT_SESSION_SECONDS = 3600;
/** The longest `MaxSessionDuration` RAM lets a role have. */
export const MAX_ROLE_SESSION_SECONDS = 43_200;
const MAX_POLICY_LENGTH = 1024;

/** The request parameters of one STS call, by name (the last value of a repeated name). */
export type StsParams = Readonly<Record<string, string>>;

/** A required parameter's value. @throws ServiceError `MissingParameter` when it is absent or empty. */
export function required(params: StsParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** Parses `RoleArn`. @throws ServiceError `MissingParameter` or `InvalidParameter.RoleArn`. */
export function roleArnParam(params: StsParams): RoleRef {
  const arn = required(params, 'RoleArn');
  const m = ROLE_ARN.exec(arn);
  if (!m) throw stsError('InvalidParameter.RoleArn');
  return { arn, accountId: m[1] as string, roleName: m[2] as string };
}

/** Parses `OIDCProviderArn`. @throws ServiceError `MissingParameter` or `InvalidParameter.OIDCProviderArn`. */
export function oidcProviderArnParam(params: StsParams): OidcProviderRef {
  const arn = required(params, 'OIDCProviderArn');
  const m = OIDC_PROVIDER_ARN.exec(arn);
  if (!m) throw stsError('InvalidParameter.OIDCProviderArn');
  return { arn, accountId: m[1] as string, providerName: m[2] as string };
}

/**
 * `RoleSessionName`: required for AssumeRole; optional for AssumeRoleWithOIDC, where STS makes one up.
 * @throws ServiceError `MissingParameter` or `InvalidParameter.RoleSessionName`.
 */
export function sessionNameParam(params: StsParams, fallback?: () => string): string {
  const value = params['RoleSessionName'];
  if ((value === undefined || value === '') && fallback) return fallback();
  const name = required(params, 'RoleSessionName');
  if (!SESSION_NAME.test(name)) throw stsError('InvalidParameter.RoleSessionName');
  return name;
}

/**
 * `DurationSeconds` (default 3600), between 900 and `maxSeconds`.
 * @throws ServiceError `InvalidParameter.DurationSeconds`.
 */
export function durationParam(params: StsParams, maxSeconds: number): number {
  const text = params['DurationSeconds'];
  if (text === undefined || text === '') {
    // Without a request the session is the default hour, cut to a shorter role maximum.
    return Math.min(DEFAULT_SESSION_SECONDS, maxSeconds);
  }
  const seconds = /^\d{1,9}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < MIN_SESSION_SECONDS || seconds > maxSeconds) {
    throw stsError('InvalidParameter.DurationSeconds', {
      message: `The Min/Max value of DurationSeconds is 15min/${formatHours(maxSeconds)}.`,
    });
  }
  return seconds;
}

/**
 * `Policy`, when given: at most 1024 characters of JSON with a `Statement` array.
 * @throws ServiceError `InvalidParameter.PolicySize` or `InvalidParameter.PolicyGrammar`.
 */
export function policyParam(params: StsParams): string | undefined {
  const policy = params['Policy'];
  if (policy === undefined || policy === '') return undefined;
  if (policy.length > MAX_POLICY_LENGTH) throw stsError('InvalidParameter.PolicySize');
  let doc: unknown;
  try {
    doc = JSON.parse(policy);
  } catch {
    throw stsError('InvalidParameter.PolicyGrammar');
  }
  const statements =
    typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)['Statement'] : undefined;
  if (!Array.isArray(statements) || statements.length === 0) throw stsError('InvalidParameter.PolicyGrammar');
  return policy;
}

/** `ExternalId`, when given. @throws ServiceError `InvalidParameter.ExternalId`. */
export function externalIdParam(params: StsParams): string | undefined {
  const externalId = params['ExternalId'];
  if (externalId === undefined || externalId === '') return undefined;
  if (!EXTERNAL_ID.test(externalId)) throw stsError('InvalidParameter.ExternalId');
  return externalId;
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? `${hours}hr` : `${seconds}s`;
}
