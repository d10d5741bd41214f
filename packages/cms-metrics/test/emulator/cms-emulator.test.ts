import { isSdkError } from '@alikit/core';
import { createPopClient } from '@alikit/core/pop';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PopEmulators, startCms } from './support';

let emu: PopEmulators;
beforeAll(async () => {
  emu = await startCms();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.cms.reset();
  emu.pop.clearCalls();
  emu.pop.clearResponses();
});

function pop() {
  return createPopClient({
    endpoint: emu.pop.endpoint,
    apiVersion: '2019-01-01',
    style: 'rpc',
    credentials: { ...emu.credentials, source: 'test' },
    retry: { maxAttempts: 1 },
    service: 'cms',
  });
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.catch((e: unknown) => e);
  return isSdkError(error) ? `${error.code} ${error.status}` : String(error);
}

describe('the CloudMonitor emulator', () => {
  it('answers DescribeMetric* parameter errors as the service does', async () => {
    const client = pop();
    const ns = emu.pop.cms.namespace;
    expect(await codeOf(client.request('DescribeMetricList', { MetricName: 'm' }))).toBe('MissingParameter 400');
    expect(await codeOf(client.request('DescribeMetricList', { Namespace: ns }))).toBe('MissingParameter 400');
    expect(await codeOf(client.request('DescribeMetricList', { Namespace: ns, MetricName: 'm', Length: 2000 }))).toBe(
      'InvalidParameter 400',
    );
    expect(
      await codeOf(client.request('DescribeMetricList', { Namespace: ns, MetricName: 'm', NextToken: 'zz' })),
    ).toBe('InvalidParameter 400');
    expect(
      await codeOf(
        client.request('DescribeMetricList', {
          Namespace: ns,
          MetricName: 'm',
          StartTime: 0,
          EndTime: 32 * 86_400_000,
        }),
      ),
    ).toBe('InvalidParameter 400');
    const other = await client.request<{ Datapoints: string; Code: string }>('DescribeMetricLast', {
      Namespace: 'acs_ecs_dashboard',
      MetricName: 'CPUUtilization',
    });
    expect(other).toMatchObject({ Code: '200', Datapoints: '[]' });
  });

  it('refuses a PutCustomMetric larger than the byte limit, and lets a canned response win', async () => {
    emu.pop.cms.maxRequestBytes = 500;
    const entry = {
      MetricName: 'm',
      GroupId: 0,
      Dimensions: JSON.stringify({ k: 'v'.repeat(60) }),
      Type: 0,
      Values: '{"value":1}',
    };
    expect(await codeOf(pop().request('PutCustomMetric', { MetricList: [entry, entry, entry, entry] }))).toBe(
      'InvalidParameter 400',
    );
    expect(emu.pop.cms.entries).toHaveLength(0);
    emu.pop.setResponse('PutCustomMetric', { Code: '200', Message: 'canned' });
    expect(await pop().request('PutCustomMetric', { MetricList: [entry] })).toMatchObject({ Message: 'canned' });
    expect(emu.pop.cms.entries).toHaveLength(0);
    expect(() => {
      emu.pop.cms.qps = 0;
    }).toThrow(RangeError);
  });
});
