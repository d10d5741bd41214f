import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CmsClient, TokenBucket } from '../../src/index';
import { manualClock, metricsFor, type PopEmulators, startCms, T0 } from '../emulator/support';

interface RpcClient {
  request<T = Record<string, unknown>>(
    action: string,
    params?: Record<string, unknown>,
    opts?: Record<string, unknown>,
  ): Promise<T>;
}
// The official classic SDK (CommonJS), a dependency of this package.
const { RPCClient } = {
  RPCClient: createRequire(import.meta.url)('@alicloud/pop-core') as new (config: Record<string, unknown>) => RpcClient,
};

let emu: PopEmulators;
let popCore: RpcClient;
beforeAll(async () => {
  emu = await startCms();
  popCore = new RPCClient({
    endpoint: emu.pop.endpoint,
    apiVersion: '2019-01-01',
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret: emu.credentials.accessKeySecret,
  });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.cms.reset();
  emu.pop.clearCalls();
});

interface DescribeAnswer {
  Code: string;
  Datapoints: string;
  Period: string;
  NextToken?: string;
}

describe('@alicloud/pop-core against the CloudMonitor emulator', () => {
  it('sends PutCustomMetric and reads it back with DescribeMetricLast', async () => {
    const put = await popCore.request<{ Code: string; RequestId: string }>(
      'PutCustomMetric',
      {
        MetricList: [
          {
            MetricName: 'orders',
            GroupId: '0',
            Dimensions: JSON.stringify({ shop: 'eu' }),
            Type: '1',
            Period: '60',
            Time: String(T0),
            Values: JSON.stringify({ Sum: 100, SampleCount: 4, Maximum: 40, Minimum: 10, Average: 25 }),
          },
          {
            MetricName: 'orders',
            GroupId: '0',
            Dimensions: JSON.stringify({ shop: 'eu' }),
            Type: '0',
            Time: '20300101T120130.500+0000',
            Values: JSON.stringify({ value: 7 }),
          },
        ],
      },
      { method: 'POST' },
    );
    expect(put.Code).toBe('200');
    expect(put.RequestId).toMatch(/^[0-9A-F-]{36}$/);

    const last = await popCore.request<DescribeAnswer>('DescribeMetricLast', {
      Namespace: `acs_customMetric_${emu.pop.cms.accountId}`,
      MetricName: 'orders',
      Period: '60',
    });
    expect(last.Code).toBe('200');
    expect(last.Period).toBe('60');
    const points = JSON.parse(last.Datapoints) as Array<Record<string, unknown>>;
    expect(points).toHaveLength(1);
    // The raw value of 12:01:30 lies in the later minute, so it is the latest point.
    expect(points[0]).toMatchObject({ timestamp: T0 + 60_000, shop: 'eu', Sum: 7, SampleCount: 1, LastValue: 7 });

    const list = await popCore.request<DescribeAnswer>(
      'DescribeMetricList',
      {
        Namespace: `acs_customMetric_${emu.pop.cms.accountId}`,
        MetricName: 'orders',
        Period: '60',
        StartTime: '2030-01-01 19:59:00',
        EndTime: '2030-01-01 20:05:00',
        Length: '1',
      },
      { method: 'POST' },
    );
    expect(JSON.parse(list.Datapoints)).toEqual([
      {
        timestamp: T0,
        userId: emu.pop.cms.accountId,
        shop: 'eu',
        Sum: 100,
        SampleCount: 4,
        Maximum: 40,
        Minimum: 10,
        Average: 25,
      },
    ]);
    expect(list.NextToken).toBeTypeOf('string');
  });

  it('reads what createMetrics reported, and our client reads what pop-core reported', async () => {
    const clock = manualClock();
    const metrics = metricsFor(emu, { clock: clock.now, periods: [60] });
    const h = metrics.histogram('payload_bytes', { api: 'upload' });
    h.record(512);
    h.record(2048);
    clock.set(60_000);
    await metrics.flush();
    const answer = await popCore.request<DescribeAnswer>('DescribeMetricLast', {
      Namespace: `acs_customMetric_${emu.pop.cms.accountId}`,
      MetricName: 'payload_bytes',
      Dimensions: JSON.stringify({ api: 'upload' }),
    });
    expect(JSON.parse(answer.Datapoints)).toEqual([
      {
        timestamp: T0,
        userId: emu.pop.cms.accountId,
        api: 'upload',
        Sum: 2560,
        SampleCount: 2,
        Average: 1280,
        Maximum: 2048,
        Minimum: 512,
      },
    ]);

    await popCore.request(
      'PutCustomMetric',
      {
        MetricList: [
          {
            MetricName: 'from_pop_core',
            GroupId: '0',
            Dimensions: '{"a":"1"}',
            Type: '1',
            Period: '300',
            Time: String(T0),
            Values: '{"Sum":9,"SampleCount":3}',
          },
        ],
      },
      { method: 'POST' },
    );
    const ours = [];
    for await (const p of metrics.describeMetricLast({ metricName: 'from_pop_core', period: 300 })) ours.push(p);
    expect(ours).toEqual([
      {
        timestamp: new Date(T0),
        userId: emu.pop.cms.accountId,
        dimensions: { a: '1' },
        statistics: { sum: 9, sampleCount: 3 },
        otherValues: {},
      },
    ]);
    await metrics.close();
  });

  it('sends the same PutCustomMetric parameters as pop-core for the same entries', async () => {
    const cms = new CmsClient({
      endpoint: emu.pop.endpoint,
      credentials: { ...emu.credentials, source: 'test' },
      tokenBucket: new TokenBucket({ ratePerSecond: 1000 }),
    });
    await cms.putCustomMetric([
      {
        metricName: 'cpu',
        dimensions: { host: 'a' },
        period: 60,
        time: T0,
        statistics: { average: 0.5, maximum: 0.9 },
      },
      { metricName: 'cpu', dimensions: { host: 'b' }, time: T0, value: 0.25 },
    ]);
    await popCore.request(
      'PutCustomMetric',
      {
        MetricList: [
          {
            MetricName: 'cpu',
            GroupId: '0',
            Dimensions: '{"host":"a"}',
            Type: '1',
            Time: String(T0),
            Values: '{"Average":0.5,"Maximum":0.9}',
            Period: '60',
          },
          {
            MetricName: 'cpu',
            GroupId: '0',
            Dimensions: '{"host":"b"}',
            Type: '0',
            Time: String(T0),
            Values: '{"value":0.25}',
          },
        ],
      },
      { method: 'POST' },
    );
    const [ours, theirs] = emu.pop.cms.calls.map((c) => {
      const params = Object.fromEntries(Object.entries(c.params).filter(([k]) => k.startsWith('MetricList.')));
      return { params, method: c.method, signature: c.signature };
    });
    expect(ours).toEqual(theirs);
    expect(ours?.signature).toBe('rpc-v1');
  });

  it('shows the server-side rewriting our validation prevents, and throttling as pop-core sees it', async () => {
    await popCore.request(
      'PutCustomMetric',
      {
        MetricList: [
          { MetricName: 'http.requests', GroupId: '0', Dimensions: '{"q":"a=b"}', Type: '0', Values: '{"value":1}' },
        ],
      },
      { method: 'POST' },
    );
    expect(emu.pop.cms.entries[0]).toMatchObject({
      metricName: 'http_requests',
      sentMetricName: 'http.requests',
      dimensions: [['q', 'a_b']],
      dimensionsRewritten: true,
    });
    const metrics = metricsFor(emu);
    expect(() => metrics.counter('http.requests')).toThrow(/would store it as "http_requests"/);
    expect(() => metrics.counter('http_requests', { q: 'a=b' })).toThrow(/would store "a_b"/);

    emu.pop.cms.qps = 1;
    const put = () =>
      popCore.request(
        'PutCustomMetric',
        { MetricList: [{ MetricName: 'm', GroupId: '0', Dimensions: '{}', Type: '0', Values: '{"value":1}' }] },
        { method: 'POST' },
      );
    await put();
    await expect(put()).rejects.toMatchObject({ code: 'Throttling.User', name: 'Throttling.UserError' });
    await metrics.close();
  });
});
