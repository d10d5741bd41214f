import { createPoller, type PollerSettings, type PollOperation, SdkError } from '@alikit/core';
import { createPopClient, type PopClient } from '@alikit/core/pop';
import { type Emulators, ServiceError, startEmulators } from '@alikit/emulators';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isSdkError } from '../../src/errors/sdk-error';

// A fake long-running job service hosted in the pop emulator, and the poller a service package
// would build on it: CreateJob → GetJob (Queued → Running … → Succeeded | Failed) → CancelJob.

interface FakeJob {
  polls: number;
  /** The poll at which the job reaches its end. */
  donePoll: number;
  failWith: string | undefined;
  cancelled: boolean;
}

let emu: Emulators<'pop'>;
let jobs: Map<string, FakeJob>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop'] });
});
afterAll(async () => {
  await emu.stop();
});
beforeEach(() => {
  jobs = new Map();
  let next = 0;
  emu.pop.setResponse('CreateJob', (call) => {
    const jobId = `job-${++next}`;
    jobs.set(jobId, {
      polls: 0,
      donePoll: Number(call.params.Polls ?? '4'),
      failWith: call.params.FailWith,
      cancelled: false,
    });
    return { JobId: jobId };
  });
  emu.pop.setResponse('GetJob', (call) => {
    const job = jobs.get(call.params.JobId ?? '');
    if (!job) throw new ServiceError(404, 'EntityNotFound.Job', 'The job does not exist.');
    job.polls++;
    if (job.cancelled) return { JobId: call.params.JobId, Status: 'Cancelled', Reason: 'cancelled by the user' };
    if (job.polls >= job.donePoll) {
      return job.failWith
        ? { JobId: call.params.JobId, Status: 'Failed', Reason: job.failWith }
        : { JobId: call.params.JobId, Status: 'Succeeded', Output: `oss://bucket/${call.params.JobId}/` };
    }
    return { JobId: call.params.JobId, Status: job.polls === 1 ? 'Queued' : 'Running' };
  });
  emu.pop.setResponse('CancelJob', (call) => {
    const job = jobs.get(call.params.JobId ?? '');
    if (!job) throw new ServiceError(404, 'EntityNotFound.Job', 'The job does not exist.');
    job.cancelled = true;
    return {};
  });
});
afterEach(() => {
  emu.faults.clear();
  emu.pop.clearCalls();
  emu.pop.clearResponses();
});

interface JobState {
  jobId: string;
  status: string;
  reason?: string | undefined;
  output?: string | undefined;
}

interface JobResult {
  jobId: string;
  output: string;
}

/** The client a "process" would create. */
function newClient(retryAttempts = 3): PopClient {
  return createPopClient({
    endpoint: emu.pop.endpoint,
    apiVersion: '2024-01-01',
    style: 'rpc',
    service: 'fakejob',
    credentials: { ...emu.credentials, source: 'test' },
    retry: { maxAttempts: retryAttempts, sleep: async () => {} },
  });
}

/** What a service package writes once per job kind. */
function jobOperation(client: PopClient): PollOperation<JobState, JobResult> {
  return {
    service: 'fakejob',
    name: 'Job',
    async poll(state, { signal }) {
      const answer = await client.request<{ Status: string; Reason?: string; Output?: string }>(
        'GetJob',
        { JobId: state.jobId },
        { signal },
      );
      return { jobId: state.jobId, status: answer.Status, reason: answer.Reason, output: answer.Output };
    },
    isDone: (state) => ['Succeeded', 'Failed', 'Cancelled'].includes(state.status),
    result(state) {
      if (state.status === 'Succeeded') return { jobId: state.jobId, output: state.output ?? '' };
      throw new SdkError({
        code: state.status === 'Cancelled' ? 'JobCancelled' : 'JobFailed',
        service: 'fakejob',
        operation: 'Job',
        serviceMessage: state.reason,
        details: { jobId: state.jobId },
      });
    },
    async cancel(state, { signal }) {
      await client.request('CancelJob', { JobId: state.jobId }, { signal });
    },
    deserialize(data) {
      const d = data as Partial<JobState> | null;
      if (typeof d?.jobId !== 'string' || typeof d.status !== 'string') throw new TypeError('not a fakejob Job state');
      return { jobId: d.jobId, status: d.status, reason: d.reason, output: d.output };
    },
  };
}

/** `begin…`: resolves once the service accepted the job. */
async function beginRunJob(
  client: PopClient,
  input: { polls?: number; failWith?: string },
  settings: PollerSettings & Pick<Parameters<typeof createPoller>[0], 'sleep' | 'now' | 'random'> = {},
) {
  const { JobId } = await client.request<{ JobId: string }>('CreateJob', {
    Polls: input.polls ?? 4,
    FailWith: input.failWith,
  });
  return createPoller({
    operation: jobOperation(client),
    state: { jobId: JobId, status: 'Submitted' },
    intervalMs: 5,
    ...settings,
  });
}

