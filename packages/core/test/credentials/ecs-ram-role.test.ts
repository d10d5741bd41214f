import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createHttpClient,
  fromEcsRamRole,
  isCredentialsNotConfigured,
  isSdkError,
  memoize,
  type SdkError,
  signPopRpc,
} from '../../src/index';

const HOUR = 3_600_000;
let clock = Date.parse('2035-02-03T04:05:06.000Z');
const now = () => new Date(clock);
let emu: Emulators<'metadata' | 'pop'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['metadata', 'pop'], now });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.faults.clear();
  emu.metadata.requireToken = false;
  emu.metadata.roleAttached = true;
  emu.metadata.rotateCredentials();
  emu.metadata.clearRequests();
});

/** A loopback server answering each GET with the next JSON document (404 once they run out). */
async function serveJson(next: () => unknown): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const doc = req.method === 'PUT' ? 'metadata-token-for-test' : next();
    if (doc === undefined) {
      res.writeHead(404).end('Not Found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(typeof doc === 'string' ? doc : JSON.stringify(doc));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSdkError(error)) throw new Error(`expected an SdkError, got ${String(error)}`);
  return error;
}

const requests = () => emu.metadata.requests.map((r) => [r.operation, r.token, r.status]);

describe('fromEcsRamRole', () => {
  it('uses an IMDSv2 token, discovers the role name and asks caches to refresh an hour ahead', async () => {
    const credentials = await fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: {} })();
    expect(credentials).toMatchObject({
      accessKeyId: expect.stringMatching(/^STS\./),
      securityToken: expect.any(String),
      source: 'ecs_ram_role',
      refreshAheadMs: HOUR,
    });
    expect(credentials.expiration?.getTime()).toBe(clock + 6 * HOUR);
    expect(credentials.accessKeyId).toBe(emu.metadata.issued.at(-1)?.credentials.accessKeyId);
    expect(requests()).toEqual([
      ['GetMetadataToken', 'none', 200],
      ['GetRoleName', 'valid', 200],
      ['GetRoleCredentials', 'valid', 200],
    ]);
  });

  it('takes the role name from options or ALIBABA_CLOUD_ECS_METADATA without asking for it', async () => {
    const viaEnv = fromEcsRamRole({
      endpoint: emu.metadata.endpoint,
      env: { ALIBABA_CLOUD_ECS_METADATA: emu.metadata.roleName },
    });
    await viaEnv();
    expect(requests()).toEqual([
      ['GetMetadataToken', 'none', 200],
      ['GetRoleCredentials', 'valid', 200],
    ]);
    const wrongRole = await failure(
      fromEcsRamRole({ endpoint: emu.metadata.endpoint, roleName: 'SomeOtherRole', env: {} })(),
    );
    expect(wrongRole.details).toMatchObject({ configured: true, source: 'ecs_ram_role' });
    expect(wrongRole.message).toContain('get credentials of RAM role SomeOtherRole failed');
    expect(wrongRole.message).toContain('(404)');
  });

  it('falls back to IMDSv1 when no token can be had and v1 is allowed', async () => {
    emu.faults.inject('metadata', { status: 403, match: { operation: 'GetMetadataToken' } });
    const credentials = await fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: {} })();
    expect(credentials.source).toBe('ecs_ram_role');
    expect(requests()).toEqual([
      ['GetRoleName', 'none', 200],
      ['GetRoleCredentials', 'none', 200],
    ]);
  });

  it('refuses the IMDSv1 fallback when disabled by option or ALIBABA_CLOUD_IMDSV1_DISABLED', async () => {
    emu.faults.inject('metadata', { status: 403, match: { operation: 'GetMetadataToken' } });
    for (const options of [{ disableImdsV1: true, env: {} }, { env: { ALIBABA_CLOUD_IMDSV1_DISABLED: 'True' } }]) {
      const error = await failure(fromEcsRamRole({ endpoint: emu.metadata.endpoint, ...options })());
      expect(error.details).toMatchObject({ configured: true });
      expect(error.message).toContain('IMDSv1 is disabled');
    }
    expect(requests()).toEqual([]);
  });

  it('fails as configured when the service insists on a token it did not give', async () => {
    emu.metadata.requireToken = true;
    emu.faults.inject('metadata', { status: 500, match: { operation: 'GetMetadataToken' } });
    const error = await failure(fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: {} })());
    expect(error.details).toMatchObject({ configured: true });
    expect(error.message).toContain('get role name failed');
    expect(error.message).toContain('(401)');
  });

  it('retries a request once without the token when the token is refused (official fallback)', async () => {
    emu.faults.inject('metadata', { status: 401, times: 1, match: { operation: 'GetRoleName' } });
    await fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: {} })();
    expect(requests()).toEqual([
      ['GetMetadataToken', 'none', 200],
      ['GetRoleName', 'none', 200],
      ['GetRoleCredentials', 'valid', 200],
    ]);
  });

  it('is not configured on an instance without a RAM role, or when disabled', async () => {
    emu.metadata.roleAttached = false;
    const noRole = await failure(fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: {} })());
    expect(isCredentialsNotConfigured(noRole)).toBe(true);
    expect(noRole.message).toContain('has no RAM role attached');
    const disabled = await failure(
      fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: { ALIBABA_CLOUD_ECS_METADATA_DISABLED: 'true' } })(),
    );
    expect(isCredentialsNotConfigured(disabled)).toBe(true);
    expect(disabled.message).toContain('ALIBABA_CLOUD_ECS_METADATA_DISABLED');
  });

  it('refuses a document without Code "Success", without a field, or with a bad Expiration', async () => {
    const documents: Record<string, unknown>[] = [
      {
        Code: 'Failed',
        AccessKeyId: 'STS.a',
        AccessKeySecret: 'b',
        SecurityToken: 'c',
        Expiration: '2035-01-01T00:00:00Z',
      },
      { Code: 'Success', AccessKeyId: 'STS.a', AccessKeySecret: 'b', Expiration: '2035-01-01T00:00:00Z' },
      { Code: 'Success', AccessKeyId: 'STS.a', AccessKeySecret: 'b', SecurityToken: 'c', Expiration: 'tomorrow' },
    ];
    const server = await serveJson(() => documents.shift());
    try {
      const provider = fromEcsRamRole({ endpoint: server.url, roleName: 'r', env: {} });
      expect((await failure(provider())).message).toContain('has Code "Failed", not "Success"');
      expect((await failure(provider())).message).toContain('lacks SecurityToken');
      expect((await failure(provider())).message).toContain('has no Expiration in the form YYYY-MM-DDTHH:MM:SSZ');
    } finally {
      await server.close();
    }
  });

  it('checks its options before any I/O', () => {
    expect(() => fromEcsRamRole({ roleName: '' })).toThrow(TypeError);
    expect(() => fromEcsRamRole({ tokenTtlSeconds: 21_601 })).toThrow(RangeError);
    expect(() => fromEcsRamRole({ endpoint: 'ftp://100.100.100.200' })).toThrow(TypeError);
    expect(() => fromEcsRamRole({ timeoutMs: -1 })).toThrow(RangeError);
  });
});

