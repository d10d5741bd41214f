import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fromOidc, isCredentialsNotConfigured, isSdkError, memoize, type SdkError } from '../../src/index';

const ROLE_ARN = 'acs:ram::1234567890123456:role/rrsa-role';
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/ack-rrsa-test';

let clock = Date.parse('2034-06-01T00:00:00.000Z');
const now = () => new Date(clock);
let emu: Emulators<'pop'>;
let dir: string;
let tokenFile: string;
let env: Record<string, string>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop'], now });
  dir = await mkdtemp(join(tmpdir(), 'alikit-oidc-'));
  tokenFile = join(dir, 'token');
  env = {
    ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN,
    ALIBABA_CLOUD_OIDC_PROVIDER_ARN: PROVIDER_ARN,
    ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
  };
});
afterAll(async () => {
  await emu.stop();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emu.pop.clearCalls();
  emu.pop.sts.reset();
});

/** A service-account token as Kubernetes projects it, valid for `seconds` from the clock. */
function serviceAccountToken(seconds: number, pod = 'pod-1'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const iat = Math.floor(clock / 1000);
  const claims = {
    iss: 'https://oidc-ack.test',
    aud: 'sts.aliyuncs.com',
    sub: `system:serviceaccount:default:${pod}`,
    iat,
    exp: iat + seconds,
  };
  return `${part({ alg: 'RS256', kid: 'k1' })}.${part(claims)}.c2lnbmF0dXJl`;
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSdkError(error)) throw new Error(`expected an SdkError, got ${String(error)}`);
  return error;
}

describe('fromOidc', () => {
  it('assumes the role with the token from the RRSA environment', async () => {
    const token = serviceAccountToken(3600);
    await writeFile(tokenFile, `${token}\n`);
    const credentials = await fromOidc({ env, stsEndpoint: emu.pop.endpoint, now })();
    expect(credentials).toMatchObject({ accessKeyId: expect.stringMatching(/^STS\./), source: 'oidc_role_arn' });
    expect(credentials.expiration?.getTime()).toBe(clock + 3_600_000);
    const call = emu.pop.sts.calls[0];
    expect(call).toMatchObject({ action: 'AssumeRoleWithOIDC', signature: 'none' });
    // The trailing newline of the file is not sent.
    expect(call?.params).toMatchObject({ OIDCToken: token, OIDCProviderArn: PROVIDER_ARN, RoleArn: ROLE_ARN });
    expect(call?.params.RoleSessionName).toMatch(/^alikit-\d+$/);
  });

  it('is not configured unless all three RRSA settings are present', async () => {
    const partial = await failure(fromOidc({ env: { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN } })());
    expect(isCredentialsNotConfigured(partial)).toBe(true);
    expect(partial.message).toContain('ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE are not set');
    expect(isCredentialsNotConfigured(await failure(fromOidc({ env: {} })()))).toBe(true);
    // Options stand in for the variables.
    await writeFile(tokenFile, serviceAccountToken(600));
    const explicit = fromOidc({
      env: {},
      roleArn: ROLE_ARN,
      oidcProviderArn: PROVIDER_ARN,
      oidcTokenFile: tokenFile,
      roleSessionName: 'explicit',
      durationSeconds: 900,
      stsEndpoint: emu.pop.endpoint,
      now,
    });
    expect((await explicit()).source).toBe('oidc_role_arn');
    expect(emu.pop.sts.calls[0]?.params).toMatchObject({ RoleSessionName: 'explicit', DurationSeconds: '900' });
  });

  it('reads the token file again at every refresh, so a rotated token is used', async () => {
    const start = clock;
    try {
      // STS accepts only the token currently in the file, as a real provider would after rotation.
      let current = serviceAccountToken(600, 'first');
      emu.pop.sts.addOidcProvider({ arn: PROVIDER_ARN, acceptToken: (t) => t === current });
      await writeFile(tokenFile, current);
      const reads: string[] = [];
      const provider = memoize(
        fromOidc({
          env,
          durationSeconds: 900,
          stsEndpoint: emu.pop.endpoint,
          now,
          readFile: async (path) => {
            reads.push(path);
            return (await import('node:fs/promises')).readFile(path, 'utf8');
          },
        }),
        { now, random: () => 0 },
      );
      const first = await provider();
      // Kubernetes writes a new token; the old one expires.
      clock += 10 * 60_000;
      current = serviceAccountToken(600, 'second');
      await writeFile(tokenFile, current);
      const second = await provider();
      expect(second.accessKeyId).not.toBe(first.accessKeyId);
      clock += 10 * 60_000;
      current = serviceAccountToken(600, 'third');
      await writeFile(tokenFile, current);
      const third = await provider();
      expect(third.accessKeyId).not.toBe(second.accessKeyId);
      expect(reads).toEqual([tokenFile, tokenFile, tokenFile]);
      const subjects = emu.pop.sts.calls.map(
        (c) => JSON.parse(Buffer.from(c.params.OIDCToken?.split('.')[1] ?? '', 'base64url').toString()).sub as string,
      );
      expect(subjects).toEqual([
        'system:serviceaccount:default:first',
        'system:serviceaccount:default:second',
        'system:serviceaccount:default:third',
      ]);
    } finally {
      clock = start;
    }
  });

  it('fails as configured for a missing or empty token file and an expired token', async () => {
    const missing = await failure(
      fromOidc({ env: { ...env, ALIBABA_CLOUD_OIDC_TOKEN_FILE: join(dir, 'nope') }, stsEndpoint: emu.pop.endpoint })(),
    );
    expect(missing.details).toMatchObject({ configured: true, source: 'oidc_role_arn' });
    expect(missing.message).toContain('cannot read the OIDC token file');
    expect(missing.message).toContain('ENOENT');

    await writeFile(tokenFile, '\n');
    const empty = await failure(fromOidc({ env, stsEndpoint: emu.pop.endpoint, now })());
    expect(empty.message).toContain('is empty');

    await writeFile(tokenFile, serviceAccountToken(-1));
    const expired = await failure(fromOidc({ env, stsEndpoint: emu.pop.endpoint, now })());
    expect(expired.details).toMatchObject({ configured: true });
    expect((expired.cause as SdkError).code).toBe('AuthenticationFail.OIDCToken.Expired');
    expect(expired.message).toContain('AssumeRoleWithOIDC of acs:ram::1234567890123456:role/rrsa-role failed');
  });

  it('checks its options before any I/O', () => {
    expect(() => fromOidc({ env, durationSeconds: 100 })).toThrow(RangeError);
    expect(() => fromOidc({ env, roleArn: '' })).toThrow(TypeError);
    expect(() => fromOidc({ env, readFile: 'x' as never })).toThrow(TypeError);
    expect(() => fromOidc({ env, stsEndpoint: 'ftp://sts' })).toThrow(TypeError);
  });
});
