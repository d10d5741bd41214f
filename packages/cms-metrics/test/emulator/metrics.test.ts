import { isSdkError } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CmsClient, TokenBucket, withMetricsFlush } from '../../src/index';
import { entriesPerPut, manualClock, metricsFor, type PopEmulators, startCms, T0 } from './support';

let emu: PopEmulators;

beforeAll(async () => {
  emu = await startCms();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.cms.reset();
  emu.pop.clearCalls();
  emu.faults.clear();
});

describe('createMetrics against the emulator', () => {
  it('records, flushes and reads the aggregates back', async () => {
    const clock = manualClock();
    const metrics = metricsFor(emu, { clock: clock.now, defaultDimensions: { app: 'shop' } });
    const orders = metrics.counter('orders', { region: 'eu' });
    const latency = metrics.histogram('latency_ms', { route: '/cart' });
    clock.set(1_000);
    orders.add();
    orders.add(2);
    latency.record(120);
    clock.set(59_000);
    latency.record(80);
    clock.set(61_000);
    orders.add(4);

    const first = await metrics.flush();
    expect(first).toMatchObject({
      sentEntries: 2,
      requests: 1,
      pendingEntries: 0,
      droppedEntries: 0,
      rejectedEntries: 0,
    });

    const points = [];
    for await (const p of metrics.describeMetricList({
      metricName: 'latency_ms',
      period: 60,
      startTime: T0 - 1,
      endTime: T0 + 600_000,
    })) {
      points.push(p);
    }
    expect(points).toEqual([
      {
        timestamp: new Date(T0),
        userId: emu.pop.cms.accountId,
        dimensions: { app: 'shop', route: '/cart' },
        statistics: { sum: 200, sampleCount: 2, average: 100, maximum: 120, minimum: 80 },
        otherValues: {},
      },
    ]);

    const closed = await metrics.close();
    // The open 60 s window of orders, and both 300 s windows.
    expect(closed.sentEntries).toBe(3);
    const last = [];
    for await (const p of metrics.describeMetricLast({
      metricName: 'orders',
      period: 300,
      dimensions: { region: 'eu' },
    })) {
      last.push(p);
    }
    expect(last).toHaveLength(1);
    expect(last[0]?.statistics).toEqual({
      sum: 7,
      sampleCount: 3,
      average: 7 / 3,
      maximum: 4,
      minimum: 1,
      sumPerSecond: 7 / 300,
    });
    expect(metrics.stats()).toMatchObject({ sentEntries: 5, sentRequests: 2, bufferedEntries: 0, series: 2 });
  });

  it('throws for bad input before any I/O, naming what is wrong', async () => {
    const metrics = metricsFor(emu);
    expect(() => metrics.counter('http.requests')).toThrow(
      /metric name "http.requests" may hold only letters, digits and "_"; CloudMonitor would store it as "http_requests"/,
    );
    expect(() => metrics.histogram('9lives')).toThrow(/must start with a letter/);
    expect(() => metrics.gauge('ok', { 'user id': 'x' })).toThrow(/dimension key "user id"/);
    expect(() => metrics.counter('ok', { q: 'a=b' })).toThrow(/reserved character "="/);
    const eleven = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`d${i}`, 'x']));
    expect(() => metrics.counter('ok', eleven)).toThrow(/11 dimensions .* at most 10/);
    const h = metrics.histogram('ok_histogram');
    expect(() => h.record(Number.NaN)).toThrow(
      new RangeError('metric "ok_histogram": value must be a finite number, got NaN'),
    );
    expect(() => h.record(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => metrics.gauge('ok_gauge').set(Number.NEGATIVE_INFINITY)).toThrow(/-Infinity/);
    expect(() => metrics.counter('ok_counter').add(-1)).toThrow(/a counter only goes up/);
    expect(() => metrics.counter('ok_counter').add('1' as unknown as number)).toThrow(TypeError);
    expect(() => metrics.gauge('ok_histogram')).toThrow(/already a histogram/);
    await expect(metrics.putCustomMetric([{ metricName: 'x', value: Number.NaN }])).rejects.toThrow(RangeError);
    await expect(
      metrics.putCustomMetric([{ metricName: 'x', period: 120 as 60, statistics: { sum: 1 } }]),
    ).rejects.toThrow(/period must be 60 or 300/);
    expect(() => metricsFor(emu, { periods: [90 as 60] })).toThrow(/periods may hold 60 and 300/);
    expect(() => metricsFor(emu, { defaultDimensions: { env: 'a&b' } })).toThrow(/defaultDimensions: .*reserved/);
    expect(emu.pop.calls).toHaveLength(0);
    await metrics.close();
  });

  it('splits a flush into requests within the entry and byte limits', async () => {
    const clock = manualClock();
    const metrics = metricsFor(emu, { clock: clock.now, periods: [60] });
    for (let i = 0; i < 50; i++) metrics.counter('requests', { host: `host-${i}` }).add();
    clock.set(60_000);
    expect(await metrics.flush()).toMatchObject({ sentEntries: 50, requests: 3 });
    expect(entriesPerPut(emu).sort()).toEqual([21, 21, 8].sort());

    emu.pop.cms.reset();
    emu.pop.clearCalls();
    emu.pop.cms.maxRequestBytes = 12_000;
    const narrow = metricsFor(emu, { clock: clock.now, periods: [60], maxRequestBytes: 12_000 });
    const long = 'x'.repeat(60);
    for (let i = 0; i < 40; i++) {
      narrow.counter('wide', { a: `${long}${i}`, b: long, c: long, d: long, e: long, f: long, g: long, h: long }).add();
    }
    clock.set(120_000);
    const result = await narrow.flush();
    expect(result).toMatchObject({ sentEntries: 40, rejectedEntries: 0 });
    expect(Math.max(...entriesPerPut(emu))).toBeLessThan(21);
    expect(emu.pop.cms.entries).toHaveLength(40);
  });

  it('counts entries the service refuses for good, and reports them', async () => {
    emu.pop.cms.maxEntriesPerRequest = 5;
    const errors: Error[] = [];
    const clock = manualClock();
    const metrics = metricsFor(emu, { clock: clock.now, periods: [60], onError: (e) => errors.push(e) });
    for (let i = 0; i < 6; i++) metrics.counter('c', { i: String(i) }).add();
    clock.set(60_000);
    const result = await metrics.flush();
    expect(result).toMatchObject({ sentEntries: 0, rejectedEntries: 6, pendingEntries: 0 });
    expect(result.errors).toHaveLength(1);
    expect(isSdkError(result.errors[0]) && result.errors[0].code).toBe('InvalidParameter');
    expect(errors).toEqual(result.errors);
    expect(metrics.stats().rejectedEntries).toBe(6);
  });

  it('retries transient failures and keeps entries across flushes until they are sent', async () => {
    const clock = manualClock();
    const metrics = metricsFor(emu, { clock: clock.now, periods: [60], retry: { maxAttempts: 2, baseDelayMs: 1 } });
    metrics.gauge('depth').set(3);
    clock.set(60_000);
    emu.faults.inject('pop', {
      status: 503,
      code: 'ServiceUnavailable',
      times: 3,
      match: { operation: 'PutCustomMetric' },
    });
    const first = await metrics.flush();
    expect(first).toMatchObject({ sentEntries: 0, pendingEntries: 1 });
    expect(isSdkError(first.errors[0]) && first.errors[0].code).toBe('ServiceUnavailable');
    const second = await metrics.flush();
    expect(second).toMatchObject({ sentEntries: 1, pendingEntries: 0 });
    expect(emu.pop.cms.entries).toHaveLength(1);
    expect(metrics.stats().failedRequests).toBe(3);
  });

  it('keeps entries buffered when a flush is aborted', async () => {
    const clock = manualClock();
    const metrics = metricsFor(emu, { clock: clock.now, periods: [60] });
    metrics.counter('c').add();
    clock.set(60_000);
    const controller = new AbortController();
    const reason = new Error('deadline');
    controller.abort(reason);
    await expect(metrics.flush({ signal: controller.signal })).rejects.toBe(reason);
    expect(metrics.stats().bufferedEntries).toBe(1);
    expect(await metrics.flush()).toMatchObject({ sentEntries: 1 });
  });

  it('flushes on the injected timer and stops it on close', async () => {
    const clock = manualClock();
    const scheduled: Array<{ callback: () => void; ms: number; cleared: boolean }> = [];
    const metrics = metricsFor(emu, {
      clock: clock.now,
      periods: [60],
      flushIntervalMs: 5_000,
      timers: {
        setInterval: (callback, ms) => {
          const handle = { callback, ms, cleared: false };
          scheduled.push(handle);
          return handle;
        },
        clearInterval: (handle) => {
          (handle as { cleared: boolean }).cleared = true;
        },
      },
    });
    expect(scheduled.map((s) => s.ms)).toEqual([5_000]);
    metrics.counter('ticks').add();
    clock.set(60_000);
    scheduled[0]?.callback();
    await expect.poll(() => emu.pop.cms.entries.length).toBe(1);
    await metrics.close();
    expect(scheduled[0]?.cleared).toBe(true);
  });

  it('reports every sample as a raw value in raw mode', async () => {
    const metrics = metricsFor(emu, { mode: 'raw' });
    const c = metrics.counter('raw_hits', { host: 'a' });
    c.add(2);
    c.add(3);
    await metrics.close();
    expect(emu.pop.cms.entries.map((e) => [e.type, e.values])).toEqual([
      [0, { value: 2 }],
      [0, { value: 3 }],
    ]);
  });

  it('flushes after each Function Compute invocation with withMetricsFlush', async () => {
    const clock = manualClock();
    const metrics = metricsFor(emu, { clock: clock.now, periods: [60] });
    const handler = withMetricsFlush(metrics, async (n: number) => {
      metrics.counter('invocations').add();
      clock.set(n * 60_000);
      return n * 2;
    });
    expect(await handler(1)).toBe(2);
    expect(emu.pop.cms.entries).toHaveLength(1);
    await expect(withMetricsFlush(metrics, () => Promise.reject(new Error('boom')))()).rejects.toThrow('boom');
  });

  it('times with a timer and reads callback gauges at each flush', async () => {
    const clock = manualClock();
    let monotonic = 0;
    const metrics = metricsFor(emu, { clock: clock.now, periods: [60], timerClock: () => monotonic });
    const timer = metrics.timer('db_query_ms', { table: 'orders' });
    const stop = timer.startTimer();
    monotonic = 12.5;
    expect(stop()).toBe(12.5);
    expect(stop()).toBe(12.5);
    const result = timer.time(() => {
      monotonic += 7.5;
      return 'rows';
    });
    expect(result).toBe('rows');
    await timer.time(async () => {
      monotonic += 30;
    });
    let depth = 4;
    metrics.gauge('queue_depth', undefined, { callback: () => depth });
    await metrics.flush();
    depth = 6;
    clock.set(60_000);
    await metrics.flush();
    const byName = Object.fromEntries(emu.pop.cms.entries.map((e) => [e.metricName, e.values]));
    expect(byName.db_query_ms).toEqual({ Sum: 50, SampleCount: 3, Average: 50 / 3, Maximum: 30, Minimum: 7.5 });
    expect(byName.queue_depth).toMatchObject({ SampleCount: 1, LastValue: 4 });
  });
});

