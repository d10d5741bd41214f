import { describe, expect, it } from 'vitest';
import { memoize } from './memoize';
import type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './types';

const MIN = 60_000;
const T0 = Date.parse('2024-05-01T00:00:00Z');

/** A provider that counts its calls and answers from a script of results. */
function scripted(results: Array<(n: number) => Credentials | Error>) {
  let calls = 0;
  const signals: Array<AbortSignal | undefined> = [];
  const provider: CredentialProvider = async (options?: CredentialProviderCallOptions) => {
    signals.push(options?.signal);
    const step = results[Math.min(calls, results.length - 1)];
    calls++;
    if (!step) throw new Error('no script');
    const result = step(calls);
    if (result instanceof Error) throw result;
    return result;
  };
  return {
    provider,
    signals,
    get calls() {
      return calls;
    },
  };
}

function sts(id: string, expiresAt?: number, extra: Partial<Credentials> = {}): Credentials {
  return {
    accessKeyId: id,
    accessKeySecret: 'ExampleSecret',
    securityToken: 'ExampleToken',
    ...(expiresAt === undefined ? {} : { expiration: new Date(expiresAt) }),
    source: 'test',
    ...extra,
  };
}

function clock(start = T0) {
  let t = start;
  return {
    now: () => new Date(t),
    set: (ms: number) => {
      t = ms;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

describe('memoize', () => {
  it('runs the provider once for 1,000 concurrent callers', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const cached = memoize(async () => {
      calls++;
      await gate;
      return sts('LTAI5tExampleKeyId', T0 + 60 * MIN);
    });
    const all = Promise.all(Array.from({ length: 1000 }, () => cached()));
    release();
    const results = await all;
    expect(calls).toBe(1);
    expect(new Set(results.map((c) => c.accessKeyId))).toEqual(new Set(['LTAI5tExampleKeyId']));
    // And later calls hit the cache.
    await cached();
    expect(calls).toBe(1);
  });

  it('keeps credentials without an expiration until forceRefresh', async () => {
    const c = clock();
    const s = scripted([(n) => sts(`key-${n}`)]);
    const cached = memoize(s.provider, { now: c.now });
    expect((await cached()).accessKeyId).toBe('key-1');
    c.advance(365 * 24 * 60 * MIN);
    expect((await cached()).accessKeyId).toBe('key-1');
    expect(s.calls).toBe(1);
    expect((await cached.forceRefresh()).accessKeyId).toBe('key-2');
    expect((await cached()).accessKeyId).toBe('key-2');
    expect(s.calls).toBe(2);
  });

  it('refreshes ahead of expiry by the margin (no jitter)', async () => {
    const c = clock();
    const s = scripted([(n) => sts(`key-${n}`, T0 + 60 * MIN + (n - 1) * 60 * MIN)]);
    const cached = memoize(s.provider, { now: c.now, jitterMs: 0 });
    expect((await cached()).accessKeyId).toBe('key-1');
    c.set(T0 + 45 * MIN - 1);
    expect((await cached()).accessKeyId).toBe('key-1');
    expect(s.calls).toBe(1);
    c.set(T0 + 45 * MIN);
    expect((await cached()).accessKeyId).toBe('key-2');
    expect(s.calls).toBe(2);
  });

  it('uses the official 900 s margin by default', async () => {
    const c = clock();
    const s = scripted([(n) => sts(`key-${n}`, T0 + 60 * MIN)]);
    const cached = memoize(s.provider, { now: c.now, random: () => 0 });
    await cached();
    c.set(T0 + 45 * MIN - 1);
    await cached();
    expect(s.calls).toBe(1);
    c.set(T0 + 45 * MIN);
    await cached();
    expect(s.calls).toBe(2);
  });

  it('adds between 0 and jitterMs to the margin, drawn per fetched credentials', async () => {
    for (const draw of [0, 0.25, 0.5, 0.999]) {
      const c = clock();
      const s = scripted([(n) => sts(`key-${n}`, T0 + 6 * 60 * MIN)]);
      const cached = memoize(s.provider, {
        now: c.now,
        refreshMarginMs: 15 * MIN,
        jitterMs: 10 * MIN,
        random: () => draw,
      });
      await cached();
      const refreshAt = T0 + 6 * 60 * MIN - 15 * MIN - draw * 10 * MIN;
      expect(refreshAt).toBeLessThanOrEqual(T0 + 6 * 60 * MIN - 15 * MIN);
      expect(refreshAt).toBeGreaterThan(T0 + 6 * 60 * MIN - 25 * MIN);
      c.set(Math.ceil(refreshAt) - 1);
      await cached();
      expect(s.calls).toBe(1);
      c.set(Math.ceil(refreshAt));
      await cached();
      expect(s.calls).toBe(2);
    }
  });

  it('honours a larger refreshAheadMs asked by the credentials (ECS: one hour)', async () => {
    const c = clock();
    const s = scripted([(n) => sts(`key-${n}`, T0 + 6 * 60 * MIN, { refreshAheadMs: 60 * MIN })]);
    const cached = memoize(s.provider, { now: c.now, jitterMs: 0 });
    await cached();
    c.set(T0 + 5 * 60 * MIN - 1);
    await cached();
    expect(s.calls).toBe(1);
    c.set(T0 + 5 * 60 * MIN);
    await cached();
    expect(s.calls).toBe(2);
  });

  it('never waits for less than half the lifetime of short-lived credentials', async () => {
    const c = clock();
    // 15 minutes: the smallest STS duration. The official SDK would refresh at every call.
    const s = scripted([(n) => sts(`key-${n}`, T0 + (n === 1 ? 15 : 30) * MIN)]);
    const cached = memoize(s.provider, { now: c.now });
    await cached();
    c.set(T0 + 7.5 * MIN - 1);
    await cached();
    expect(s.calls).toBe(1);
    c.set(T0 + 7.5 * MIN);
    await cached();
    expect(s.calls).toBe(2);
  });

  it('serves still-valid credentials when a refresh fails, and retries after a delay', async () => {
    const c = clock();
    const s = scripted([
      () => sts('key-1', T0 + 60 * MIN),
      () => new Error('sts down'),
      () => sts('key-3', T0 + 120 * MIN),
    ]);
    const cached = memoize(s.provider, { now: c.now, jitterMs: 0, random: () => 0 });
    await cached();
    c.set(T0 + 50 * MIN);
    expect((await cached()).accessKeyId).toBe('key-1');
    expect(s.calls).toBe(2);
    // Within the retry delay (1 s with random() = 0) the cache answers without asking.
    c.advance(999);
    expect((await cached()).accessKeyId).toBe('key-1');
    expect(s.calls).toBe(2);
    c.advance(1);
    expect((await cached()).accessKeyId).toBe('key-3');
    expect(s.calls).toBe(3);
  });

  it('grows the retry delay with consecutive failures, within the official bounds', async () => {
    const c = clock();
    const s = scripted([() => sts('key-1', T0 + 600 * MIN), () => new Error('sts down')]);
    const cached = memoize(s.provider, { now: c.now, jitterMs: 0, random: () => 0.999 });
    await cached();
    c.set(T0 + 590 * MIN);
    const delays: number[] = [];
    await cached(); // the first failure
    let waited = 0;
    while (delays.length < 6) {
      const before = s.calls;
      c.advance(1000);
      waited += 1000;
      await cached();
      if (s.calls > before) {
        delays.push(waited);
        waited = 0;
      }
    }
    // random() ~ 1 draws the top of [1, max(2^(n-1), 10) - 1] seconds: 9, 9, 9, 9, 15, 31.
    expect(delays).toEqual([9000, 9000, 9000, 9000, 15000, 31000]);
  });

  it('throws when the cached credentials have expired and the refresh fails', async () => {
    const c = clock();
    const s = scripted([() => sts('key-1', T0 + 60 * MIN), () => new Error('sts down')]);
    const cached = memoize(s.provider, { now: c.now });
    await cached();
    c.set(T0 + 60 * MIN);
    await expect(cached()).rejects.toThrow('sts down');
  });

  it('does not cache a failed first fetch', async () => {
    const s = scripted([() => new Error('not yet'), (n) => sts(`key-${n}`)]);
    const cached = memoize(s.provider);
    await expect(cached()).rejects.toThrow('not yet');
    expect((await cached()).accessKeyId).toBe('key-2');
  });

  it('forceRefresh rejects on failure even while the cache is valid, and the cache stays', async () => {
    const c = clock();
    const s = scripted([() => sts('key-1', T0 + 60 * MIN), () => new Error('sts down')]);
    const cached = memoize(s.provider, { now: c.now });
    await cached();
    await expect(cached.forceRefresh()).rejects.toThrow('sts down');
    expect((await cached()).accessKeyId).toBe('key-1');
  });

  it('forceRefresh joins a fetch in flight', async () => {
    let calls = 0;
    const cached = memoize(async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 10));
      return sts(`key-${calls}`);
    });
    const [a, b, c] = await Promise.all([cached(), cached.forceRefresh(), cached.forceRefresh()]);
    expect(calls).toBe(1);
    expect([a.accessKeyId, b.accessKeyId, c.accessKeyId]).toEqual(['key-1', 'key-1', 'key-1']);
  });

  it('uses credentials that arrive already expired for a minute (clock skew) instead of refetching at every call', async () => {
    const c = clock();
    const s = scripted([(n) => sts(`key-${n}`, T0 - MIN)]);
    const cached = memoize(s.provider, { now: c.now });
    await cached();
    c.advance(MIN - 1);
    await cached();
    expect(s.calls).toBe(1);
    c.advance(1);
    await cached();
    expect(s.calls).toBe(2);
  });

  it("a caller's abort rejects that caller only; the fetch goes on for the others", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let innerSignal: AbortSignal | undefined;
    const cached = memoize(async (options) => {
      innerSignal = options?.signal;
      await gate;
      return sts('key-1');
    });
    const controller = new AbortController();
    const aborted = cached({ signal: controller.signal });
    const other = cached();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(aborted).rejects.toBe(reason);
    expect(innerSignal?.aborted).toBe(false);
    release();
    expect((await other).accessKeyId).toBe('key-1');
  });

  it('aborts the fetch when every waiting caller has aborted, and starts afresh for the next', async () => {
    let calls = 0;
    const signals: AbortSignal[] = [];
    const cached = memoize(
      (options) =>
        new Promise<Credentials>((resolve, reject) => {
          calls++;
          const signal = options?.signal;
          if (signal) signals.push(signal);
          if (calls > 1) resolve(sts('key-2'));
          signal?.addEventListener('abort', () => reject(signal.reason));
        }),
    );
    const a = new AbortController();
    const b = new AbortController();
    const pa = cached({ signal: a.signal });
    const pb = cached({ signal: b.signal });
    a.abort(new Error('a'));
    await expect(pa).rejects.toThrow('a');
    expect(signals[0]?.aborted).toBe(false);
    b.abort(new Error('b'));
    await expect(pb).rejects.toThrow('b');
    expect(signals[0]?.aborted).toBe(true);
    expect((await cached()).accessKeyId).toBe('key-2');
    expect(calls).toBe(2);
  });

  it('rejects at once with an already aborted signal', async () => {
    const s = scripted([() => sts('k')]);
    const cached = memoize(s.provider);
    const reason = new Error('stop');
    await expect(cached({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(s.calls).toBe(0);
  });

  it('checks its arguments', () => {
    const p: CredentialProvider = async () => sts('k');
    expect(() => memoize(undefined as unknown as CredentialProvider)).toThrow(TypeError);
    expect(() => memoize(p, { refreshMarginMs: -1 })).toThrow(RangeError);
    expect(() => memoize(p, { jitterMs: Number.NaN })).toThrow(RangeError);
    expect(() => memoize(p, { jitterMs: '5' as unknown as number })).toThrow(TypeError);
    expect(() => memoize(p, { now: 5 as unknown as () => Date })).toThrow(TypeError);
  });
});
