import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromCliProfile } from '../../src/credentials/cli-profile';
import { isCredentialsNotConfigured } from '../../src/credentials/errors';
import { isSdkError, type SdkError } from '../../src/errors/sdk-error';
import { cliProfile, type TempHome, tempHome } from './temp-home';

let t: TempHome;
beforeEach(async () => {
  t = await tempHome();
});
afterEach(async () => {
  await t.remove();
});

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  expect(isSdkError(error)).toBe(true);
  return error as SdkError;
}

const ak = (name: string, id: string) =>
  cliProfile({ name, mode: 'AK', access_key_id: id, access_key_secret: 'ExampleSecret' });

describe('fromCliProfile: files and profiles', () => {
  it('reads an AK profile (the current one)', async () => {
    await t.writeCliConfig({ current: 'default', profiles: [ak('default', 'LTAI5tExampleKeyId')], meta_path: '' });
    const credentials = await fromCliProfile({ homeDir: t.home, env: {} })();
    expect(credentials).toEqual({
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: 'ExampleSecret',
      source: 'cli_profile/static_ak',
    });
  });

  it('picks the profile: explicit option, then ALIBABA_CLOUD_PROFILE, then current', async () => {
    await t.writeCliConfig({ current: 'a', profiles: [ak('a', 'key-a'), ak('b', 'key-b'), ak('c', 'key-c')] });
    expect((await fromCliProfile({ homeDir: t.home, env: {} })()).accessKeyId).toBe('key-a');
    expect((await fromCliProfile({ homeDir: t.home, env: { ALIBABA_CLOUD_PROFILE: 'b' } })()).accessKeyId).toBe(
      'key-b',
    );
    expect(
      (await fromCliProfile({ homeDir: t.home, profile: 'c', env: { ALIBABA_CLOUD_PROFILE: 'b' } })()).accessKeyId,
    ).toBe('key-c');
  });

  it('reads a StsToken profile', async () => {
    await t.writeCliConfig({
      current: 'sts',
      profiles: [
        cliProfile({
          name: 'sts',
          mode: 'StsToken',
          access_key_id: 'STS.Example',
          access_key_secret: 'ExampleSecret',
          sts_token: 'ExampleToken',
        }),
      ],
    });
    const credentials = await fromCliProfile({ homeDir: t.home, env: {} })();
    expect(credentials).toEqual({
      accessKeyId: 'STS.Example',
      accessKeySecret: 'ExampleSecret',
      securityToken: 'ExampleToken',
      source: 'cli_profile/static_sts',
    });
  });

  it('falls back to the environment variables for empty key fields (official behaviour)', async () => {
    await t.writeCliConfig({
      current: 'default',
      profiles: [cliProfile({ name: 'default', mode: 'AK', access_key_id: 'from-file' })],
    });
    const credentials = await fromCliProfile({
      homeDir: t.home,
      env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'EnvSecret' },
    })();
    expect(credentials.accessKeyId).toBe('from-file');
    expect(credentials.accessKeySecret).toBe('EnvSecret');
  });

  it('re-reads the file at every call', async () => {
    await t.writeCliConfig({ current: 'default', profiles: [ak('default', 'first')] });
    const provider = fromCliProfile({ homeDir: t.home, env: {} });
    expect((await provider()).accessKeyId).toBe('first');
    await t.writeCliConfig({ current: 'default', profiles: [ak('default', 'second')] });
    expect((await provider()).accessKeyId).toBe('second');
  });

  it('is not configured without the file', async () => {
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect(error.message).toContain(`no file at ${t.home}/.aliyun/config.json`);
  });

  it('is not configured when the file has no profiles, or an AK profile without keys', async () => {
    await t.writeCliConfig({ current: '', profiles: [] });
    const empty = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(empty)).toBe(true);
    expect(empty.message).toContain('has no profiles');
    await t.writeCliConfig({ current: 'default', profiles: [cliProfile({ name: 'default' })] });
    const blank = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(blank)).toBe(true);
    expect(blank.message).toContain('has no access_key_id and access_key_secret');
  });

  it('is not configured when the chosen profile is missing, unless it was named explicitly', async () => {
    await t.writeCliConfig({ current: 'gone', profiles: [ak('default', 'k')] });
    const fromCurrent = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(fromCurrent)).toBe(true);
    expect(fromCurrent.message).toContain('has no profile "gone"');
    const fromEnv = await failure(fromCliProfile({ homeDir: t.home, env: { ALIBABA_CLOUD_PROFILE: 'ci' } })());
    expect(isCredentialsNotConfigured(fromEnv)).toBe(true);
    const explicit = await failure(fromCliProfile({ homeDir: t.home, profile: 'ci', env: {} })());
    expect(isCredentialsNotConfigured(explicit)).toBe(false);
    expect(explicit.message).toContain('has no profile "ci"');
  });

  it('is not configured when no profile is current and none is named', async () => {
    await t.writeCliConfig({ profiles: [ak('default', 'k')] });
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect(error.message).toContain('names no current profile');
  });

  it('fails on malformed JSON, naming the place but quoting no content', async () => {
    await t.writeCliConfig('{\n  "current": "default",\n  "profiles": [ { "access_key_secret": "LeakySecret123" ]\n}');
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toMatch(/config\.json is not valid JSON \(line 3, column \d+\)/);
    expect(error.message).not.toContain('LeakySecret123');
    expect(JSON.stringify(error.toJSON())).not.toContain('LeakySecret123');
  });

  it('fails when the JSON is not an object or profiles is not an array', async () => {
    await t.writeCliConfig('[1, 2]');
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain(
      'does not hold a JSON object',
    );
    await t.writeCliConfig({ current: 'default', profiles: { default: {} } });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain('"profiles" in');
  });

  it('fails when the file cannot be read (other than missing)', async () => {
    const error = await failure(
      fromCliProfile({
        homeDir: t.home,
        env: {},
        readFile: async () => {
          throw Object.assign(new Error('permission denied'), { code: 'EACCES' });
        },
      })(),
    );
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('cannot read');
    expect(error.message).toContain('EACCES');
    // A directory where the file should be.
    await t.write('.aliyun/config.json/x', '');
    const dir = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(dir)).toBe(false);
    expect(dir.message).toContain('EISDIR');
  });

  it('fails when a key field is half missing, or a StsToken has no token', async () => {
    await t.writeCliConfig({ current: 'a', profiles: [cliProfile({ name: 'a', mode: 'AK', access_key_id: 'k' })] });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain(
      'has no access_key_secret',
    );
    await t.writeCliConfig({
      current: 'a',
      profiles: [cliProfile({ name: 'a', mode: 'StsToken', access_key_id: 'k', access_key_secret: 'ExampleSecret' })],
    });
    const sts = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(sts)).toBe(false);
    expect(sts.message).toContain('has no sts_token');
  });

  it('keeps the first profile of a repeated name (as the CLI does)', async () => {
    await t.writeCliConfig({ current: 'a', profiles: [ak('a', 'first'), ak('a', 'second')] });
    expect((await fromCliProfile({ homeDir: t.home, env: {} })()).accessKeyId).toBe('first');
  });

  it('checks its options before any I/O', () => {
    expect(() => fromCliProfile({ homeDir: '' })).toThrow(TypeError);
    expect(() => fromCliProfile({ profile: '' })).toThrow(TypeError);
    expect(() => fromCliProfile({ readFile: 'x' as unknown as () => Promise<string> })).toThrow(TypeError);
    expect(() => fromCliProfile({ env: 3 as unknown as Record<string, string> })).toThrow(TypeError);
  });
});

