import { describe, expect, it } from 'vitest';
import { isSdkError, SdkError } from '../errors/sdk-error';
import type { Logger } from '../logging/logger';
import { createPoller } from './create-poller';
import type { CreatePollerOptions, PollCallOptions, PollOperation } from './types';

interface JobState {
  jobId: string;
  status: 'Queued' | 'Running' | 'Succeeded' | 'Failed' | 'Cancelled';
  reason?: string;
}

/** A fake clock whose sleep advances time at once and records the waits. */
function fakeTime(start = 1_000_000) {
  let t = start;
  const sleeps: number[] = [];
  return {
    now: () => new Date(t),
    sleep: async (ms: number) => {
      sleeps.push(ms);
      t += ms;
    },
    random: () => 0.5, // no jitter unless a test says otherwise
    sleeps,
    advance(ms: number) {
      t += ms;
    },
  };
}

/**
 * A fake job service: the job moves one step along `script` per status call; `errors` are thrown
 * instead of answering, in order, before the script continues.
 */
function fakeJobService(script: JobState['status'][], options: { errors?: unknown[]; reason?: string } = {}) {
  const errors = [...(options.errors ?? [])];
  let step = 0;
  const calls: { kind: 'poll' | 'cancel'; signal: AbortSignal | undefined }[] = [];
  let cancelled = false;
  const operation: PollOperation<JobState, string> = {
    service: 'fake',
    name: 'RunJob',
    async poll(state, { signal }: PollCallOptions) {
      calls.push({ kind: 'poll', signal });
      if (errors.length > 0) throw errors.shift();
      if (cancelled) return { ...state, status: 'Cancelled' };
      step = Math.min(step + 1, script.length - 1);
      const status = script[step] as JobState['status'];
      return status === 'Failed' ? { ...state, status, reason: options.reason ?? 'disk full' } : { ...state, status };
    },
    isDone: (state) => ['Succeeded', 'Failed', 'Cancelled'].includes(state.status),
    result(state) {
      if (state.status === 'Succeeded') return `output of ${state.jobId}`;
      throw new SdkError({
        code: state.status === 'Cancelled' ? 'JobCancelled' : 'JobFailed',
        service: 'fake',
        operation: 'RunJob',
        serviceMessage: state.reason ?? state.status,
      });
    },
    async cancel(state, { signal }) {
      calls.push({ kind: 'cancel', signal });
      cancelled = true;
      return { ...state, status: 'Running' };
    },
  };
  return { operation, calls };
}

function start(
  operation: PollOperation<JobState, string>,
  time: ReturnType<typeof fakeTime>,
  extra: Partial<CreatePollerOptions<JobState, string>> = {},
) {
  return createPoller({
    operation,
    state: { jobId: 'job-1', status: 'Queued' },
    now: time.now,
    sleep: time.sleep,
    random: time.random,
    ...extra,
  });
}

function throttled(): SdkError {
  return new SdkError({
    code: 'Throttling.User',
    service: 'fake',
    operation: 'GetJob',
    status: 400,
    retryable: true,
  });
}

