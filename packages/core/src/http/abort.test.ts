import { describe, expect, it } from 'vitest';
import { createAttemptSignal, raceAbort, sleep } from './abort';

describe('sleep', () => {
  it('waits', async () => {
    const started = performance.now();
    await sleep(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects with signal.reason unchanged, before and during the wait', async () => {
    const reason = { why: 'caller gave up' };
    const pre = new AbortController();
    pre.abort(reason);
    await expect(sleep(10_000, pre.signal)).rejects.toBe(reason);

    const during = new AbortController();
    const started = performance.now();
    setTimeout(() => during.abort(reason), 20);
    await expect(sleep(10_000, during.signal)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('raceAbort', () => {
  it('passes the value through without a signal or when not aborted', async () => {
    await expect(raceAbort(Promise.resolve(1), undefined)).resolves.toBe(1);
    await expect(raceAbort(2, new AbortController().signal)).resolves.toBe(2);
    const failure = new Error('boom');
    await expect(raceAbort(Promise.reject(failure), new AbortController().signal)).rejects.toBe(failure);
  });

  it('stops waiting on a promise that ignores the signal', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    setTimeout(() => controller.abort(reason), 10);
    await expect(raceAbort(new Promise(() => {}), controller.signal)).rejects.toBe(reason);
  });
});

describe('createAttemptSignal', () => {
  it('aborts on timeout and says so', async () => {
    const attempt = createAttemptSignal(undefined, 20);
    await new Promise((resolve) => attempt.signal.addEventListener('abort', resolve));
    expect(attempt.timedOut).toBe(true);
    expect((attempt.signal.reason as DOMException).name).toBe('TimeoutError');
    attempt.dispose();
  });

  it('follows the parent signal without calling it a timeout', () => {
    const parent = new AbortController();
    const attempt = createAttemptSignal(parent.signal, Number.POSITIVE_INFINITY);
    const reason = new Error('parent');
    parent.abort(reason);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.signal.reason).toBe(reason);
    expect(attempt.timedOut).toBe(false);
    attempt.dispose();
  });

  it('starts aborted when the parent already is', () => {
    const parent = new AbortController();
    parent.abort('early');
    const attempt = createAttemptSignal(parent.signal, 1000);
    expect(attempt.signal.reason).toBe('early');
    attempt.dispose();
  });

  it('treats a limit beyond what a timer holds as no limit (Node would fire it at once)', async () => {
    const attempt = createAttemptSignal(undefined, 2 ** 40);
    await sleep(20);
    expect(attempt.signal.aborted).toBe(false);
    attempt.dispose();
  });

  it('dispose stops the timer', async () => {
    const attempt = createAttemptSignal(undefined, 10);
    attempt.dispose();
    await sleep(30);
    expect(attempt.signal.aborted).toBe(false);
  });
});
