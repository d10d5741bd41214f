import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PopEmulators, startCms, T0 } from '../emulator/support';

// The generated-SDK runtime (ACS3-HMAC-SHA256 signatures, parameters in the query string) is a
// devDependency of packages/core.
const requireFromCore = createRequire(new URL('../../../core/package.json', import.meta.url));
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
const teaUtil = createRequire(requireFromCore.resolve('@alicloud/openapi-client'))('@alicloud/tea-util') as {
  RuntimeOptions: new (map: Record<string, unknown>) => unknown;
};

let emu: PopEmulators;
beforeAll(async () => {
  emu = await startCms();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.cms.reset();
  emu.pop.clearCalls();
});

function rpc(action: string) {
  return new openApi.Params({
    action,
    version: '2019-01-01',
    protocol: 'HTTP',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
}

describe('@alicloud/openapi-client (ACS3) against the CloudMonitor emulator', () => {
  it('puts a metric with the generated SDK wire form and reads it back', async () => {
    const client = new openApi.default(
      new openApi.Config({
        accessKeyId: emu.credentials.accessKeyId,
        accessKeySecret: emu.credentials.accessKeySecret,
        endpoint: new URL(emu.pop.endpoint).host,
        protocol: 'http',
      }),
    );
    const runtime = new teaUtil.RuntimeOptions({});
    const put = await client.callApi(
      rpc('PutCustomMetric'),
      new openApi.OpenApiRequest({
        query: {
          'MetricList.1.MetricName': 'qps',
          'MetricList.1.GroupId': '0',
          'MetricList.1.Dimensions': '{"host":"a"}',
          'MetricList.1.Type': '1',
          'MetricList.1.Period': '60',
          'MetricList.1.Time': String(T0),
          'MetricList.1.Values': '{"Sum":100,"SampleCount":4}',
        },
      }),
      runtime,
    );
    expect(put.statusCode).toBe(200);
    expect(put.body).toMatchObject({ Code: '200' });
    expect(emu.pop.cms.calls[0]?.signature).toBe('acs3');

    const last = await client.callApi(
      rpc('DescribeMetricLast'),
      new openApi.OpenApiRequest({ query: { Namespace: emu.pop.cms.namespace, MetricName: 'qps', Period: '60' } }),
      runtime,
    );
    expect(JSON.parse(String(last.body.Datapoints))).toEqual([
      { timestamp: T0, userId: emu.pop.cms.accountId, host: 'a', Sum: 100, SampleCount: 4 },
    ]);

    const refused = await client
      .callApi(
        rpc('PutCustomMetric'),
        new openApi.OpenApiRequest({ query: { 'MetricList.1.MetricName': 'qps' } }),
        runtime,
      )
      .catch((e: { code?: string; statusCode?: number }) => e);
    expect(refused).toMatchObject({ code: 'MissingParameter', statusCode: 400 });
  });
});
