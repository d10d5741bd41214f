import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isIdempotentMethod, resolveRetryPolicy } from './retry-policy';

describe('resolveRetryPolicy', () => {
  it('fills in the documented defaults', () => {
    const policy = resolveRetryPolicy();
    expect(policy).toMatchObject({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 20_000, budget: undefined });
    expect(DEFAULT_RETRY).toEqual({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 20_000 });
    expect(policy.random).toBe(Math.random);
    expect(typeof policy.sleep).toBe('function');
  });

  it('keeps what the caller chose', () => {
    const random = () => 0.5;
    const sleep = async () => {};
    expect(resolveRetryPolicy({ maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 5, random, sleep })).toMatchObject({
      maxAttempts: 1,
      baseDelayMs: 0,
      maxDelayMs: 5,
      random,
      sleep,
    });
  });

  it('refuses wrong values with RangeError/TypeError', () => {
    expect(() => resolveRetryPolicy({ maxAttempts: 0 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ maxAttempts: 2.5 })).toThrow(/maxAttempts/);
    expect(() => resolveRetryPolicy({ baseDelayMs: -1 })).toThrow(RangeError);
    expect(() => resolveRetryPolicy({ maxDelayMs: Number.POSITIVE_INFINITY })).toThrow(/maxDelayMs/);
    expect(() => resolveRetryPolicy({ random: 3 as unknown as () => number })).toThrow(TypeError);
    expect(() => resolveRetryPolicy({ sleep: 'x' as unknown as () => Promise<void> })).toThrow(TypeError);
  });
});

describe('isIdempotentMethod', () => {
  it('follows RFC 9110', () => {
    for (const m of ['GET', 'head', 'PUT', 'DELETE', 'OPTIONS', 'TRACE']) expect(isIdempotentMethod(m)).toBe(true);
    for (const m of ['POST', 'PATCH', 'post']) expect(isIdempotentMethod(m)).toBe(false);
  });
});
