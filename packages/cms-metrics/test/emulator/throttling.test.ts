import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/index';
import { manualClock, metricsFor, type PopEmulators, startCms } from './support';

let emu: PopEmulators;
beforeAll(async () => {
  emu = await startCms();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.cms.reset();
  emu.pop.clearCalls();
});

/** Windows the emulator stored, as `name|dimensions|period|time`, with how often each arrived. */
function arrived(): Map<string, number> {
  const seen = new Map<string, number>();
  for (const e of emu.pop.cms.entries) {
    const key = `${e.metricName}|${JSON.stringify(e.dimensions)}|${e.period}|${e.time}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return seen;
}

describe('under throttling (emulator at 5 QPS)', () => {
  it('loses nothing: every period arrives exactly once', async () => {
    emu.pop.cms.qps = 5;
    const clock = manualClock();
    const metrics = metricsFor(emu, {
      clock: clock.now,
      // Four times what the service admits, so requests really are throttled.
      tokenBucket: new TokenBucket({ ratePerSecond: 20, burst: 4 }),
      retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 400 },
    });
    for (let i = 0; i < 100; i++) metrics.histogram('latency', { host: `h${i}` }).record(i);
    clock.set(300_000);
    let result = await metrics.flush();
    for (let round = 0; round < 10 && result.pendingEntries > 0; round++) result = await metrics.flush();

    expect(result.pendingEntries).toBe(0);
    expect(emu.pop.cms.throttled).toBeGreaterThan(0);
    const stats = metrics.stats();
    expect(stats.throttledRequests).toBe(emu.pop.cms.throttled);
    expect(stats).toMatchObject({ sentEntries: 200, droppedEntries: 0, rejectedEntries: 0, bufferedEntries: 0 });
    const windows = arrived();
    expect(windows.size).toBe(200);
    expect([...windows.values()].every((n) => n === 1)).toBe(true);
  }, 30_000);

  it('counts what the full buffer dropped, so arrived + dropped = recorded', async () => {
    emu.pop.cms.qps = 1;
    const clock = manualClock();
    const metrics = metricsFor(emu, {
      clock: clock.now,
      periods: [60],
      maxBufferedEntries: 45,
      tokenBucket: new TokenBucket({ ratePerSecond: 20, burst: 4 }),
      retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
    });
    const hosts = Array.from({ length: 40 }, (_, i) => metrics.counter('jobs', { host: `h${i}` }));
    for (const c of hosts) c.add();
    clock.set(60_000);
    const first = await metrics.flush();
    expect(first.pendingEntries).toBeGreaterThan(0);

    for (const c of hosts) c.add(2);
    clock.set(120_000);
    emu.pop.cms.qps = 5;
    let result = await metrics.flush();
    for (let round = 0; round < 10 && result.pendingEntries > 0; round++) result = await metrics.flush();

    const stats = metrics.stats();
    expect(result.pendingEntries).toBe(0);
    expect(stats.droppedEntries).toBeGreaterThan(0);
    const windows = arrived();
    expect([...windows.values()].every((n) => n === 1)).toBe(true);
    expect(windows.size + stats.droppedEntries).toBe(80);
    // The oldest windows are the ones dropped: every window of the second minute arrived.
    expect(emu.pop.cms.entries.filter((e) => e.time === clockStart(clock) + 60_000)).toHaveLength(40);
  }, 30_000);
});

function clockStart(clock: { now: () => number }): number {
  return clock.now() - 120_000;
}
