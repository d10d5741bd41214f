import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mnistSpec, paiClient, SPEED, startPop } from '../helpers';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const RESUME_SCRIPT = 'packages/pai/test/fixtures/resume-training-job.ts';

let emu: Emulators<'pop'>;

beforeAll(async () => {
  emu = await startPop();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.pai.reset();
  emu.pop.pai.speed = SPEED;
  emu.pop.clearCalls();
  emu.faults.clear();
});

const statusCalls = () => emu.pop.calls.filter((c) => c.action === 'GetTrainingJob');

describe('training-job poller', () => {
  it('keeps polling through Throttling.User answers', async () => {
    emu.pop.pai.throttleStatusCalls({ times: 3 });
    const poller = await paiClient(emu).beginCreateTrainingJob(mnistSpec());
    const job = await poller.pollUntilDone({ timeoutMs: 10_000 });
    expect(job.status).toBe('Succeed');
    // Three refused status calls, then the ones that followed the job to the end.
    expect(statusCalls().length).toBeGreaterThan(3);
  });

  it('keeps polling through transient 5xx answers, and gives up after too many in a row', async () => {
    const fault = emu.faults.inject('pop', { status: 503, times: 3, match: { operation: 'GetTrainingJob' } });
    const poller = await paiClient(emu).beginCreateTrainingJob(mnistSpec());
    expect((await poller.pollUntilDone({ timeoutMs: 10_000 })).status).toBe('Succeed');
    expect(fault.hits).toBe(3);

    emu.faults.inject('pop', { status: 500, code: 'InternalError', match: { operation: 'GetTrainingJob' } });
    const doomed = await paiClient(emu, {
      poller: { intervalMs: 5, jitter: 0, maxConsecutiveErrors: 2 },
    }).beginCreateTrainingJob(mnistSpec());
    await expect(doomed.pollUntilDone({ timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'InternalError',
      status: 500,
    });
  });

  it('aborting the signal stops waiting without stopping the job', async () => {
    emu.pop.pai.speed = 1;
    const pai = paiClient(emu);
    const poller = await pai.beginCreateTrainingJob(mnistSpec());
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 60);
    await expect(poller.pollUntilDone({ signal: controller.signal })).rejects.toBe(reason);

    expect(emu.pop.calls.some((c) => c.action === 'StopTrainingJob')).toBe(false);
    expect(emu.pop.pai.jobs[0]?.status).toMatch(/^(Creating|Initializing)$/);
    // The job ran on; waiting again follows it to the end.
    emu.pop.pai.speed = SPEED;
    expect((await poller.pollUntilDone({ timeoutMs: 10_000 })).status).toBe('Succeed');
  });

  it('cancel() stops the job, and the wait reports it as Terminated', async () => {
    emu.pop.pai.speed = 1;
    const poller = await paiClient(emu).beginCreateTrainingJob(mnistSpec());
    expect(poller.canCancel).toBe(true);
    await poller.cancel();
    expect(emu.pop.calls.filter((c) => c.action === 'StopTrainingJob')).toHaveLength(1);
    await expect(poller.pollUntilDone({ timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'JobStoppedByUser',
      details: { status: 'Terminated' },
    });
    expect(emu.pop.pai.jobs[0]?.status).toBe('Terminated');
  });

  it('a timeout gives up waiting with ERR_TIMEOUT and leaves the job running', async () => {
    emu.pop.pai.speed = 1;
    const poller = await paiClient(emu).beginCreateTrainingJob(mnistSpec());
    await expect(poller.pollUntilDone({ timeoutMs: 80 })).rejects.toMatchObject({ code: 'ERR_TIMEOUT' });
    expect(emu.pop.pai.jobs[0]?.status).not.toBe('Terminated');
  });

  it('serialize() then resume in a second process continues to the end', async () => {
    emu.pop.pai.speed = 1;
    const pai = paiClient(emu);
    const poller = await pai.beginCreateTrainingJob(mnistSpec());
    await poller.poll();
    const serialized = poller.serialize();
    expect(serialized).not.toContain(emu.credentials.accessKeySecret);
    expect(JSON.parse(serialized)).toMatchObject({
      operation: 'pai/TrainingJob',
      state: { jobId: poller.state.jobId },
    });

    emu.pop.pai.speed = SPEED;
    const { stdout } = await run('npx', ['tsx', RESUME_SCRIPT], {
      cwd: root,
      timeout: 60_000,
      env: {
        ...process.env,
        ALIKIT_TEST_RESUME: JSON.stringify({
          endpoint: emu.pop.endpoint,
          accessKeyId: emu.credentials.accessKeyId,
          accessKeySecret: emu.credentials.accessKeySecret,
          serialized,
        }),
      },
    });
    const outcome = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(outcome).toMatchObject({ ok: true, resumedAt: 'Creating', jobId: poller.state.jobId, status: 'Succeed' });
    expect(outcome.statuses.at(-1)).toBe('Succeed');
    // The second process did the polling.
    expect(statusCalls().length).toBeGreaterThan(1);
  });

  it('resuming refuses a string from another kind of poller', () => {
    const pai = paiClient(emu);
    const foreign = JSON.stringify({ alikitPoller: 1, operation: 'dts/StartMigration', state: { jobId: 'x' } });
    expect(() => pai.resumeTrainingJob(foreign)).toThrow(TypeError);
    expect(() => pai.resumeTrainingJob('not json')).toThrow(TypeError);
  });

  it('trainingJobPoller(jobId) follows a job submitted elsewhere', async () => {
    const pai = paiClient(emu);
    const { state } = await pai.beginCreateTrainingJob(mnistSpec());
    const job = await pai.trainingJobPoller(state.jobId).pollUntilDone({ timeoutMs: 10_000 });
    expect(job).toMatchObject({ jobId: state.jobId, status: 'Succeed' });
  });
});
