import { noopLogger } from '@alikit/core';
import { describe, expect, it } from 'vitest';
import { EntryQueue } from './entry-queue';
import type { MetricEntry } from './metric-entry';
import { MetricRegistry, type RegistrySettings } from './registry';

const T0 = Date.UTC(2030, 0, 1, 12, 0, 0); // a 300 s boundary

function setup(overrides: Partial<RegistrySettings> = {}) {
  let now = T0;
  const queue = new EntryQueue(100_000);
  const registry = new MetricRegistry({
    clock: () => now,
    periods: [60, 300],
    raw: false,
    groupId: '7',
    defaultDimensions: [],
    maxSeriesPerMetric: 1000,
    queue,
    logger: noopLogger,
    ...overrides,
  });
  const drain = () => {
    const out: Array<MetricEntry & { parsed: Record<string, number> }> = [];
    for (let e = queue.shift(); e; e = queue.shift()) out.push({ ...e, parsed: JSON.parse(e.values) });
    return out;
  };
  return {
    registry,
    queue,
    drain,
    at: (ms: number) => {
      now = T0 + ms;
    },
  };
}

describe('MetricRegistry windows', () => {
  it('reports a 60 s window once the clock has passed its end, and never before', () => {
    const { registry, drain, at } = setup();
    const h = registry.series('histogram', 'latency', { route: '/a' });
    at(1_000);
    h.record(10);
    at(59_999);
    h.record(30);
    registry.collect();
    expect(drain()).toEqual([]);
    at(60_000);
    registry.collect();
    const [entry, ...rest] = drain();
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({
      metricName: 'latency',
      groupId: '7',
      dimensions: '{"route":"/a"}',
      type: 1,
      period: 60,
      time: T0,
      parsed: { Sum: 40, SampleCount: 2, Average: 20, Maximum: 30, Minimum: 10 },
    });
  });

  it('folds the 60 s windows into the 300 s window and reports it when it ends', () => {
    const { registry, drain, at } = setup();
    const c = registry.series('counter', 'orders', undefined);
    for (let minute = 0; minute < 5; minute++) {
      at(minute * 60_000 + 5_000);
      c.add(minute + 1);
    }
    at(299_999);
    registry.collect();
    expect(drain().map((e) => [e.period, e.time - T0, e.parsed.Sum])).toEqual([
      [60, 0, 1],
      [60, 60_000, 2],
      [60, 120_000, 3],
      [60, 180_000, 4],
    ]);
    at(300_000);
    registry.collect();
    const entries = drain();
    expect(entries.map((e) => [e.period, e.time - T0])).toEqual([
      [60, 240_000],
      [300, 0],
    ]);
    expect(entries[1]?.parsed).toEqual({
      Sum: 15,
      SampleCount: 5,
      Average: 3,
      Maximum: 5,
      Minimum: 1,
      SumPerSecond: 15 / 300,
    });
  });

  it('skips idle windows and reports a gauge with its last value', () => {
    const { registry, drain, at } = setup({ periods: [60] });
    const g = registry.series('gauge', 'queue_depth', undefined);
    at(10_000);
    g.set(5);
    at(20_000);
    g.set(2);
    at(200_000); // two idle minutes later
    g.set(9);
    registry.collect();
    const entries = drain();
    expect(entries.map((e) => [e.time - T0, e.parsed.LastValue, e.parsed.SampleCount])).toEqual([[0, 2, 2]]);
    at(240_000);
    registry.collect();
    expect(drain().map((e) => [e.time - T0, e.parsed.LastValue])).toEqual([[180_000, 9]]);
  });

  it('reports every open window on a final collection, then ignores samples', () => {
    const { registry, drain, at } = setup();
    const h = registry.series('histogram', 'size', undefined);
    at(61_000);
    h.record(4);
    registry.collect(true);
    expect(drain().map((e) => [e.period, e.time - T0, e.parsed.Sum])).toEqual([
      [60, 60_000, 4],
      [300, 0, 4],
    ]);
    h.record(1);
    registry.collect(true);
    expect(drain()).toEqual([]);
  });

  it('reports every sample as a Type 0 value in raw mode', () => {
    const { registry, drain, at } = setup({ raw: true });
    const c = registry.series('counter', 'hits', { host: 'a' });
    at(1);
    c.add(2);
    at(2);
    c.add(3);
    expect(drain().map((e) => [e.type, e.period, e.time - T0, e.values])).toEqual([
      [0, undefined, 1, '{"value":2}'],
      [0, undefined, 2, '{"value":3}'],
    ]);
  });
});

