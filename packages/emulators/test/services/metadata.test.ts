import { signPopRpc, signSls } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { hostOf, send } from '../helpers';

let clock = Date.parse('2030-01-02T03:04:05.000Z');
let emu: Emulators<'metadata' | 'pop' | 'sls'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['metadata', 'pop', 'sls'], now: () => new Date(clock) });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.faults.clear();
  emu.metadata.requireToken = false;
});

const ROLE_PATH = '/latest/meta-data/ram/security-credentials/';

async function token(ttl = '21600'): Promise<string> {
  const res = await send(`${emu.metadata.endpoint}/latest/api/token`, {
    method: 'PUT',
    headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': ttl },
  });
  expect(res.status).toBe(200);
  return res.text();
}

interface CredentialsDocument {
  Code: string;
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  Expiration: string;
  LastUpdated: string;
}

async function roleCredentials(): Promise<CredentialsDocument> {
  const res = await send(`${emu.metadata.endpoint}${ROLE_PATH}${emu.metadata.roleName}`, {
    headers: { 'x-aliyun-ecs-metadata-token': await token() },
  });
  expect(res.status).toBe(200);
  return res.json() as CredentialsDocument;
}

function popCall(credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string }) {
  const signed = signPopRpc({
    host: hostOf(emu.pop.endpoint),
    protocol: 'http',
    action: 'GetCallerIdentity',
    version: '2015-04-01',
    credentials,
    date: new Date(clock),
    nonce: `n-${Math.random()}`,
  });
  return send(signed.url, { headers: signed.headers });
}

describe('metadata emulator', () => {
  it('issues IMDSv2 tokens and names the role', async () => {
    const t = await token('60');
    expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const role = await send(`${emu.metadata.endpoint}${ROLE_PATH}`, { headers: { 'x-aliyun-ecs-metadata-token': t } });
    expect(role.status).toBe(200);
    expect(role.text()).toBe(emu.metadata.roleName);
  });

  it('refuses a token request without a valid TTL, and other methods on the token path', async () => {
    expect((await send(`${emu.metadata.endpoint}/latest/api/token`, { method: 'PUT' })).status).toBe(400);
    expect(
      (
        await send(`${emu.metadata.endpoint}/latest/api/token`, {
          method: 'PUT',
          headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '21601' },
        })
      ).status,
    ).toBe(400);
    expect((await send(`${emu.metadata.endpoint}/latest/api/token`)).status).toBe(405);
  });

  it('refuses unknown and expired tokens; accepts IMDSv1 unless a token is required', async () => {
    const url = `${emu.metadata.endpoint}${ROLE_PATH}`;
    expect((await send(url, { headers: { 'x-aliyun-ecs-metadata-token': 'forged' } })).status).toBe(401);
    const shortLived = await token('1');
    clock += 2_000;
    expect((await send(url, { headers: { 'x-aliyun-ecs-metadata-token': shortLived } })).status).toBe(401);
    expect((await send(url)).status).toBe(200);
    emu.metadata.requireToken = true;
    expect((await send(url)).status).toBe(401);
  });

  it('answers 404 for another role and for unknown paths', async () => {
    expect((await send(`${emu.metadata.endpoint}${ROLE_PATH}SomeOtherRole`)).status).toBe(404);
    expect((await send(`${emu.metadata.endpoint}/latest/meta-data/instance-id`)).status).toBe(404);
  });

  it('serves a credentials document the other emulators accept with its security token', async () => {
    const doc = await roleCredentials();
    expect(doc).toMatchObject({ Code: 'Success', AccessKeyId: expect.stringMatching(/^STS\./) });
    expect(doc.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(doc.Expiration) - clock).toBeGreaterThan(5 * 3_600_000);
    expect(await roleCredentials()).toEqual(doc);
    const viaUri = await send(emu.metadata.credentialsUri);
    expect(viaUri.json()).toEqual(doc);

    const creds = { accessKeyId: doc.AccessKeyId, accessKeySecret: doc.AccessKeySecret };
    const ok = await popCall({ ...creds, securityToken: doc.SecurityToken });
    expect(ok.status).toBe(200);
    expect(emu.pop.calls.at(-1)?.accessKeyId).toBe(doc.AccessKeyId);
    expect((await popCall(creds)).json()).toMatchObject({ Code: 'MissingSecurityToken' });
    expect((await popCall({ ...creds, securityToken: 'forged' })).json()).toMatchObject({
      Code: 'InvalidSecurityToken.MismatchWithAccessKey',
    });

    emu.sls.createProject('sts-project');
    const host = `sts-project.cn-hangzhou.log.aliyuncs.com`;
    const signed = signSls({
      method: 'GET',
      host,
      path: '/',
      query: {},
      credentials: { ...creds, securityToken: doc.SecurityToken },
      date: new Date(clock),
    });
    const sls = await send(`${emu.sls.endpoint}/`, {
      headers: { ...signed.headers, authorization: signed.authorization, host },
    });
    expect(sls.status).toBe(200);
  });

  it('reports expired temporary keys and issues fresh ones', async () => {
    const doc = await roleCredentials();
    clock = Date.parse(doc.Expiration) + 1_000;
    const expired = await popCall({
      accessKeyId: doc.AccessKeyId,
      accessKeySecret: doc.AccessKeySecret,
      securityToken: doc.SecurityToken,
    });
    expect(expired.status).toBe(400);
    expect(expired.json()).toMatchObject({ Code: 'InvalidSecurityToken.Expired' });
    const fresh = await roleCredentials();
    expect(fresh.AccessKeyId).not.toBe(doc.AccessKeyId);
    expect(Date.parse(fresh.Expiration)).toBeGreaterThan(clock);
  });
});