function resumeJob(client: PopClient, serialized: string, settings: PollerSettings = {}) {
  return createPoller({ operation: jobOperation(client), resumeFrom: serialized, intervalMs: 5, ...settings });
}

const actions = () => emu.pop.calls.map((c) => c.action);

describe('pollers on a job in the pop emulator', () => {
  it('follows a job Queued → Running → Succeeded, reporting each state', async () => {
    const poller = await beginRunJob(newClient(), { polls: 4 });
    const seen: string[] = [];
    poller.onProgress((state) => seen.push(state.status));
    const result = await poller.pollUntilDone();
    expect(result).toEqual({ jobId: 'job-1', output: 'oss://bucket/job-1/' });
    expect(seen).toEqual(['Queued', 'Running', 'Running', 'Succeeded']);
    expect(poller.isDone).toBe(true);
    expect(actions()).toEqual(['CreateJob', 'GetJob', 'GetJob', 'GetJob', 'GetJob']);
  });

  it("throws an SdkError with the service's reason when the job fails", async () => {
    const poller = await beginRunJob(newClient(), { polls: 3, failWith: 'OSS path not writable' });
    const error = await poller.pollUntilDone().catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('JobFailed');
    expect((error as Error).message).toBe('fakejob Job failed: JobFailed: OSS path not writable');
  });

  it('resumes from serialize() in a new client and poller (a new process) and finishes the job', async () => {
    const first = await beginRunJob(newClient(), { polls: 5 });
    await first.poll();
    await first.poll();
    const saved = first.serialize();
    expect(JSON.parse(saved)).toMatchObject({ operation: 'fakejob/Job', state: { jobId: 'job-1', status: 'Running' } });

    const resumed = resumeJob(newClient(), saved);
    expect(resumed.state).toMatchObject({ jobId: 'job-1', status: 'Running' });
    await expect(resumed.pollUntilDone()).resolves.toEqual({ jobId: 'job-1', output: 'oss://bucket/job-1/' });
    expect(jobs.get('job-1')?.polls).toBe(5);
  });

  it('aborting stops waiting with the signal reason; the job goes on and can be waited for again', async () => {
    const poller = await beginRunJob(newClient(), { polls: 6 });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    poller.onProgress((state) => {
      if (state.status === 'Running') controller.abort(reason);
    });
    await expect(poller.pollUntilDone({ signal: controller.signal })).rejects.toBe(reason);
    expect(actions()).not.toContain('CancelJob');
    expect(jobs.get('job-1')?.cancelled).toBe(false);
    const resumed = resumeJob(newClient(), poller.serialize());
    await expect(resumed.pollUntilDone()).resolves.toMatchObject({ jobId: 'job-1' });
  });

  it('a deadline fails with ERR_TIMEOUT without cancelling the job', async () => {
    let t = Date.parse('2026-01-01T00:00:00Z');
    const poller = await beginRunJob(
      newClient(),
      { polls: 100 },
      {
        intervalMs: 1_000,
        // No jitter: polls at 0, 1, 2 and 3 s, then the 3.5 s deadline (jittered waits could fit a fifth).
        random: () => 0.5,
        now: () => new Date(t),
        sleep: async (ms) => {
          t += ms;
        },
      },
    );
    const error = await poller.pollUntilDone({ timeoutMs: 3_500 }).catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('ERR_TIMEOUT');
    expect(actions()).not.toContain('CancelJob');
    expect(poller.state.status).toBe('Running');
    expect(jobs.get('job-1')?.polls).toBe(4);
  });

  it('keeps polling through throttled GetJob answers, backing off', async () => {
    const sleeps: number[] = [];
    const poller = await beginRunJob(
      newClient(1),
      { polls: 3 },
      { intervalMs: 100, random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
    );
    const rule = emu.faults.inject('pop', {
      status: 400,
      code: 'Throttling.User',
      times: 3,
      match: { operation: 'GetJob' },
    });
    await expect(poller.pollUntilDone()).resolves.toMatchObject({ jobId: 'job-1' });
    expect(rule.hits).toBe(3);
    expect(sleeps).toEqual([100, 200, 400, 800, 100, 100]);
  });

  it('cancel() sends CancelJob; the poller then reports the cancellation', async () => {
    const poller = await beginRunJob(newClient(), { polls: 50 });
    expect(poller.canCancel).toBe(true);
    await poller.poll();
    await poller.cancel();
    const error = await poller.pollUntilDone().catch((e: unknown) => e);
    expect(isSdkError(error) && error.code).toBe('JobCancelled');
    expect(actions()).toEqual(['CreateJob', 'GetJob', 'CancelJob', 'GetJob']);
  });

  it('a job the service does not know fails at once with its code', async () => {
    const poller = resumeJob(
      newClient(),
      JSON.stringify({ alikitPoller: 1, operation: 'fakejob/Job', state: { jobId: 'job-404', status: 'Running' } }),
    );
    const error = await poller.pollUntilDone().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'EntityNotFound.Job', status: 404, service: 'fakejob', operation: 'GetJob' });
  });
});
