import {
  type SigningCredentials,
  signAcs3,
  signMaxCompute,
  signOssV1,
  signPopRpc,
  signSls,
  signTablestore,
} from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EMULATOR_ACCOUNT_ID, type Emulators, startEmulators } from '../../src/index';
import { hostOf, type SentResponse, send } from '../helpers';

let clock = Date.parse('2031-05-06T07:08:09.000Z');
let emu: Emulators;
let nonce = 0;

beforeAll(async () => {
  emu = await startEmulators({ now: () => new Date(clock) });
  emu.sls.createProject('sts-project');
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.clearCalls();
  emu.pop.clearResponses();
  emu.pop.sts.reset();
  emu.faults.clear();
});

const ROLE_ARN = 'acs:ram::1234567890123456:role/alikit-test-role';
const PROVIDER_ARN = 'acs:ram::1234567890123456:oidc-provider/alikit-test-idp';

interface StsBody {
  RequestId: string;
  AssumedRoleUser: { Arn: string; AssumedRoleId: string };
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string };
  OIDCTokenInfo?: Record<string, string>;
}

function stsCall(
  action: string,
  params: Record<string, unknown>,
  credentials: SigningCredentials = emu.credentials,
): Promise<SentResponse> {
  const signed = signPopRpc({
    method: 'POST',
    host: 'sts.aliyuncs.com',
    protocol: 'http',
    action,
    version: '2015-04-01',
    params,
    credentials,
    date: new Date(clock),
    nonce: `sts-${++nonce}`,
  });
  return send(emu.pop.endpoint, { method: 'POST', headers: signed.headers, body: signed.body });
}

function assumeRole(params: Record<string, unknown> = {}, credentials?: SigningCredentials) {
  return stsCall('AssumeRole', { RoleArn: ROLE_ARN, RoleSessionName: 'alikit-test', ...params }, credentials);
}

