import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyRecorder } from './latency-recorder';

describe('LatencyRecorder', () => {
  it('gives nearest-rank percentiles of what it recorded', () => {
    const r = new LatencyRecorder(1000);
    expect(r.summary()).toEqual({ count: 0, p50: 0, p90: 0, p99: 0, max: 0 });
    for (let i = 100; i >= 1; i--) r.record(i);
    expect(r.summary()).toEqual({ count: 100, p50: 50, p90: 90, p99: 99, max: 100 });
  });

  it('keeps only the most recent samples but counts all', () => {
    const r = new LatencyRecorder(4);
    for (const v of [1000, 1000, 1, 2, 3, 4]) r.record(v);
    expect(r.summary()).toMatchObject({ count: 6, max: 4, p50: 2 });
  });

  it('orders its percentiles and bounds them by the kept samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (values) => {
          const r = new LatencyRecorder(64);
          for (const v of values) r.record(v);
          const s = r.summary();
          const kept = values.slice(-64);
          expect(s.p50).toBeLessThanOrEqual(s.p90);
          expect(s.p90).toBeLessThanOrEqual(s.p99);
          expect(s.p99).toBeLessThanOrEqual(s.max);
          expect(s.max).toBe(Math.max(...kept));
          expect(kept).toContain(s.p50);
        },
      ),
      { numRuns: 200 },
    );
  });
});
