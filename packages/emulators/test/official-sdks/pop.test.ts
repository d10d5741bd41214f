import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { requireFromCore } from '../helpers';

// The official SDKs are CommonJS devDependencies of packages/core.
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
  ROAClient: new (
    config: Record<string, unknown>,
  ) => {
    request(
      method: string,
      uriPattern: string,
      query?: Record<string, unknown>,
      body?: string,
      headers?: Record<string, string>,
      opts?: Record<string, unknown>,
    ): Promise<Record<string, unknown>>;
  };
};
const requireFromOpenApi = createRequire(requireFromCore.resolve('@alicloud/openapi-client'));
const openApi = requireFromCore('@alicloud/openapi-client') as {
  default: new (
    config: unknown,
  ) => {
    callApi(
      params: unknown,
      request: unknown,
      runtime: unknown,
    ): Promise<{ body: Record<string, unknown>; statusCode: number }>;
  };
  Config: new (map: Record<string, unknown>) => unknown;
  Params: new (map: Record<string, unknown>) => unknown;
  OpenApiRequest: new (map: Record<string, unknown>) => unknown;
};
const teaUtil = requireFromOpenApi('@alicloud/tea-util') as {
  RuntimeOptions: new (map: Record<string, unknown>) => unknown;
};

let emu: Emulators<'pop'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop'] });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.clearCalls();
  emu.pop.clearResponses();
});

describe('official POP SDKs against the pop emulator', () => {
  it('@alicloud/pop-core RPCClient (RPC v1, GET and POST) gets the canned response', async () => {
    emu.pop.setResponse('DescribeRegions', { Regions: { Region: [{ RegionId: 'cn-hangzhou' }] } });
    const client = new popCore.RPCClient({
      accessKeyId: emu.credentials.accessKeyId,
      accessKeySecret: emu.credentials.accessKeySecret,
      endpoint: emu.pop.endpoint,
      apiVersion: '2014-05-26',
    });
    const viaGet = await client.request('DescribeRegions', { RegionId: 'cn-hangzhou' });
    expect(viaGet['Regions']).toEqual({ Region: [{ RegionId: 'cn-hangzhou' }] });
    expect(viaGet['RequestId']).toEqual(emu.pop.calls[0]?.requestId);
    const viaPost = await client.request('DescribeRegions', { RegionId: 'cn-shanghai' }, { method: 'POST' });
    expect(viaPost['RequestId']).toEqual(emu.pop.calls[1]?.requestId);
    expect(emu.pop.calls.map((c) => [c.method, c.signature, c.params['RegionId']])).toEqual([
      ['GET', 'rpc-v1', 'cn-hangzhou'],
      ['POST', 'rpc-v1', 'cn-shanghai'],
    ]);
  });

  it('@alicloud/pop-core RPCClient surfaces SignatureDoesNotMatch for a wrong secret', async () => {
    const client = new popCore.RPCClient({
      accessKeyId: emu.credentials.accessKeyId,
      accessKeySecret: 'WrongSecret',
      endpoint: emu.pop.endpoint,
      apiVersion: '2014-05-26',
    });
    await expect(client.request('DescribeRegions', {})).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
      name: 'SignatureDoesNotMatchError',
    });
  });

  it('@alicloud/pop-core ROAClient (ROA v1) is accepted', async () => {
    const client = new popCore.ROAClient({
      accessKeyId: emu.credentials.accessKeyId,
      accessKeySecret: emu.credentials.accessKeySecret,
      endpoint: emu.pop.endpoint,
      apiVersion: '2022-01-12',
    });
    const result = await client.request(
      'POST',
      '/api/v1/trainingjobs',
      {},
      JSON.stringify({ TrainingJobName: 'demo' }),
      { 'content-type': 'application/json' },
    );
    expect(result['RequestId']).toBe(emu.pop.calls[0]?.requestId);
    expect(emu.pop.calls[0]).toMatchObject({ style: 'roa', signature: 'roa-v1', json: { TrainingJobName: 'demo' } });
  });

  it('@alicloud/openapi-client callApi (ACS3-HMAC-SHA256) is accepted in RPC and ROA style', async () => {
    const client = new openApi.default(
      new openApi.Config({
        accessKeyId: emu.credentials.accessKeyId,
        accessKeySecret: emu.credentials.accessKeySecret,
        endpoint: new URL(emu.pop.endpoint).host,
        protocol: 'http',
      }),
    );
    const runtime = new teaUtil.RuntimeOptions({});
    const rpc = await client.callApi(
      new openApi.Params({
        action: 'PutCustomMetric',
        version: '2019-01-01',
        protocol: 'HTTP',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      }),
      new openApi.OpenApiRequest({
        query: {
          'MetricList.1.MetricName': 'qps',
          'MetricList.1.GroupId': '0',
          'MetricList.1.Dimensions': '{}',
          'MetricList.1.Type': '0',
          'MetricList.1.Values': '{"value":1}',
        },
      }),
      runtime,
    );
    expect(rpc.statusCode).toBe(200);
    const roa = await client.callApi(
      new openApi.Params({
        action: 'CreateTrainingJob',
        version: '2022-01-12',
        protocol: 'HTTP',
        pathname: '/api/v1/trainingjobs',
        method: 'POST',
        authType: 'AK',
        style: 'ROA',
        reqBodyType: 'json',
        bodyType: 'json',
      }),
      new openApi.OpenApiRequest({
        body: { TrainingJobName: 'demo', HyperParameters: [{ Name: 'epochs', Value: '1' }] },
      }),
      runtime,
    );
    expect(roa.statusCode).toBe(200);
    expect(emu.pop.calls.map((c) => [c.style, c.signature, c.action])).toEqual([
      ['rpc', 'acs3', 'PutCustomMetric'],
      ['roa', 'acs3', 'CreateTrainingJob'],
    ]);
    expect(emu.pop.calls[0]?.params['MetricList.1.MetricName']).toBe('qps');
    expect(emu.pop.calls[1]?.json).toEqual({
      TrainingJobName: 'demo',
      HyperParameters: [{ Name: 'epochs', Value: '1' }],
    });
  });
});
