import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type Credentials,
  createHttpClient,
  fromRamRoleArn,
  fromStatic,
  isCredentialsNotConfigured,
  isSdkError,
  memoize,
  type SdkError,
  signOssV1,
} from '../../src/index';

const ROLE_ARN = 'acs:ram::1234567890123456:role/ram-role-arn-test';
const SECOND_ROLE = 'acs:ram::1234567890123456:role/second-role';

let clock = Date.parse('2033-01-01T00:00:00.000Z');
const now = () => new Date(clock);
let emu: Emulators<'pop' | 'oss'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop', 'oss'], now });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.clearCalls();
  emu.pop.sts.reset();
});

const source = () => fromStatic(emu.credentials);

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSdkError(error)) throw new Error(`expected an SdkError, got ${String(error)}`);
  return error;
}

describe('fromRamRoleArn', () => {
  it('assumes the role with the source credentials', async () => {
    const provider = fromRamRoleArn({
      source: source(),
      roleArn: ROLE_ARN,
      roleSessionName: 'provider-test',
      durationSeconds: 1200,
      stsEndpoint: emu.pop.endpoint,
      now,
    });
    const credentials = await provider();
    expect(credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^STS\./),
      securityToken: expect.any(String),
      source: 'ram_role_arn/static_ak',
    });
    expect(credentials.expiration?.getTime()).toBe(clock + 1_200_000);
    expect(emu.pop.sts.calls.map((c) => [c.accessKeyId, c.params.RoleSessionName, c.params.DurationSeconds])).toEqual([
      [emu.credentials.accessKeyId, 'provider-test', '1200'],
    ]);
    // Every call assumes the role again: caching is memoize's job.
    await provider();
    expect(emu.pop.sts.calls).toHaveLength(2);
  });

  it('reads the role ARN and session name from the environment, and chains roles', async () => {
    const env = { ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN, ALIBABA_CLOUD_ROLE_SESSION_NAME: 'from-env' };
    const first = fromRamRoleArn({ source: source(), env, stsEndpoint: emu.pop.endpoint, now });
    const second = fromRamRoleArn({ source: first, roleArn: SECOND_ROLE, stsEndpoint: emu.pop.endpoint, now });
    const credentials = await second();
    expect(credentials.source).toBe('ram_role_arn/ram_role_arn/static_ak');
    const [outer, inner] = emu.pop.sts.calls;
    expect(outer?.params).toMatchObject({ RoleArn: ROLE_ARN, RoleSessionName: 'from-env' });
    expect(inner?.params.RoleArn).toBe(SECOND_ROLE);
    expect(inner?.params.RoleSessionName).toMatch(/^alikit-\d+$/);
    // The inner AssumeRole was signed with the first role's session.
    expect(inner?.accessKeyId).toBe(emu.pop.sts.issued.at(-2)?.credentials.accessKeyId);
    expect(inner?.params.SecurityToken).toBe(emu.pop.sts.issued.at(-2)?.credentials.securityToken);
    expect(emu.pop.sts.issued.at(-1)?.roleArn).toBe(SECOND_ROLE);
  });

  it('fails as configured, with STS error as the cause, for a bad role ARN or a wrong secret', async () => {
    const bad = await failure(
      fromRamRoleArn({ source: source(), roleArn: 'acs:ram::1:group/x', stsEndpoint: emu.pop.endpoint, now })(),
    );
    expect(bad.code).toBe('ERR_CREDENTIALS');
    expect(bad.details).toMatchObject({ configured: true, source: 'ram_role_arn/static_ak' });
    expect(isCredentialsNotConfigured(bad)).toBe(false);
    expect((bad.cause as SdkError).code).toBe('InvalidParameter.RoleArn');
    expect(bad.message).toContain('AssumeRole of acs:ram::1:group/x failed');

    const wrong = await failure(
      fromRamRoleArn({
        source: fromStatic({ accessKeyId: emu.credentials.accessKeyId, accessKeySecret: 'WrongSecret000' }),
        roleArn: ROLE_ARN,
        stsEndpoint: emu.pop.endpoint,
        now,
      })(),
    );
    expect((wrong.cause as SdkError).code).toBe('SignatureDoesNotMatch');
    expect(wrong.message).toContain('the AccessKeySecret is wrong');
    expect(wrong.message).not.toContain('WrongSecret000');
  });

  it('fails as configured when the source fails, and passes an abort through', async () => {
    const notConfigured = fromRamRoleArn({
      source: () => Promise.reject(new Error('no keys here')),
      roleArn: ROLE_ARN,
      stsEndpoint: emu.pop.endpoint,
    });
    const error = await failure(notConfigured());
    expect(error.details).toMatchObject({ configured: true });
    expect(error.message).toContain('the source credentials for AssumeRole');
    expect(error.message).toContain('no keys here');

    const controller = new AbortController();
    controller.abort(new Error('caller gave up'));
    const provider = fromRamRoleArn({ source: source(), roleArn: ROLE_ARN, stsEndpoint: emu.pop.endpoint, now });
    await expect(provider({ signal: controller.signal })).rejects.toThrow('caller gave up');
  });

  it('checks its options before any I/O', () => {
    const base = { source: source(), stsEndpoint: emu.pop.endpoint };
    expect(() => fromRamRoleArn({ ...base, env: {} })).toThrow(/roleArn is required/);
    expect(() => fromRamRoleArn({ ...base, roleArn: ROLE_ARN, durationSeconds: 899 })).toThrow(RangeError);
    expect(() => fromRamRoleArn({ ...base, roleArn: ROLE_ARN, durationSeconds: 1000.5 })).toThrow(TypeError);
    expect(() => fromRamRoleArn({ ...base, source: undefined as never, roleArn: ROLE_ARN })).toThrow(TypeError);
    expect(() => fromRamRoleArn({ ...base, roleArn: ROLE_ARN, stsEndpoint: 'http://sts.example.com' })).toThrow(
      TypeError,
    );
    expect(() => fromRamRoleArn({ source: source(), roleArn: ROLE_ARN, stsRegion: 'Bad Region' })).toThrow(RangeError);
  });

  it('reports an unusable STS region from the environment at call time', async () => {
    const provider = fromRamRoleArn({ source: source(), roleArn: ROLE_ARN, env: { ALIBABA_CLOUD_STS_REGION: '??' } });
    const error = await failure(provider());
    expect(error.details).toMatchObject({ configured: true });
    expect(error.message).toContain('the STS region from the environment is unusable');
  });
});

