import { describe, expect, it } from 'vitest';
import { AccountStore, DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from './accounts';

describe('AccountStore', () => {
  it('defaults to the fixed fake account when nothing is configured', () => {
    const store = new AccountStore({ env: {} });
    expect(store.defaultAccount).toEqual({
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: DEFAULT_ACCESS_KEY_SECRET,
    });
    expect(store.lookup(DEFAULT_ACCESS_KEY_ID)).toBe(DEFAULT_ACCESS_KEY_SECRET);
    expect(store.lookup('LTAI5tUnknown')).toBeUndefined();
  });

  it('takes the default account from the environment', () => {
    const store = new AccountStore({
      env: { ALIKIT_EMULATOR_ACCESS_KEY_ID: 'LTAI5tExampleKeyId', ALIKIT_EMULATOR_ACCESS_KEY_SECRET: 'ExampleSecret' },
    });
    expect(store.defaultAccount).toEqual({ accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' });
  });

  it('refuses half of the environment pair, naming both variables', () => {
    expect(() => new AccountStore({ env: { ALIKIT_EMULATOR_ACCESS_KEY_ID: 'LTAI5tExampleKeyId' } })).toThrow(
      /ALIKIT_EMULATOR_ACCESS_KEY_ID and ALIKIT_EMULATOR_ACCESS_KEY_SECRET/,
    );
  });

  it('prefers explicit accounts over the environment and refuses malformed or duplicate ones', () => {
    const store = new AccountStore({
      accounts: [{ accessKeyId: 'A1', accessKeySecret: 'S1' }],
      env: { ALIKIT_EMULATOR_ACCESS_KEY_ID: 'E', ALIKIT_EMULATOR_ACCESS_KEY_SECRET: 'ES' },
    });
    expect(store.defaultAccount.accessKeyId).toBe('A1');
    expect(store.lookup('E')).toBeUndefined();
    expect(() => store.addAccount({ accessKeyId: 'A1', accessKeySecret: 'x' })).toThrow(TypeError);
    expect(() => store.addAccount({ accessKeyId: '', accessKeySecret: 'x' })).toThrow(TypeError);
    expect(() => store.addAccount({ accessKeyId: 'A2', accessKeySecret: '' })).toThrow(/A2/);
  });

  it('checks security tokens of temporary and long-term keys', () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const store = new AccountStore({ env: {}, now: () => new Date(now) });
    const key = store.issueTemporaryKey(3_600_000);
    expect(store.isTemporary(key.accessKeyId)).toBe(true);
    expect(store.lookup(key.accessKeyId)).toBe(key.accessKeySecret);
    expect(key.expiration.toISOString()).toBe('2030-01-01T01:00:00.000Z');
    expect(store.checkSecurityToken(key.accessKeyId, key.securityToken)).toBeUndefined();
    expect(store.checkSecurityToken(key.accessKeyId, undefined)).toBe('MissingSecurityToken');
    expect(store.checkSecurityToken(key.accessKeyId, 'other')).toBe('InvalidSecurityToken');
    expect(store.checkSecurityToken(DEFAULT_ACCESS_KEY_ID, undefined)).toBeUndefined();
    expect(store.checkSecurityToken(DEFAULT_ACCESS_KEY_ID, 'token')).toBe('InvalidSecurityToken');
    now += 3_600_000;
    expect(store.checkSecurityToken(key.accessKeyId, key.securityToken)).toBe('SecurityTokenExpired');
    expect(() => store.issueTemporaryKey(0)).toThrow(RangeError);
  });

  it('accepts temporary keys added from outside (for STS)', () => {
    const store = new AccountStore({ env: {} });
    const expiration = new Date(Date.now() + 60_000);
    store.addTemporaryKey({ accessKeyId: 'STS.X', accessKeySecret: 'S', securityToken: 'T', expiration });
    expect(store.checkSecurityToken('STS.X', 'T')).toBeUndefined();
    expect(() =>
      store.addTemporaryKey({ accessKeyId: 'STS.Y', accessKeySecret: 'S', securityToken: '', expiration }),
    ).toThrow(TypeError);
    expect(() =>
      store.addTemporaryKey({
        accessKeyId: 'STS.Z',
        accessKeySecret: 'S',
        securityToken: 'T',
        expiration: new Date(Number.NaN),
      }),
    ).toThrow(TypeError);
  });
});
