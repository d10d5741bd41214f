import { isSdkError } from '@alikit/core';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type MigrationProgress, precheckItemsOf } from '../../src/index';
import { DESTINATION_PASSWORD, dtsClient, SOURCE_PASSWORD, SPEED, shopSpec, startPop } from '../helpers';

let emu: Emulators<'pop'>;

beforeAll(async () => {
  emu = await startPop();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.dts.reset();
  emu.pop.dts.speed = SPEED;
  emu.pop.clearCalls();
  emu.pop.clearResponses();
  emu.faults.clear();
});

const PHASE_ORDER = ['not-started', 'precheck', 'structure', 'full-load', 'incremental', 'finished'];

function inOrder(phases: string[]): boolean {
  const ranks = phases.map((p) => PHASE_ORDER.indexOf(p));
  return ranks.every((r, i) => r >= 0 && (i === 0 || r >= (ranks[i - 1] as number)));
}

describe('createMigrationJob', () => {
  it('creates the instance and configures the job with the wire names, then DTS prechecks it', async () => {
    // Slow the emulated job so that it is still prechecking when described, however loaded the machine.
    emu.pop.dts.speed = 0.001;
    const dts = dtsClient(emu);
    const { jobId, instanceId } = await dts.createMigrationJob(shopSpec());
    expect(instanceId).toBe(`dts${jobId}`);
    const [create, configure] = emu.pop.calls;
    expect(create).toMatchObject({ action: 'CreateDtsInstance', version: '2020-01-01', signature: 'rpc-v1' });
    expect(create?.params).toMatchObject({
      Type: 'MIGRATION',
      PayType: 'PostPaid',
      InstanceClass: 'small',
      SourceRegion: 'cn-hangzhou',
      DestinationRegion: 'cn-hangzhou',
      SourceEndpointEngineName: 'MYSQL',
      RegionId: 'cn-hangzhou',
    });
    expect(configure?.action).toBe('ConfigureDtsJob');
    expect(configure?.params).toMatchObject({
      DtsInstanceId: instanceId,
      DtsJobName: 'shop-to-rds',
      JobType: 'MIGRATION',
      SourceEndpointInstanceType: 'EXPRESS',
      SourceEndpointIP: '198.51.100.10',
      SourceEndpointPort: '3306',
      SourceEndpointUserName: 'dts',
      DestinationEndpointInstanceID: 'rm-example123',
      DestinationEndpointDataBaseName: 'shop',
      StructureInitialization: 'true',
      DataInitialization: 'true',
      DataSynchronization: 'false',
    });
    expect(JSON.parse(configure?.params.DbList ?? '')).toEqual({
      shop: { name: 'shop', all: true },
      crm: {
        name: 'crm_v2',
        all: false,
        Table: { customers: { name: 'customers', all: true }, leads: { name: 'prospects', all: true } },
      },
    });
    // DTS keeps the password to itself: it is sent, never echoed.
    expect(configure?.params.SourceEndpointPassword).toBe(SOURCE_PASSWORD);
    const job = await dts.describeJob(jobId);
    expect(job).toMatchObject({ jobId, instanceId, name: 'shop-to-rds', status: 'Prechecking' });
    expect(JSON.stringify(job)).not.toContain(SOURCE_PASSWORD);
    expect(job.source).toMatchObject({ instanceType: 'EXPRESS', host: '198.51.100.10', port: 3306 });
  });
});