describe('memoize(fromRamRoleArn(...))', () => {
  it('serves 1,000 concurrent callers with exactly one AssumeRole', async () => {
    const credentials = memoize(
      fromRamRoleArn({ source: source(), roleArn: ROLE_ARN, stsEndpoint: emu.pop.endpoint, now }),
      { now },
    );
    const results = await Promise.all(Array.from({ length: 1000 }, () => credentials()));
    expect(new Set(results.map((c) => c.accessKeyId)).size).toBe(1);
    expect(emu.pop.sts.calls.filter((c) => c.action === 'AssumeRole')).toHaveLength(1);
  });

  it('keeps a long-running loop of signed requests working across three token rotations', async () => {
    const start = clock;
    try {
      const credentials = memoize(
        fromRamRoleArn({
          source: source(),
          roleArn: ROLE_ARN,
          durationSeconds: 900,
          stsEndpoint: emu.pop.endpoint,
          now,
        }),
        { now, random: () => 0 },
      );
      // Each attempt asks the provider, as every alikit client does, so new sessions are picked up.
      const http = createHttpClient({ now });
      const seen: Credentials[] = [];
      const firstUsedAt: number[] = [];
      const listBuckets = () =>
        http.send({
          service: 'oss',
          operation: 'ListBuckets',
          method: 'GET',
          url: `${emu.oss.endpoint}/`,
          sign: async (request, { now: date }) => {
            const c = await credentials();
            if (seen.at(-1)?.accessKeyId !== c.accessKeyId) {
              seen.push(c);
              firstUsedAt.push(date.getTime());
            }
            const signed = signOssV1({
              method: 'GET',
              host: new URL(emu.oss.endpoint).host,
              protocol: 'http',
              credentials: c,
              date,
            });
            return { ...request, url: signed.url, headers: { ...signed.headers, Authorization: signed.authorization } };
          },
        });
      // 40 minutes of work, one request a minute: 15-minute sessions, refreshed before they run out.
      for (let minute = 0; minute < 40; minute++) {
        const res = await listBuckets();
        expect(res.status).toBe(200);
        clock += 60_000;
      }
      expect(seen.length).toBeGreaterThanOrEqual(4);
      for (let i = 1; i < seen.length; i++) {
        // Every session was replaced while it was still valid.
        expect(firstUsedAt[i]).toBeLessThan((seen[i - 1] as Credentials).expiration?.getTime() as number);
      }
      expect(emu.pop.sts.calls.filter((c) => c.action === 'AssumeRole')).toHaveLength(seen.length);
      // The session in use at the end is refused once it expires: the loop only worked because it rotated.
      const last = seen.at(-1) as Credentials;
      clock = (last.expiration as Date).getTime() + 1_000;
      const stale = signOssV1({
        method: 'GET',
        host: new URL(emu.oss.endpoint).host,
        protocol: 'http',
        credentials: last,
        date: now(),
      });
      const res = await fetch(stale.url, { headers: { ...stale.headers, Authorization: stale.authorization } });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('<Code>SecurityTokenExpired</Code>');
    } finally {
      clock = start;
    }
  });
});
