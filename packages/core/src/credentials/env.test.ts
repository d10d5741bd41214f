import { describe, expect, it } from 'vitest';
import { isSdkError } from '../errors/sdk-error';
import { fromEnv } from './env';
import { isCredentialsNotConfigured } from './errors';

describe('fromEnv', () => {
  it('reads the access key and the optional token', async () => {
    const env = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'ExampleSecret',
    };
    expect(await fromEnv({ env })()).toEqual({
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: 'ExampleSecret',
      source: 'env',
    });
    const withToken = await fromEnv({ env: { ...env, ALIBABA_CLOUD_SECURITY_TOKEN: 'ExampleToken' } })();
    expect(withToken.securityToken).toBe('ExampleToken');
    expect(withToken.source).toBe('env');
  });

  it('reads the environment at every call', async () => {
    const env: Record<string, string | undefined> = {};
    const provider = fromEnv({ env });
    await expect(provider()).rejects.toSatisfy(isCredentialsNotConfigured);
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'later';
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'ExampleSecret';
    expect((await provider()).accessKeyId).toBe('later');
  });

  it('treats empty variables as unset: not configured', async () => {
    const error = await fromEnv({
      env: { ALIBABA_CLOUD_ACCESS_KEY_ID: '', ALIBABA_CLOUD_ACCESS_KEY_SECRET: '' },
    })().catch((e: unknown) => e);
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect((error as Error).message).toContain(
      'ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set',
    );
  });

  it('fails (configured) when only one half of the key is set', async () => {
    const error = await fromEnv({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tExampleKeyId' } })().catch(
      (e: unknown) => e,
    );
    expect(isSdkError(error)).toBe(true);
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect((error as Error).message).toContain('ALIBABA_CLOUD_ACCESS_KEY_SECRET is not set');
  });

  it('throws TypeError for a wrong env option', () => {
    expect(() => fromEnv({ env: 'x' as unknown as Record<string, string> })).toThrow(TypeError);
  });
});
