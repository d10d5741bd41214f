import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dtsClient, SPEED, shopSpec, startPop } from '../helpers';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../../../', import.meta.url));
const RESUME_SCRIPT = 'packages/dts/test/fixtures/resume-migration.ts';

let emu: Emulators<'pop'>;

beforeAll(async () => {
  emu = await startPop();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.dts.reset();
  emu.pop.dts.speed = SPEED;
  emu.pop.clearCalls();
  emu.faults.clear();
});

async function resumeInSecondProcess(serialized: string, legacy = false) {
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
        legacy,
      }),
    },
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) as string);
}

describe('migration poller', () => {
  it('keeps polling through Throttling.User answers', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    emu.pop.dts.throttleStatusCalls({ times: 4 });
    const poller = await dts.beginStartMigration(jobId);
    expect((await poller.pollUntilDone({ timeoutMs: 10_000 })).status).toBe('Finished');
    expect(emu.pop.calls.filter((c) => c.action === 'DescribeDtsJobDetail').length).toBeGreaterThan(4);
  });

  it('keeps polling through transient 5xx answers', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    const fault = emu.faults.inject('pop', { status: 503, times: 4, match: { operation: 'DescribeDtsJobDetail' } });
    const poller = await dts.beginStartMigration(jobId);
    expect((await poller.pollUntilDone({ timeoutMs: 10_000 })).status).toBe('Finished');
    expect(fault.hits).toBe(4);
  });

  it('aborting the signal stops waiting without stopping the job', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    emu.pop.dts.speed = 0.01;
    const poller = await dts.beginStartMigration(jobId);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('deploying')), 60);
    await expect(poller.pollUntilDone({ signal: controller.signal })).rejects.toThrow('deploying');
    expect(emu.pop.calls.some((c) => c.action === 'StopDtsJob')).toBe(false);
    expect(emu.pop.dts.jobs[0]?.status).toBe('Prechecking');
    emu.pop.dts.speed = SPEED;
    expect((await poller.pollUntilDone({ timeoutMs: 10_000 })).status).toBe('Finished');
  });

  it('cancel() stops the job, and the wait reports MigrationStopped', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    emu.pop.dts.speed = 1;
    const poller = await dts.beginStartMigration(jobId);
    await poller.cancel();
    expect(poller.state.stopRequested).toBe(true);
    expect(emu.pop.calls.filter((c) => c.action === 'StopDtsJob')).toHaveLength(1);
    await expect(poller.pollUntilDone({ timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'MigrationStopped',
      details: { status: 'Finished' },
    });
    expect(emu.pop.dts.jobs[0]?.status).toBe('Finished');
  });

  it('serialize() then resume in a second process continues to the end', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    emu.pop.dts.speed = 1;
    const poller = await dts.beginStartMigration(jobId);
    await poller.poll();
    expect(poller.state.phase).toBe('precheck');
    const serialized = poller.serialize();
    expect(JSON.parse(serialized)).toMatchObject({
      operation: 'dts/StartMigration',
      state: { jobId, phase: 'precheck' },
    });
    expect(serialized).not.toContain('ExampleSourcePassw0rd');

    emu.pop.dts.speed = SPEED;
    const outcome = await resumeInSecondProcess(serialized);
    expect(outcome).toMatchObject({ ok: true, resumedAt: 'precheck', jobId, status: 'Finished' });
    expect(outcome.phases.at(-1)).toBe('finished');
  });

  it('a resumed poller of a job that failed its precheck reports the items', async () => {
    emu.pop.dts.failNextPrecheck([{ item: 'CHECK_DISK_SPACE', failedReason: 'not enough space' }]);
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    const first = await dts.beginStartMigration(jobId);
    await first.pollUntilDone({ timeoutMs: 10_000 }).catch(() => undefined);
    const again = dts.resumeMigration(first.serialize());
    expect(again.isDone).toBe(true);
    await expect(again.pollUntilDone()).rejects.toMatchObject({
      code: 'PrecheckFailed',
      details: {
        items: expect.arrayContaining([expect.objectContaining({ item: 'CHECK_DISK_SPACE', result: 'Failed' })]),
      },
    });
  });

  it('resuming refuses a string from another kind of poller', () => {
    const dts = dtsClient(emu);
    const legacy = JSON.stringify({ alikitPoller: 1, operation: 'dts/LegacyMigration', state: { jobId: 'x' } });
    expect(() => dts.resumeMigration(legacy)).toThrow(/LegacyMigration poller and cannot resume a dts\/StartMigration/);
    const broken = JSON.stringify({
      alikitPoller: 1,
      operation: 'dts/StartMigration',
      state: { jobId: 'x', status: 'Migrating', phase: 'warp' },
    });
    expect(() => dts.resumeMigration(broken)).toThrow(TypeError);
  });

  it('a legacy poller resumes in a second process too', async () => {
    const legacy = dtsClient(emu).getLegacyMigrationClient();
    const { migrationJobId } = await legacy.createMigrationJob();
    await legacy.configureMigrationJob(migrationJobId, shopSpec());
    emu.pop.dts.speed = 1;
    const poller = await legacy.beginStartMigrationJob(migrationJobId);
    await poller.poll();
    emu.pop.dts.speed = SPEED;
    const outcome = await resumeInSecondProcess(poller.serialize(), true);
    expect(outcome).toMatchObject({ ok: true, jobId: migrationJobId, status: 'Finished' });
  });
});
