import { describe, expect, it } from 'vitest';
import { sharedTokenBucket, TokenBucket } from './token-bucket';

/** A clock and sleep that only move when the test says so. */
function fakeTime() {
  let now = 0;
  const waits: number[] = [];
  return {
    now: () => now,
    waits,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw signal.reason;
      waits.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('TokenBucket', () => {
  it('lets a burst through, then spaces requests at the rate', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 5, now: time.now, sleep: time.sleep });
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(time.waits).toEqual([]);
    await bucket.take();
    await bucket.take();
    expect(time.waits).toEqual([200, 200]);
    expect(bucket.tryTake()).toBe(false);
    time.advance(1000);
    expect(bucket.tryTake()).toBe(true);
  });

  it('queues concurrent takers in order, each a token apart', async () => {
    const time = fakeTime();
    const wants: number[] = [];
    const bucket = new TokenBucket({
      ratePerSecond: 10,
      burst: 1,
      now: time.now,
      sleep: async (ms) => {
        wants.push(ms);
      },
    });
    await Promise.all([bucket.take(), bucket.take(), bucket.take(), bucket.take()]);
    // Reserved at the same instant: the second waits one interval, the third two, ...
    expect(wants).toEqual([100, 200, 300]);
  });

  it('gives the token back when the wait is aborted', async () => {
    const time = fakeTime();
    const bucket = new TokenBucket({ ratePerSecond: 1, now: time.now, sleep: time.sleep });
    await bucket.take();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(bucket.take(controller.signal)).rejects.toThrow('stop');
    time.advance(1000);
    expect(bucket.tryTake()).toBe(true);
  });

  it('checks its rate and shares one bucket per endpoint, at the lowest rate asked for', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: Number.NaN })).toThrow(RangeError);
    const a = sharedTokenBucket('https://metrics.test-1.example', 50);
    const b = sharedTokenBucket('https://metrics.test-1.example', 20);
    expect(b).toBe(a);
    expect(a.ratePerSecond).toBe(20);
    expect(sharedTokenBucket('https://metrics.test-1.example', 100).ratePerSecond).toBe(20);
    expect(sharedTokenBucket('https://metrics.test-2.example', 100)).not.toBe(a);
  });
});