describe('createPoller: waiting for a job', () => {
  it('polls at the interval until the job succeeds and resolves with its result', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running', 'Running', 'Succeeded']);
    const poller = start(service.operation, time);
    expect(poller.isDone).toBe(false);
    await expect(poller.pollUntilDone()).resolves.toBe('output of job-1');
    expect(poller.isDone).toBe(true);
    expect(poller.state.status).toBe('Succeeded');
    expect(service.calls).toHaveLength(3);
    expect(time.sleeps).toEqual([2000, 2000, 2000]);
    // Once done, no more calls: the outcome is remembered.
    await expect(poller.pollUntilDone()).resolves.toBe('output of job-1');
    await expect(poller.poll()).resolves.toMatchObject({ status: 'Succeeded' });
    expect(service.calls).toHaveLength(3);
  });

  it('throws the SdkError the operation builds from a failed job, every time it is asked', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running', 'Failed'], { reason: 'out of quota' });
    const poller = start(service.operation, time);
    const error = await poller.pollUntilDone().catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('JobFailed');
    expect((error as Error).message).toContain('out of quota');
    await expect(poller.pollUntilDone()).rejects.toBe(error);
  });

  it('jitters each wait within ±jitter of the interval', async () => {
    const time = fakeTime();
    const randoms = [0, 0.999_999, 0.25];
    const service = fakeJobService(['Queued', 'Running', 'Running', 'Succeeded']);
    const poller = start(service.operation, time, {
      intervalMs: 1000,
      jitter: 0.2,
      random: () => randoms.shift() ?? 0.5,
    });
    await poller.pollUntilDone();
    expect(time.sleeps).toEqual([800, 1200, 900]);
  });

  it("uses the interval the service suggests for the job's current state", async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running', 'Succeeded']);
    const operation = {
      ...service.operation,
      intervalMs: (s: JobState) => (s.status === 'Queued' ? 10_000 : undefined),
    };
    await start(operation, time, { intervalMs: 500 }).pollUntilDone();
    expect(time.sleeps).toEqual([10_000, 500]);
  });

  it('calls onProgress with every new state, and stops after unsubscribing', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running', 'Running', 'Succeeded']);
    const poller = start(service.operation, time);
    const seen: string[] = [];
    const late: string[] = [];
    const stop = poller.onProgress((s) => {
      seen.push(s.status);
      if (s.status === 'Running' && seen.length === 2) stop();
    });
    poller.onProgress((s) => late.push(s.status));
    await poller.pollUntilDone();
    expect(seen).toEqual(['Running', 'Running']);
    expect(late).toEqual(['Running', 'Running', 'Succeeded']);
  });

  it('keeps polling when a progress listener throws', async () => {
    const time = fakeTime();
    const warnings: string[] = [];
    const logger: Logger = { debug() {}, info() {}, warn: (m) => warnings.push(String(m)), error() {} };
    const service = fakeJobService(['Queued', 'Running', 'Succeeded']);
    const poller = start(service.operation, time, { logger });
    poller.onProgress(() => {
      throw new Error('listener bug');
    });
    await expect(poller.pollUntilDone()).resolves.toBe('output of job-1');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toContain('onProgress listener threw');
  });

  it('poll() makes exactly one status call and returns the new state', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running', 'Succeeded']);
    const poller = start(service.operation, time);
    await expect(poller.poll()).resolves.toMatchObject({ status: 'Running' });
    expect(service.calls).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('keeps the newer state when polls overlap and answer out of order', async () => {
    let release: (() => void) | undefined;
    let n = 0;
    const operation: PollOperation<{ n: number }, number> = {
      service: 'fake',
      name: 'Overlap',
      async poll() {
        const mine = ++n;
        if (mine === 1) await new Promise<void>((resolve) => (release = resolve));
        return { n: mine };
      },
      isDone: () => false,
      result: (s) => s.n,
    };
    const poller = createPoller({ operation, state: { n: 0 } });
    const first = poller.poll();
    await poller.poll();
    release?.();
    await first;
    expect(poller.state.n).toBe(2);
  });
});

describe('createPoller: throttling and failures of status calls', () => {
  it('backs off and keeps polling through throttled status calls (however many)', async () => {
    const time = fakeTime();
    const errors = Array.from({ length: 8 }, throttled);
    const service = fakeJobService(['Queued', 'Running', 'Succeeded'], { errors });
    const poller = start(service.operation, time, { intervalMs: 1000, maxIntervalMs: 30_000 });
    await expect(poller.pollUntilDone()).resolves.toBe('output of job-1');
    // 1 s, then doubling per throttled answer up to the 30 s cap, then back to 1 s.
    expect(time.sleeps).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000, 1000]);
  });

  it("waits at least what the service's Retry-After asked for", async () => {
    const time = fakeTime();
    const busy = new SdkError({
      code: 'Throttling',
      service: 'fake',
      operation: 'GetJob',
      status: 400,
      retryable: true,
      details: { retryAfterMs: 7_000 },
    });
    const service = fakeJobService(['Queued', 'Succeeded'], { errors: [busy] });
    await start(service.operation, time, { intervalMs: 1000 }).pollUntilDone();
    expect(time.sleeps).toEqual([1000, 7000]);
  });

  it('treats a 429 as throttling', async () => {
    const time = fakeTime();
    const tooMany = new SdkError({ code: 'TooManyRequests', service: 'fake', operation: 'GetJob', status: 429 });
    const errors = Array.from({ length: 7 }, () => tooMany);
    const service = fakeJobService(['Queued', 'Succeeded'], { errors });
    await expect(start(service.operation, time, { maxConsecutiveErrors: 1 }).pollUntilDone()).resolves.toBe(
      'output of job-1',
    );
  });

  it('retries transient failures a few times in a row, then throws the last one', async () => {
    const time = fakeTime();
    const network = () => new SdkError({ code: 'ERR_NETWORK', service: 'fake', operation: 'GetJob', retryable: true });
    const recovering = fakeJobService(['Queued', 'Succeeded'], { errors: [network(), network()] });
    await expect(start(recovering.operation, time, { maxConsecutiveErrors: 2 }).pollUntilDone()).resolves.toBe(
      'output of job-1',
    );
    const last = network();
    const failing = fakeJobService(['Queued', 'Succeeded'], { errors: [network(), network(), last] });
    await expect(start(failing.operation, time, { maxConsecutiveErrors: 2 }).pollUntilDone()).rejects.toBe(last);
    expect(failing.calls).toHaveLength(3);
  });

  it('throws a status-call error that is not retryable at once, and can be asked again later', async () => {
    const time = fakeTime();
    const denied = new SdkError({ code: 'Forbidden.RAM', service: 'fake', operation: 'GetJob', status: 403 });
    const service = fakeJobService(['Queued', 'Succeeded'], { errors: [denied] });
    const poller = start(service.operation, time);
    await expect(poller.pollUntilDone()).rejects.toBe(denied);
    expect(service.calls).toHaveLength(1);
    await expect(poller.pollUntilDone()).resolves.toBe('output of job-1');
  });

  it('does not retry an error that is not an SdkError (a bug in the operation)', async () => {
    const time = fakeTime();
    const bug = new TypeError('cannot read x of undefined');
    const service = fakeJobService(['Queued', 'Succeeded'], { errors: [bug] });
    await expect(start(service.operation, time).pollUntilDone()).rejects.toBe(bug);
  });
});

