import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { precheckItemsOf } from '../../src/index';
import { dtsClient, SPEED, shopSpec, startPop } from '../helpers';

let emu: Emulators<'pop'>;

beforeAll(async () => {
  emu = await startPop();
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.dts.reset();
  emu.pop.dts.speed = SPEED;
  emu.pop.clearCalls();
});

describe('legacy 2016-08-01 migration API', () => {
  it('sends the misspelled MigrationMode parameters from the correctly spelled names', async () => {
    const legacy = dtsClient(emu).getLegacyMigrationClient();
    const { migrationJobId } = await legacy.createMigrationJob({ jobClass: 'medium' });
    await legacy.configureMigrationJob(
      migrationJobId,
      shopSpec({
        migrationMode: { structureInitialization: true, dataInitialization: false, dataSynchronization: false },
      }),
    );
    const configure = emu.pop.calls.find((c) => c.action === 'ConfigureMigrationJob');
    expect(configure?.version).toBe('2016-08-01');
    expect(configure?.params).toMatchObject({
      MigrationJobId: migrationJobId,
      MigrationJobName: 'shop-to-rds',
      'MigrationMode.StructureIntialization': 'true',
      'MigrationMode.DataIntialization': 'false',
      'MigrationMode.DataSynchronization': 'false',
      'SourceEndpoint.InstanceType': 'EXPRESS',
      'SourceEndpoint.IP': '198.51.100.10',
      'SourceEndpoint.Port': '3306',
      'DestinationEndpoint.InstanceID': 'rm-example123',
      'DestinationEndpoint.DataBaseName': 'shop',
    });
    expect(Object.keys(configure?.params ?? {}).filter((k) => k.includes('Initialization'))).toEqual([]);
    expect(JSON.parse(configure?.params.MigrationObject ?? '')).toEqual([
      { DBName: 'shop', NewDBName: 'shop' },
      {
        DBName: 'crm',
        NewDBName: 'crm_v2',
        TableIncludes: [
          { TableName: 'customers', NewTableName: 'customers' },
          { TableName: 'leads', NewTableName: 'prospects' },
        ],
      },
    ]);
    expect(emu.pop.calls[0]?.params).toMatchObject({ MigrationJobClass: 'medium', Region: 'cn-hangzhou' });

    const job = await legacy.describeMigrationJobStatus(migrationJobId);
    expect(job).toMatchObject({
      jobId: migrationJobId,
      status: 'NotStarted',
      migrationMode: { structureInitialization: true, dataInitialization: false, dataSynchronization: false },
    });
  });

  it('a repeated client token returns the same job', async () => {
    const legacy = dtsClient(emu).getLegacyMigrationClient();
    const a = await legacy.createMigrationJob({ clientToken: 'token-1' });
    const b = await legacy.createMigrationJob({ clientToken: 'token-1' });
    expect(b).toEqual(a);
    expect(emu.pop.dts.jobs).toHaveLength(1);
  });

  it('starts a job: precheck, then migration to Finished', async () => {
    const legacy = dtsClient(emu).getLegacyMigrationClient();
    const { migrationJobId } = await legacy.createMigrationJob();
    await legacy.configureMigrationJob(migrationJobId, shopSpec());
    const poller = await legacy.beginStartMigrationJob(migrationJobId);
    const phases: string[] = [];
    poller.onProgress((p) => {
      if (phases.at(-1) !== p.phase) phases.push(p.phase);
    });
    const job = await poller.pollUntilDone({ timeoutMs: 10_000 });
    expect(job.status).toBe('Finished');
    expect(job.precheck?.items.length).toBe(7);
    expect(phases[0]).toBe('precheck');
    expect(phases.at(-1)).toBe('finished');

    const listed = [];
    for await (const j of legacy.listMigrationJobs({ name: 'shop' })) listed.push(j.jobId);
    expect(listed).toEqual([migrationJobId]);
    await legacy.deleteMigrationJob(migrationJobId);
    await expect(legacy.describeMigrationJobStatus(migrationJobId)).rejects.toMatchObject({ code: 'InvalidJobId' });
  });

  it('fails fast on PrecheckFailed with the items', async () => {
    const legacy = dtsClient(emu).getLegacyMigrationClient();
    const { migrationJobId } = await legacy.createMigrationJob();
    await legacy.configureMigrationJob(migrationJobId, shopSpec({ migrationMode: { dataSynchronization: true } }));
    emu.pop.dts.failNextPrecheck([
      { item: 'CHECK_BINLOG', failedReason: 'binlog_format is STATEMENT', repairMethod: 'SET binlog_format=ROW' },
    ]);
    const poller = await legacy.beginStartMigrationJob(migrationJobId);
    const error = await poller.pollUntilDone({ timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'PrecheckFailed', operation: 'LegacyMigration' });
    expect(precheckItemsOf(error)?.find((i) => i.result === 'Failed')).toMatchObject({
      item: 'CHECK_BINLOG',
      failedReason: 'binlog_format is STATEMENT',
      repairMethod: 'SET binlog_format=ROW',
    });
  });

  it('suspends and stops', async () => {
    const legacy = dtsClient(emu).getLegacyMigrationClient();
    const { migrationJobId } = await legacy.createMigrationJob();
    await legacy.configureMigrationJob(migrationJobId, shopSpec({ migrationMode: { dataSynchronization: true } }));
    const poller = await legacy.beginStartMigrationJob(migrationJobId, { untilCaughtUpSeconds: 5 });
    const job = await poller.pollUntilDone({ timeoutMs: 10_000 });
    expect(job.status).toBe('Migrating');
    expect(job.delaySeconds).toBeLessThanOrEqual(5);
    await legacy.suspendMigrationJob(migrationJobId);
    expect((await legacy.describeMigrationJobStatus(migrationJobId)).status).toBe('Suspending');
    await legacy.stopMigrationJob(migrationJobId);
    expect((await legacy.describeMigrationJobStatus(migrationJobId)).status).toBe('Finished');
  });
});