describe('fromEcsRamRole during a metadata outage', () => {
  it('fails fast, not configured, when the service is gone (connection refused)', async () => {
    const gone = await startEmulators({ services: ['metadata'] });
    const endpoint = gone.metadata.endpoint;
    await gone.stop();
    const started = performance.now();
    const error = await failure(fromEcsRamRole({ endpoint, env: {} })());
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(isCredentialsNotConfigured(error)).toBe(true);
    expect(error.message).toContain('did not answer');
    expect(error.message).toContain('not running on ECS?');
    // With a role name configured the user expects ECS: a configured failure.
    const configured = await failure(fromEcsRamRole({ endpoint, roleName: 'AnyRole', env: {} })());
    expect(configured.details).toMatchObject({ configured: true });
  });

  // A hanging emulator of its own, so the delayed requests end when it stops instead of landing later.
  it('gives up after its 1 s timeout when the service hangs, and on a reset connection', async () => {
    const hanging = await startEmulators({ services: ['metadata'] });
    try {
      hanging.faults.inject('metadata', { delayMs: 10_000 });
      const started = performance.now();
      const error = await failure(fromEcsRamRole({ endpoint: hanging.metadata.endpoint, env: {} })());
      const elapsed = performance.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(900);
      expect(elapsed).toBeLessThan(3_000);
      expect(error.code).toBe('ERR_CREDENTIALS');
      expect(isCredentialsNotConfigured(error)).toBe(true);
      expect((error.cause as SdkError).code).toBe('ERR_TIMEOUT');

      hanging.faults.clear();
      hanging.faults.inject('metadata', { resetConnection: true });
      const reset = performance.now();
      const resetError = await failure(fromEcsRamRole({ endpoint: hanging.metadata.endpoint, env: {} })());
      expect(performance.now() - reset).toBeLessThan(1_000);
      expect((resetError.cause as SdkError).code).toBe('ERR_NETWORK');
    } finally {
      await hanging.stop();
    }
  });

  it('fails as configured in bounded time when the service hangs after the token', async () => {
    const hanging = await startEmulators({ services: ['metadata'] });
    try {
      hanging.faults.inject('metadata', { delayMs: 10_000, match: { operation: 'GetRoleCredentials' } });
      const started = performance.now();
      const error = await failure(
        fromEcsRamRole({ endpoint: hanging.metadata.endpoint, env: {}, roleName: hanging.metadata.roleName })(),
      );
      // Two 1-second attempts at most.
      expect(performance.now() - started).toBeLessThan(3_000);
      expect(error.details).toMatchObject({ configured: true });
    } finally {
      await hanging.stop();
    }
  });

  it('keeps serving cached credentials through an outage while they are valid (memoize)', async () => {
    const credentials = memoize(fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: {} }), { now, random: () => 0 });
    const first = await credentials();
    const start = clock;
    try {
      emu.faults.inject('metadata', { resetConnection: true });
      // Past the one-hour refresh point: the refresh fails, the still-valid set is served.
      clock += 5.5 * HOUR;
      expect((await credentials()).accessKeyId).toBe(first.accessKeyId);
      emu.faults.clear();
      // Back again: once the retry delay has passed, the next call gets the set the service rotated to.
      clock += 10 * 60_000;
      const next = await credentials();
      expect(next.accessKeyId).not.toBe(first.accessKeyId);
      expect(next.expiration?.getTime()).toBe(clock + 6 * HOUR);
    } finally {
      clock = start;
    }
  });
});