describe('createPoller: deadline, abort and cancel', () => {
  it('fails with ERR_TIMEOUT after timeoutMs, polling one last time at the deadline, and leaves the job alone', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running']);
    const poller = start(service.operation, time, { intervalMs: 2000, timeoutMs: 5000 });
    const error = await poller.pollUntilDone().catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('ERR_TIMEOUT');
    expect(isSdkError(error) && error.retryable).toBe(false);
    expect((error as Error).message).toMatch(/fake RunJob failed: ERR_TIMEOUT.*5000 ms.*still running/);
    expect(time.sleeps).toEqual([2000, 2000, 1000]);
    expect(service.calls.map((c) => c.kind)).toEqual(['poll', 'poll', 'poll']);
    // The poller still works: waiting again (with a new limit) goes on from where it was.
    expect(poller.isDone).toBe(false);
  });

  it('lets pollUntilDone override the default timeout', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running']);
    const poller = start(service.operation, time, { timeoutMs: 1_000_000 });
    await expect(poller.pollUntilDone({ timeoutMs: 3000 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    expect(time.sleeps.reduce((a, b) => a + b, 0)).toBe(3000);
  });

  it('rejects with the reason of an aborted signal while waiting, and the job keeps going', async () => {
    const service = fakeJobService(['Queued', 'Running', 'Running', 'Succeeded']);
    const poller = createPoller({
      operation: service.operation,
      state: { jobId: 'job-1', status: 'Queued' },
      intervalMs: 5,
    });
    const controller = new AbortController();
    const reason = new Error('user pressed ctrl-c');
    poller.onProgress(() => controller.abort(reason));
    await expect(poller.pollUntilDone({ signal: controller.signal })).rejects.toBe(reason);
    expect(service.calls.filter((c) => c.kind === 'cancel')).toHaveLength(0);
    expect(service.calls[0]?.signal).toBe(controller.signal);
    // A new wait picks up where the aborted one stopped.
    await expect(poller.pollUntilDone()).resolves.toBe('output of job-1');
  });

  it('rejects at once for a signal that already aborted', async () => {
    const service = fakeJobService(['Queued', 'Succeeded']);
    const poller = start(service.operation, fakeTime());
    const reason = new Error('already gone');
    await expect(poller.pollUntilDone({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(poller.poll({ signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    expect(service.calls).toHaveLength(0);
  });

  it('stops waiting on a slow status call when the signal aborts', async () => {
    const operation: PollOperation<{ id: string }, void> = {
      service: 'fake',
      name: 'Hang',
      poll: () => new Promise(() => {}),
      isDone: () => false,
      result: () => undefined,
    };
    const poller = createPoller({ operation, state: { id: 'x' }, intervalMs: 0 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('enough')), 10);
    await expect(poller.pollUntilDone({ signal: controller.signal })).rejects.toThrow('enough');
  });

  it('cancel() asks the service to stop the job; pollUntilDone then reports the cancellation', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running', 'Running', 'Running', 'Succeeded']);
    const poller = start(service.operation, time);
    expect(poller.canCancel).toBe(true);
    await poller.poll();
    await poller.cancel();
    const error = await poller.pollUntilDone().catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('JobCancelled');
    expect(service.calls.map((c) => c.kind)).toEqual(['poll', 'cancel', 'poll']);
    // Cancelling a finished job does nothing.
    await poller.cancel();
    expect(service.calls).toHaveLength(3);
  });

  it('cancel() rejects with a TypeError when the operation cannot cancel', async () => {
    const { cancel: _ignored, ...operation } = fakeJobService(['Queued']).operation;
    const poller = start(operation, fakeTime());
    expect(poller.canCancel).toBe(false);
    await expect(poller.cancel()).rejects.toThrow(TypeError);
    await expect(poller.cancel()).rejects.toThrow('fake RunJob cannot be cancelled');
  });
});

describe('createPoller: serialize and resume', () => {
  it('resumes from serialize() in a new poller (as another process would) and finishes the job', async () => {
    const time = fakeTime();
    const service = fakeJobService(['Queued', 'Running', 'Running', 'Succeeded']);
    const first = start(service.operation, time);
    await first.poll();
    const saved = first.serialize();
    expect(typeof saved).toBe('string');
    expect(JSON.parse(saved)).toMatchObject({ operation: 'fake/RunJob', state: { jobId: 'job-1', status: 'Running' } });

    const resumed = createPoller({ operation: service.operation, resumeFrom: saved, now: time.now, sleep: time.sleep });
    expect(resumed.state).toEqual({ jobId: 'job-1', status: 'Running' });
    await expect(resumed.pollUntilDone()).resolves.toBe('output of job-1');
  });

  it('uses the operation serialize/deserialize for states that are not plain JSON', async () => {
    interface BigState {
      instanceId: bigint;
      startedAt: Date;
    }
    const operation: PollOperation<BigState, bigint> = {
      service: 'fake',
      name: 'BigJob',
      poll: async (s) => s,
      isDone: () => true,
      result: (s) => s.instanceId,
      serialize: (s) => ({ instanceId: s.instanceId.toString(), startedAt: s.startedAt.toISOString() }),
      deserialize(data) {
        const d = data as { instanceId?: unknown; startedAt?: unknown };
        if (typeof d.instanceId !== 'string' || typeof d.startedAt !== 'string')
          throw new TypeError('not a BigJob state');
        return { instanceId: BigInt(d.instanceId), startedAt: new Date(d.startedAt) };
      },
    };
    const state = { instanceId: 2n ** 63n - 1n, startedAt: new Date('2026-01-02T03:04:05.000Z') };
    const saved = createPoller({ operation, state }).serialize();
    const resumed = createPoller({ operation, resumeFrom: saved });
    expect(resumed.state).toEqual(state);
    await expect(resumed.pollUntilDone()).resolves.toBe(2n ** 63n - 1n);
  });

  it('refuses to serialize a state that is not JSON without a serialize function', () => {
    const operation: PollOperation<{ id: bigint }, void> = {
      service: 'fake',
      name: 'Raw',
      poll: async (s) => s,
      isDone: () => false,
      result: () => undefined,
    };
    expect(() => createPoller({ operation, state: { id: 1n } }).serialize()).toThrow(/not plain JSON/);
  });

  it('refuses strings that are not serialized pollers, or come from another operation', () => {
    const { operation } = fakeJobService(['Queued']);
    const other = { ...operation, name: 'OtherJob' };
    const saved = createPoller({ operation: other, state: { jobId: 'j', status: 'Queued' } }).serialize();
    expect(() => createPoller({ operation, resumeFrom: saved })).toThrow(
      /fake\/OtherJob poller and cannot resume a fake\/RunJob/,
    );
    expect(() => createPoller({ operation, resumeFrom: 'not json' })).toThrow(TypeError);
    expect(() => createPoller({ operation, resumeFrom: '{"a":1}' })).toThrow(/not a string from Poller.serialize/);
    expect(() =>
      createPoller({ operation, resumeFrom: '{"alikitPoller":9,"operation":"fake/RunJob","state":{}}' }),
    ).toThrow(/format version 9/);
  });
});

describe('createPoller: arguments', () => {
  it('checks its options before any I/O', () => {
    const { operation } = fakeJobService(['Queued']);
    const state = { jobId: 'j', status: 'Queued' as const };
    expect(() => createPoller({ operation } as CreatePollerOptions<JobState, string>)).toThrow(/state.*resumeFrom/);
    expect(() => createPoller({ operation, state, resumeFrom: '{}' })).toThrow(/not both/);
    expect(() => createPoller({ operation: { ...operation, poll: undefined } as never, state })).toThrow(
      /operation.poll/,
    );
    expect(() => createPoller({ operation: { ...operation, service: '' }, state })).toThrow(/operation.service/);
    expect(() => createPoller({ operation, state, intervalMs: -1 })).toThrow(RangeError);
    expect(() => createPoller({ operation, state, jitter: 1 })).toThrow(RangeError);
    expect(() => createPoller({ operation, state, timeoutMs: 0 })).toThrow(RangeError);
    expect(() => createPoller({ operation, state, maxConsecutiveErrors: 1.5 })).toThrow(RangeError);
    const poller = createPoller({ operation, state });
    expect(() => poller.onProgress('x' as never)).toThrow(TypeError);
    return expect(poller.pollUntilDone({ timeoutMs: -5 })).rejects.toThrow(RangeError);
  });
});
