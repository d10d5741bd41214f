import { describe, expect, it } from 'vitest';
import { toDtsJob, toLegacyDtsJob } from './dts-job';

describe('toDtsJob', () => {
  it('reads DescribeDtsJobDetail, converting the delay from ms and the checkpoint from seconds', () => {
    const job = toDtsJob({
      DtsJobId: 'j1',
      DtsInstanceID: 'dtsj1',
      DtsJobName: 'n',
      Status: 'Migrating',
      CreateTime: '2024-01-01T00:00:00Z',
      Delay: 12_400,
      Checkpoint: 1_704_067_200,
      MigrationMode: { StructureInitialization: true, DataInitialization: 'true', DataSynchronization: false },
      SourceEndpoint: { InstanceType: 'EXPRESS', EngineName: 'MYSQL', Ip: '198.51.100.1', Port: '3306' },
      PrecheckStatus: {
        Status: 'Finished',
        Percent: 100,
        Detail: [{ CheckItem: 'CHECK_CONN_SRC', CheckResult: 'Success' }],
      },
      DataInitializationStatus: { Status: 'Finished', Percent: 100, Progress: '120000' },
    });
    expect(job).toMatchObject({
      jobId: 'j1',
      instanceId: 'dtsj1',
      delaySeconds: 12,
      checkpoint: new Date('2024-01-01T00:00:00Z'),
      migrationMode: { structureInitialization: true, dataInitialization: true, dataSynchronization: false },
      source: { instanceType: 'EXPRESS', host: '198.51.100.1', port: 3306 },
      precheck: { status: 'Finished', percent: 100, items: [{ item: 'CHECK_CONN_SRC', result: 'Success' }] },
      dataInitialization: { status: 'Finished', percent: 100, progress: '120000' },
    });
  });

  it('reads the legacy status, whose delay is in seconds and whose items nest under Detail.CheckItem', () => {
    const job = toLegacyDtsJob({
      MigrationJobId: 'dtsm1',
      MigrationJobStatus: 'Migrating',
      PrecheckStatus: {
        Status: 'Finished',
        Percent: '100',
        Detail: {
          CheckItem: [{ ItemName: 'CHECK_BINLOG', CheckStatus: 'Failed', ErrorMessage: 'x', RepairMethod: 'y' }],
        },
      },
      DataSynchronizationStatus: { Status: 'Migrating', Percent: '80', Delay: '4' },
    });
    expect(job).toMatchObject({
      jobId: 'dtsm1',
      status: 'Migrating',
      delaySeconds: 4,
      precheck: {
        percent: 100,
        items: [{ item: 'CHECK_BINLOG', result: 'Failed', failedReason: 'x', repairMethod: 'y' }],
      },
    });
    expect(toLegacyDtsJob({})).toMatchObject({ jobId: '', status: 'Unknown', precheck: undefined });
  });
});