describe('beginStartMigration', () => {
  it('follows the job through precheck, schema and full load to Finished', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    const poller = await dts.beginStartMigration(jobId);
    const seen: MigrationProgress[] = [];
    poller.onProgress((p) => seen.push(p));
    const job = await poller.pollUntilDone({ timeoutMs: 10_000 });

    expect(job).toMatchObject({ jobId, status: 'Finished' });
    expect(job.dataInitialization).toMatchObject({ status: 'Finished', percent: 100, progress: '120000' });
    expect(job.precheck?.items.every((i) => i.result === 'Success')).toBe(true);
    expect(job.finishTime).toBeInstanceOf(Date);
    const phases = seen.map((p) => p.phase);
    expect(phases.at(-1)).toBe('finished');
    expect(inOrder(phases)).toBe(true);
    const full = seen.filter((p) => p.phase === 'full-load').map((p) => p.fullLoadPercent as number);
    expect(full.every((v, i) => i === 0 || v >= (full[i - 1] as number))).toBe(true);
    expect(emu.pop.calls.filter((c) => c.action === 'StartDtsJob')).toHaveLength(1);
  });

  it('fails fast on PrecheckFailed with every item result', async () => {
    emu.pop.dts.failNextPrecheck([
      {
        item: 'CHECK_CONN_SRC',
        failedReason: 'Cannot connect to the source database: access denied for user dts',
        repairMethod: 'Grant DTS access from its IP ranges',
      },
    ]);
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    const poller = await dts.beginStartMigration(jobId);
    const error = await poller.pollUntilDone({ timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(isSdkError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'PrecheckFailed', service: 'dts', operation: 'StartMigration' });
    expect((error as Error).message).toContain('failed 1 of 7 items: CHECK_CONN_SRC (Cannot connect');
    const items = precheckItemsOf(error);
    expect(items).toHaveLength(7);
    expect(items?.filter((i) => i.result === 'Failed')).toEqual([
      {
        item: 'CHECK_CONN_SRC',
        description: 'Check source database connectivity',
        result: 'Failed',
        failedReason: 'Cannot connect to the source database: access denied for user dts',
        repairMethod: 'Grant DTS access from its IP ranges',
      },
    ]);
    expect(poller.state.phase).toBe('precheck-failed');
    expect(emu.pop.dts.jobs[0]?.status).toBe('PrecheckFailed');
    expect(precheckItemsOf(new Error('x'))).toBeUndefined();
  });

  it('a migration failing part-way throws MigrationFailed with the job error', async () => {
    emu.pop.dts.failNextMigration({ errorMessage: 'DTS-070211: Connect Source DB failed', phase: 'full' });
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    const poller = await dts.beginStartMigration(jobId);
    await expect(poller.pollUntilDone({ timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'MigrationFailed',
      message: expect.stringContaining('DTS-070211: Connect Source DB failed'),
      details: { status: 'MigrationFailed' },
    });
    // Starting again retries the failed step.
    const retry = await dts.beginStartMigration(jobId);
    expect((await retry.pollUntilDone({ timeoutMs: 10_000 })).status).toBe('Finished');
  });

  it('with incremental migration, reports the delay and ends once caught up; stopJob then finishes it', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(
      shopSpec({ migrationMode: { dataSynchronization: true }, instanceClass: 'medium' }),
    );
    const poller = await dts.beginStartMigration(jobId, { untilCaughtUpSeconds: 0 });
    const delays: number[] = [];
    poller.onProgress((p) => {
      if (p.incrementalDelaySeconds !== undefined) delays.push(p.incrementalDelaySeconds);
    });
    const job = await poller.pollUntilDone({ timeoutMs: 10_000 });
    expect(job.status).toBe('Migrating');
    expect(poller.state).toMatchObject({ phase: 'incremental', incrementalDelaySeconds: 0 });
    expect(delays.length).toBeGreaterThan(1);
    expect(delays.every((d, i) => i === 0 || d <= (delays[i - 1] as number))).toBe(true);
    expect(job.dataSynchronization?.status).toBe('Catched');
    expect(job.checkpoint).toBeInstanceOf(Date);
    expect(emu.pop.calls.find((c) => c.action === 'CreateDtsInstance')?.params.InstanceClass).toBe('medium');

    await dts.stopJob(jobId);
    expect((await dts.describeJob(jobId)).status).toBe('Finished');
  });

  it('suspends a running job and resumes it with beginStartMigration', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    emu.pop.dts.speed = 1;
    await dts.beginStartMigration(jobId);
    await expect(dts.suspendJob(jobId)).rejects.toMatchObject({ code: 'OperationDenied.JobStatus' });
    // At speed 10 the job prechecks for 0.4 s and then migrates for 1.2 s: time enough to pause it.
    emu.pop.dts.speed = 10;
    let status = '';
    while (status !== 'Migrating') {
      await new Promise((r) => setTimeout(r, 10));
      status = (await dts.describeJob(jobId)).status;
    }
    await dts.suspendJob(jobId);
    emu.pop.dts.speed = SPEED;
    await new Promise((r) => setTimeout(r, 50));
    expect((await dts.describeJob(jobId)).status).toBe('Suspending');
    const resumed = await dts.beginStartMigration(jobId);
    expect((await resumed.pollUntilDone({ timeoutMs: 10_000 })).status).toBe('Finished');
  });
});