/** An anonymous AssumeRoleWithOIDC, as the official SDKs send it: query common parameters, form body. */
function assumeRoleWithOidc(params: Record<string, string>): Promise<SentResponse> {
  const query = new URLSearchParams({
    Version: '2015-04-01',
    Action: 'AssumeRoleWithOIDC',
    Format: 'JSON',
    Timestamp: new Date(clock).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  });
  const body = new URLSearchParams({
    OIDCProviderArn: PROVIDER_ARN,
    RoleArn: ROLE_ARN,
    RoleSessionName: 'oidc-test',
    ...params,
  });
  return send(`${emu.pop.endpoint}/?${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: body.toString(),
  });
}

function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', kid: 'test' })}.${part(claims)}.c2lnbmF0dXJl`;
}

function expectStsError(res: SentResponse, status: number, code: string): Record<string, string> {
  expect(res.status).toBe(status);
  const body = res.json() as Record<string, string>;
  expect(Object.keys(body)).toEqual(['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  expect(body.Code).toBe(code);
  return body;
}

async function issued(params: Record<string, unknown> = {}, credentials?: SigningCredentials): Promise<StsBody> {
  const res = await assumeRole(params, credentials);
  expect(res.status).toBe(200);
  return res.json() as StsBody;
}

function asCredentials(body: StsBody): SigningCredentials {
  return {
    accessKeyId: body.Credentials.AccessKeyId,
    accessKeySecret: body.Credentials.AccessKeySecret,
    securityToken: body.Credentials.SecurityToken,
  };
}

/** Signs one read request per emulator with `credentials` and returns each status and error code. */
async function useEverywhere(credentials: SigningCredentials): Promise<Record<string, [number, string | undefined]>> {
  const date = new Date(clock);
  const oss = signOssV1({ method: 'GET', host: hostOf(emu.oss.endpoint), protocol: 'http', credentials, date });
  const ossRes = await send(oss.url, { headers: { ...oss.headers, Authorization: oss.authorization } });
  const slsHost = 'sts-project.cn-hangzhou.log.aliyuncs.com';
  const sls = signSls({ method: 'GET', host: slsHost, path: '/', query: {}, credentials, date });
  const slsRes = await send(`${emu.sls.endpoint}/`, {
    headers: { ...sls.headers, authorization: sls.authorization, host: slsHost },
  });
  const ots = signTablestore({
    endpoint: emu.tablestore.endpoint,
    instanceName: emu.tablestore.instanceName,
    operation: 'ListTable',
    body: new Uint8Array(0),
    credentials,
    date,
  });
  const otsRes = await send(ots.url, { method: 'POST', headers: { ...ots.headers, 'x-ots-signature': ots.signature } });
  const odps = signMaxCompute({
    method: 'GET',
    endpoint: emu.maxcompute.endpoint,
    path: `/projects/${emu.maxcompute.project}`,
    query: { curr_project: emu.maxcompute.project },
    credentials,
    date,
    signatureVersion: 'legacy',
    region: emu.maxcompute.region,
    userAgent: 'alikit-test',
  });
  const odpsRes = await send(odps.url, { headers: { ...odps.headers, Authorization: odps.authorization } });
  const popRes = await stsCall('GetCallerIdentity', {}, credentials);
  const code = (res: SentResponse, pattern: RegExp) => (res.status === 200 ? undefined : pattern.exec(res.text())?.[1]);
  return {
    oss: [ossRes.status, code(ossRes, /<Code>([^<]+)<\/Code>/)],
    sls: [slsRes.status, code(slsRes, /"errorCode":"([^"]+)"/)],
    tablestore: [otsRes.status, otsRes.status === 200 ? undefined : 'OTSAuthFailed'],
    maxcompute: [odpsRes.status, code(odpsRes, /<Code>([^<]+)<\/Code>/)],
    pop: [popRes.status, code(popRes, /"Code":"([^"]+)"/)],
  };
}

describe('STS on the pop emulator: AssumeRole', () => {
  it('issues credentials in the STS response shape, recorded as an STS call', async () => {
    const res = await assumeRole({ DurationSeconds: 1800 });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = res.json() as StsBody;
    expect(Object.keys(body)).toEqual(['RequestId', 'AssumedRoleUser', 'Credentials']);
    expect(body.RequestId).toBe(res.headers['x-acs-request-id']);
    expect(body.AssumedRoleUser).toEqual({
      Arn: 'acs:ram::1234567890123456:role/alikit-test-role/alikit-test',
      AssumedRoleId: expect.stringMatching(/^\d{17}:alikit-test$/),
    });
    expect(Object.keys(body.Credentials)).toEqual(['AccessKeyId', 'AccessKeySecret', 'SecurityToken', 'Expiration']);
    expect(body.Credentials.AccessKeyId).toMatch(/^STS\./);
    expect(body.Credentials.Expiration).toBe(new Date(clock + 1_800_000).toISOString().replace('.000Z', 'Z'));
    expect(emu.pop.sts.calls.map((c) => [c.action, c.signature, c.accessKeyId, c.params.RoleArn])).toEqual([
      ['AssumeRole', 'rpc-v1', emu.credentials.accessKeyId, ROLE_ARN],
    ]);
    expect(emu.pop.sts.issued.at(-1)).toMatchObject({
      origin: 'AssumeRole',
      roleArn: ROLE_ARN,
      sessionName: 'alikit-test',
      issuedTo: emu.credentials.accessKeyId,
    });
    // The same role always reports the same role id.
    const again = await issued();
    expect(again.AssumedRoleUser.AssumedRoleId.split(':')[0]).toBe(body.AssumedRoleUser.AssumedRoleId.split(':')[0]);
    expect(again.Credentials.AccessKeyId).not.toBe(body.Credentials.AccessKeyId);
  });

  it('defaults to one hour and accepts an ACS3-signed request with parameters in the query', async () => {
    const signed = signAcs3({
      method: 'POST',
      host: hostOf(emu.pop.endpoint),
      protocol: 'http',
      pathname: '/',
      query: { RoleArn: ROLE_ARN, RoleSessionName: 'acs3-session' },
      action: 'AssumeRole',
      version: '2015-04-01',
      credentials: emu.credentials,
      date: new Date(clock),
      nonce: `acs3-${++nonce}`,
    });
    const res = await send(signed.url, {
      method: 'POST',
      headers: { ...signed.headers, Authorization: signed.authorization },
      body: signed.body,
    });
    expect(res.status).toBe(200);
    const body = res.json() as StsBody;
    expect(Date.parse(body.Credentials.Expiration) - clock).toBe(3_600_000);
    expect(emu.pop.sts.calls[0]?.signature).toBe('acs3');
  });

  it('answers the documented parameter errors', async () => {
    expectStsError(await stsCall('AssumeRole', { RoleSessionName: 'x1' }), 400, 'MissingParameter');
    for (const arn of ['acs:ram::123:user/alice', 'arn:aws:iam::123:role/x', 'acs:ram::12ab:role/x', 'role/x']) {
      const body = expectStsError(await assumeRole({ RoleArn: arn }), 400, 'InvalidParameter.RoleArn');
      expect(body.Message).toBe('The parameter RoleArn is wrongly formed.');
    }
    for (const name of ['a', 'has space', 'x'.repeat(65), 'abc*abc']) {
      expectStsError(await assumeRole({ RoleSessionName: name }), 400, 'InvalidParameter.RoleSessionName');
    }
    expectStsError(await stsCall('AssumeRole', { RoleArn: ROLE_ARN }), 400, 'MissingParameter');
    for (const duration of ['899', '3601', '12.5', 'soon']) {
      const body = expectStsError(
        await assumeRole({ DurationSeconds: duration }),
        400,
        'InvalidParameter.DurationSeconds',
      );
      expect(body.Message).toBe('The Min/Max value of DurationSeconds is 15min/1hr.');
    }
    expectStsError(await assumeRole({ Policy: '{"Version":"1"' }), 400, 'InvalidParameter.PolicyGrammar');
    expectStsError(await assumeRole({ Policy: '{"Version":"1"}' }), 400, 'InvalidParameter.PolicyGrammar');
    expectStsError(
      await assumeRole({ Policy: JSON.stringify({ Version: '1', Statement: [{ Resource: 'x'.repeat(1100) }] }) }),
      400,
      'InvalidParameter.PolicySize',
    );
    expectStsError(await assumeRole({ ExternalId: 'has space' }), 400, 'InvalidParameter.ExternalId');
    const policy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['oss:*'], Resource: ['*'] }],
    });
    expect((await assumeRole({ Policy: policy })).status).toBe(200);
    expect(emu.pop.sts.issued.at(-1)?.policy).toBe(policy);
  });

  it("honours a role's maximum session, external id and existence in strict mode", async () => {
    emu.pop.sts.addRole({ arn: ROLE_ARN, maxSessionDurationSeconds: 7200, externalId: 'ext-42' });
    const long = await issued({ DurationSeconds: 7200, ExternalId: 'ext-42' });
    expect(Date.parse(long.Credentials.Expiration) - clock).toBe(7_200_000);
    const body = expectStsError(
      await assumeRole({ DurationSeconds: 7201, ExternalId: 'ext-42' }),
      400,
      'InvalidParameter.DurationSeconds',
    );
    expect(body.Message).toBe('The Min/Max value of DurationSeconds is 15min/2hr.');
    expectStsError(await assumeRole({ ExternalId: 'ext-43' }), 403, 'NoPermission');
    expectStsError(await assumeRole(), 403, 'NoPermission');

    emu.pop.sts.strict = true;
    expect((await assumeRole({ ExternalId: 'ext-42' })).status).toBe(200);
    const missing = expectStsError(
      await assumeRole({ RoleArn: 'acs:ram::1234567890123456:role/no-such-role' }),
      404,
      'EntityNotExist.Role',
    );
    expect(missing.Message).toContain('acs:ram::1234567890123456:role/no-such-role');

    expect(() => emu.pop.sts.addRole({ arn: 'role/x' })).toThrow(TypeError);
    expect(() => emu.pop.sts.addRole({ arn: ROLE_ARN, maxSessionDurationSeconds: 43_201 })).toThrow(RangeError);
  });

  it('lets a role session assume another role (chaining), for at most an hour', async () => {
    emu.pop.sts.addRole({ arn: 'acs:ram::1234567890123456:role/second', maxSessionDurationSeconds: 7200 });
    const first = asCredentials(await issued());
    const chained = await issued({ RoleArn: 'acs:ram::1234567890123456:role/second' }, first);
    expect(chained.AssumedRoleUser.Arn).toBe('acs:ram::1234567890123456:role/second/alikit-test');
    expect(emu.pop.sts.issued.at(-1)?.issuedTo).toBe(first.accessKeyId);
    expectStsError(
      await assumeRole({ RoleArn: 'acs:ram::1234567890123456:role/second', DurationSeconds: 7200 }, first),
      400,
      'InvalidParameter.DurationSeconds',
    );
    expectStsError(await assumeRole({}, { ...first, securityToken: undefined }), 400, 'MissingSecurityToken');
  });

  it('refuses a wrong secret with SignatureDoesNotMatch and an unsigned AssumeRole', async () => {
    const body = expectStsError(
      await assumeRole({}, { accessKeyId: emu.credentials.accessKeyId, accessKeySecret: 'WrongSecret' }),
      400,
      'SignatureDoesNotMatch',
    );
    expect(body.Message).toContain('server string to sign is:POST&%2F&');
    const unsigned = await send(`${emu.pop.endpoint}/?Action=AssumeRole&Version=2015-04-01&RoleArn=${ROLE_ARN}`);
    expectStsError(unsigned, 400, 'IncompleteSignature');
  });

  it('lets a canned response stand in for STS', async () => {
    emu.pop.setResponse('AssumeRole', { Credentials: {} });
    const res = await assumeRole();
    expect(res.json()).toEqual({ RequestId: expect.any(String), Credentials: {} });
  });
});

