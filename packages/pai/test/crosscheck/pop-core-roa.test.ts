import { createRequire } from 'node:module';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { PaiClient } from '../../src/index';
import { mnistSpec, paiClient, SPEED, startPop } from '../helpers';

// The official SDK, a devDependency of packages/core (CommonJS).
const requireFromCore = createRequire(new URL('../../../core/package.json', import.meta.url));
const popCore = requireFromCore('@alicloud/pop-core') as {
  ROAClient: new (
    config: Record<string, unknown>,
  ) => {
    request(
      method: string,
      path: string,
      query?: Record<string, unknown>,
      body?: string,
      headers?: Record<string, string>,
      opts?: Record<string, unknown>,
    ): Promise<Record<string, unknown>>;
  };
};

let emu: Emulators<'pop'>;
let roa: InstanceType<typeof popCore.ROAClient>;

beforeAll(async () => {
  emu = await startPop();
  roa = new popCore.ROAClient({
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret: emu.credentials.accessKeySecret,
    endpoint: emu.pop.endpoint,
    apiVersion: '2022-01-12',
  });
});
afterAll(() => emu.stop());
beforeEach(() => {
  emu.pop.pai.reset();
  emu.pop.pai.speed = SPEED;
  emu.pop.clearCalls();
});

const json = { 'content-type': 'application/json' };

async function waitForStatus(jobId: string, done: (status: string) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const job = await roa.request('GET', `/api/v1/trainingjobs/${jobId}`, {}, '', {});
    if (done(String(job.Status))) return job;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the job did not finish');
}

describe('the official @alicloud/pop-core ROAClient drives the PAI Studio emulator', () => {
  it('creates a training job, polls it to Succeed, lists it and reads its logs', async () => {
    const body = {
      TrainingJobName: 'official',
      WorkspaceId: '1000',
      AlgorithmName: 'pytorch_mnist',
      AlgorithmProvider: 'pai',
      InputChannels: [{ Name: 'train', InputUri: 'oss://example-bucket/mnist/' }],
      ComputeResource: { EcsSpec: 'ecs.gn6i-c4g1.xlarge', EcsCount: 1 },
      HyperParameters: [{ Name: 'epochs', Value: '10' }],
    };
    const created = await roa.request('POST', '/api/v1/trainingjobs', {}, JSON.stringify(body), json);
    const jobId = String(created.TrainingJobId);
    expect(jobId).toMatch(/^train[0-9a-f]{16}$/);
    expect(created.RequestId).toBe(emu.pop.calls[0]?.requestId);

    const job = await waitForStatus(jobId, (s) => s === 'Succeed');
    expect((job.StatusTransitions as Array<{ Status: string }>).map((t) => t.Status)).toEqual([
      'Creating',
      'Initializing',
      'Running',
      'Succeed',
    ]);
    expect(job).toMatchObject({
      TrainingJobName: 'official',
      ReasonCode: 'JobSucceeded',
      HyperParameters: body.HyperParameters,
    });

    const list = await roa.request('GET', '/api/v1/trainingjobs', { WorkspaceId: '1000', PageSize: '10' }, '', {});
    expect(list.TotalCount).toBe(1);
    expect((list.TrainingJobs as Array<{ TrainingJobId: string }>)[0]?.TrainingJobId).toBe(jobId);

    const logs = await roa.request('GET', `/api/v1/trainingjobs/${jobId}/logs`, { PageSize: '5' }, '', {});
    expect(logs.TotalCount).toBe(12);
    expect(logs.Logs).toHaveLength(5);
    expect(emu.pop.calls.every((c) => c.signature === 'roa-v1')).toBe(true);
  });

  it('stops a job, and sees POP errors for an unknown job and a bad body', async () => {
    emu.pop.pai.speed = 1;
    const created = await roa.request(
      'POST',
      '/api/v1/trainingjobs',
      {},
      JSON.stringify({ TrainingJobName: 'to-stop', ComputeResource: { EcsSpec: 'ecs.c6.large' } }),
      json,
    );
    const jobId = String(created.TrainingJobId);
    await roa.request('PUT', `/api/v1/trainingjobs/${jobId}/stop`, {}, '', {});
    const stopped = await waitForStatus(jobId, (s) => s === 'Terminated');
    expect(stopped.ReasonCode).toBe('JobStoppedByUser');

    await expect(roa.request('GET', '/api/v1/trainingjobs/train-missing', {}, '', {})).rejects.toMatchObject({
      code: 'EntityNotFound.TrainingJob',
    });
    await expect(
      roa.request(
        'POST',
        '/api/v1/trainingjobs',
        {},
        JSON.stringify({ TrainingJobName: 'bad', InputChannels: [{ Name: 'train', InputUri: 'https://x/y' }] }),
        json,
      ),
    ).rejects.toMatchObject({ code: 'InvalidParameter' });
  });

  it('a job our PaiClient submitted reads the same through the official client', async () => {
    const ours: PaiClient = paiClient(emu);
    const poller = await ours.beginCreateTrainingJob(mnistSpec());
    const theirs = await roa.request('GET', `/api/v1/trainingjobs/${poller.state.jobId}`, {}, '', {});
    const mine = await ours.getTrainingJob(poller.state.jobId);
    expect(theirs.TrainingJobId).toBe(mine.jobId);
    expect(theirs.TrainingJobName).toBe(mine.name);
    expect(theirs.InputChannels).toEqual([
      { Name: 'train', InputUri: 'oss://example-bucket/datasets/mnist/' },
      { Name: 'test', DatasetId: 'd-example123', VersionName: 'v2' },
    ]);
  });
});
