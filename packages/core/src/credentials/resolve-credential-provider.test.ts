import { describe, expect, it } from 'vitest';
import { memoize } from './memoize';
import { resolveCredentialProvider } from './resolve-credential-provider';
import type { CredentialProvider, Credentials } from './types';

describe('resolveCredentialProvider', () => {
  it('turns a Credentials object into a fixed, cached provider', async () => {
    const provider = resolveCredentialProvider({
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: 'ExampleSecret',
      source: 'mine',
    });
    expect(await provider()).toEqual({
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: 'ExampleSecret',
      source: 'mine',
    });
    expect(typeof provider.forceRefresh).toBe('function');
    const unnamed = resolveCredentialProvider({
      accessKeyId: 'k',
      accessKeySecret: 'ExampleSecret',
      securityToken: 'ExampleToken',
      source: '',
    });
    expect((await unnamed()).source).toBe('static_sts');
  });

  it('memoizes a provider function, once per function', async () => {
    let calls = 0;
    const raw: CredentialProvider = async () => {
      calls++;
      return { accessKeyId: 'k', accessKeySecret: 'ExampleSecret', source: 'raw' };
    };
    const a = resolveCredentialProvider(raw);
    const b = resolveCredentialProvider(raw);
    expect(a).toBe(b);
    await Promise.all([a(), b(), a()]);
    expect(calls).toBe(1);
  });

  it('uses a memoized provider as it is', () => {
    const cached = memoize(async () => ({ accessKeyId: 'k', accessKeySecret: 'ExampleSecret', source: 'x' }));
    expect(resolveCredentialProvider(cached)).toBe(cached);
  });

  it('falls back to the default chain', () => {
    const provider = resolveCredentialProvider();
    expect(typeof provider.forceRefresh).toBe('function');
    expect('lastReport' in provider).toBe(true);
  });

  it('throws TypeError for anything else', () => {
    expect(() => resolveCredentialProvider('key' as unknown as Credentials)).toThrow(TypeError);
    expect(() => resolveCredentialProvider(null as unknown as Credentials)).toThrow(TypeError);
    expect(() => resolveCredentialProvider({ accessKeyId: '', accessKeySecret: 's', source: 'x' })).toThrow(TypeError);
  });
});
