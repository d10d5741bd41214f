import { describe, expect, it } from 'vitest';
import { ConnectBackoff } from './backoff';

describe('ConnectBackoff', () => {
  it('doubles the pause per consecutive failure up to the cap, with a random half on top of half', () => {
    const b = new ConnectBackoff(100, 1000, () => 1);
    expect(b.remaining(0)).toBe(0);
    expect(b.fail(0, 'e1')).toBe(100);
    expect(b.fail(200, 'e2')).toBe(200);
    expect(b.fail(500, 'e3')).toBe(400);
    expect(b.fail(1000, 'e4')).toBe(800);
    expect(b.fail(2000, 'e5')).toBe(1000);
    expect(b.failures).toBe(5);
    expect(b.lastError).toBe('e5');
    expect(b.remaining(2500)).toBe(500);
    const low = new ConnectBackoff(100, 1000, () => 0);
    expect(low.fail(0, 'x')).toBe(50);
  });

  it('does not lengthen the pause for attempts that were already running (a parallel wave)', () => {
    const b = new ConnectBackoff(100, 10_000, () => 1);
    b.fail(10, 'a', 0);
    expect(b.fail(12, 'b', 0)).toBe(98);
    expect(b.failures).toBe(1);
    expect(b.lastError).toBe('b');
  });

  it('starts over after a success', () => {
    const b = new ConnectBackoff(100, 1000, () => 1);
    b.fail(0, 'x');
    b.fail(100, 'y');
    b.succeed();
    expect(b.failures).toBe(0);
    expect(b.remaining(101)).toBe(0);
    expect(b.fail(200, 'z')).toBe(100);
  });
});
