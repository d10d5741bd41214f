import { describe, expect, it } from 'vitest';
import { redactText } from '../logging/redact';
import { fromStatic } from './static';

describe('fromStatic', () => {
  it('returns the credentials it was given, with the official source names', async () => {
    const ak = await fromStatic({ accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' })();
    expect(ak).toEqual({ accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret', source: 'static_ak' });
    const expiration = new Date('2030-01-01T00:00:00Z');
    const sts = await fromStatic({
      accessKeyId: 'STS.Example',
      accessKeySecret: 'ExampleSecret',
      securityToken: 'ExampleSecurityToken',
      expiration,
    })();
    expect(sts).toEqual({
      accessKeyId: 'STS.Example',
      accessKeySecret: 'ExampleSecret',
      securityToken: 'ExampleSecurityToken',
      expiration,
      source: 'static_sts',
    });
  });

  it('hands out a fresh copy at each call', async () => {
    const provider = fromStatic({ accessKeyId: 'k', accessKeySecret: 'ExampleSecret', expiration: new Date(0) });
    const first = await provider();
    first.accessKeyId = 'changed';
    first.expiration?.setTime(5);
    const second = await provider();
    expect(second.accessKeyId).toBe('k');
    expect(second.expiration?.getTime()).toBe(0);
  });

  it('registers the secret and token with the redactor', async () => {
    fromStatic({
      accessKeyId: 'k',
      accessKeySecret: 'StaticSecretForRedaction',
      securityToken: 'StaticTokenForRedaction',
    });
    expect(redactText('x StaticSecretForRedaction y StaticTokenForRedaction')).not.toMatch(/StaticSecret|StaticToken/);
  });

  it('throws TypeError for missing or empty values', () => {
    expect(() => fromStatic({ accessKeyId: '', accessKeySecret: 's' })).toThrow(TypeError);
    expect(() => fromStatic({ accessKeyId: 'k', accessKeySecret: '  ' })).toThrow(TypeError);
    expect(() => fromStatic({ accessKeyId: 'k', accessKeySecret: 's', securityToken: '' })).toThrow(TypeError);
    expect(() => fromStatic({ accessKeyId: 'k', accessKeySecret: 's', expiration: new Date('x') })).toThrow(TypeError);
    expect(() => fromStatic(undefined as unknown as { accessKeyId: string; accessKeySecret: string })).toThrow(
      TypeError,
    );
    expect(() => fromStatic({ accessKeyId: 5 as unknown as string, accessKeySecret: 's' })).toThrow(
      'fromStatic: accessKeyId must be a non-empty string',
    );
  });
});
