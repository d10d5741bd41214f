import { randomBytes } from 'node:crypto';
import type { SecretLookup } from '@alikit/core';

/** A long-term access key the emulators accept. */
export interface EmulatorAccount {
  /** The AccessKey ID requests are signed with. */
  accessKeyId: string;
  /** Its secret. */
  accessKeySecret: string;
}

/** A temporary (STS-style) access key: only valid with its security token and before its expiry. */
export interface TemporaryKey extends EmulatorAccount {
  securityToken: string;
  expiration: Date;
}

/** Why a request's security token does not fit its access key (each service maps it to its own code). */
export type SecurityTokenProblem =
  /** A temporary key was used without a security token. */
  | 'MissingSecurityToken'
  /** The token is not the one issued with the key, or a long-term key came with a token. */
  | 'InvalidSecurityToken'
  /** The temporary key has expired. */
  | 'SecurityTokenExpired';

/** The access key id used when neither `accounts` nor the environment name one. */
export const DEFAULT_ACCESS_KEY_ID = 'LTAI5tEmulatorKeyId';
/** The secret of {@link DEFAULT_ACCESS_KEY_ID}: obviously fake, never a real credential. */
export const DEFAULT_ACCESS_KEY_SECRET = 'EmulatorSecretNotARealSecret00';

/** Environment variable naming the default account's access key id (set it with the secret). */
export const ACCESS_KEY_ID_ENV = 'ALIKIT_EMULATOR_ACCESS_KEY_ID';
/** Environment variable holding the default account's secret (set it with the id). */
export const ACCESS_KEY_SECRET_ENV = 'ALIKIT_EMULATOR_ACCESS_KEY_SECRET';

/** Options of {@link AccountStore}. */
export interface AccountStoreOptions {
  /** Accounts to accept; the first is the default account. @defaultValue the environment's, else a fixed fake one */
  accounts?: readonly EmulatorAccount[] | undefined;
  /** Where the default account is read from when `accounts` is not given. @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** The clock deciding whether temporary keys have expired. @defaultValue `() => new Date()` */
  now?: (() => Date) | undefined;
}

/**
 * The access keys every emulator of one set accepts: long-term accounts plus temporary keys
 * (issued by the metadata service now, by STS later), shared so a key issued by one service works
 * against all of them.
 */
export class AccountStore {
  /** The account {@link startEmulators} reports as `credentials`. */
  readonly defaultAccount: EmulatorAccount;
  /** A {@link SecretLookup} over every known key, temporary ones included (expired ones too: expiry is reported separately). */
  readonly lookup: SecretLookup;
  readonly #accounts = new Map<string, EmulatorAccount>();
  readonly #temporary = new Map<string, TemporaryKey>();
  readonly #now: () => Date;

  /**
   * @throws TypeError when an account is malformed, or only one of the two environment variables is set.
   */
  constructor(options: AccountStoreOptions = {}) {
    this.#now = options.now ?? (() => new Date());
    const accounts = options.accounts?.length ? options.accounts : [defaultAccountFromEnv(options.env ?? process.env)];
    for (const account of accounts) this.addAccount(account);
    this.defaultAccount = { ...(accounts[0] as EmulatorAccount) };
    this.lookup = (accessKeyId) =>
      this.#accounts.get(accessKeyId)?.accessKeySecret ?? this.#temporary.get(accessKeyId)?.accessKeySecret;
  }

