import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fullJitterDelayMs } from './backoff';

describe('fullJitterDelayMs', () => {
  it('stays within [0, min(cap, base × 2^(retry−1))]', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, baseDelayMs, maxDelayMs, r) => {
          const delay = fullJitterDelayMs(retry, { baseDelayMs, maxDelayMs, random: () => r });
          // 0 × 2^1024 would be NaN; with base 0 the ceiling is 0.
          const ceiling = baseDelayMs === 0 ? 0 : Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.ceil(ceiling));
          expect(Number.isFinite(delay)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('doubles the ceiling per retry until the cap', () => {
    const top = { baseDelayMs: 100, maxDelayMs: 20_000, random: () => 0.999_999 };
    expect([1, 2, 3, 4, 8, 9, 30].map((n) => fullJitterDelayMs(n, top))).toEqual([
      100, 200, 400, 800, 12_800, 20_000, 20_000,
    ]);
  });

  it('is full jitter: a random 0 means no wait at all', () => {
    expect(fullJitterDelayMs(5, { baseDelayMs: 100, maxDelayMs: 20_000, random: () => 0 })).toBe(0);
    expect(fullJitterDelayMs(3, { baseDelayMs: 100, maxDelayMs: 20_000, random: () => 0.5 })).toBe(200);
  });

  it('tolerates a random source that misbehaves', () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(fullJitterDelayMs(2, { ...opts, random: () => Number.NaN })).toBe(0);
    expect(fullJitterDelayMs(2, { ...opts, random: () => 7 })).toBe(200);
    expect(fullJitterDelayMs(2, { ...opts, random: () => -1 })).toBe(0);
  });
});
