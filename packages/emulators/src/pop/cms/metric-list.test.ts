import { describe, expect, it } from 'vitest';
import { ServiceError } from '../../shared/service-error';
import { parseQueryTime, parseReportTime } from './cms-wire';
import { parseEventInfo, parseMetricList, rewriteDimensionText, rewriteMetricName } from './metric-list';

const limits = { maxEntries: 21, maxDimensions: 10 };
const context = { now: 1_000, requestId: 'R' };

function entry(n: number, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([k, v]) => [`MetricList.${n}.${k}`, v]));
}

const good = { MetricName: 'qps', GroupId: '0', Dimensions: '{"host":"a"}', Type: '0', Values: '{"value":10.5}' };

function refusal(fn: () => unknown): { code: string; status: number; message: string } {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return { code: error.code, status: error.status, message: error.message };
    throw error;
  }
  throw new Error('expected a ServiceError');
}

describe('parseMetricList', () => {
  it('reads raw and aggregated entries', () => {
    const params = {
      ...entry(1, { ...good, Time: '1508136760000' }),
      ...entry(2, {
        ...good,
        Type: '1',
        Period: '300',
        Time: '20171012T132456.888+0800',
        Values: '{"Sum":100,"SampleCount":4,"P99":40}',
      }),
    };
    const [raw, agg] = parseMetricList(params, limits, context);
    expect(raw).toMatchObject({
      metricName: 'qps',
      type: 0,
      period: undefined,
      time: 1508136760000,
      values: { value: 10.5 },
    });
    expect(raw?.dimensions).toEqual([['host', 'a']]);
    expect(agg).toMatchObject({ type: 1, period: 300, time: Date.UTC(2017, 9, 12, 5, 24, 56, 888), requestId: 'R' });
    expect(parseMetricList(entry(1, good), limits, context)[0]?.time).toBe(1_000);
  });

  it('rewrites names and dimensions the way the service does, and says so', () => {
    const [e] = parseMetricList(
      entry(1, { ...good, MetricName: '9http.requests', Dimensions: '{"a b":"x=y&z,w","k":"' + 'v'.repeat(70) + '"}' }),
      limits,
      context,
    );
    expect(e?.metricName).toBe('Ahttp_requests');
    expect(e?.sentMetricName).toBe('9http.requests');
    expect(e?.dimensions).toEqual([
      ['a_b', 'x_y_z_w'],
      ['k', 'v'.repeat(64)],
    ]);
    expect(e?.dimensionsRewritten).toBe(true);
    expect(rewriteMetricName('m'.repeat(80))).toHaveLength(64);
    expect(rewriteDimensionText('ok/path\\x.y-z_1')).toBe('ok/path\\x.y-z_1');
  });

  it('refuses what the service refuses, naming the parameter', () => {
    expect(refusal(() => parseMetricList({}, limits, context))).toMatchObject({
      code: 'MissingParameter',
      status: 400,
    });
    const many = Object.assign({}, ...Array.from({ length: 22 }, (_, i) => entry(i + 1, good)));
    expect(refusal(() => parseMetricList(many, limits, context)).message).toMatch(/more than 21 entries/);
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ ...good, Type: '2' }, /MetricList\.1\.Type/],
      [{ ...good, Type: '1' }, /"MetricList\.1\.Period"/],
      [{ ...good, Type: '1', Period: '120', Values: '{"Sum":1}' }, /must be 60 or 300/],
      [{ ...good, Dimensions: 'not json' }, /Dimensions" is not valid JSON/],
      [{ ...good, Dimensions: '["a"]' }, /JSON object of strings/],
      [{ ...good, Values: '{"Sum":1}' }, /must be \{"value": <number>\}/],
      [{ ...good, Type: '1', Period: '60', Values: '{"Median":1}' }, /unknown statistic "Median"/],
      [{ ...good, Values: '{"value":"NaN"}' }, /not a number/],
      [{ ...good, Time: 'yesterday' }, /MetricList\.1\.Time/],
      [{ ...good, GroupId: 'x' }, /GroupId/],
      [
        {
          ...good,
          Dimensions: JSON.stringify(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`k${i}`, 'v']))),
        },
        /more than 10/,
      ],
    ];
    for (const [fields, message] of cases) {
      const r = refusal(() => parseMetricList(entry(1, fields), limits, context));
      expect(r.message).toMatch(message);
      expect(r.status).toBe(400);
    }
    const { MetricName: _, ...noName } = good;
    expect(refusal(() => parseMetricList(entry(1, noName), limits, context))).toMatchObject({
      code: 'MissingParameter',
      message: expect.stringContaining('MetricList.1.MetricName'),
    });
  });
});

describe('parseEventInfo and times', () => {
  it('reads events and refuses incomplete ones', () => {
    const events = parseEventInfo(
      { 'EventInfo.1.EventName': 'deploy', 'EventInfo.1.Content': 'v2', 'EventInfo.1.Time': '1700000000000' },
      50,
      context,
    );
    expect(events).toEqual([
      { eventName: 'deploy', content: 'v2', groupId: '0', time: 1_700_000_000_000, requestId: 'R' },
    ]);
    expect(refusal(() => parseEventInfo({ 'EventInfo.1.EventName': 'x' }, 50, context)).message).toMatch(/Content/);
  });

  it('reads both time formats', () => {
    expect(parseReportTime('20300101T120000.000+0800', 'T')).toBe(Date.UTC(2030, 0, 1, 4));
    expect(parseReportTime('20300101T120000Z', 'T')).toBe(Date.UTC(2030, 0, 1, 12));
    expect(parseQueryTime('2030-01-01 20:00:00', 'T')).toBe(Date.UTC(2030, 0, 1, 12));
    expect(parseQueryTime('1893499200000', 'T')).toBe(1893499200000);
    expect(() => parseQueryTime('2030-01-01T20:00:00Z', 'StartTime')).toThrow(/StartTime/);
  });
});
