import { type Emulators, startEmulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createStsClient, parseExpiration, resolveStsEndpoint } from '../../src/credentials/sts-client';
import {
  assumeRole,
  assumeRoleWithOidc,
  getCallerIdentity,
  isSdkError,
  redactText,
  type SdkError,
} from '../../src/index';

const ROLE_ARN = 'acs:ram::1234567890123456:role/sts-client-test';
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/sts-client-idp';

let emu: Emulators<'pop'>;
let caller: { accessKeyId: string; accessKeySecret: string; source: string };

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop'] });
  caller = { ...emu.credentials, source: 'static_ak' };
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.clearCalls();
  emu.pop.clearResponses();
  emu.pop.sts.reset();
});

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSdkError(error)) throw new Error(`expected an SdkError, got ${String(error)}`);
  return error;
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

describe('assumeRole', () => {
  it('returns the role session, signed with the caller credentials as a POST form', async () => {
    const result = await assumeRole(
      { credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'client-test', durationSeconds: 900 },
      { endpoint: emu.pop.endpoint },
    );
    expect(result.credentials.accessKeyId).toMatch(/^STS\./);
    expect(result.credentials.expiration.getTime() - Date.now()).toBeLessThanOrEqual(900_000);
    expect(result.credentials.expiration.getTime() - Date.now()).toBeGreaterThan(890_000);
    expect(result.assumedRoleUser.arn).toBe(`${ROLE_ARN}/client-test`);
    expect(result.requestId).toBe(emu.pop.calls[0]?.requestId);
    const call = emu.pop.sts.calls[0];
    expect(call).toMatchObject({ action: 'AssumeRole', method: 'POST', signature: 'rpc-v1', path: '/' });
    expect(call?.params).toMatchObject({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'client-test',
      DurationSeconds: '900',
      AccessKeyId: caller.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
    });
    expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(call?.headers['x-acs-credentials-provider']).toBe('static_ak');
    // The issued secret and token are known to the redactor.
    expect(redactText(`token=${result.credentials.securityToken}`)).not.toContain(result.credentials.securityToken);
    expect(redactText(result.credentials.accessKeySecret)).not.toContain(result.credentials.accessKeySecret);
  });

  it('passes Policy and ExternalId, and chains from role credentials', async () => {
    emu.pop.sts.addRole({ arn: ROLE_ARN, externalId: 'ext-1' });
    const policy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'oss:Get*', Resource: '*' }],
    });
    const first = await assumeRole(
      { credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'first', policy, externalId: 'ext-1' },
      { endpoint: emu.pop.endpoint },
    );
    expect(emu.pop.sts.calls[0]?.params).toMatchObject({ Policy: policy, ExternalId: 'ext-1' });
    const second = await assumeRole(
      {
        credentials: { ...first.credentials, source: 'ram_role_arn/static_ak' },
        roleArn: 'acs:ram::1234567890123456:role/second',
        roleSessionName: 'second',
      },
      { endpoint: emu.pop.endpoint },
    );
    expect(second.assumedRoleUser.arn).toBe('acs:ram::1234567890123456:role/second/second');
    expect(emu.pop.sts.calls[1]?.params.SecurityToken).toBe(first.credentials.securityToken);
  });

  it('says the secret is wrong when STS computed the same string to sign', async () => {
    const error = await failure(
      assumeRole(
        { credentials: { ...caller, accessKeySecret: 'NotTheRightSecret' }, roleArn: ROLE_ARN, roleSessionName: 'x1' },
        { endpoint: emu.pop.endpoint },
      ),
    );
    expect(error).toMatchObject({
      code: 'SignatureDoesNotMatch',
      status: 400,
      service: 'sts',
      operation: 'AssumeRole',
    });
    expect(error.details?.wrongKey).toBe(true);
    expect(error.message).toContain('the AccessKeySecret is wrong for this AccessKeyId');
    expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(error.message).not.toContain('NotTheRightSecret');
  });

  it('surfaces STS parameter errors with their codes, without retrying them', async () => {
    const bad = await failure(
      assumeRole(
        { credentials: caller, roleArn: 'acs:ram::123:user/alice', roleSessionName: 'x1' },
        { endpoint: emu.pop.endpoint },
      ),
    );
    expect(bad).toMatchObject({ code: 'InvalidParameter.RoleArn', status: 400, retryable: false });
    expect(bad.message).toContain('The parameter RoleArn is wrongly formed.');
    emu.pop.sts.strict = true;
    const missing = await failure(
      assumeRole({ credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'x1' }, { endpoint: emu.pop.endpoint }),
    );
    expect(missing).toMatchObject({ code: 'EntityNotExist.Role', status: 404 });
    expect(emu.pop.sts.calls).toHaveLength(2);
  });

  it('refuses a malformed success body with ERR_PARSE', async () => {
    emu.pop.setResponse('AssumeRole', { Credentials: { AccessKeyId: 'STS.x', AccessKeySecret: 'y' } });
    const error = await failure(
      assumeRole({ credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'x1' }, { endpoint: emu.pop.endpoint }),
    );
    expect(error.code).toBe('ERR_PARSE');
    expect(error.message).toContain('lack AccessKeyId, AccessKeySecret or SecurityToken');
    emu.pop.setResponse('AssumeRole', {
      Credentials: {
        AccessKeyId: 'STS.x',
        AccessKeySecret: 'y',
        SecurityToken: 'z',
        Expiration: '2030-01-01 00:00:00',
      },
    });
    const badDate = await failure(
      assumeRole({ credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'x1' }, { endpoint: emu.pop.endpoint }),
    );
    expect(badDate.message).toContain('Expiration is not an ISO 8601 UTC time');
  });

  it('checks its arguments before any I/O', async () => {
    const endpoint = emu.pop.endpoint;
    await expect(assumeRole({ credentials: caller, roleArn: '', roleSessionName: 'x1' }, { endpoint })).rejects.toThrow(
      TypeError,
    );
    await expect(
      assumeRole({ credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'x1', durationSeconds: 899 }, { endpoint }),
    ).rejects.toThrow(RangeError);
    await expect(
      assumeRole(
        { credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'x1' },
        { endpoint: 'http://sts.example.com' },
      ),
    ).rejects.toThrow(/refusing plain http/);
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('honours an aborted signal', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      assumeRole(
        { credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'x1' },
        { endpoint: emu.pop.endpoint, signal: controller.signal },
      ),
    ).rejects.toThrow('stop');
  });
});