describe('describeJob, listJobs, deleteJob', () => {
  it('lists jobs newest first, page by page, and by status', async () => {
    // Slow the emulated jobs so that all three are still prechecking when listed by status.
    emu.pop.dts.speed = 0.001;
    const dts = dtsClient(emu);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await dts.createMigrationJob(shopSpec({ name: `job-${i}` }))).jobId);
    const all = [];
    for await (const job of dts.listJobs()) all.push(job.jobId);
    expect(all).toEqual([...ids].reverse());
    const pages = [];
    for await (const page of dts.listJobs({ order: 'asc' }).byPage({ maxPageSize: 2 })) pages.push(page);
    expect(pages.map((p) => [p.items.map((j) => j.name), p.continuationToken])).toEqual([
      [['job-0', 'job-1'], '2'],
      [['job-2'], undefined],
    ]);
    const prechecking = [];
    for await (const job of dts.listJobs({ status: 'Prechecking' })) prechecking.push(job.jobId);
    expect(prechecking).toHaveLength(3);
    expect(emu.pop.calls.at(-1)?.params).toMatchObject({ Status: 'Prechecking', JobType: 'MIGRATION', PageSize: '30' });
  });

  it('deletes a job; an unknown job is InvalidJobId', async () => {
    const dts = dtsClient(emu);
    const { jobId } = await dts.createMigrationJob(shopSpec());
    await dts.deleteJob(jobId);
    await expect(dts.describeJob(jobId)).rejects.toMatchObject({
      code: 'InvalidJobId',
      status: 404,
      service: 'dts',
      operation: 'DescribeDtsJobDetail',
    });
  });

  it('turns a 200 answer with Success false into an SdkError with its ErrCode', async () => {
    emu.pop.setResponse('DescribeDtsJobDetail', {
      Success: false,
      ErrCode: 'InvalidJobId',
      ErrMessage: 'The specified dts job id x is not exists.',
      HttpStatusCode: 404,
    });
    await expect(dtsClient(emu).describeJob('x')).rejects.toMatchObject({
      code: 'InvalidJobId',
      status: 404,
      retryable: false,
      message: expect.stringContaining('is not exists'),
    });
    emu.pop.setResponse('DescribeDtsJobs', { Success: 'false', ErrCode: 'Throttling.User' });
    const iterate = async () => {
      for await (const _ of dtsClient(emu).listJobs()) {
        // no items
      }
    };
    await expect(iterate()).rejects.toMatchObject({ code: 'Throttling.User', retryable: true });
  });

  it('never puts a password in an error message', async () => {
    emu.faults.inject('pop', { status: 400, code: 'InvalidParameter', match: { operation: 'ConfigureDtsJob' } });
    const error = await dtsClient(emu)
      .createMigrationJob(shopSpec())
      .catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: 'InvalidParameter' });
    const text = `${(error as Error).message} ${JSON.stringify(error)}`;
    expect(text).not.toContain(SOURCE_PASSWORD);
    expect(text).not.toContain(DESTINATION_PASSWORD);
  });
});
