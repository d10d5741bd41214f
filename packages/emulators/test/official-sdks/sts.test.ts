import { signOssV1 } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { hostOf, requireFromCore, send } from '../helpers';

// The official SDK is a CommonJS devDependency of packages/core.
const popCore = requireFromCore('@alicloud/pop-core') as {
  RPCClient: new (
    config: Record<string, unknown>,
  ) => {
    request(
      action: string,
      params?: Record<string, unknown>,
      opts?: Record<string, unknown>,
    ): Promise<Record<string, unknown>>;
  };
};

interface AssumeRoleResponse {
  RequestId: string;
  AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string };
}

let emu: Emulators<'pop' | 'oss'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop', 'oss'] });
});
afterAll(() => emu.stop());
beforeEach(() => emu.pop.clearCalls());

function client(accessKeySecret: string, extra: Record<string, unknown> = {}) {
  return new popCore.RPCClient({
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret,
    endpoint: emu.pop.endpoint,
    apiVersion: '2015-04-01',
    ...extra,
  });
}

describe('@alicloud/pop-core RPCClient against STS on the pop emulator', () => {
  it('calls AssumeRole (POST form) and gets credentials the other emulators accept', async () => {
    const result = (await client(emu.credentials.accessKeySecret).request(
      'AssumeRole',
      { RoleArn: 'acs:ram::1234567890123456:role/official-sdk', RoleSessionName: 'pop-core', DurationSeconds: 900 },
      { method: 'POST' },
    )) as unknown as AssumeRoleResponse;
    expect(result.AssumedRoleUser.Arn).toBe('acs:ram::1234567890123456:role/official-sdk/pop-core');
    expect(result.Credentials.AccessKeyId).toMatch(/^STS\./);
    expect(Date.parse(result.Credentials.Expiration) - Date.now()).toBeLessThanOrEqual(900_000);
    expect(emu.pop.sts.calls.map((c) => [c.action, c.method, c.signature])).toEqual([['AssumeRole', 'POST', 'rpc-v1']]);

    const signed = signOssV1({
      method: 'GET',
      host: hostOf(emu.oss.endpoint),
      protocol: 'http',
      credentials: {
        accessKeyId: result.Credentials.AccessKeyId,
        accessKeySecret: result.Credentials.AccessKeySecret,
        securityToken: result.Credentials.SecurityToken,
      },
      date: new Date(),
    });
    const listed = await send(signed.url, { headers: { ...signed.headers, Authorization: signed.authorization } });
    expect(listed.status).toBe(200);
  });

  it('calls AssumeRole with its own STS credentials (role chaining) and GetCallerIdentity', async () => {
    const first = (await client(emu.credentials.accessKeySecret).request(
      'AssumeRole',
      { RoleArn: 'acs:ram::1234567890123456:role/first', RoleSessionName: 'first' },
      { method: 'POST' },
    )) as unknown as AssumeRoleResponse;
    const asRole = new popCore.RPCClient({
      accessKeyId: first.Credentials.AccessKeyId,
      accessKeySecret: first.Credentials.AccessKeySecret,
      securityToken: first.Credentials.SecurityToken,
      endpoint: emu.pop.endpoint,
      apiVersion: '2015-04-01',
    });
    const identity = await asRole.request('GetCallerIdentity', {}, { method: 'POST' });
    expect(identity).toMatchObject({
      IdentityType: 'AssumedRoleUser',
      Arn: 'acs:ram::1234567890123456:assumed-role/first/first',
    });
    const second = (await asRole.request(
      'AssumeRole',
      { RoleArn: 'acs:ram::1234567890123456:role/second', RoleSessionName: 'second' },
      { method: 'POST' },
    )) as unknown as AssumeRoleResponse;
    expect(second.AssumedRoleUser.Arn).toBe('acs:ram::1234567890123456:role/second/second');
  });

  it('gets SignatureDoesNotMatch in POP JSON for a wrong secret', async () => {
    const failure = client('WrongSecretForTheTest').request(
      'AssumeRole',
      { RoleArn: 'acs:ram::1234567890123456:role/official-sdk', RoleSessionName: 'pop-core' },
      { method: 'POST' },
    );
    await expect(failure).rejects.toMatchObject({
      name: 'SignatureDoesNotMatchError',
      code: 'SignatureDoesNotMatch',
      data: {
        Code: 'SignatureDoesNotMatch',
        RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
        HostId: expect.any(String),
        Message: expect.stringContaining('server string to sign is:POST&%2F&'),
        Recommend: expect.stringContaining('SignatureDoesNotMatch'),
      },
    });
  });

  it('gets the STS parameter errors as pop-core errors', async () => {
    await expect(
      client(emu.credentials.accessKeySecret).request(
        'AssumeRole',
        { RoleArn: 'not-an-arn', RoleSessionName: 'pop-core' },
        { method: 'POST' },
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter.RoleArn' });
  });
});
