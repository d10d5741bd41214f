import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { send } from '../helpers';

const HOUR = 3_600_000;
let clock = Date.parse('2032-03-04T05:06:07.000Z');
let emu: Emulators<'metadata'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['metadata'], now: () => new Date(clock) });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.faults.clear();
  emu.metadata.requireToken = false;
  emu.metadata.roleAttached = true;
  emu.metadata.credentialsLifetimeMs = 6 * HOUR;
  emu.metadata.rotationIntervalMs = HOUR;
  emu.metadata.rotateCredentials();
  emu.metadata.clearRequests();
});

const ROLE_PATH = '/latest/meta-data/ram/security-credentials/';

async function token(): Promise<string> {
  const res = await send(`${emu.metadata.endpoint}/latest/api/token`, {
    method: 'PUT',
    headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '21600' },
  });
  return res.text();
}

async function document(): Promise<Record<string, string>> {
  const res = await send(`${emu.metadata.endpoint}${ROLE_PATH}${emu.metadata.roleName}`);
  expect(res.status).toBe(200);
  return res.json() as Record<string, string>;
}

describe('metadata emulator: role credentials rotation', () => {
  it('hands out a new set once the current one is an hour old, each valid for six hours', async () => {
    const first = await document();
    expect(Date.parse(first.Expiration as string) - clock).toBe(6 * HOUR);
    expect(first.LastUpdated).toBe(new Date(clock).toISOString().replace('.000Z', 'Z'));
    clock += HOUR - 1_000;
    expect((await document()).AccessKeyId).toBe(first.AccessKeyId);
    clock += 1_000;
    const second = await document();
    expect(second.AccessKeyId).not.toBe(first.AccessKeyId);
    expect(Date.parse(second.Expiration as string) - clock).toBe(6 * HOUR);
    expect(emu.metadata.issued.slice(-2).map((s) => s.credentials.accessKeyId)).toEqual([
      first.AccessKeyId,
      second.AccessKeyId,
    ]);
    expect(emu.metadata.issued.at(-1)).toMatchObject({ origin: 'EcsRamRole', roleName: emu.metadata.roleName });
  });

  it('takes a shorter lifetime and interval, replaces an expired set, and rotates on demand', async () => {
    emu.metadata.credentialsLifetimeMs = 20 * 60_000;
    emu.metadata.rotationIntervalMs = 2 * HOUR; // longer than the lifetime: rotation on expiry only
    const first = await document();
    expect(Date.parse(first.Expiration as string) - clock).toBe(20 * 60_000);
    clock += 19 * 60_000;
    expect((await document()).AccessKeyId).toBe(first.AccessKeyId);
    clock += 60_000;
    const second = await document();
    expect(second.AccessKeyId).not.toBe(first.AccessKeyId);
    emu.metadata.rotateCredentials();
    expect((await document()).AccessKeyId).not.toBe(second.AccessKeyId);
    expect(() => {
      emu.metadata.credentialsLifetimeMs = 59_999;
    }).toThrow(RangeError);
    expect(() => {
      emu.metadata.rotationIntervalMs = 0;
    }).toThrow(RangeError);
  });

  it('serves the same document at the credentials URI', async () => {
    const viaRole = await document();
    const viaUri = (await send(emu.metadata.credentialsUri)).json();
    expect(viaUri).toEqual(viaRole);
  });
});

describe('metadata emulator: instances without a role, and the request log', () => {
  it('answers 404 for the role listing and credentials when no role is attached', async () => {
    emu.metadata.roleAttached = false;
    expect((await send(`${emu.metadata.endpoint}${ROLE_PATH}`)).status).toBe(404);
    expect((await send(`${emu.metadata.endpoint}${ROLE_PATH}${emu.metadata.roleName}`)).status).toBe(404);
  });

  it('records each request with the state of its token', async () => {
    const t = await token();
    await send(`${emu.metadata.endpoint}${ROLE_PATH}`, { headers: { 'x-aliyun-ecs-metadata-token': t } });
    await send(`${emu.metadata.endpoint}${ROLE_PATH}`, { headers: { 'x-aliyun-ecs-metadata-token': 'forged' } });
    emu.metadata.requireToken = true;
    await send(`${emu.metadata.endpoint}${ROLE_PATH}${emu.metadata.roleName}`);
    emu.faults.inject('metadata', { status: 500, times: 1 });
    await send(`${emu.metadata.endpoint}${ROLE_PATH}`);
    expect(emu.metadata.requests.map((r) => [r.operation, r.method, r.token, r.status])).toEqual([
      ['GetMetadataToken', 'PUT', 'none', 200],
      ['GetRoleName', 'GET', 'valid', 200],
      ['GetRoleName', 'GET', 'invalid', 401],
      ['GetRoleCredentials', 'GET', 'none', 401],
    ]);
    emu.metadata.clearRequests();
    expect(emu.metadata.requests).toEqual([]);
  });
});
