import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromCliProfile } from '../../src/credentials/cli-profile';
import { fromCredentialsFile } from '../../src/credentials/credentials-file';
import { isCredentialsNotConfigured } from '../../src/credentials/errors';
import { defaultCredentials, isSdkError, type SdkError } from '../../src/index';
import { cliProfile, type TempHome, tempHome } from './temp-home';

const ROLE = 'acs:ram::1234567890123456:role/profile-role';
const SECOND_ROLE = 'acs:ram::1234567890123456:role/second-role';
const OIDC_PROVIDER = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa';

let emu: Emulators<'pop' | 'metadata'>;
let t: TempHome;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop', 'metadata'] });
});
afterAll(() => emu.stop());
beforeEach(async () => {
  t = await tempHome();
  emu.pop.clearCalls();
  emu.pop.sts.reset();
  emu.faults.clear();
  emu.metadata.roleAttached = true;
});
afterEach(() => t.remove());

/** A service-account token as Kubernetes projects it (the emulator checks its form and expiry). */
function serviceAccountToken(): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(Date.now() / 1000);
  const claims = {
    iss: 'https://oidc.test',
    aud: 'sts.aliyuncs.com',
    sub: 'system:serviceaccount:default:app',
    iat,
    exp: iat + 3600,
  };
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.c2lnbmF0dXJl`;
}

const akProfile = (name: string) =>
  cliProfile({
    name,
    mode: 'AK',
    access_key_id: emu.credentials.accessKeyId,
    access_key_secret: emu.credentials.accessKeySecret,
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

describe('fromCliProfile: network modes against the emulators', () => {
  it('RamRoleArn: AssumeRole with the profile key, at the profile sts_endpoint', async () => {
    await t.writeCliConfig({
      current: 'role',
      profiles: [
        cliProfile({
          name: 'role',
          mode: 'RamRoleArn',
          access_key_id: emu.credentials.accessKeyId,
          access_key_secret: emu.credentials.accessKeySecret,
          ram_role_arn: ROLE,
          ram_session_name: 'cli-session',
          expired_seconds: 1800,
          sts_endpoint: emu.pop.endpoint,
        }),
      ],
    });
    const credentials = await fromCliProfile({ homeDir: t.home, env: {} })();
    expect(credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^STS\./),
      securityToken: expect.any(String),
      source: 'cli_profile/ram_role_arn/static_ak',
    });
    const [call] = emu.pop.sts.calls;
    expect(call?.accessKeyId).toBe(emu.credentials.accessKeyId);
    expect(call?.params).toMatchObject({ RoleArn: ROLE, RoleSessionName: 'cli-session', DurationSeconds: '1800' });
  });

  it('RamRoleArn with a wrong secret fails (configured) with the STS code', async () => {
    await t.writeCliConfig({
      current: 'role',
      profiles: [
        cliProfile({
          name: 'role',
          mode: 'RamRoleArn',
          access_key_id: emu.credentials.accessKeyId,
          access_key_secret: 'WrongSecretValue',
          ram_role_arn: ROLE,
        }),
      ],
    });
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {}, stsEndpoint: emu.pop.endpoint })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('SignatureDoesNotMatch');
    expect(error.message).not.toContain('WrongSecretValue');
  });

  it('ChainableRamRoleArn: source profiles resolved recursively, each role assumed with the previous session', async () => {
    await t.writeCliConfig({
      current: 'outer',
      profiles: [
        cliProfile({ name: 'outer', mode: 'ChainableRamRoleArn', source_profile: 'inner', ram_role_arn: SECOND_ROLE }),
        cliProfile({ name: 'inner', mode: 'ChainableRamRoleArn', source_profile: 'base', ram_role_arn: ROLE }),
        akProfile('base'),
      ],
    });
    const credentials = await fromCliProfile({ homeDir: t.home, env: {}, stsEndpoint: emu.pop.endpoint })();
    expect(credentials.source).toBe('cli_profile/ram_role_arn/ram_role_arn/static_ak');
    const [first, second] = emu.pop.sts.calls;
    expect(first?.accessKeyId).toBe(emu.credentials.accessKeyId);
    expect(first?.params.RoleArn).toBe(ROLE);
    expect(second?.params.RoleArn).toBe(SECOND_ROLE);
    expect(second?.accessKeyId).toBe(emu.pop.sts.issued.at(-2)?.credentials.accessKeyId);
    expect(emu.pop.sts.issued.at(-1)?.credentials.accessKeyId).toBe(credentials.accessKeyId);
  });

  it('EcsRamRole: the named role from the metadata service, asking for a one-hour refresh margin', async () => {
    await t.writeCliConfig({
      current: 'ecs',
      profiles: [cliProfile({ name: 'ecs', mode: 'EcsRamRole', ram_role_name: emu.metadata.roleName })],
    });
    const credentials = await fromCliProfile({ homeDir: t.home, env: {}, metadataEndpoint: emu.metadata.endpoint })();
    expect(credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^STS\./),
      source: 'cli_profile/ecs_ram_role',
    });
    expect(credentials.refreshAheadMs).toBe(3_600_000);
    expect(credentials.expiration).toBeInstanceOf(Date);
  });

  it('EcsRamRole on an instance without a role fails: the profile chose the mode', async () => {
    emu.metadata.roleAttached = false;
    await t.writeCliConfig({ current: 'ecs', profiles: [cliProfile({ name: 'ecs', mode: 'EcsRamRole' })] });
    const error = await failure(
      fromCliProfile({ homeDir: t.home, env: {}, metadataEndpoint: emu.metadata.endpoint })(),
    );
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('has no RAM role attached');
  });

  it('OIDC: AssumeRoleWithOIDC with the token file', async () => {
    const tokenFile = await t.write('token', serviceAccountToken());
    await t.writeCliConfig({
      current: 'oidc',
      profiles: [
        cliProfile({
          name: 'oidc',
          mode: 'OIDC',
          ram_role_arn: ROLE,
          oidc_provider_arn: OIDC_PROVIDER,
          oidc_token_file: tokenFile,
          ram_session_name: 'oidc-session',
          expired_seconds: 1200,
        }),
      ],
    });
    const credentials = await fromCliProfile({ homeDir: t.home, env: {}, stsEndpoint: emu.pop.endpoint })();
    expect(credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^STS\./),
      source: 'cli_profile/oidc_role_arn',
    });
    const [call] = emu.pop.sts.calls;
    expect(call?.action).toBe('AssumeRoleWithOIDC');
    // The CLI's expired_seconds is honoured (the official SDK reads only duration_seconds).
    expect(call?.params).toMatchObject({
      RoleArn: ROLE,
      OIDCProviderArn: OIDC_PROVIDER,
      RoleSessionName: 'oidc-session',
      DurationSeconds: '1200',
    });
  });

  it('OIDC with a field missing fails rather than passing on', async () => {
    await t.writeCliConfig({
      current: 'oidc',
      profiles: [cliProfile({ name: 'oidc', mode: 'OIDC', ram_role_arn: ROLE })],
    });
    const error = await failure(fromCliProfile({ homeDir: t.home, env: {}, stsEndpoint: emu.pop.endpoint })());
    expect(isCredentialsNotConfigured(error)).toBe(false);
    expect(error.message).toContain('ALIBABA_CLOUD_OIDC_PROVIDER_ARN');
  });

  it('CredentialsURI: the document at credentials_uri', async () => {
    await t.writeCliConfig({
      current: 'uri',
      profiles: [cliProfile({ name: 'uri', mode: 'CredentialsURI', credentials_uri: emu.metadata.credentialsUri })],
    });
    const credentials = await fromCliProfile({ homeDir: t.home, env: {} })();
    expect(credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^STS\./),
      source: 'cli_profile/credential_uri',
    });
  });
});

describe('fromCredentialsFile: network types against the emulators', () => {
  it('ram_role_arn: AssumeRole with the section key, role, session name and policy', async () => {
    const policy = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject","Resource":"*"}]}';
    await t.writeIni(
      [
        '[default]',
        'type = ram_role_arn',
        `access_key_id = ${emu.credentials.accessKeyId}`,
        `access_key_secret = ${emu.credentials.accessKeySecret}`,
        `role_arn = ${ROLE}`,
        'role_session_name = ini-session',
        `policy = ${policy}`,
      ].join('\n'),
    );
    const credentials = await fromCredentialsFile({ homeDir: t.home, env: {}, stsEndpoint: emu.pop.endpoint })();
    expect(credentials.source).toBe('profile/ram_role_arn/static_ak');
    expect(emu.pop.sts.calls[0]?.params).toMatchObject({
      RoleArn: ROLE,
      RoleSessionName: 'ini-session',
      Policy: policy,
    });
  });

  it('ecs_ram_role: with role_name, and with the role discovered', async () => {
    await t.writeIni(
      `[named]\ntype = ecs_ram_role\nrole_name = ${emu.metadata.roleName}\n\n[found]\ntype = ecs_ram_role\n`,
    );
    for (const profile of ['named', 'found']) {
      const credentials = await fromCredentialsFile({
        homeDir: t.home,
        profile,
        env: {},
        metadataEndpoint: emu.metadata.endpoint,
      })();
      expect(credentials.source).toBe('profile/ecs_ram_role');
      expect(credentials.refreshAheadMs).toBe(3_600_000);
    }
  });
});

describe('defaultCredentials: network providers against the emulators', () => {
  const off = { isEcsInstance: () => false };

  it('OIDC from the RRSA variables', async () => {
    const tokenFile = await t.write('token', serviceAccountToken());
    const provider = defaultCredentials({
      ...off,
      homeDir: t.home,
      stsEndpoint: emu.pop.endpoint,
      env: {
        ALIBABA_CLOUD_ROLE_ARN: ROLE,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      },
    });
    expect((await provider()).source).toBe('default/oidc_role_arn');
    expect(provider.lastReport?.winner).toBe('oidc_role_arn');
  });

  it('the ECS role named by ALIBABA_CLOUD_ECS_METADATA, and a discovered one on an ECS instance', async () => {
    const named = defaultCredentials({
      ...off,
      homeDir: t.home,
      metadataEndpoint: emu.metadata.endpoint,
      env: { ALIBABA_CLOUD_ECS_METADATA: emu.metadata.roleName },
    });
    expect((await named()).source).toBe('default/ecs_ram_role');
    const discovered = defaultCredentials({
      isEcsInstance: () => true,
      homeDir: t.home,
      metadataEndpoint: emu.metadata.endpoint,
      env: {},
    });
    expect((await discovered()).source).toBe('default/ecs_ram_role');
  });

  it('a metadata outage with a role name set: a clear error, no hang', async () => {
    emu.faults.inject('metadata', { status: 503 });
    const provider = defaultCredentials({
      ...off,
      homeDir: t.home,
      metadataEndpoint: emu.metadata.endpoint,
      env: { ALIBABA_CLOUD_ECS_METADATA: emu.metadata.roleName },
    });
    const started = performance.now();
    const error = await failure(provider());
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error.message).toContain('ecs_ram_role is configured but failed');
    expect(error.message).toContain('503');
  });

  it('an ECS instance whose metadata service does not answer passes on to the next provider', async () => {
    // A closed port: what an unreachable service looks like, without waiting for a timeout.
    const closed = await startEmulators({ services: ['metadata'] });
    const endpoint = closed.metadata.endpoint;
    await closed.stop();
    const provider = defaultCredentials({
      isEcsInstance: () => true,
      homeDir: t.home,
      metadataEndpoint: endpoint,
      env: { ALIBABA_CLOUD_CREDENTIALS_URI: emu.metadata.credentialsUri },
    });
    expect((await provider()).source).toBe('default/credential_uri');
    expect(provider.lastReport?.providers.find((p) => p.name === 'ecs_ram_role')?.outcome).toBe('skipped');
  });

  it('the credentials URI from ALIBABA_CLOUD_CREDENTIALS_URI', async () => {
    const provider = defaultCredentials({
      ...off,
      homeDir: t.home,
      env: { ALIBABA_CLOUD_CREDENTIALS_URI: emu.metadata.credentialsUri },
    });
    expect((await provider()).source).toBe('default/credential_uri');
  });

  it('1,000 concurrent callers cause exactly one STS call', async () => {
    await t.writeCliConfig({
      current: 'role',
      profiles: [
        cliProfile({
          name: 'role',
          mode: 'RamRoleArn',
          access_key_id: emu.credentials.accessKeyId,
          access_key_secret: emu.credentials.accessKeySecret,
          ram_role_arn: ROLE,
        }),
      ],
    });
    const provider = defaultCredentials({ ...off, homeDir: t.home, env: {}, stsEndpoint: emu.pop.endpoint });
    const results = await Promise.all(Array.from({ length: 1000 }, () => provider()));
    expect(emu.pop.sts.calls).toHaveLength(1);
    expect(new Set(results.map((c) => c.accessKeyId)).size).toBe(1);
    expect(results[0]?.source).toBe('default/cli_profile/ram_role_arn/static_ak');
  });
});
