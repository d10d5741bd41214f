import { createHash } from 'node:crypto';
import type { AccountStore, TemporaryKey } from '../../shared/accounts';
import type { RoleRef } from './sts-params';

/**
 * The account id the emulators answer with for their own long-term keys (GetCallerIdentity) and
 * use for the ECS instance role. A placeholder made of the digits in order, not a real account.
 */
export const EMULATOR_ACCOUNT_ID = '1234567890123456';

/** How a role session came about. */
export type RoleSessionOrigin = 'AssumeRole' | 'AssumeRoleWithOIDC' | 'EcsRamRole';

/** One set of role credentials an emulator issued, and whose they are. */
export interface RoleSession {
  /** What issued it. */
  readonly origin: RoleSessionOrigin;
  /** The role's ARN, `acs:ram::<account>:role/<name>`. */
  readonly roleArn: string;
  /** The account that owns the role. */
  readonly accountId: string;
  /** The role's name (the last part of `roleArn`). */
  readonly roleName: string;
  /** A stable numeric id of the role, as STS reports in `AssumedRoleId` (`<roleId>:<session>`). */
  readonly roleId: string;
  /** The role session name (`RoleSessionName`), as in `<roleId>:<session>`. */
  readonly sessionName: string;
  /** The session policy the caller passed, if any. */
  readonly policy: string | undefined;
  /** When it was issued, by the emulators' clock. */
  readonly issuedAt: Date;
  /** The temporary key: `STS.`-prefixed id, secret, security token and expiry. */
  readonly credentials: Readonly<TemporaryKey>;
  /** The access key that asked for it (`undefined` for OIDC and the ECS instance role). */
  readonly issuedTo: string | undefined;
}

/**
 * Issues role sessions for a set of emulators (STS on the pop emulator, the ECS instance role on
 * the metadata emulator) as temporary keys in the shared account store, so every emulator accepts
 * them until they expire, and remembers whose each key is (GetCallerIdentity).
 */
export class RoleSessions {
  /** The account of the emulators' own keys. */
  readonly accountId: string;
  /** Every session issued, oldest first. */
  readonly issued: RoleSession[] = [];
  readonly #byKey = new Map<string, RoleSession>();
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, accountId = EMULATOR_ACCOUNT_ID) {
    this.#accounts = accounts;
    this.#now = now;
    this.accountId = accountId;
  }

  /**
   * Issues a temporary key for `role` valid for `durationMs` (its expiry is cut to whole seconds,
   * as STS reports it) and registers it with the account store.
   */
  issue(input: {
    origin: RoleSessionOrigin;
    role: RoleRef;
    sessionName: string;
    durationMs: number;
    policy?: string | undefined;
    issuedTo?: string | undefined;
  }): RoleSession {
    const credentials = this.#accounts.issueTemporaryKey(input.durationMs);
    const session: RoleSession = {
      origin: input.origin,
      roleArn: input.role.arn,
      accountId: input.role.accountId,
      roleName: input.role.roleName,
      roleId: roleIdOf(input.role),
      sessionName: input.sessionName,
      policy: input.policy,
      issuedAt: this.#now(),
      credentials,
      issuedTo: input.issuedTo,
    };
    this.issued.push(session);
    this.#byKey.set(credentials.accessKeyId, session);
    return session;
  }

  /** The session a temporary access key belongs to, if an emulator of this set issued it. */
  find(accessKeyId: string): RoleSession | undefined {
    return this.#byKey.get(accessKeyId);
  }
}

/** A stable 17-digit id for a role, so the same ARN always reports the same `AssumedRoleId`. */
export function roleIdOf(role: Pick<RoleRef, 'accountId' | 'roleName'>): string {
  const digest = createHash('sha256').update(`${role.accountId}:${role.roleName.toLowerCase()}`).digest();
  return `3${(digest.readBigUInt64BE(0) % 10n ** 16n).toString().padStart(16, '0')}`;
}
