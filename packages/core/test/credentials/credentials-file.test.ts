import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fromCredentialsFile } from '../../src/credentials/credentials-file';
import { isCredentialsNotConfigured } from '../../src/credentials/errors';
import { isSdkError, type SdkError } from '../../src/errors/sdk-error';
import { type TempHome, tempHome } from './temp-home';

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

const INI = `# credentials
[default]
type = access_key
access_key_id = LTAI5tExampleKeyId
access_key_secret = ExampleSecret

[other]
type = access_key                 ; a comment
access_key_id = other-key
access_key_secret = "Example;Secret"
`;

describe('fromCredentialsFile', () => {
  it('reads the [default] section of ~/.alibabacloud/credentials', async () => {
    await t.writeIni(INI);
    expect(await fromCredentialsFile({ homeDir: t.home, env: {} })()).toEqual({
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: 'ExampleSecret',
      source: 'profile/static_ak',
    });
  });

  it('picks the section: explicit option, then ALIBABA_CLOUD_PROFILE, then default', async () => {
    await t.writeIni(INI);
    const viaEnv = await fromCredentialsFile({ homeDir: t.home, env: { ALIBABA_CLOUD_PROFILE: 'other' } })();
    expect(viaEnv.accessKeyId).toBe('other-key');
    expect(viaEnv.accessKeySecret).toBe('Example;Secret');
    const explicit = await fromCredentialsFile({
      homeDir: t.home,
      profile: 'default',
      env: { ALIBABA_CLOUD_PROFILE: 'other' },
    })();
    expect(explicit.accessKeyId).toBe('LTAI5tExampleKeyId');
  });

  it('reads the file named by ALIBABA_CLOUD_CREDENTIALS_FILE or the path option', async () => {
    const path = await t.writeIni(INI, 'elsewhere/creds.ini');
    expect(
      (await fromCredentialsFile({ homeDir: t.home, env: { ALIBABA_CLOUD_CREDENTIALS_FILE: path } })()).accessKeyId,
    ).toBe('LTAI5tExampleKeyId');
    expect((await fromCredentialsFile({ path, env: {} })()).accessKeyId).toBe('LTAI5tExampleKeyId');
  });

  it('is not configured when the default file is missing', async () => {
    const error = await failure(fromCredentialsFile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect(error.message).toContain(`no file at ${t.home}/.alibabacloud/credentials`);
  });

  it('fails when a file named explicitly (option or variable) is missing', async () => {
    const missing = `${t.home}/nope.ini`;
    const viaEnv = await failure(
      fromCredentialsFile({ homeDir: t.home, env: { ALIBABA_CLOUD_CREDENTIALS_FILE: missing } })(),
    );
    expect(isCredentialsNotConfigured(viaEnv)).toBe(false);
    expect(viaEnv.message).toContain(`cannot read ${missing}: ENOENT`);
    const viaOption = await failure(fromCredentialsFile({ path: missing, env: {} })());
    expect(isCredentialsNotConfigured(viaOption)).toBe(false);
  });

  it('is not configured when the section is missing, unless it was named explicitly', async () => {
    await t.writeIni(INI);
    const viaEnv = await failure(fromCredentialsFile({ homeDir: t.home, env: { ALIBABA_CLOUD_PROFILE: 'ci' } })());
    expect(isCredentialsNotConfigured(viaEnv)).toBe(true);
    expect(viaEnv.message).toContain('has no section [ci]');
    const explicit = await failure(fromCredentialsFile({ homeDir: t.home, profile: 'ci', env: {} })());
    expect(isCredentialsNotConfigured(explicit)).toBe(false);
  });

  it('fails for a section without type or with an unknown type', async () => {
    await t.writeIni('[default]\naccess_key_id = k\n');
    expect((await failure(fromCredentialsFile({ homeDir: t.home, env: {} })())).message).toContain('[default] of');
    expect((await failure(fromCredentialsFile({ homeDir: t.home, env: {} })())).message).toContain(
      'has no type (expected one of access_key, ecs_ram_role, ram_role_arn)',
    );
    await t.writeIni('[default]\ntype = sts\n');
    expect((await failure(fromCredentialsFile({ homeDir: t.home, env: {} })())).message).toContain(
      "unknown type 'sts'",
    );
  });

  it('fails for an access_key section without its keys, after the environment fallback', async () => {
    await t.writeIni('[default]\ntype = access_key\naccess_key_id = k\n');
    const error = await failure(fromCredentialsFile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('has no access_key_secret');
    const fallback = await fromCredentialsFile({
      homeDir: t.home,
      env: { ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'EnvSecret' },
    })();
    expect(fallback.accessKeySecret).toBe('EnvSecret');
  });

  it('fails for a ram_role_arn section without keys before any network call', async () => {
    await t.writeIni('[default]\ntype = ram_role_arn\nrole_arn = acs:ram::123456789012****:role/r\n');
    const error = await failure(fromCredentialsFile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('has no access_key_id');
  });

  it('fails, naming the section, for a ram_role_arn section without role_arn', async () => {
    await t.writeIni('[default]\ntype = ram_role_arn\naccess_key_id = k\naccess_key_secret = ExampleSecret\n');
    const error = await failure(fromCredentialsFile({ homeDir: t.home, env: {} })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('[default] of');
    expect(error.message).toContain('roleArn is required');
  });

  it('fails when the file cannot be read', async () => {
    const error = await failure(
      fromCredentialsFile({
        homeDir: t.home,
        env: {},
        readFile: async () => {
          throw Object.assign(new Error('denied'), { code: 'EACCES' });
        },
      })(),
    );
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('EACCES');
  });

  it('checks its options before any I/O', () => {
    expect(() => fromCredentialsFile({ path: '' })).toThrow(TypeError);
    expect(() => fromCredentialsFile({ profile: 5 as unknown as string })).toThrow(TypeError);
    expect(() => fromCredentialsFile({ homeDir: '' })).toThrow(TypeError);
  });
});
