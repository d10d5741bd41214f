import { isSdkError } from '@alikit/core';
import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TrainingJobProgress } from '../../src/index';
import { mnistSpec, paiClient, SPEED, startPop } from '../helpers';

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

describe('beginCreateTrainingJob', () => {
  it('submits the spec with its wire names and follows the job to Succeed', async () => {
    const pai = paiClient(emu);
    const poller = await pai.beginCreateTrainingJob(mnistSpec());
    const seen: TrainingJobProgress[] = [];
    poller.onProgress((p) => seen.push(p));
    const job = await poller.pollUntilDone({ timeoutMs: 10_000 });

    expect(job.status).toBe('Succeed');
    expect(job.jobId).toBe(poller.state.jobId);
    expect(job.reasonCode).toBe('JobSucceeded');
    expect(job.statusTransitions.map((t) => t.status)).toEqual(['Creating', 'Initializing', 'Running', 'Succeed']);
    expect(job.statusTransitions.every((t) => t.startTime instanceof Date)).toBe(true);
    expect(job.hyperParameters).toEqual({ epochs: '10', lr: '0.01', shuffle: 'true', optimizer: 'adam' });
    expect(job.outputModel?.uri).toBe('oss://example-bucket.oss-cn-shanghai-internal.aliyuncs.com/models/mnist/');
    expect(job.computeResource).toEqual({ instanceType: 'ecs.gn6i-c4g1.xlarge', instanceCount: 1 });
    expect(job.latestMetrics[0]?.name).toBe('loss');

    // Progress is the status transitions: every status appears in the history a listener saw last.
    const last = seen.at(-1) as TrainingJobProgress;
    expect(last.transitions.map((t) => t.status)).toEqual(['Creating', 'Initializing', 'Running', 'Succeed']);
    const statuses = seen.map((p) => p.status);
    expect(statuses.at(-1)).toBe('Succeed');
    // Polls see the lifecycle in order, never going back.
    const order = ['Creating', 'Initializing', 'Running', 'Succeed'];
    const ranks = statuses.map((s) => order.indexOf(s));
    expect(ranks.every((r, i) => r >= 0 && (i === 0 || r >= (ranks[i - 1] as number)))).toBe(true);

    const create = emu.pop.calls.find((c) => c.action === 'CreateTrainingJob');
    expect(create).toMatchObject({ method: 'POST', path: '/api/v1/trainingjobs', version: '2022-01-12' });
    expect(create?.signature).toBe('roa-v1');
    expect(create?.json).toEqual({
      TrainingJobName: 'mnist-cnn',
      WorkspaceId: '1000',
      AlgorithmName: 'pytorch_mnist',
      AlgorithmProvider: 'pai',
      AlgorithmVersion: 'v1.0.0',
      InputChannels: [
        { Name: 'train', InputUri: 'oss://example-bucket/datasets/mnist/' },
        { Name: 'test', DatasetId: 'd-example123', VersionName: 'v2' },
      ],
      OutputChannels: [
        { Name: 'model', OutputUri: 'oss://example-bucket.oss-cn-shanghai-internal.aliyuncs.com/models/mnist/' },
      ],
      ComputeResource: { EcsSpec: 'ecs.gn6i-c4g1.xlarge', EcsCount: 1 },
      HyperParameters: [
        { Name: 'epochs', Value: '10' },
        { Name: 'lr', Value: '0.01' },
        { Name: 'shuffle', Value: 'true' },
        { Name: 'optimizer', Value: 'adam' },
      ],
      Scheduler: { MaxRunningTimeInSeconds: 3600 },
      RoleArn: 'acs:ram::1234567890123456:role/pai-training',
    });
  });

  it('sends quota resources, VPC, environment, requirements and labels', async () => {
    const pai = paiClient(emu);
    await pai.beginCreateTrainingJob(
      mnistSpec({
        computeResource: {
          resourceId: 'quota-example',
          instanceCount: 2,
          instanceSpec: { cpu: 8, memoryGiB: 32, gpu: 1, gpuType: 'A10' },
        },
        vpc: {
          vpcId: 'vpc-example',
          switchId: 'vsw-example',
          securityGroupId: 'sg-example',
          extendedCidrs: ['10.0.0.0/8'],
        },
        environments: { MODE: 'fast' },
        pythonRequirements: ['numpy==1.26.4'],
        labels: { team: 'vision' },
        workspaceId: '2000',
      }),
    );
    expect(emu.pop.calls[0]?.json).toMatchObject({
      WorkspaceId: '2000',
      ComputeResource: {
        ResourceId: 'quota-example',
        InstanceCount: 2,
        InstanceSpec: { CPU: '8', Memory: '32Gi', GPU: '1', GPUType: 'A10' },
      },
      UserVpc: {
        VpcId: 'vpc-example',
        SwitchId: 'vsw-example',
        SecurityGroupId: 'sg-example',
        ExtendedCIDRs: ['10.0.0.0/8'],
      },
      Environments: { MODE: 'fast' },
      PythonRequirements: ['numpy==1.26.4'],
      Labels: [{ Key: 'team', Value: 'vision' }],
    });
  });

  it('a failed job throws SdkError with the reason code and message', async () => {
    emu.pop.pai.failNextJob({ reasonCode: 'AlgorithmError', reasonMessage: 'CUDA out of memory' });
    const pai = paiClient(emu);
    const poller = await pai.beginCreateTrainingJob(mnistSpec());
    const error = await poller.pollUntilDone({ timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(isSdkError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'AlgorithmError',
      service: 'pai',
      operation: 'TrainingJob',
      retryable: false,
      details: { jobId: poller.state.jobId, status: 'Failed', reasonCode: 'AlgorithmError' },
    });
    expect((error as Error).message).toContain('CUDA out of memory');
    expect(poller.state.transitions.at(-1)).toMatchObject({ status: 'Failed', reasonCode: 'AlgorithmError' });
    // The outcome is remembered: a second wait reports the same error without polling.
    const calls = emu.pop.calls.length;
    await expect(poller.pollUntilDone()).rejects.toBe(error);
    expect(emu.pop.calls.length).toBe(calls);
  });

  it('a job that fails to initialise reports InitializeFailed with its code', async () => {
    emu.pop.pai.failNextJob({ reasonCode: 'ImagePullFailed', status: 'InitializeFailed' });
    const poller = await paiClient(emu).beginCreateTrainingJob(mnistSpec());
    await expect(poller.pollUntilDone({ timeoutMs: 10_000 })).rejects.toMatchObject({
      code: 'ImagePullFailed',
      details: { status: 'InitializeFailed' },
    });
  });
});

describe('getTrainingJob, listTrainingJobs, stopTrainingJob, deleteTrainingJob', () => {
  it('gets a job and answers an unknown one with EntityNotFound.TrainingJob', async () => {
    const pai = paiClient(emu);
    const poller = await pai.beginCreateTrainingJob(mnistSpec());
    const job = await pai.getTrainingJob(poller.state.jobId);
    expect(job).toMatchObject({ jobId: poller.state.jobId, name: 'mnist-cnn', workspaceId: '1000' });
    expect(job.createTime).toBeInstanceOf(Date);
    await expect(pai.getTrainingJob('train-missing')).rejects.toMatchObject({
      code: 'EntityNotFound.TrainingJob',
      status: 404,
      service: 'pai',
      operation: 'GetTrainingJob',
    });
  });

  it('lists every job newest first, and page by page with continuation tokens', async () => {
    const pai = paiClient(emu);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await pai.beginCreateTrainingJob(mnistSpec({ name: `job-${i}` }))).state.jobId);
    const all: string[] = [];
    for await (const job of pai.listTrainingJobs()) all.push(job.jobId);
    expect(all).toEqual([...ids].reverse());

    const pages = [];
    for await (const page of pai.listTrainingJobs().byPage({ maxPageSize: 2 })) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([2, 2, 1]);
    expect(pages.map((p) => p.continuationToken)).toEqual(['2', '3', undefined]);

    const resumed = [];
    for await (const page of pai
      .listTrainingJobs({ order: 'asc' })
      .byPage({ continuationToken: '2', maxPageSize: 2 })) {
      resumed.push(...page.items.map((j) => j.name));
    }
    expect(resumed).toEqual(['job-2', 'job-3', 'job-4']);

    const named = [];
    for await (const job of pai.listTrainingJobs({ name: 'job-3' })) named.push(job.name);
    expect(named).toEqual(['job-3']);
    expect(emu.pop.calls.at(-1)?.params).toMatchObject({
      WorkspaceId: '1000',
      TrainingJobName: 'job-3',
      PageSize: '20',
    });
  });

  it('checks list and page arguments before any request', () => {
    const pai = paiClient(emu);
    expect(() => pai.listTrainingJobs().byPage({ maxPageSize: 0 })).toThrow(RangeError);
    expect(() => pai.listTrainingJobs().byPage({ maxPageSize: 101 })).toThrow(RangeError);
    expect(() => pai.listTrainingJobs().byPage({ continuationToken: 'abc' })).toThrow(TypeError);
    expect(() => pai.listTrainingJobs({ order: 'up' as 'asc' })).toThrow(TypeError);
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('stops a running job (Terminated) and deletes it once finished', async () => {
    const pai = paiClient(emu);
    emu.pop.pai.speed = 1;
    const { state } = await pai.beginCreateTrainingJob(mnistSpec());
    await expect(pai.deleteTrainingJob(state.jobId)).rejects.toMatchObject({ code: 'InvalidParameter' });
    await pai.stopTrainingJob(state.jobId);
    const stopped = await pai.getTrainingJob(state.jobId);
    expect(stopped).toMatchObject({ status: 'Terminated', reasonCode: 'JobStoppedByUser' });
    expect(emu.pop.calls.find((c) => c.action === 'StopTrainingJob')).toMatchObject({
      method: 'PUT',
      path: `/api/v1/trainingjobs/${state.jobId}/stop`,
    });
    await pai.deleteTrainingJob(state.jobId);
    await expect(pai.getTrainingJob(state.jobId)).rejects.toMatchObject({ code: 'EntityNotFound.TrainingJob' });
  });
});

describe('logs', () => {
  it('without follow returns the lines so far; with follow waits for the start and reads to the end', async () => {
    const pai = paiClient(emu);
    emu.pop.pai.speed = 1;
    const { state } = await pai.beginCreateTrainingJob(mnistSpec());
    const early = [];
    for await (const line of pai.logs(state.jobId)) early.push(line);
    expect(early).toEqual([]);

    emu.pop.pai.speed = SPEED;
    const lines = [];
    for await (const line of pai.logs(state.jobId, { follow: true, pollIntervalMs: 20 })) lines.push(line);
    expect(lines.map((l) => l.line)).toEqual([
      '[worker-0] training job mnist-cnn started',
      ...Array.from({ length: 10 }, (_, i) =>
        expect.stringMatching(new RegExp(`^\\[worker-0\\] epoch ${i + 1}/10 loss=`)),
      ),
      '[worker-0] training finished, model saved',
    ]);
    expect(lines.map((l) => l.cursor)).toEqual(lines.map((_, i) => `log:${i + 1}`));
    expect((await pai.getTrainingJob(state.jobId)).status).toBe('Succeed');

    // A cursor resumes after its line.
    const rest = [];
    for await (const line of pai.logs(state.jobId, { cursor: lines[8]?.cursor })) rest.push(line.line);
    expect(rest).toEqual(lines.slice(9).map((l) => l.line));
  });

  it('stops following when the signal aborts, and rejects a foreign cursor at once', async () => {
    const pai = paiClient(emu);
    emu.pop.pai.speed = 1;
    const { state } = await pai.beginCreateTrainingJob(mnistSpec());
    const controller = new AbortController();
    const reason = new Error('enough');
    setTimeout(() => controller.abort(reason), 50);
    const reading = (async () => {
      for await (const _ of pai.logs(state.jobId, { follow: true, pollIntervalMs: 10, signal: controller.signal })) {
        // nothing is written yet at speed 1
      }
    })();
    await expect(reading).rejects.toBe(reason);
    expect(() => pai.logs(state.jobId, { cursor: 'page:2' })).toThrow(TypeError);
  });
});