describe('MetricRegistry series', () => {
  it('gives the same series for the same dimensions in any key order', () => {
    const { registry } = setup();
    const a = registry.series('counter', 'm', { a: '1', b: '2' });
    expect(registry.series('counter', 'm', { b: '2', a: '1' })).toBe(a);
    expect(registry.series('counter', 'm', { a: '1' })).not.toBe(a);
    expect(registry.seriesCount).toBe(2);
  });

  it('refuses a name used by another kind, and bad names and dimensions before any series exists', () => {
    const { registry } = setup();
    registry.series('counter', 'm', undefined);
    expect(() => registry.series('gauge', 'm', undefined)).toThrow(
      /"m" is already a counter; it cannot also be a gauge/,
    );
    expect(() => registry.series('counter', 'bad.name', undefined)).toThrow(TypeError);
    expect(() => registry.series('counter', 'm', { k: 'a,b' })).toThrow(/reserved character ","/);
    expect(registry.seriesCount).toBe(1);
  });

  it('adds the default dimensions, lets an instrument override them, and counts them in the limit', () => {
    const { registry } = setup({
      defaultDimensions: [
        ['app', 'shop'],
        ['env', 'prod'],
      ],
    });
    expect(registry.series('counter', 'm', { env: 'dev', zone: 'a' }).dimensions).toBe(
      '{"app":"shop","env":"dev","zone":"a"}',
    );
    const nine = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']));
    expect(() => registry.series('counter', 'm', nine)).toThrow(/11 dimensions with the default dimensions/);
  });

  it('gives one series to requests that name the same dimensions once the defaults are added', () => {
    const { registry } = setup({ defaultDimensions: [['service', 'a']] });
    const bare = registry.series('counter', 'm', undefined);
    expect(registry.series('counter', 'm', { service: 'a' })).toBe(bare);
    expect(registry.series('counter', 'm', { zone: 'x' })).toBe(
      registry.series('counter', 'm', { service: 'a', zone: 'x' }),
    );
    expect(registry.seriesCount).toBe(2);
  });

  it('sends series beyond the cap to one overflow series and counts its samples', () => {
    const { registry, drain, at } = setup({ maxSeriesPerMetric: 2, periods: [60] });
    registry.series('counter', 'm', { user: 'a' }).add(1);
    registry.series('counter', 'm', { user: 'b' }).add(1);
    const c = registry.series('counter', 'm', { user: 'c' });
    const d = registry.series('counter', 'm', { user: 'd' });
    expect(d).toBe(c);
    expect(c.dimensions).toBe('{"overflow":"true"}');
    c.add(5);
    d.add(6);
    expect(registry.overflowLookups).toBe(2);
    at(60_000);
    registry.collect();
    expect(registry.overflowSamples).toBe(2);
    expect(drain().map((e) => [e.dimensions, e.parsed.Sum])).toEqual([
      ['{"user":"a"}', 1],
      ['{"user":"b"}', 1],
      ['{"overflow":"true"}', 11],
    ]);
  });

  it('reads gauge callbacks at each collection and survives a failing one', () => {
    const { registry, drain, at } = setup({ periods: [60] });
    let reading = 3;
    registry.addCallback(registry.series('gauge', 'temp', undefined), () => reading);
    registry.addCallback(registry.series('gauge', 'broken', undefined), () => {
      throw new Error('sensor offline');
    });
    registry.collect();
    reading = 7;
    at(30_000);
    registry.collect();
    at(60_000);
    registry.collect();
    const [temp] = drain();
    expect(temp?.parsed).toMatchObject({ SampleCount: 2, LastValue: 7, Maximum: 7, Minimum: 3 });
  });
});

describe('MetricRegistry default (coarse) clock', () => {
  it('puts samples in the window of Date.now without an injected clock, and stops its timer on close', () => {
    const { registry, drain } = setup({ clock: undefined, periods: [60] });
    expect(registry.exactClock).toBe(false);
    const before = registry.windowStart(Date.now());
    const c = registry.series('counter', 'orders', undefined);
    for (let i = 0; i < 1000; i++) c.add(2);
    const after = registry.windowStart(Date.now());
    expect(registry.openStart === before || registry.openStart === after).toBe(true);
    registry.collect(true);
    expect(registry.openStart).toBe(Number.POSITIVE_INFINITY);
    const entries = drain();
    expect(entries.reduce((n, e) => n + (e.parsed.Sum ?? 0), 0)).toBe(2000);
    for (const e of entries) expect(e.time === before || e.time === after).toBe(true);
    c.add(1);
    expect(drain()).toEqual([]);
  });

  it('keeps exact per-sample clock reads when a clock is injected', () => {
    const { registry, at } = setup();
    expect(registry.exactClock).toBe(true);
    expect(registry.openStart).toBe(Number.POSITIVE_INFINITY);
    registry.series('counter', 'orders', undefined).add();
    at(61_000);
    registry.refresh();
    expect(registry.openStart).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('MetricRegistry lookups', () => {
  it('gives the same series for the same dimensions in any key order, and distinct ones otherwise', () => {
    const { registry } = setup();
    const one = registry.series('counter', 'hits', { route: '/a' });
    expect(registry.series('counter', 'hits', { route: '/a' })).toBe(one);
    expect(registry.series('counter', 'hits', { route: '/b' })).not.toBe(one);
    expect(registry.series('counter', 'hits', { path: '/a' })).not.toBe(one);
    const two = registry.series('counter', 'hits', { route: '/a', shop: 'eu' });
    expect(registry.series('counter', 'hits', { shop: 'eu', route: '/a' })).toBe(two);
    expect(two.dimensions).toBe('{"route":"/a","shop":"eu"}');
    expect(registry.series('counter', 'hits', undefined)).toBe(registry.series('counter', 'hits', {}));
  });
});