describe('fromCliProfile: modes', () => {
  it.each(['CloudSSO', 'OAuth', 'External', 'RsaKeyPair', 'BearerToken', 'Anonymous', 'RamRoleArnWithRoleName'])(
    'fails for the unsupported mode %s, naming it',
    async (mode) => {
      await t.writeCliConfig({ current: 'p', profiles: [cliProfile({ name: 'p', mode })] });
      const error = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
      expect(isCredentialsNotConfigured(error)).toBe(false);
      expect(error.message).toContain(`profile "p" uses mode ${mode}, which alikit does not support`);
    },
  );

  it('fails for an unknown mode and for a profile without mode', async () => {
    await t.writeCliConfig({ current: 'p', profiles: [cliProfile({ name: 'p', mode: 'Magic' })] });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain("unknown mode 'Magic'");
    await t.writeCliConfig({ current: 'p', profiles: [{ name: 'p', access_key_id: 'k' }] });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain(
      'profile "p" has no mode',
    );
  });

  it('detects a source_profile cycle in ChainableRamRoleArn', async () => {
    const chainable = (name: string, source: string) =>
      cliProfile({
        name,
        mode: 'ChainableRamRoleArn',
        source_profile: source,
        ram_role_arn: 'acs:ram::123456789012****:role/r',
      });
    await t.writeCliConfig({ current: 'a', profiles: [chainable('a', 'b'), chainable('b', 'c'), chainable('c', 'a')] });
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('source_profile cycle: a -> b -> c -> a');
    await t.writeCliConfig({ current: 'self', profiles: [chainable('self', 'self')] });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain(
      'source_profile cycle: self -> self',
    );
  });

  it('fails for a ChainableRamRoleArn without source_profile or with an unknown one', async () => {
    await t.writeCliConfig({ current: 'a', profiles: [cliProfile({ name: 'a', mode: 'ChainableRamRoleArn' })] });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain('has no source_profile');
    await t.writeCliConfig({
      current: 'a',
      profiles: [cliProfile({ name: 'a', mode: 'ChainableRamRoleArn', source_profile: 'nowhere' })],
    });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain(
      'source_profile "nowhere" is not in',
    );
  });

  it('fails for a ChainableRamRoleArn whose source has no keys (a broken link is not "not configured")', async () => {
    await t.writeCliConfig({
      current: 'a',
      profiles: [
        cliProfile({
          name: 'a',
          mode: 'ChainableRamRoleArn',
          source_profile: 'src',
          ram_role_arn: 'acs:ram::123456789012****:role/r',
        }),
        cliProfile({ name: 'src', mode: 'AK' }),
      ],
    });
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('profile "src" (mode AK) has no access_key_id');
  });

  it('fails, naming the profile, when a RamRoleArn profile has no ram_role_arn (before any network call)', async () => {
    await t.writeCliConfig({
      current: 'r',
      profiles: [cliProfile({ name: 'r', mode: 'RamRoleArn', access_key_id: 'k', access_key_secret: 'ExampleSecret' })],
    });
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('profile "r": fromRamRoleArn: roleArn is required');
  });

  it('fails for a CredentialsURI profile without credentials_uri', async () => {
    await t.writeCliConfig({ current: 'u', profiles: [cliProfile({ name: 'u', mode: 'CredentialsURI' })] });
    expect((await failure(fromCliProfile({ homeDir: t.home, env: {} })())).message).toContain('has no credentials_uri');
  });
});
