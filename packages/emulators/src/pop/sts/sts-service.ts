import { formatIsoSeconds } from '@alikit/core';
import type { RequestIdentity } from '../../shared/request-context';
import type { PopCall } from '../pop-request';
import { audiencesOf, isOidcTokenExpired, type OidcClaims, parseOidcToken } from './oidc-token';
import { type RoleSession, type RoleSessions, roleIdOf } from './role-sessions';
import { stsError } from './sts-errors';
import {
  DEFAULT_SESSION_SECONDS,
  durationParam,
  externalIdParam,
  MAX_ROLE_SESSION_SECONDS,
  MIN_SESSION_SECONDS,
  oidcProviderArnParam,
  policyParam,
  type RoleRef,
  required,
  roleArnParam,
  sessionNameParam,
} from './sts-params';

/** The STS API version every STS action belongs to. */
export const STS_VERSION = '2015-04-01';

/** The STS actions the emulator serves. */
export type StsAction = 'AssumeRole' | 'AssumeRoleWithOIDC' | 'GetCallerIdentity';

const STS_ACTIONS: ReadonlySet<string> = new Set<StsAction>(['AssumeRole', 'AssumeRoleWithOIDC', 'GetCallerIdentity']);
/** Actions STS serves without a signature: the OIDC token is the proof of identity. */
const ANONYMOUS_ACTIONS: ReadonlySet<string> = new Set<StsAction>(['AssumeRoleWithOIDC']);

/** A RAM role the STS emulator knows, with the settings RAM keeps for it. */
export interface StsRoleDefinition {
  /** The role's ARN, `acs:ram::<account>:role/<name>`. */
  arn: string;
  /** The role's `MaxSessionDuration` in seconds (900–43200). @defaultValue 3600 */
  maxSessionDurationSeconds?: number | undefined;
  /** When set, AssumeRole must pass this `ExternalId` (the role's trust policy condition). @defaultValue none */
  externalId?: string | undefined;
}

/** An OIDC identity provider the STS emulator knows. */
export interface StsOidcProviderDefinition {
  /** The provider's ARN, `acs:ram::<account>:oidc-provider/<name>`. */
  arn: string;
  /** The token's `iss` must equal this. @defaultValue any issuer */
  issuer?: string | undefined;
  /** The token's `aud` must contain one of these (RAM's client ids). @defaultValue any audience */
  audiences?: readonly string[] | undefined;
  /**
   * A last word on each token, e.g. to accept only tokens a test handed out. Returning false
   * answers `AuthenticationFail.OIDCToken.Invalid`.
   * @defaultValue every well-formed, unexpired token
   */
  acceptToken?: ((token: string, claims: OidcClaims) => boolean) | undefined;
}

/** The STS part of the pop emulator, as tests see it (`emu.pop.sts`). */
export interface StsEmulator {
  /** The account id of the emulators' own access keys (GetCallerIdentity). */
  readonly accountId: string;
  /** The STS calls (AssumeRole, AssumeRoleWithOIDC, GetCallerIdentity) among `emu.pop.calls`, oldest first, failed ones included. */
  readonly calls: readonly PopCall[];
  /** Every role session issued (by STS and by the metadata emulator's instance role), oldest first. */
  readonly issued: readonly RoleSession[];
  /**
   * When true, only roles added with {@link StsEmulator.addRole} exist (others answer
   * `EntityNotExist.Role`) and only providers added with {@link StsEmulator.addOidcProvider}
   * (others answer `AuthenticationFail.NoPermission`).
   * @defaultValue false: every well-formed role ARN and provider ARN exists
   */
  strict: boolean;
  /**
   * Declares a role (its maximum session length, a required external id); replaces an earlier
   * definition of the same ARN.
   * @throws TypeError for a malformed ARN; RangeError for a maximum outside 900–43200 s.
   */
  addRole(role: StsRoleDefinition): void;
  /**
   * Declares an OIDC provider and what tokens it accepts; replaces an earlier definition of the same ARN.
   * @throws TypeError for a malformed ARN.
   */
  addOidcProvider(provider: StsOidcProviderDefinition): void;
  /** Forgets added roles and providers and turns `strict` off; credentials already issued stay valid. */
  reset(): void;
}

interface RoleSettings {
  maxSessionSeconds: number;
  externalId: string | undefined;
}

/**
 * STS on the pop emulator: AssumeRole, AssumeRoleWithOIDC and GetCallerIdentity, answered the way
 * STS answers them, with credentials the whole emulator set accepts until they expire.
 */
export class StsService {
  strict = false;
  readonly sessions: RoleSessions;
  readonly #now: () => Date;
  readonly #roles = new Map<string, RoleSettings>();
  readonly #providers = new Map<string, StsOidcProviderDefinition>();

