import { describe, expect, it } from 'vitest';
import { isSdkError } from '../errors/sdk-error';
import { chain, resolveChain } from './chain';
import { credentialsFailed, credentialsNotConfigured, isCredentialsNotConfigured } from './errors';
import { fromStatic } from './static';
import type { CredentialProvider } from './types';

const notConfigured =
  (name: string, reason: string): CredentialProvider =>
  async () => {
    throw credentialsNotConfigured(name, reason);
  };

describe('chain', () => {
  it('passes over providers that are not configured and returns the first credentials', async () => {
    const asked: string[] = [];
    const track =
      (name: string, provider: CredentialProvider): CredentialProvider =>
      (options) => {
        asked.push(name);
        return provider(options);
      };
    const provider = chain(
      track('a', notConfigured('a', 'nothing here')),
      track('b', fromStatic({ accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' })),
      track('c', fromStatic({ accessKeyId: 'other', accessKeySecret: 'ExampleSecret' })),
    );
    const credentials = await provider();
    expect(credentials.accessKeyId).toBe('LTAI5tExampleKeyId');
    expect(credentials.source).toBe('static_ak');
    expect(asked).toEqual(['a', 'b']);
  });

  it('stops at a provider that is configured but failing, listing every attempt', async () => {
    let laterAsked = false;
    const provider = chain(
      notConfigured('env', 'ALIBABA_CLOUD_ACCESS_KEY_ID is not set'),
      async () => {
        throw credentialsFailed('cli_profile', 'profile "x" uses mode CloudSSO');
      },
      async () => {
        laterAsked = true;
        return fromStatic({ accessKeyId: 'k', accessKeySecret: 'ExampleSecret' })();
      },
    );
    const error = await provider().catch((e: unknown) => e);
    expect(laterAsked).toBe(false);
    expect(isSdkError(error)).toBe(true);
    expect(isCredentialsNotConfigured(error)).toBe(false);
    const e = error as import('../errors/sdk-error').SdkError;
    expect(e.code).toBe('ERR_CREDENTIALS');
    expect(e.message).toContain('cli_profile is configured but failed');
    expect(e.message).toContain('env (skipped): ALIBABA_CLOUD_ACCESS_KEY_ID is not set');
    expect(e.message).toContain('cli_profile (failed): profile "x" uses mode CloudSSO');
    expect(e.details?.attempts).toEqual([
      expect.objectContaining({ name: 'env', outcome: 'skipped', reason: 'ALIBABA_CLOUD_ACCESS_KEY_ID is not set' }),
      expect.objectContaining({ name: 'cli_profile', outcome: 'failed', reason: 'profile "x" uses mode CloudSSO' }),
    ]);
    expect(isCredentialsNotConfigured(e.cause)).toBe(false);
  });

  it('treats an unknown error as a configured failure', async () => {
    const boom = new Error('vault sealed');
    const provider = chain(async () => {
      throw boom;
    });
    const error = (await provider().catch((e: unknown) => e)) as import('../errors/sdk-error').SdkError;
    expect(error.message).toContain('#1 (failed): vault sealed');
    expect(error.cause).toBe(boom);
  });

  it('is itself "not configured" when no provider was, so chains nest', async () => {
    const inner = chain(notConfigured('a', 'no a'), notConfigured('b', 'no b'));
    const error = await inner().catch((e: unknown) => e);
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect((error as Error).message).toContain(
      'no credentials provider is configured: a (skipped): no a; b (skipped): no b',
    );
    const outer = chain(inner, fromStatic({ accessKeyId: 'outer', accessKeySecret: 'ExampleSecret' }));
    expect((await outer()).accessKeyId).toBe('outer');
  });

  it('an empty chain is not configured', async () => {
    const error = await chain()().catch((e: unknown) => e);
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect((error as Error).message).toContain('the chain is empty');
  });

  it('passes the signal to each provider and rejects with its reason when aborted', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    let seen: AbortSignal | undefined;
    const provider = chain(
      async (options) => {
        seen = options?.signal;
        controller.abort(reason);
        throw credentialsNotConfigured('a', 'no');
      },
      fromStatic({ accessKeyId: 'k', accessKeySecret: 'ExampleSecret' }),
    );
    await expect(provider({ signal: controller.signal })).rejects.toBe(reason);
    expect(seen).toBe(controller.signal);
  });

  it('keeps secrets out of the reasons it records', async () => {
    const provider = chain(async () => {
      throw new Error('upstream said AccessKeySecret=TopSecretValue123 is wrong');
    });
    const error = (await provider().catch((e: unknown) => e)) as import('../errors/sdk-error').SdkError;
    expect(error.message).not.toContain('TopSecretValue123');
    expect(JSON.stringify(error.details)).not.toContain('TopSecretValue123');
  });

  it('checks that every provider is a function', () => {
    expect(() =>
      chain(fromStatic({ accessKeyId: 'k', accessKeySecret: 's' }), 'x' as unknown as CredentialProvider),
    ).toThrow('provider #2 must be a function');
  });

  it('resolveChain reports the winner, each attempt and the time taken', async () => {
    const result = await resolveChain('test', [
      { name: 'first', provider: notConfigured('first', 'not here') },
      { name: 'second', provider: fromStatic({ accessKeyId: 'k', accessKeySecret: 'ExampleSecret' }) },
    ]);
    expect(result.winner).toBe('second');
    expect(result.attempts.map((a) => [a.name, a.outcome, a.reason])).toEqual([
      ['first', 'skipped', 'not here'],
      ['second', 'resolved', 'static_ak'],
    ]);
    expect(result.elapsedMs).toBeGreaterThanOrEqual(0);
    for (const a of result.attempts) expect(a.elapsedMs).toBeGreaterThanOrEqual(0);
  });
});
