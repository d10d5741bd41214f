import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Credentials,
  defaultCredentials,
  isCredentialsNotConfigured,
  isSdkError,
  type SdkError,
} from '../../src/index';
import { cliProfile, type TempHome, tempHome } from '../credentials/temp-home';

/*
 * Our defaultCredentials() against the official default chain of @alicloud/credentials 2.4.7
 * (`new Credential()`), scenario by scenario. The official SDK reads process.env and os.homedir(),
 * so it runs in a child process with a controlled environment and HOME. It talks to fixed hosts
 * (https://sts.<region>.aliyuncs.com, http://100.100.100.200): a preloaded script routes exactly
 * those to the emulators on 127.0.0.1 (STS through a TLS forwarder whose test certificate the
 * child trusts via NODE_EXTRA_CA_CERTS) and refuses every other destination, so nothing leaves the
 * machine. Our side gets the emulators' endpoints as options.
 *
 * Compared: the access key id (the same key for static, file, ECS and URI credentials; for STS
 * sessions, which are new keys each time, the same role assumed with the same caller key, as
 * the emulator recorded) and the kind of source (`default/<kind>[/...]` on both sides).
 */

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const OFFICIAL = `${fixtures}credentials-official.cjs`;
const ROUTE = `${fixtures}credentials-route-loopback.cjs`;
const CERT = `${fixtures}credentials-loopback.cert.pem`;
const KEY = `${fixtures}credentials-loopback.key.pem`;

const ROLE = 'acs:ram::1234567890123456:role/crosscheck-role';
const SECOND_ROLE = 'acs:ram::1234567890123456:role/crosscheck-second';
const OIDC_PROVIDER = 'acs:ram::1234567890123456:oidc-provider/crosscheck';
const FAKE_KEY = { id: 'LTAI5tExampleKeyId', secret: 'ExampleSecretValue' };

const run = promisify(execFile);

interface OfficialResult {
  ok: boolean;
  accessKeyId?: string;
  hasSecurityToken?: boolean;
  providerName?: string;
  message?: string;
}