  constructor(sessions: RoleSessions, now: () => Date) {
    this.sessions = sessions;
    this.#now = now;
  }

  /** The STS action a call names, when it is one the emulator serves (RPC style, version 2015-04-01, any host). */
  actionOf(call: {
    style: 'rpc' | 'roa';
    action: string | undefined;
    version: string | undefined;
  }): StsAction | undefined {
    if (call.style !== 'rpc' || call.version !== STS_VERSION || call.action === undefined) return undefined;
    return STS_ACTIONS.has(call.action) ? (call.action as StsAction) : undefined;
  }

  /** Whether STS serves the action without a signature. */
  isAnonymous(action: StsAction): boolean {
    return ANONYMOUS_ACTIONS.has(action);
  }

  /**
   * Answers an STS call; `identity` is the verified caller (absent for an anonymous call).
   * @throws ServiceError in POP's format for a parameter STS would refuse.
   */
  respond(action: StsAction, call: PopCall, identity: RequestIdentity | undefined): Record<string, unknown> {
    switch (action) {
      case 'AssumeRole':
        return this.#assumeRole(call, identity as RequestIdentity);
      case 'AssumeRoleWithOIDC':
        return this.#assumeRoleWithOidc(call);
      case 'GetCallerIdentity':
        return this.#callerIdentity(identity as RequestIdentity);
    }
  }

  addRole(role: StsRoleDefinition): void {
    const ref = checkArn(role?.arn, (params) => roleArnParam(params), 'role');
    const max = role.maxSessionDurationSeconds ?? DEFAULT_SESSION_SECONDS;
    if (!Number.isInteger(max) || max < MIN_SESSION_SECONDS || max > MAX_ROLE_SESSION_SECONDS) {
      throw new RangeError(
        `maxSessionDurationSeconds must be an integer from ${MIN_SESSION_SECONDS} to ${MAX_ROLE_SESSION_SECONDS}, got ${String(max)}`,
      );
    }
    if (role.externalId !== undefined && (typeof role.externalId !== 'string' || role.externalId === '')) {
      throw new TypeError('externalId must be a non-empty string');
    }
    this.#roles.set(roleKey(ref), { maxSessionSeconds: max, externalId: role.externalId });
  }