describe('CmsClient raw API against the emulator', () => {
  function client(overrides = {}) {
    return new CmsClient({
      endpoint: emu.pop.endpoint,
      credentials: { ...emu.credentials, source: 'test' },
      accountId: emu.pop.cms.accountId,
      tokenBucket: new TokenBucket({ ratePerSecond: 10_000 }),
      ...overrides,
    });
  }

  it('puts raw and aggregated values and events, and pages through them', async () => {
    const cms = client();
    const metrics = Array.from({ length: 25 }, (_, i) => ({
      metricName: 'temperature',
      dimensions: { sensor: `s${i % 5}` },
      time: T0 + i * 60_000,
      value: i,
    }));
    const put = await cms.putCustomMetric([
      ...metrics,
      { metricName: 'agg', period: 300, statistics: { sum: 10, sampleCount: 4, p99: 9 }, time: new Date(T0) },
    ]);
    expect(put.entryCount).toBe(26);
    expect(put.requestIds).toHaveLength(2);
    expect(put.requestIds[0]).toMatch(/^[0-9A-F-]{36}$/);
    expect(emu.pop.cms.entries.at(-1)?.values).toEqual({ Sum: 10, SampleCount: 4, P99: 9 });

    const pages = [];
    for await (const page of cms
      .describeMetricList({ metricName: 'temperature', startTime: T0 - 1, endTime: T0 + 3_600_000 })
      .byPage({ maxPageSize: 10 })) {
      pages.push(page);
    }
    expect(pages.map((p) => p.datapoints.length)).toEqual([10, 10, 5]);
    expect(pages[0]?.continuationToken).toBeTypeOf('string');
    expect(pages[2]?.continuationToken).toBeUndefined();
    expect(pages[0]?.datapoints[0]?.statistics).toMatchObject({ sum: 0, sampleCount: 1, lastValue: 0, p50: 0 });

    const resumed = [];
    for await (const page of cms
      .describeMetricList({ metricName: 'temperature', startTime: T0 - 1, endTime: T0 + 3_600_000 })
      .byPage({ continuationToken: pages[1]?.continuationToken, maxPageSize: 10 })) {
      resumed.push(...page.datapoints);
    }
    expect(resumed.map((p) => p.statistics.sum)).toEqual([20, 21, 22, 23, 24]);

    const latest = [];
    for await (const p of cms.describeMetricLast({
      metricName: 'temperature',
      dimensions: [{ sensor: 's1' }, { sensor: 's2' }],
    })) {
      latest.push([p.dimensions.sensor, p.statistics.lastValue]);
    }
    expect(latest).toEqual([
      ['s1', 21],
      ['s2', 22],
    ]);

    const events = await cms.putCustomEvent([{ name: 'deploy', content: '{"version":"1.2.3"}', time: T0 }]);
    expect(events.eventCount).toBe(1);
    expect(emu.pop.cms.events).toMatchObject([
      { eventName: 'deploy', content: '{"version":"1.2.3"}', groupId: '0', time: T0 },
    ]);
  });

  it('checks inputs before any I/O', async () => {
    const cms = client();
    expect(() => cms.describeMetricList({ metricName: 'a.b' })).toThrow(TypeError);
    expect(() => client({ accountId: undefined }).describeMetricList({ metricName: 'ab' })).toThrow(
      /namespace is required/,
    );
    expect(() => cms.describeMetricList({ metricName: 'ab' }).byPage({ maxPageSize: 2000 })).toThrow(RangeError);
    await expect(cms.putCustomMetric([])).rejects.toThrow(TypeError);
    await expect(cms.putCustomMetric([{ metricName: 'a', value: 1, period: 60 } as never])).rejects.toThrow(
      /either value/,
    );
    await expect(cms.putCustomEvent([{ name: '', content: 'x' }])).rejects.toThrow(/events\[0\]\.name/);
    expect(() => new CmsClient({ env: {} })).toThrow(/needs a region or an endpoint/);
    expect(() => new CmsClient({ region: 'cn-hangzhou', maxEntriesPerRequest: 0 })).toThrow(RangeError);
    expect(() => new CmsClient({ endpoint: 'http://example.com' })).toThrow(TypeError);
    expect(new CmsClient({ env: { ALIBABA_CLOUD_REGION_ID: 'cn-shanghai' } }).endpoint).toBe(
      'https://metrics.cn-shanghai.aliyuncs.com',
    );
    expect(emu.pop.calls).toHaveLength(0);
  });
});
