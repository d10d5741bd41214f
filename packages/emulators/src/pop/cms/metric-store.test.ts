import { describe, expect, it } from 'vitest';
import type { CmsMetricEntry } from './metric-list';
import { aggregate, MetricStore } from './metric-store';
import { QpsLimiter } from './qps-limiter';

const T0 = Date.UTC(2030, 0, 1, 12);

function e(fields: Partial<CmsMetricEntry>): CmsMetricEntry {
  return {
    metricName: 'm',
    sentMetricName: 'm',
    groupId: '0',
    dimensions: [['host', 'a']],
    dimensionsRewritten: false,
    type: 0,
    period: undefined,
    time: T0,
    values: { value: 1 },
    requestId: 'R',
    ...fields,
  };
}

describe('MetricStore', () => {
  it('aggregates raw values per period and lets a reported aggregate stand for its window', () => {
    const store = new MetricStore();
    store.add([
      e({ time: T0 + 1_000, values: { value: 4 } }),
      e({ time: T0 + 2_000, values: { value: 2 } }),
      e({ time: T0 + 61_000, values: { value: 6 } }),
      e({ type: 1, period: 60, time: T0 + 120_500, values: { Sum: 50 } }),
    ]);
    const q = { metricName: 'm', lastOnly: false };
    const minute = store.query({ ...q, period: 60 }, 'U');
    expect(minute.map((p) => [p.timestamp, p.Sum, p.SampleCount])).toEqual([
      [T0, 6, 2],
      [T0 + 60_000, 6, 1],
      [T0 + 120_000, 50, undefined],
    ]);
    expect(minute[0]).toMatchObject({ userId: 'U', host: 'a', Average: 3, Maximum: 4, Minimum: 2, LastValue: 2 });
    expect(store.query({ ...q, period: 300 }, 'U')).toMatchObject([{ timestamp: T0, Sum: 12, SampleCount: 3 }]);
    expect(store.query({ ...q, period: 60, startTime: T0, endTime: T0 + 60_000 }, 'U').map((p) => p.timestamp)).toEqual(
      [T0 + 60_000],
    );
    expect(store.query({ ...q, period: 60, lastOnly: true }, 'U').map((p) => p.timestamp)).toEqual([T0 + 120_000]);
  });

  it('filters by dimensions, any of several maps', () => {
    const store = new MetricStore();
    store.add([
      e({ dimensions: [['host', 'a']] }),
      e({ dimensions: [['host', 'b']] }),
      e({ dimensions: [['host', 'c']] }),
    ]);
    const hosts = store
      .query({ metricName: 'm', period: 60, lastOnly: false, dimensions: [{ host: 'a' }, { host: 'c' }] }, 'U')
      .map((p) => p.host);
    expect(hosts).toEqual(['a', 'c']);
  });

  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => ({ time: T0, value: i + 1 }));
    expect(aggregate(samples, 60)).toMatchObject({
      P50: 50,
      P90: 90,
      P99: 99,
      P10: 10,
      SumPerSecond: 5050 / 60,
      CountPerSecond: 100 / 60,
    });
  });
});

describe('QpsLimiter', () => {
  it('admits at most the limit within any sliding second, per action', () => {
    const limiter = new QpsLimiter();
    expect([0, 100, 200].map((t) => limiter.tryAdmit('Put', t, 2))).toEqual([true, true, false]);
    expect(limiter.tryAdmit('Describe', 200, 2)).toBe(true);
    expect(limiter.tryAdmit('Put', 999, 2)).toBe(false);
    expect(limiter.tryAdmit('Put', 1000, 2)).toBe(true);
    expect(limiter.tryAdmit('Put', 5000, undefined)).toBe(true);
  });
});