  addOidcProvider(provider: StsOidcProviderDefinition): void {
    const ref = checkArn(provider?.arn, (params) => oidcProviderArnParam(params), 'OIDC provider');
    if (provider.acceptToken !== undefined && typeof provider.acceptToken !== 'function') {
      throw new TypeError('acceptToken must be a function');
    }
    this.#providers.set(ref.arn.toLowerCase(), {
      ...provider,
      audiences: provider.audiences && [...provider.audiences],
    });
  }

  reset(): void {
    this.#roles.clear();
    this.#providers.clear();
    this.strict = false;
  }

  #role(ref: RoleRef): RoleSettings {
    const settings = this.#roles.get(roleKey(ref));
    if (settings) return settings;
    if (this.strict) throw stsError('EntityNotExist.Role', { message: `The role not exists: ${ref.arn}.` });
    return { maxSessionSeconds: DEFAULT_SESSION_SECONDS, externalId: undefined };
  }

  #assumeRole(call: PopCall, identity: RequestIdentity): Record<string, unknown> {
    const params = call.params;
    const role = roleArnParam(params);
    const sessionName = sessionNameParam(params);
    const policy = policyParam(params);
    const externalId = externalIdParam(params);
    const settings = this.#role(role);
    // Role chaining (a role session assuming a role) is limited to one hour whatever the role allows.
    const chained = identity.securityToken !== undefined;
    const max = chained ? Math.min(settings.maxSessionSeconds, DEFAULT_SESSION_SECONDS) : settings.maxSessionSeconds;
    const seconds = durationParam(params, max);
    if (settings.externalId !== undefined && settings.externalId !== externalId) {
      throw stsError('NoPermission', {
        // guess: the wording of the documented trust-policy refusal.
        message:
          'No permission perform sts:AssumeRole on this Role. Maybe you should check the trust policy of the role.',
      });
    }
    const session = this.sessions.issue({
      origin: 'AssumeRole',
      role,
      sessionName,
      durationMs: seconds * 1000,
      policy,
      issuedTo: identity.accessKeyId,
    });
    return assumedRoleBody(session);
  }

  #assumeRoleWithOidc(call: PopCall): Record<string, unknown> {
    const params = call.params;
    const provider = oidcProviderArnParam(params);
    const token = parseOidcToken(required(params, 'OIDCToken'));
    const role = roleArnParam(params);
    const sessionName = sessionNameParam(params, () => `oidc-session-${Math.floor(this.#now().getTime() / 1000)}`);
    const policy = policyParam(params);
    // The token is checked first: the provider and its token decide who the caller is.
    const definition = this.#providers.get(provider.arn.toLowerCase());
    if (!definition && this.strict) throw stsError('AuthenticationFail.NoPermission');
    if (isOidcTokenExpired(token.claims, this.#now())) throw stsError('AuthenticationFail.OIDCToken.Expired');
    if (definition?.issuer !== undefined && token.claims.iss !== definition.issuer) {
      throw stsError('AuthenticationFail.OIDCToken.IssuerNotMatch');
    }
    const audiences = audiencesOf(token.claims);
    if (definition?.audiences && !definition.audiences.some((a) => audiences.includes(a))) {
      throw stsError('AuthenticationFail.OIDCToken.AudienceNotMatch');
    }
    if (definition?.acceptToken && !definition.acceptToken(token.token, token.claims)) {
      throw stsError('AuthenticationFail.OIDCToken.Invalid');
    }
    const settings = this.#role(role);
    const seconds = durationParam(params, settings.maxSessionSeconds);
    const session = this.sessions.issue({
      origin: 'AssumeRoleWithOIDC',
      role,
      sessionName,
      durationMs: seconds * 1000,
      policy,
    });
    const tokenInfo: Record<string, unknown> = {
      Subject: typeof token.claims.sub === 'string' ? token.claims.sub : '',
      Issuer: typeof token.claims.iss === 'string' ? token.claims.iss : '',
      ClientIds: audiences.join(','),
    };
    if (typeof token.claims.exp === 'number') tokenInfo.ExpirationTime = epochToIso(token.claims.exp);
    if (typeof token.claims.iat === 'number') tokenInfo.IssuanceTime = epochToIso(token.claims.iat);
    tokenInfo.VerificationInfo = 'Success';
    return { ...assumedRoleBody(session), OIDCTokenInfo: tokenInfo };
  }

  #callerIdentity(identity: RequestIdentity): Record<string, unknown> {
    const session = this.sessions.find(identity.accessKeyId);
    if (session) {
      return {
        IdentityType: 'AssumedRoleUser',
        AccountId: session.accountId,
        PrincipalId: `${session.roleId}:${session.sessionName}`,
        RoleId: session.roleId,
        Arn: `acs:ram::${session.accountId}:assumed-role/${session.roleName}/${session.sessionName}`,
      };
    }
    // The emulators' long-term keys belong to a RAM user of their account.
    const userId = roleIdOf({ accountId: this.sessions.accountId, roleName: `user:${identity.accessKeyId}` }).replace(
      /^3/,
      '2',
    );
    return {
      IdentityType: 'RAMUser',
      AccountId: this.sessions.accountId,
      PrincipalId: userId,
      UserId: userId,
      Arn: `acs:ram::${this.sessions.accountId}:user/emulator-user`,
    };
  }
}

function assumedRoleBody(session: RoleSession): Record<string, unknown> {
  return {
    AssumedRoleUser: {
      Arn: `acs:ram::${session.accountId}:role/${session.roleName}/${session.sessionName}`,
      AssumedRoleId: `${session.roleId}:${session.sessionName}`,
    },
    Credentials: {
      AccessKeyId: session.credentials.accessKeyId,
      AccessKeySecret: session.credentials.accessKeySecret,
      SecurityToken: session.credentials.securityToken,
      Expiration: formatIsoSeconds(session.credentials.expiration),
    },
  };
}

function roleKey(ref: RoleRef): string {
  return `${ref.accountId}:${ref.roleName.toLowerCase()}`;
}

function epochToIso(seconds: number): string {
  return formatIsoSeconds(new Date(seconds * 1000));
}

function checkArn<T>(arn: unknown, parse: (params: Record<string, string>) => T, what: string): T {
  if (typeof arn !== 'string') throw new TypeError(`${what} arn must be a string`);
  try {
    return parse({ RoleArn: arn, OIDCProviderArn: arn });
  } catch {
    throw new TypeError(`malformed ${what} ARN ${JSON.stringify(arn)}`);
  }
}

/** The public view of the STS part of a pop emulator. */
export function stsEmulatorView(sts: StsService, calls: () => readonly PopCall[]): StsEmulator {
  return {
    get accountId() {
      return sts.sessions.accountId;
    },
    get calls() {
      return calls().filter((c) => sts.actionOf(c) !== undefined);
    },
    get issued() {
      return sts.sessions.issued;
    },
    get strict() {
      return sts.strict;
    },
    set strict(value: boolean) {
      sts.strict = value === true;
    },
    addRole: (role) => sts.addRole(role),
    addOidcProvider: (provider) => sts.addOidcProvider(provider),
    reset: () => sts.reset(),
  };
}