describe('memoize(fromEcsRamRole(...)) over rotations', () => {
  it('signs requests across three rotations of the instance role credentials', async () => {
    const start = clock;
    try {
      const credentials = memoize(fromEcsRamRole({ endpoint: emu.metadata.endpoint, env: {} }), {
        now,
        random: () => 0,
      });
      const http = createHttpClient({ now });
      const used = new Set<string>();
      // 20 hours of work, a request every 30 minutes: credentials last 6 h and are replaced an hour ahead.
      for (let step = 0; step < 40; step++) {
        const res = await http.send({
          service: 'sts',
          operation: 'GetCallerIdentity',
          method: 'POST',
          url: emu.pop.endpoint,
          idempotent: true,
          sign: async (request, { now: date }) => {
            const c = await credentials();
            used.add(c.accessKeyId);
            const signed = signPopRpc({
              method: 'POST',
              host: new URL(emu.pop.endpoint).host,
              protocol: 'http',
              action: 'GetCallerIdentity',
              version: '2015-04-01',
              credentials: c,
              date,
              nonce: `n-${step}-${Math.random()}`,
            });
            return { ...request, url: signed.url, headers: signed.headers, body: signed.body };
          },
        });
        expect(res.json()).toMatchObject({ IdentityType: 'AssumedRoleUser' });
        clock += 30 * 60_000;
      }
      expect(used.size).toBeGreaterThanOrEqual(4);
      expect(emu.metadata.requests.filter((r) => r.operation === 'GetRoleCredentials')).toHaveLength(used.size);
    } finally {
      clock = start;
    }
  });
});