  /**
   * Accepts one more long-term account.
   * @throws TypeError when the id or secret is not a non-empty string, or the id is already taken.
   */
  addAccount(account: EmulatorAccount): void {
    checkKeyPair(account, 'account');
    if (this.#accounts.has(account.accessKeyId) || this.#temporary.has(account.accessKeyId)) {
      throw new TypeError(`account ${account.accessKeyId} is already registered`);
    }
    this.#accounts.set(account.accessKeyId, {
      accessKeyId: account.accessKeyId,
      accessKeySecret: account.accessKeySecret,
    });
  }

  /**
   * Accepts a temporary key until its expiration.
   * @throws TypeError when a field is missing, or the id is already taken.
   */
  addTemporaryKey(key: TemporaryKey): void {
    checkKeyPair(key, 'temporary key');
    if (typeof key.securityToken !== 'string' || key.securityToken === '') {
      throw new TypeError('temporary key needs a non-empty securityToken');
    }
    if (!(key.expiration instanceof Date) || Number.isNaN(key.expiration.getTime())) {
      throw new TypeError('temporary key needs a valid expiration Date');
    }
    if (this.#accounts.has(key.accessKeyId) || this.#temporary.has(key.accessKeyId)) {
      throw new TypeError(`access key ${key.accessKeyId} is already registered`);
    }
    this.#temporary.set(key.accessKeyId, { ...key, expiration: new Date(key.expiration.getTime()) });
  }

  /**
   * Creates, registers and returns a fresh temporary key valid for `durationMs`.
   * @throws RangeError when `durationMs` is not a positive finite number.
   */
  issueTemporaryKey(durationMs: number): TemporaryKey {
    if (!Number.isFinite(durationMs) || durationMs <= 0) {
      throw new RangeError(`durationMs must be a positive number of milliseconds, got ${durationMs}`);
    }
    const key: TemporaryKey = {
      accessKeyId: `STS.Emulator${randomBytes(9).toString('hex')}`,
      accessKeySecret: randomBytes(22).toString('base64url'),
      securityToken: `EmulatorToken${randomBytes(48).toString('base64url')}`,
      expiration: new Date(Math.floor((this.#now().getTime() + durationMs) / 1000) * 1000),
    };
    this.addTemporaryKey(key);
    return key;
  }

  /** Whether `accessKeyId` is a temporary key. */
  isTemporary(accessKeyId: string): boolean {
    return this.#temporary.has(accessKeyId);
  }

  /**
   * Checks the security token a verified request carried against its access key: a temporary key
   * needs its own token and must not have expired; a long-term key must come without one.
   */
  checkSecurityToken(accessKeyId: string, securityToken: string | undefined): SecurityTokenProblem | undefined {
    const temporary = this.#temporary.get(accessKeyId);
    if (!temporary) return securityToken ? 'InvalidSecurityToken' : undefined;
    if (!securityToken) return 'MissingSecurityToken';
    if (securityToken !== temporary.securityToken) return 'InvalidSecurityToken';
    if (this.#now().getTime() >= temporary.expiration.getTime()) return 'SecurityTokenExpired';
    return undefined;
  }
}

function defaultAccountFromEnv(env: Readonly<Record<string, string | undefined>>): EmulatorAccount {
  const id = env[ACCESS_KEY_ID_ENV] || undefined;
  const secret = env[ACCESS_KEY_SECRET_ENV] || undefined;
  if (id && secret) return { accessKeyId: id, accessKeySecret: secret };
  if (id || secret) {
    throw new TypeError(`set both ${ACCESS_KEY_ID_ENV} and ${ACCESS_KEY_SECRET_ENV}, or neither (only one is set)`);
  }
  return { accessKeyId: DEFAULT_ACCESS_KEY_ID, accessKeySecret: DEFAULT_ACCESS_KEY_SECRET };
}

function checkKeyPair(value: EmulatorAccount, what: string): void {
  if (typeof value !== 'object' || value === null) throw new TypeError(`${what} must be an object`);
  if (typeof value.accessKeyId !== 'string' || value.accessKeyId === '') {
    throw new TypeError(`${what} needs a non-empty accessKeyId`);
  }
  if (typeof value.accessKeySecret !== 'string' || value.accessKeySecret === '') {
    throw new TypeError(`${what} ${value.accessKeyId} needs a non-empty accessKeySecret`);
  }
}