describe('assumeRoleWithOidc', () => {
  it('sends the token anonymously and returns the role session', async () => {
    const token = jwt({
      iss: 'https://issuer.test',
      aud: 'sts.aliyuncs.com',
      exp: Math.floor(Date.now() / 1000) + 600,
    });
    const result = await assumeRoleWithOidc(
      { oidcProviderArn: PROVIDER_ARN, oidcToken: token, roleArn: ROLE_ARN, roleSessionName: 'oidc' },
      { endpoint: emu.pop.endpoint },
    );
    expect(result.assumedRoleUser.arn).toBe(`${ROLE_ARN}/oidc`);
    const call = emu.pop.sts.calls[0];
    expect(call).toMatchObject({ action: 'AssumeRoleWithOIDC', signature: 'none', accessKeyId: '' });
    expect(call?.params).toMatchObject({
      Action: 'AssumeRoleWithOIDC',
      Version: '2015-04-01',
      Format: 'JSON',
      OIDCToken: token,
      OIDCProviderArn: PROVIDER_ARN,
      DurationSeconds: '3600',
    });
    expect(call?.params.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(call?.params).not.toHaveProperty('Signature');
    // The OIDC token is a bearer secret too.
    expect(redactText(`OIDCToken=${token}`)).not.toContain(token);
  });

  it('surfaces an expired token', async () => {
    const error = await failure(
      assumeRoleWithOidc(
        {
          oidcProviderArn: PROVIDER_ARN,
          oidcToken: jwt({ exp: Math.floor(Date.now() / 1000) - 10 }),
          roleArn: ROLE_ARN,
        },
        { endpoint: emu.pop.endpoint },
      ),
    );
    expect(error).toMatchObject({ code: 'AuthenticationFail.OIDCToken.Expired', status: 400 });
  });
});

describe('getCallerIdentity', () => {
  it('tells who the credentials belong to', async () => {
    const self = await getCallerIdentity({ credentials: caller }, { endpoint: emu.pop.endpoint });
    expect(self).toMatchObject({ identityType: 'RAMUser', accountId: emu.pop.sts.accountId, roleId: undefined });
    const client = createStsClient({ endpoint: emu.pop.endpoint });
    const role = await client.assumeRole({ credentials: caller, roleArn: ROLE_ARN, roleSessionName: 'whoami' });
    const identity = await client.getCallerIdentity({ ...role.credentials, source: 'ram_role_arn/static_ak' });
    expect(identity).toMatchObject({
      identityType: 'AssumedRoleUser',
      arn: 'acs:ram::1234567890123456:assumed-role/sts-client-test/whoami',
      principalId: role.assumedRoleUser.assumedRoleId,
    });
  });
});

describe('STS endpoint resolution', () => {
  it('follows the official rules: explicit endpoint, region, VPC, central', () => {
    expect(resolveStsEndpoint({ env: {} }).href).toBe('https://sts.aliyuncs.com/');
    expect(resolveStsEndpoint({ env: { ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'true' } }).href).toBe(
      'https://sts.aliyuncs.com/',
    );
    expect(resolveStsEndpoint({ env: { ALIBABA_CLOUD_STS_REGION: 'cn-shanghai' } }).href).toBe(
      'https://sts.cn-shanghai.aliyuncs.com/',
    );
    expect(
      resolveStsEndpoint({
        env: { ALIBABA_CLOUD_STS_REGION: 'cn-shanghai', ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED: 'TRUE' },
      }).href,
    ).toBe('https://sts-vpc.cn-shanghai.aliyuncs.com/');
    expect(
      resolveStsEndpoint({ region: 'cn-beijing', enableVpc: false, env: { ALIBABA_CLOUD_STS_REGION: 'x' } }).href,
    ).toBe('https://sts.cn-beijing.aliyuncs.com/');
    // A well-formed region newer than our table still works, as in the official SDKs.
    expect(resolveStsEndpoint({ region: 'xx-newregion-9', env: {} }).href).toBe(
      'https://sts.xx-newregion-9.aliyuncs.com/',
    );
    expect(resolveStsEndpoint({ endpoint: 'sts.cn-hangzhou.aliyuncs.com' }).href).toBe(
      'https://sts.cn-hangzhou.aliyuncs.com/',
    );
    expect(resolveStsEndpoint({ endpoint: new URL('http://127.0.0.1:9000/ignored') }).href).toBe(
      'http://127.0.0.1:9000/',
    );
    expect(() => resolveStsEndpoint({ endpoint: 'http://sts.aliyuncs.com' })).toThrow(TypeError);
    expect(() => resolveStsEndpoint({ region: 'Not A Region', env: {} })).toThrow(RangeError);
  });

  it('parses only the Expiration forms the official SDKs accept', () => {
    expect(parseExpiration('2030-01-02T03:04:05Z')?.toISOString()).toBe('2030-01-02T03:04:05.000Z');
    expect(parseExpiration('2030-01-02T03:04:05.678Z')?.toISOString()).toBe('2030-01-02T03:04:05.678Z');
    for (const bad of ['2030-01-02 03:04:05', '2030-01-02T03:04:05+08:00', '2030-02-30T00:00:00Z', 1, undefined]) {
      expect(parseExpiration(bad)).toBeUndefined();
    }
  });
});
