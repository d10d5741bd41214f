import { parsePopError, signAcs3, signPopRoa, signPopRpc } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, ServiceError, startEmulators } from '../../src/index';
import { hostOf, send } from '../helpers';

let emu: Emulators<'pop'>;
let host: string;
let nonce = 0;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop'] });
  host = hostOf(emu.pop.endpoint);
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.clearCalls();
  emu.pop.clearResponses();
  emu.faults.clear();
});

const nextNonce = () => `nonce-${++nonce}-${Date.now()}`;

function rpc(overrides: { secret?: string; accessKeyId?: string; date?: Date; method?: 'GET' | 'POST' } = {}) {
  return signPopRpc({
    method: overrides.method ?? 'GET',
    host,
    protocol: 'http',
    action: 'DescribeRegions',
    version: '2014-05-26',
    params: { RegionId: 'cn-hangzhou', Tag: [{ Key: 'env', Value: 'test' }] },
    credentials: {
      accessKeyId: overrides.accessKeyId ?? emu.credentials.accessKeyId,
      accessKeySecret: overrides.secret ?? emu.credentials.accessKeySecret,
    },
    date: overrides.date ?? new Date(),
    nonce: nextNonce(),
  });
}

function expectPopError(
  res: { status: number; json(): unknown; headers: Record<string, unknown> },
  status: number,
  code: string,
) {
  expect(res.status).toBe(status);
  const body = res.json() as Record<string, string>;
  expect(Object.keys(body)).toEqual(['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
  expect(body.Code).toBe(code);
  expect(body.RequestId).toBe(res.headers['x-acs-request-id']);
  expect(body.RequestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  expect(body.Recommend).toContain(encodeURIComponent(code));
  return body;
}

describe('pop emulator: accepted signatures', () => {
  it('accepts an RPC v1 GET and records the call', async () => {
    const signed = rpc();
    const res = await send(signed.url, { headers: signed.headers });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = res.json() as { RequestId: string };
    expect(body).toEqual({ RequestId: res.headers['x-acs-request-id'] });
    expect(emu.pop.calls).toHaveLength(1);
    const call = emu.pop.calls[0]!;
    expect(call).toMatchObject({
      style: 'rpc',
      signature: 'rpc-v1',
      action: 'DescribeRegions',
      version: '2014-05-26',
      method: 'GET',
      accessKeyId: emu.credentials.accessKeyId,
      requestId: body.RequestId,
    });
    expect(call.params).toMatchObject({ RegionId: 'cn-hangzhou', 'Tag.1.Key': 'env', 'Tag.1.Value': 'test' });
    expect(call.params).not.toHaveProperty('Signature');
  });

  it('accepts an RPC v1 POST with a form body', async () => {
    const signed = rpc({ method: 'POST' });
    const res = await send(signed.url, { method: 'POST', headers: signed.headers, body: signed.body });
    expect(res.status).toBe(200);
    expect(emu.pop.calls[0]?.params['RegionId']).toBe('cn-hangzhou');
  });

  it('accepts a ROA v1 request and exposes its JSON body', async () => {
    const signed = signPopRoa({
      method: 'POST',
      host,
      protocol: 'http',
      path: '/api/v1/trainingjobs',
      query: { WorkspaceId: '42' },
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ TrainingJobName: 'demo' }),
      version: '2022-01-12',
      credentials: emu.credentials,
      date: new Date(),
      nonce: nextNonce(),
    });
    const res = await send(signed.url, {
      method: 'POST',
      headers: { ...signed.headers, authorization: signed.authorization },
      body: signed.body,
    });
    expect(res.status).toBe(200);
    expect(emu.pop.calls[0]).toMatchObject({
      style: 'roa',
      signature: 'roa-v1',
      path: '/api/v1/trainingjobs',
      version: '2022-01-12',
      params: { WorkspaceId: '42' },
      json: { TrainingJobName: 'demo' },
    });
  });

  it('accepts ACS3 in RPC style and in ROA style with a JSON body', async () => {
    const rpcSigned = signAcs3({
      method: 'POST',
      host,
      protocol: 'http',
      pathname: '/',
      query: {
        'MetricList.1.MetricName': 'qps',
        'MetricList.1.GroupId': '0',
        'MetricList.1.Dimensions': '{}',
        'MetricList.1.Type': '0',
        'MetricList.1.Values': '{"value":1}',
      },
      action: 'PutCustomMetric',
      version: '2019-01-01',
      credentials: emu.credentials,
      date: new Date(),
      nonce: nextNonce(),
    });
    const a = await send(rpcSigned.url, {
      method: 'POST',
      headers: { ...rpcSigned.headers, Authorization: rpcSigned.authorization },
      body: rpcSigned.body,
    });
    expect(a.status).toBe(200);
    const roaSigned = signAcs3({
      method: 'POST',
      host,
      protocol: 'http',
      pathname: '/api/v1/trainingjobs',
      body: { type: 'json', value: { TrainingJobName: 'x' } },
      action: 'CreateTrainingJob',
      version: '2022-01-12',
      credentials: emu.credentials,
      date: new Date(),
      nonce: nextNonce(),
    });
    const b = await send(roaSigned.url, {
      method: 'POST',
      headers: { ...roaSigned.headers, Authorization: roaSigned.authorization },
      body: roaSigned.body,
    });
    expect(b.status).toBe(200);
    expect(emu.pop.calls.map((c) => [c.style, c.signature, c.action])).toEqual([
      ['rpc', 'acs3', 'PutCustomMetric'],
      ['roa', 'acs3', 'CreateTrainingJob'],
    ]);
    expect(emu.pop.calls[1]?.json).toEqual({ TrainingJobName: 'x' });
  });
});

describe('pop emulator: rejected requests', () => {
  it('answers a wrong secret with SignatureDoesNotMatch (400) quoting its string to sign', async () => {
    const signed = rpc({ secret: 'not-the-secret' });
    const res = await send(signed.url, { headers: signed.headers });
    const body = expectPopError(res, 400, 'SignatureDoesNotMatch');
    expect(body.Message).toBe(
      `Specified signature is not matched with our calculation. server string to sign is:${signed.stringToSign}`,
    );
    expect(body.Message).not.toContain(emu.credentials.accessKeySecret);
    expect(emu.pop.calls).toHaveLength(0);
    const parsed = parsePopError({
      status: res.status,
      headers: res.headers as Record<string, string>,
      body: res.body,
      operation: 'DescribeRegions',
    });
    expect(parsed.code).toBe('SignatureDoesNotMatch');
    expect(parsed.requestId).toBe(body.RequestId);
  });

  it('rejects a parameter changed after signing', async () => {
    const signed = rpc();
    const res = await send(signed.url.replace('RegionId=cn-hangzhou', 'RegionId=cn-beijing'), {
      headers: signed.headers,
    });
    expectPopError(res, 400, 'SignatureDoesNotMatch');
  });

  it('rejects a ROA header changed after signing', async () => {
    const signed = signPopRoa({
      method: 'GET',
      host,
      protocol: 'http',
      path: '/api/v1/trainingjobs',
      version: '2022-01-12',
      credentials: emu.credentials,
      date: new Date(),
      nonce: nextNonce(),
    });
    const res = await send(signed.url, {
      headers: { ...signed.headers, 'x-acs-version': '2020-12-03', authorization: signed.authorization },
    });
    expectPopError(res, 400, 'SignatureDoesNotMatch');
  });

  it('answers an unknown access key with InvalidAccessKeyId.NotFound (404)', async () => {
    const signed = rpc({ accessKeyId: 'LTAI5tUnknownKeyId' });
    expectPopError(await send(signed.url, { headers: signed.headers }), 404, 'InvalidAccessKeyId.NotFound');
  });

  it('answers a stale timestamp with InvalidTimeStamp.Expired (400)', async () => {
    const signed = rpc({ date: new Date(Date.now() - 20 * 60_000) });
    expectPopError(await send(signed.url, { headers: signed.headers }), 400, 'InvalidTimeStamp.Expired');
  });

  it('answers an unsigned request with IncompleteSignature (400)', async () => {
    expectPopError(await send(`${emu.pop.endpoint}/?Action=DescribeRegions`), 400, 'IncompleteSignature');
  });

  it('answers injected throttling in the POP format', async () => {
    emu.faults.inject('pop', {
      status: 400,
      code: 'Throttling.User',
      times: 1,
      match: { operation: 'DescribeRegions' },
    });
    const first = rpc();
    const body = expectPopError(await send(first.url, { headers: first.headers }), 400, 'Throttling.User');
    expect(body.Message).toBe('Request was denied due to user flow control.');
    const second = rpc();
    expect((await send(second.url, { headers: second.headers })).status).toBe(200);
  });
});

describe('pop emulator: canned responses', () => {
  it('answers a registered action, adding the RequestId', async () => {
    emu.pop.setResponse('DescribeRegions', { Regions: { Region: [{ RegionId: 'cn-hangzhou' }] } });
    const signed = rpc();
    const res = await send(signed.url, { headers: signed.headers });
    const body = res.json() as Record<string, unknown>;
    expect(body).toEqual({
      RequestId: res.headers['x-acs-request-id'],
      Regions: { Region: [{ RegionId: 'cn-hangzhou' }] },
    });
  });

  it('matches ROA paths with {Name} segments and lets a responder fail in the POP format', async () => {
    emu.pop.setResponse(
      { method: 'GET', path: '/api/v1/trainingjobs/{TrainingJobId}' },
      (call: { pathParams: Record<string, string> }) => {
        if (call.pathParams['TrainingJobId'] === 'missing') {
          throw new ServiceError(404, 'EntityNotFound.TrainingJob', 'The training job does not exist.');
        }
        return { TrainingJobId: call.pathParams['TrainingJobId'], Status: 'Running' };
      },
    );
    const get = (id: string) => {
      const signed = signPopRoa({
        method: 'GET',
        host,
        protocol: 'http',
        path: `/api/v1/trainingjobs/${id}`,
        version: '2022-01-12',
        credentials: emu.credentials,
        date: new Date(),
        nonce: nextNonce(),
      });
      return send(signed.url, { headers: { ...signed.headers, authorization: signed.authorization } });
    };
    const ok = await get('train-1');
    expect(ok.json()).toMatchObject({ TrainingJobId: 'train-1', Status: 'Running' });
    const missing = await get('missing');
    const body = expectPopError(missing, 404, 'EntityNotFound.TrainingJob');
    expect(body.Message).toBe('The training job does not exist.');
  });

  it('refuses an empty response match', () => {
    expect(() => emu.pop.setResponse({}, {})).toThrow(TypeError);
  });
});