let emu: Emulators<'pop' | 'metadata'>;
let forwarder: Server;
let routes: Record<string, string>;
let t: TempHome;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop', 'metadata'] });
  const pop = new URL(emu.pop.endpoint);
  // TLS in front of the pop emulator: the official SDK always speaks https to STS.
  forwarder = createServer({ key: readFileSync(KEY), cert: readFileSync(CERT) }, (req, res) => {
    const upstream = httpRequest(
      { host: pop.hostname, port: pop.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
  const tlsPort = (forwarder.address() as AddressInfo).port;
  const metadata = new URL(emu.metadata.endpoint);
  routes = {
    'sts.aliyuncs.com:443': `127.0.0.1:${tlsPort}`,
    'sts.cn-hangzhou.aliyuncs.com:443': `127.0.0.1:${tlsPort}`,
    '100.100.100.200:80': `127.0.0.1:${metadata.port}`,
  };
});
afterAll(async () => {
  await new Promise((resolve) => forwarder.close(resolve));
  await emu.stop();
});
beforeEach(async () => {
  t = await tempHome();
  emu.pop.clearCalls();
  emu.pop.sts.reset();
});
afterEach(() => t.remove());

/** Runs the official default chain with exactly `env` (plus HOME and the routing) and returns each call's outcome. */
async function official(env: Record<string, string>, calls = 1): Promise<OfficialResult[]> {
  const { stdout } = await run(process.execPath, ['--require', ROUTE, OFFICIAL], {
    env: {
      HOME: t.home,
      NODE_EXTRA_CA_CERTS: CERT,
      ALIKIT_ROUTES: JSON.stringify(routes),
      ALIKIT_CALLS: String(calls),
      ...env,
    },
    timeout: 20_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '[]') as OfficialResult[];
}

async function officialOnce(env: Record<string, string>): Promise<OfficialResult> {
  const [result] = await official(env);
  if (!result) throw new Error('the official runner printed nothing');
  return result;
}

/** Ours, in process: the same env and HOME, the emulators' endpoints, off ECS unless the env names a role. */
function ours(env: Record<string, string>) {
  return defaultCredentials({
    env,
    homeDir: t.home,
    stsEndpoint: emu.pop.endpoint,
    metadataEndpoint: emu.metadata.endpoint,
    isEcsInstance: () => false,
  });
}

/** `default/cli_profile/static_ak` → `cli_profile`. */
function kindOf(source: string | undefined): string | undefined {
  return source?.split('/')[1];
}

function sessionOf(accessKeyId: string | undefined) {
  return emu.pop.sts.issued.find((s) => s.credentials.accessKeyId === accessKeyId);
}

async function expectSameKey(
  env: Record<string, string>,
  kind: string,
): Promise<{ theirs: OfficialResult; mine: Credentials }> {
  const theirs = await officialOnce(env);
  const mine = await ours(env)();
  expect(theirs).toMatchObject({ ok: true, accessKeyId: mine.accessKeyId });
  expect(kindOf(theirs.providerName)).toBe(kind);
  expect(kindOf(mine.source)).toBe(kind);
  return { theirs, mine };
}

/** For STS sessions: the same role, assumed the same way, by the same caller key. */
async function expectSameRole(env: Record<string, string>, kind: string, role: string, origin: string) {
  const theirs = await officialOnce(env);
  const mine = await ours(env)();
  expect(theirs.ok, theirs.message).toBe(true);
  expect(kindOf(theirs.providerName)).toBe(kind);
  expect(kindOf(mine.source)).toBe(kind);
  expect(theirs.accessKeyId).toMatch(/^STS\./);
  expect(mine.accessKeyId).toMatch(/^STS\./);
  const a = sessionOf(theirs.accessKeyId);
  const b = sessionOf(mine.accessKeyId);
  expect(a?.roleArn).toBe(role);
  expect(b?.roleArn).toBe(role);
  expect(a?.origin).toBe(origin);
  expect(b?.origin).toBe(origin);
  expect(b?.issuedTo).toBe(a?.issuedTo);
  return { theirs, mine };
}

const akEnv = { ALIBABA_CLOUD_ACCESS_KEY_ID: FAKE_KEY.id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: FAKE_KEY.secret };
const noEcs = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' };
const emuAk = () => ({
  access_key_id: emu.credentials.accessKeyId,
  access_key_secret: emu.credentials.accessKeySecret,
});

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

describe('defaultCredentials() agrees with @alicloud/credentials 2.4.7 new Credential()', () => {
  it('env only', async () => {
    const { theirs, mine } = await expectSameKey({ ...akEnv, ...noEcs }, 'env');
    expect(theirs.providerName).toBe('default/env');
    expect(mine.source).toBe('default/env');
  });

  it('env with a security token', async () => {
    const { theirs, mine } = await expectSameKey(
      { ...akEnv, ALIBABA_CLOUD_SECURITY_TOKEN: 'ExampleToken', ...noEcs },
      'env',
    );
    expect(theirs.hasSecurityToken).toBe(true);
    expect(mine.securityToken).toBe('ExampleToken');
  });

  it('env plus profile: the environment wins on both sides', async () => {
    await t.writeCliConfig({
      current: 'default',
      profiles: [cliProfile({ name: 'default', access_key_id: 'cli-key', access_key_secret: 'CliSecret' })],
    });
    await t.writeIni('[default]\ntype = access_key\naccess_key_id = ini-key\naccess_key_secret = IniSecret\n');
    await expectSameKey({ ...akEnv, ...noEcs }, 'env');
  });

  it('CLI profile, mode AK', async () => {
    await t.writeCliConfig({
      current: 'default',
      profiles: [cliProfile({ name: 'default', access_key_id: 'cli-key', access_key_secret: 'CliSecret' })],
    });
    const { theirs, mine } = await expectSameKey({ ...noEcs }, 'cli_profile');
    // The official chain names only the outer provider; we keep the inner one too.
    expect(theirs.providerName).toBe('default/cli_profile');
    expect(mine.source).toBe('default/cli_profile/static_ak');
  });

  it('CLI profile chosen by ALIBABA_CLOUD_PROFILE', async () => {
    await t.writeCliConfig({
      current: 'a',
      profiles: [
        cliProfile({ name: 'a', access_key_id: 'key-a', access_key_secret: 'SecretA' }),
        cliProfile({ name: 'b', access_key_id: 'key-b', access_key_secret: 'SecretB' }),
      ],
    });
    const { mine } = await expectSameKey({ ALIBABA_CLOUD_PROFILE: 'b', ...noEcs }, 'cli_profile');
    expect(mine.accessKeyId).toBe('key-b');
  });

  it('CLI profile, mode StsToken', async () => {
    await t.writeCliConfig({
      current: 'sts',
      profiles: [
        cliProfile({
          name: 'sts',
          mode: 'StsToken',
          access_key_id: 'STS.cli',
          access_key_secret: 'CliSecret',
          sts_token: 'CliToken',
        }),
      ],
    });
    const { theirs, mine } = await expectSameKey({ ...noEcs }, 'cli_profile');
    expect(theirs.hasSecurityToken).toBe(true);
    expect(mine.securityToken).toBe('CliToken');
  });

  it('CLI profile, mode RamRoleArn', async () => {
    await t.writeCliConfig({
      current: 'role',
      profiles: [
        cliProfile({
          name: 'role',
          mode: 'RamRoleArn',
          ...emuAk(),
          ram_role_arn: ROLE,
          ram_session_name: 'xcheck',
          sts_region: 'cn-hangzhou',
        }),
      ],
    });
    const { mine } = await expectSameRole({ ...noEcs }, 'cli_profile', ROLE, 'AssumeRole');
    expect(mine.source).toBe('default/cli_profile/ram_role_arn/static_ak');
    expect(sessionOf(mine.accessKeyId)?.issuedTo).toBe(emu.credentials.accessKeyId);
    // Both sent the profile's session name.
    expect(emu.pop.sts.calls.map((c) => c.params.RoleSessionName)).toEqual(['xcheck', 'xcheck']);
  });

  it('CLI profile, mode ChainableRamRoleArn', async () => {
    await t.writeCliConfig({
      current: 'outer',
      profiles: [
        cliProfile({
          name: 'outer',
          mode: 'ChainableRamRoleArn',
          source_profile: 'base',
          ram_role_arn: ROLE,
          sts_region: 'cn-hangzhou',
        }),
        cliProfile({ name: 'base', mode: 'AK', ...emuAk() }),
      ],
    });
    await expectSameRole({ ...noEcs }, 'cli_profile', ROLE, 'AssumeRole');
  });

  it('CLI profile, mode ChainableRamRoleArn over RamRoleArn (two hops)', async () => {
    await t.writeCliConfig({
      current: 'outer',
      profiles: [
        cliProfile({
          name: 'outer',
          mode: 'ChainableRamRoleArn',
          source_profile: 'inner',
          ram_role_arn: SECOND_ROLE,
          sts_region: 'cn-hangzhou',
        }),
        cliProfile({ name: 'inner', mode: 'RamRoleArn', ...emuAk(), ram_role_arn: ROLE, sts_region: 'cn-hangzhou' }),
      ],
    });
    const theirs = await officialOnce({ ...noEcs });
    const mine = await ours({ ...noEcs })();
    expect(theirs.ok, theirs.message).toBe(true);
    for (const key of [theirs.accessKeyId, mine.accessKeyId]) {
      const outer = sessionOf(key);
      expect(outer?.roleArn).toBe(SECOND_ROLE);
      // The second hop was signed with a session of the first role.
      expect(sessionOf(outer?.issuedTo)?.roleArn).toBe(ROLE);
    }
  });

  it('CLI profile, mode EcsRamRole (the same instance credentials)', async () => {
    await t.writeCliConfig({
      current: 'ecs',
      profiles: [cliProfile({ name: 'ecs', mode: 'EcsRamRole', ram_role_name: emu.metadata.roleName })],
    });
    // ECS left enabled: the official builder of this mode refuses to run when it is disabled.
    const { mine } = await expectSameKey({}, 'cli_profile');
    expect(mine.source).toBe('default/cli_profile/ecs_ram_role');
  });

  it('CLI profile, mode OIDC', async () => {
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
          sts_region: 'cn-hangzhou',
        }),
      ],
    });
    await expectSameRole({ ...noEcs }, 'cli_profile', ROLE, 'AssumeRoleWithOIDC');
  });

  it('CLI profile, mode CredentialsURI: a deliberate difference (the official SDK does not support it)', async () => {
    await t.writeCliConfig({
      current: 'uri',
      profiles: [cliProfile({ name: 'uri', mode: 'CredentialsURI', credentials_uri: emu.metadata.credentialsUri })],
    });
    const theirs = await officialOnce({ ...noEcs });
    expect(theirs.ok).toBe(false);
    expect(theirs.message).toContain("unsupported profile mode 'CredentialsURI'");
    const mine = await ours({ ...noEcs })();
    expect(mine.source).toBe('default/cli_profile/credential_uri');
    expect(mine.accessKeyId).toMatch(/^STS\./);
  });

  it('a CLI profile that is configured but failing: the official chain moves on, ours stops (deliberate)', async () => {
    await t.writeCliConfig({ current: 'sso', profiles: [cliProfile({ name: 'sso', mode: 'CloudSSO' })] });
    await t.writeIni('[default]\ntype = access_key\naccess_key_id = ini-key\naccess_key_secret = IniSecret\n');
    const theirs = await officialOnce({ ...noEcs });
    expect(theirs).toMatchObject({ ok: true, accessKeyId: 'ini-key', providerName: 'default/profile' });
    const error = await failure(ours({ ...noEcs })());
    expect(error.message).toContain('cli_profile is configured but failed');
    expect(error.message).toContain('CloudSSO');
  });

  it('a source_profile cycle: the official SDK overflows its stack, ours names the cycle (deliberate)', async () => {
    await t.writeCliConfig({
      current: 'a',
      profiles: [
        cliProfile({ name: 'a', mode: 'ChainableRamRoleArn', source_profile: 'b', ram_role_arn: ROLE }),
        cliProfile({ name: 'b', mode: 'ChainableRamRoleArn', source_profile: 'a', ram_role_arn: SECOND_ROLE }),
      ],
    });
    const theirs = await officialOnce({ ...noEcs });
    expect(theirs.message).toContain('Maximum call stack size exceeded');
    const error = await failure(ours({ ...noEcs })());
    expect(error.message).toContain('source_profile cycle: a -> b -> a');
  });

  it('the INI credentials file', async () => {
    await t.writeIni('[default]\ntype = access_key\naccess_key_id = ini-key\naccess_key_secret = IniSecret\n');
    const { theirs, mine } = await expectSameKey({ ...noEcs }, 'profile');
    expect(theirs.providerName).toBe('default/profile');
    expect(mine.source).toBe('default/profile/static_ak');
  });

  it('the INI file named by ALIBABA_CLOUD_CREDENTIALS_FILE, section from ALIBABA_CLOUD_PROFILE', async () => {
    const path = await t.writeIni(
      '[ci]\ntype = access_key\naccess_key_id = ci-key\naccess_key_secret = CiSecret\n',
      'custom/creds',
    );
    await expectSameKey({ ALIBABA_CLOUD_CREDENTIALS_FILE: path, ALIBABA_CLOUD_PROFILE: 'ci', ...noEcs }, 'profile');
  });

  it('the INI file, type ram_role_arn', async () => {
    const { access_key_id, access_key_secret } = emuAk();
    await t.writeIni(
      `[default]\ntype = ram_role_arn\naccess_key_id = ${access_key_id}\naccess_key_secret = ${access_key_secret}\nrole_arn = ${ROLE}\nrole_session_name = ini\n`,
    );
    await expectSameRole({ ALIBABA_CLOUD_STS_REGION: 'cn-hangzhou', ...noEcs }, 'profile', ROLE, 'AssumeRole');
  });

  it('OIDC from the RRSA environment variables', async () => {
    const tokenFile = await t.write('token', serviceAccountToken());
    const env = {
      ALIBABA_CLOUD_ROLE_ARN: ROLE,
      ALIBABA_CLOUD_OIDC_PROVIDER_ARN: OIDC_PROVIDER,
      ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
      ALIBABA_CLOUD_STS_REGION: 'cn-hangzhou',
      ...noEcs,
    };
    const { theirs, mine } = await expectSameRole(env, 'oidc_role_arn', ROLE, 'AssumeRoleWithOIDC');
    expect(theirs.providerName).toBe('default/oidc_role_arn');
    expect(mine.source).toBe('default/oidc_role_arn');
  });

  it('the ECS RAM role named by ALIBABA_CLOUD_ECS_METADATA (the same instance credentials)', async () => {
    const { theirs, mine } = await expectSameKey({ ALIBABA_CLOUD_ECS_METADATA: emu.metadata.roleName }, 'ecs_ram_role');
    expect(theirs.providerName).toBe('default/ecs_ram_role');
    expect(mine.source).toBe('default/ecs_ram_role');
  });

  it('the credentials URI', async () => {
    const { theirs } = await expectSameKey(
      { ALIBABA_CLOUD_CREDENTIALS_URI: emu.metadata.credentialsUri, ...noEcs },
      'credential_uri',
    );
    expect(theirs.providerName).toBe('default/credential_uri');
  });

  it('nothing configured: both fail; the official quirks are fixed (deliberate)', async () => {
    const [first, second] = await official({ ...noEcs }, 2);
    expect(first?.ok).toBe(false);
    expect(first?.message).toContain('unable to get credentials from any of the providers in the chain');
    expect(first?.message).toContain(
      'Access key ID must be specified via environment variable (ALIBABA_CLOUD_ACCESS_KEY_ID)',
    );
    expect(first?.message).toContain(`reading aliyun cli config from '${t.home}/.aliyun/config.json' failed.`);
    // Quirk: the URI provider runs without a URI and requests https://undefined/.
    expect(first?.message).toContain('no route to undefined:443');
    // Quirk: after a failure only the last provider is asked.
    expect(second?.ok).toBe(false);
    expect(second?.message).not.toContain('unable to get credentials from any of the providers');
    expect(second?.message).toContain('undefined');

    const provider = ours({ ...noEcs });
    for (let call = 0; call < 2; call++) {
      const started = performance.now();
      const error = await failure(provider());
      expect(performance.now() - started).toBeLessThan(1000);
      expect(isCredentialsNotConfigured(error)).toBe(true);
      // Every provider is asked again and said why it had nothing; the URI provider did not run.
      expect(provider.lastReport?.providers.map((p) => p.name)).toEqual([
        'env',
        'oidc_role_arn',
        'cli_profile',
        'profile',
        'ecs_ram_role',
        'credential_uri',
      ]);
      expect(error.message).toContain('credential_uri (skipped): ALIBABA_CLOUD_CREDENTIALS_URI is not set');
      expect(error.message).toContain('ecs_ram_role (skipped): ALIBABA_CLOUD_ECS_METADATA_DISABLED is true');
    }
  });
});