describe('STS-issued credentials across the emulators', () => {
  it('are accepted by every emulator until they expire, then refused with each service code', async () => {
    const start = clock;
    try {
      const body = await issued({ DurationSeconds: 900 });
      const credentials = asCredentials(body);
      expect(await useEverywhere(credentials)).toEqual({
        oss: [200, undefined],
        sls: [200, undefined],
        tablestore: [200, undefined],
        maxcompute: [200, undefined],
        pop: [200, undefined],
      });
      clock = Date.parse(body.Credentials.Expiration) - 1_000;
      expect((await useEverywhere(credentials)).oss).toEqual([200, undefined]);
      clock = Date.parse(body.Credentials.Expiration);
      expect(await useEverywhere(credentials)).toEqual({
        oss: [403, 'SecurityTokenExpired'],
        sls: [401, 'Unauthorized'],
        tablestore: [403, 'OTSAuthFailed'],
        maxcompute: [401, 'AuthenticationRequestExpired'],
        pop: [400, 'InvalidSecurityToken.Expired'],
      });
      // An expired session cannot be used to chain into a new one either.
      expectStsError(await assumeRole({}, credentials), 400, 'InvalidSecurityToken.Expired');
    } finally {
      clock = start;
    }
  });
});

describe('STS on the pop emulator: AssumeRoleWithOIDC', () => {
  const token = () =>
    jwt({
      iss: 'https://oidc.example.test',
      sub: 'system:serviceaccount:ns:app',
      aud: 'sts.aliyuncs.com',
      exp: Math.floor(clock / 1000) + 600,
      iat: Math.floor(clock / 1000),
    });

  it('serves an unsigned request with a well-formed token, recorded without an access key', async () => {
    const res = await assumeRoleWithOidc({ OIDCToken: `${token()}\n`, DurationSeconds: '900' });
    expect(res.status).toBe(200);
    const body = res.json() as StsBody;
    expect(body.AssumedRoleUser.Arn).toBe('acs:ram::1234567890123456:role/alikit-test-role/oidc-test');
    expect(body.Credentials.AccessKeyId).toMatch(/^STS\./);
    expect(Date.parse(body.Credentials.Expiration) - clock).toBe(900_000);
    expect(body.OIDCTokenInfo).toMatchObject({
      Subject: 'system:serviceaccount:ns:app',
      Issuer: 'https://oidc.example.test',
      ClientIds: 'sts.aliyuncs.com',
      VerificationInfo: 'Success',
    });
    expect(emu.pop.sts.calls.map((c) => [c.action, c.signature, c.accessKeyId])).toEqual([
      ['AssumeRoleWithOIDC', 'none', ''],
    ]);
    expect((await useEverywhere(asCredentials(body))).oss).toEqual([200, undefined]);
  });

  it('refuses missing, malformed and expired tokens and bad ARNs', async () => {
    expectStsError(await assumeRoleWithOidc({ OIDCToken: '' }), 400, 'MissingParameter');
    for (const bad of ['not-a-jwt', 'a.b.c', `${token()}.extra`, 'e30.e30']) {
      expectStsError(await assumeRoleWithOidc({ OIDCToken: bad }), 400, 'AuthenticationFail.OIDCToken.Invalid');
    }
    const expired = jwt({ exp: Math.floor(clock / 1000) - 1 });
    const body = expectStsError(
      await assumeRoleWithOidc({ OIDCToken: expired }),
      400,
      'AuthenticationFail.OIDCToken.Expired',
    );
    expect(body.Message).toBe('This JsonWebToken is expired.');
    expectStsError(
      await assumeRoleWithOidc({ OIDCToken: token(), OIDCProviderArn: 'acs:ram::1:role/x' }),
      400,
      'InvalidParameter.OIDCProviderArn',
    );
    expectStsError(
      await assumeRoleWithOidc({ OIDCToken: token(), RoleArn: 'acs:ram::1:user/x' }),
      400,
      'InvalidParameter.RoleArn',
    );
    expectStsError(
      await assumeRoleWithOidc({ OIDCToken: token(), DurationSeconds: '100' }),
      400,
      'InvalidParameter.DurationSeconds',
    );
  });

  it('checks registered providers: issuer, audience, a custom check, and unknown providers in strict mode', async () => {
    const accepted = new Set<string>();
    emu.pop.sts.addOidcProvider({
      arn: PROVIDER_ARN,
      issuer: 'https://oidc.example.test',
      audiences: ['sts.aliyuncs.com'],
      acceptToken: (t) => accepted.has(t),
    });
    const good = token();
    expectStsError(await assumeRoleWithOidc({ OIDCToken: good }), 400, 'AuthenticationFail.OIDCToken.Invalid');
    accepted.add(good);
    expect((await assumeRoleWithOidc({ OIDCToken: good })).status).toBe(200);
    expectStsError(
      await assumeRoleWithOidc({ OIDCToken: jwt({ iss: 'https://elsewhere.test', aud: 'sts.aliyuncs.com' }) }),
      400,
      'AuthenticationFail.OIDCToken.IssuerNotMatch',
    );
    expectStsError(
      await assumeRoleWithOidc({ OIDCToken: jwt({ iss: 'https://oidc.example.test', aud: ['other'] }) }),
      400,
      'AuthenticationFail.OIDCToken.AudienceNotMatch',
    );
    emu.pop.sts.strict = true;
    const unknown = expectStsError(
      await assumeRoleWithOidc({
        OIDCToken: good,
        OIDCProviderArn: 'acs:ram::1234567890123456:oidc-provider/unknown',
      }),
      403,
      'AuthenticationFail.NoPermission',
    );
    expect(unknown.Message).toBe('No such OIDC Provider registered.');
  });
});

