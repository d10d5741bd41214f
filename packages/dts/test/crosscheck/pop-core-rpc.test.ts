import { createRequire } from 'node:module';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { dtsClient, SPEED, shopSpec, startPop } from '../helpers';

// The official SDK, a devDependency of packages/core (CommonJS).
const requireFromCore = createRequire(new URL('../../../core/package.json', import.meta.url));
type RpcClient = {
  request(
    action: string,
    params?: Record<string, unknown>,
    opts?: Record<string, unknown>,
  ): Promise<Record<string, unknown>>;
};
const popCore = requireFromCore('@alicloud/pop-core') as {
  RPCClient: new (config: Record<string, unknown>) => RpcClient;
};

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

function rpc(apiVersion: string): RpcClient {
  return new popCore.RPCClient({
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret: emu.credentials.accessKeySecret,
    endpoint: emu.pop.endpoint,
    apiVersion,
  });
}

async function until(read: () => Promise<Record<string, unknown>>, done: (r: Record<string, unknown>) => boolean) {
  for (let i = 0; i < 300; i++) {
    const r = await read();
    if (done(r)) return r;
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  throw new Error('the job did not get there');
}

const POST = { method: 'POST' };

describe('the official @alicloud/pop-core RPCClient drives the DTS emulator', () => {
  it('2020-01-01: create, configure, start, describe to Finished, list, delete', async () => {
    const client = rpc('2020-01-01');
    const created = await client.request(
      'CreateDtsInstance',
      {
        RegionId: 'cn-hangzhou',
        Type: 'MIGRATION',
        PayType: 'PostPaid',
        InstanceClass: 'small',
        SourceRegion: 'cn-hangzhou',
        DestinationRegion: 'cn-hangzhou',
      },
      POST,
    );
    expect(created).toMatchObject({ Success: true, HttpStatusCode: 200 });
    const configured = await client.request(
      'ConfigureDtsJob',
      {
        RegionId: 'cn-hangzhou',
        DtsInstanceId: created.InstanceId,
        DtsJobName: 'official',
        SourceEndpointInstanceType: 'RDS',
        SourceEndpointEngineName: 'MYSQL',
        SourceEndpointRegion: 'cn-hangzhou',
        SourceEndpointInstanceID: 'rm-source',
        SourceEndpointUserName: 'dts',
        SourceEndpointPassword: 'ExamplePassw0rd',
        DestinationEndpointInstanceType: 'RDS',
        DestinationEndpointEngineName: 'MYSQL',
        DestinationEndpointRegion: 'cn-hangzhou',
        DestinationEndpointInstanceID: 'rm-dest',
        DestinationEndpointUserName: 'dts',
        DestinationEndpointPassword: 'ExamplePassw0rd',
        StructureInitialization: true,
        DataInitialization: true,
        DataSynchronization: false,
        DbList: JSON.stringify({ shop: { name: 'shop', all: true } }),
      },
      POST,
    );
    const jobId = configured.DtsJobId as string;
    expect(configured.DtsInstanceId).toBe(created.InstanceId);
    await client.request('StartDtsJob', { RegionId: 'cn-hangzhou', DtsJobId: jobId }, POST);
    const done = await until(
      () => client.request('DescribeDtsJobDetail', { RegionId: 'cn-hangzhou', DtsJobId: jobId }, POST),
      (r) => r.Status === 'Finished',
    );
    expect(done).toMatchObject({
      DtsJobName: 'official',
      MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: false },
      DataInitializationStatus: { Status: 'Finished', Percent: 100 },
      PrecheckStatus: { Status: 'Finished', Percent: 100 },
    });
    expect(JSON.stringify(done)).not.toContain('ExamplePassw0rd');
    const list = await client.request('DescribeDtsJobs', { RegionId: 'cn-hangzhou', JobType: 'MIGRATION' }, POST);
    expect(list).toMatchObject({ TotalRecordCount: 1, PageNumber: 1 });
    const precheck = await client.request('DescribePreCheckStatus', { DtsJobId: jobId, JobCode: '01' }, POST);
    expect(precheck).toMatchObject({ State: 'Finished', Total: 7, ErrorItem: 0 });
    await client.request('DeleteDtsJob', { RegionId: 'cn-hangzhou', DtsJobId: jobId }, POST);
    await expect(client.request('DescribeDtsJobDetail', { DtsJobId: jobId }, POST)).rejects.toMatchObject({
      code: 'InvalidJobId',
    });
    expect(emu.pop.calls.every((c) => c.signature === 'rpc-v1')).toBe(true);
  });

  it('2020-01-01: a job our DtsClient created reads the same through the official client', async () => {
    const ours = dtsClient(emu);
    const { jobId } = await ours.createMigrationJob(shopSpec());
    const theirs = await rpc('2020-01-01').request('DescribeDtsJobDetail', { DtsJobId: jobId });
    const mine = await ours.describeJob(jobId);
    expect([theirs.DtsJobId, theirs.DtsJobName, theirs.Status]).toEqual([mine.jobId, mine.name, mine.status]);
    expect(theirs.DbObject).toBe(mine.objects);
  });

  it('2016-08-01: the ConfigureMigrationJob flow with its misspelled MigrationMode names', async () => {
    const client = rpc('2016-08-01');
    const created = await client.request('CreateMigrationJob', { Region: 'cn-hangzhou', MigrationJobClass: 'small' });
    const id = created.MigrationJobId as string;
    const params = {
      MigrationJobId: id,
      MigrationJobName: 'legacy',
      'SourceEndpoint.InstanceType': 'LocalInstance',
      'SourceEndpoint.EngineName': 'MySQL',
      'SourceEndpoint.IP': '198.51.100.10',
      'SourceEndpoint.Port': '3306',
      'SourceEndpoint.UserName': 'dts',
      'SourceEndpoint.Password': 'ExamplePassw0rd',
      'DestinationEndpoint.InstanceType': 'RDS',
      'DestinationEndpoint.InstanceID': 'rm-dest',
      'DestinationEndpoint.UserName': 'dts',
      'DestinationEndpoint.Password': 'ExamplePassw0rd',
      MigrationObject: JSON.stringify([{ DBName: 'shop' }]),
    };
    // The correct spelling is not what the API reads.
    await expect(
      client.request('ConfigureMigrationJob', {
        ...params,
        'MigrationMode.StructureInitialization': true,
        'MigrationMode.DataInitialization': true,
        'MigrationMode.DataSynchronization': false,
      }),
    ).rejects.toMatchObject({ code: 'MissingParameter' });
    await client.request('ConfigureMigrationJob', {
      ...params,
      'MigrationMode.StructureIntialization': true,
      'MigrationMode.DataIntialization': true,
      'MigrationMode.DataSynchronization': false,
    });
    await client.request('StartMigrationJob', { MigrationJobId: id });
    const done = await until(
      () => client.request('DescribeMigrationJobStatus', { MigrationJobId: id }),
      (r) => r.MigrationJobStatus === 'Finished',
    );
    expect(done).toMatchObject({
      MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: false },
      DataInitializationStatus: { Status: 'Finished', Percent: '100' },
    });
    const list = await client.request('DescribeMigrationJobs', { PageNum: 1, PageSize: 10 });
    expect((list.MigrationJobs as { MigrationJob: unknown[] }).MigrationJob).toHaveLength(1);
  });
});
