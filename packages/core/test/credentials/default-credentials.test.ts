import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsNotConfigured, isCredentialsNotConfigured } from '../../src/credentials/errors';
import {
  type DefaultCredentialsOptions,
  defaultCredentials,
  fromStatic,
  isSdkError,
  type SdkError,
} from '../../src/index';
import { cliProfile, type TempHome, tempHome } from './temp-home';

let t: TempHome;
beforeEach(async () => {
  t = await tempHome();
});
afterEach(async () => {
  await t.remove();
});

const ENV_KEY = { ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAI5tEnvKeyId', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'EnvSecret' };
const INI = '[default]\ntype = access_key\naccess_key_id = LTAI5tIniKeyId\naccess_key_secret = IniSecret\n';
const CLI = {
  current: 'default',
  profiles: [cliProfile({ name: 'default', access_key_id: 'LTAI5tCliKeyId', access_key_secret: 'CliSecret' })],
};

/** Off ECS and in the temp home: what every test starts from. */
const base = (extra: DefaultCredentialsOptions = {}): DefaultCredentialsOptions => ({
  homeDir: t.home,
  env: {},
  isEcsInstance: () => false,
  ...extra,
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

describe('defaultCredentials', () => {
  it('fails fast on an empty environment with one error listing what each provider said', async () => {
    const provider = defaultCredentials(base());
    const started = performance.now();
    const error = await failure(provider());
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(1000);
    expect(error.code).toBe('ERR_CREDENTIALS');
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect(error.message).toContain('no credentials provider is configured');
    for (const part of [
      'env (skipped): ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET are not set',
      'oidc_role_arn (skipped): ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set',
      `cli_profile (skipped): no file at ${t.home}/.aliyun/config.json`,
      `profile (skipped): no file at ${t.home}/.alibabacloud/credentials`,
      'ecs_ram_role (skipped): ALIBABA_CLOUD_ECS_METADATA is not set and this machine does not identify as an ECS instance',
      'credential_uri (skipped): ALIBABA_CLOUD_CREDENTIALS_URI is not set',
    ]) {
      expect(error.message).toContain(part);
    }
    const report = provider.lastReport;
    expect(report?.winner).toBeUndefined();
    expect(report?.source).toBeUndefined();
    expect(report?.providers.map((p) => [p.name, p.outcome])).toEqual([
      ['env', 'skipped'],
      ['oidc_role_arn', 'skipped'],
      ['cli_profile', 'skipped'],
      ['profile', 'skipped'],
      ['ecs_ram_role', 'skipped'],
      ['credential_uri', 'skipped'],
    ]);
    expect(report?.elapsedMs).toBeLessThan(1000);
    expect(error.details?.attempts).toEqual(report?.providers);
    // The serialised error keeps the per-provider reasons (they are allow-listed: no secrets in them).
    const json = JSON.parse(JSON.stringify(error)) as {
      details: { attempts: Array<{ name: string; reason: string }> };
    };
    expect(json.details.attempts.at(-1)).toMatchObject({
      name: 'credential_uri',
      outcome: 'skipped',
      reason: 'ALIBABA_CLOUD_CREDENTIALS_URI is not set',
    });
  });

  it('with the default ECS detection, an empty environment still fails fast here (no DMI, no probe)', async () => {
    const provider = defaultCredentials({ homeDir: t.home, env: {} });
    const started = performance.now();
    const error = await failure(provider());
    expect(performance.now() - started).toBeLessThan(1000);
    expect(isCredentialsNotConfigured(error)).toBe(true);
  });

  it('resolves from the environment first (env plus profile: env wins)', async () => {
    await t.writeCliConfig(CLI);
    await t.writeIni(INI);
    const provider = defaultCredentials(base({ env: ENV_KEY }));
    const credentials = await provider();
    expect(credentials).toEqual({ accessKeyId: 'LTAI5tEnvKeyId', accessKeySecret: 'EnvSecret', source: 'default/env' });
    expect(provider.lastReport).toMatchObject({
      winner: 'env',
      source: 'default/env',
      providers: [{ name: 'env', outcome: 'resolved', reason: 'env' }],
    });
  });

  it('then the CLI profile, then the credentials file', async () => {
    await t.writeCliConfig(CLI);
    await t.writeIni(INI);
    const cli = defaultCredentials(base());
    expect(await cli()).toMatchObject({ accessKeyId: 'LTAI5tCliKeyId', source: 'default/cli_profile/static_ak' });
    expect(cli.lastReport?.providers.map((p) => [p.name, p.outcome])).toEqual([
      ['env', 'skipped'],
      ['oidc_role_arn', 'skipped'],
      ['cli_profile', 'resolved'],
    ]);
    const ini = defaultCredentials(base({ env: { ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'TRUE' } }));
    expect(await ini()).toMatchObject({ accessKeyId: 'LTAI5tIniKeyId', source: 'default/profile/static_ak' });
    expect(ini.lastReport?.providers[2]).toMatchObject({
      name: 'cli_profile',
      outcome: 'skipped',
      reason: 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED is true',
    });
  });

  it('applies the profile option to both files', async () => {
    await t.writeCliConfig({ current: 'default', profiles: [...CLI.profiles] });
    await t.writeIni(`${INI}\n[ci]\ntype = access_key\naccess_key_id = LTAI5tCiKeyId\naccess_key_secret = CiSecret\n`);
    // The CLI file has no "ci": it passes to the credentials file, which has it.
    const provider = defaultCredentials(base({ profile: 'ci' }));
    expect((await provider()).accessKeyId).toBe('LTAI5tCiKeyId');
    expect(provider.lastReport?.providers[2]).toMatchObject({ name: 'cli_profile', outcome: 'skipped' });
    expect(provider.lastReport?.providers[2]?.reason).toContain('has no profile "ci"');
    const viaEnv = defaultCredentials(base({ env: { ALIBABA_CLOUD_PROFILE: 'ci' } }));
    expect((await viaEnv()).accessKeyId).toBe('LTAI5tCiKeyId');
  });

  it('stops at a configured provider that fails, without asking the later ones', async () => {
    await t.writeCliConfig({ current: 'sso', profiles: [cliProfile({ name: 'sso', mode: 'CloudSSO' })] });
    await t.writeIni(INI);
    const provider = defaultCredentials(base());
    const error = await failure(provider());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('cli_profile is configured but failed');
    expect(error.message).toContain('uses mode CloudSSO');
    expect(provider.lastReport?.providers.map((p) => p.outcome)).toEqual(['skipped', 'skipped', 'failed']);
  });

  it('does not remember a failure: the next call walks the whole chain again', async () => {
    const env: Record<string, string | undefined> = {};
    const provider = defaultCredentials(base({ env }));
    await failure(provider());
    await t.writeIni(INI);
    expect((await provider()).source).toBe('default/profile/static_ak');
    env.ALIBABA_CLOUD_ACCESS_KEY_ID = 'LTAI5tEnvKeyId';
    env.ALIBABA_CLOUD_ACCESS_KEY_SECRET = 'EnvSecret';
    // Cached now (no expiration) until forceRefresh, which resolves again.
    expect((await provider()).source).toBe('default/profile/static_ak');
    expect((await provider.forceRefresh()).source).toBe('default/env');
  });

  it('caches: later calls do not resolve again', async () => {
    await t.writeIni(INI);
    const provider = defaultCredentials(base());
    await provider();
    const first = provider.lastReport;
    await provider();
    expect(provider.lastReport).toBe(first);
  });

  it('leaves providers out by name', async () => {
    await t.writeCliConfig(CLI);
    await t.writeIni(INI);
    const provider = defaultCredentials(base({ exclude: ['cli_profile'] }));
    expect((await provider()).source).toBe('default/profile/static_ak');
    expect(provider.lastReport?.providers.map((p) => p.name)).toEqual(['env', 'oidc_role_arn', 'profile']);
  });

  it('lets custom providers be put first, last or in between', async () => {
    const vault = {
      name: 'vault',
      provider: fromStatic({ accessKeyId: 'LTAI5tVaultKeyId', accessKeySecret: 'VaultSecret', source: 'vault' }),
    };
    const first = defaultCredentials(base({ env: ENV_KEY, providers: (defaults) => [vault, ...defaults] }));
    expect(await first()).toMatchObject({ accessKeyId: 'LTAI5tVaultKeyId', source: 'default/vault' });
    expect(first.lastReport?.winner).toBe('vault');

    const last = defaultCredentials(base({ providers: (defaults) => [...defaults, vault] }));
    expect((await last()).source).toBe('default/vault');
    expect(last.lastReport?.providers.map((p) => p.name)).toEqual([
      'env',
      'oidc_role_arn',
      'cli_profile',
      'profile',
      'ecs_ram_role',
      'credential_uri',
      'vault',
    ]);

    const skipping = {
      name: 'sidecar',
      provider: async () => {
        throw credentialsNotConfigured('sidecar', 'SIDECAR_URL is not set');
      },
    };
    const between = defaultCredentials(
      base({ providers: (defaults) => [...defaults.slice(0, 1), skipping, ...defaults.slice(1)] }),
    );
    const error = await failure(between());
    expect(error.message).toContain('sidecar (skipped): SIDECAR_URL is not set');
  });

  it('reports why the gated providers were skipped', async () => {
    const provider = defaultCredentials(
      base({
        env: {
          ALIBABA_CLOUD_ROLE_ARN: 'acs:ram::123456789012****:role/r',
          ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true',
        },
      }),
    );
    await failure(provider());
    const reasons = Object.fromEntries(provider.lastReport?.providers.map((p) => [p.name, p.reason]) ?? []);
    expect(reasons.oidc_role_arn).toBe('ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set');
    expect(reasons.ecs_ram_role).toBe('ALIBABA_CLOUD_ECS_METADATA_DISABLED is true');
  });

  it('asks isEcsInstance only when no role name is set and ECS is not disabled', async () => {
    let asked = 0;
    const isEcsInstance = () => {
      asked++;
      return false;
    };
    await failure(defaultCredentials(base({ isEcsInstance }))());
    expect(asked).toBe(1);
    await failure(defaultCredentials(base({ isEcsInstance, env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' } }))());
    expect(asked).toBe(1);
  });

  it('checks its options before any I/O', () => {
    expect(() => defaultCredentials({ exclude: ['nope' as 'env'] })).toThrow("unknown provider 'nope'");
    expect(() => defaultCredentials({ exclude: 'env' as unknown as ['env'] })).toThrow(TypeError);
    expect(() => defaultCredentials({ providers: [] as unknown as () => [] })).toThrow(TypeError);
    expect(() => defaultCredentials({ profile: '' })).toThrow(TypeError);
    expect(() => defaultCredentials({ homeDir: '' })).toThrow(TypeError);
    expect(() => defaultCredentials({ isEcsInstance: true as unknown as () => boolean })).toThrow(TypeError);
    expect(() => defaultCredentials(null as unknown as DefaultCredentialsOptions)).toThrow(TypeError);
  });

  it('rejects a providers() result that is not a list of named providers', async () => {
    const provider = defaultCredentials(base({ providers: () => [{ name: '', provider: async () => ({}) as never }] }));
    await expect(provider()).rejects.toThrow(TypeError);
  });
});