describe('STS on the pop emulator: GetCallerIdentity', () => {
  it('names the emulator account, a role session and the ECS instance role', async () => {
    const self = await stsCall('GetCallerIdentity', {});
    expect(self.json()).toMatchObject({
      IdentityType: 'RAMUser',
      AccountId: EMULATOR_ACCOUNT_ID,
      Arn: `acs:ram::${EMULATOR_ACCOUNT_ID}:user/emulator-user`,
      UserId: expect.stringMatching(/^\d{17}$/),
    });
    expect(emu.pop.sts.accountId).toBe(EMULATOR_ACCOUNT_ID);

    const role = await issued({ RoleSessionName: 'who-am-i' });
    const asRole = (await stsCall('GetCallerIdentity', {}, asCredentials(role))).json();
    expect(asRole).toMatchObject({
      IdentityType: 'AssumedRoleUser',
      AccountId: '1234567890123456',
      Arn: 'acs:ram::1234567890123456:assumed-role/alikit-test-role/who-am-i',
      PrincipalId: role.AssumedRoleUser.AssumedRoleId,
      RoleId: role.AssumedRoleUser.AssumedRoleId.split(':')[0],
    });

    const doc = (await send(emu.metadata.credentialsUri)).json() as Record<string, string>;
    const ecs = await stsCall(
      'GetCallerIdentity',
      {},
      {
        accessKeyId: doc.AccessKeyId as string,
        accessKeySecret: doc.AccessKeySecret as string,
        securityToken: doc.SecurityToken,
      },
    );
    expect(ecs.json()).toMatchObject({
      IdentityType: 'AssumedRoleUser',
      Arn: `acs:ram::${EMULATOR_ACCOUNT_ID}:assumed-role/${emu.metadata.roleName}/i-emulator0000000000`,
    });
  });
});
