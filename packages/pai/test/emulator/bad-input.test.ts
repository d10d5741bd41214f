import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { PaiClient, type TrainingJobSpec } from '../../src/index';
import { mnistSpec, paiClient, startPop } from '../helpers';

let emu: Emulators<'pop'>;

beforeAll(async () => {
  emu = await startPop();
});
afterAll(() => emu.stop());
beforeEach(() => emu.pop.clearCalls());

async function rejection(spec: unknown, client = paiClient(emu)): Promise<Error> {
  const error = await client.beginCreateTrainingJob(spec as TrainingJobSpec).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected beginCreateTrainingJob to reject');
  return error;
}

describe('bad input is refused before any call', () => {
  it('a spec missing required fields names every one of them', async () => {
    const error = await rejection({ hyperParameters: { epochs: 3 } });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toContain('name is required');
    expect(error.message).toContain('algorithm is required');
    expect(error.message).toContain('computeResource is required');
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('a malformed oss:// URI is named with its channel', async () => {
    const error = await rejection(mnistSpec({ inputs: { train: 'oss:/example-bucket/mnist/' } }));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toMatch(/inputs\.train: "oss:\/example-bucket\/mnist\/" is not an oss:\/\/ URI/);
    const upper = await rejection(mnistSpec({ outputs: { model: { uri: 'oss://Example_Bucket/models/' } } }));
    expect(upper.message).toContain('outputs.model');
    expect(upper.message).toContain('bucket names are 3–63 lower-case letters');
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('an unknown instance type is a RangeError with suggestions', async () => {
    const error = await rejection(mnistSpec({ computeResource: { instanceType: 'ecs.gn6i-c4g1.xlage' } }));
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toContain('"ecs.gn6i-c4g1.xlage" is not an instance type PAI offers for training');
    expect(error.message).toContain('did you mean ecs.gn6i-c4g1.xlarge');
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('extraInstanceTypes admits a newer type', async () => {
    const client = paiClient(emu, { extraInstanceTypes: ['ecs.gn9x-c8g1.2xlarge'] });
    const poller = await client.beginCreateTrainingJob(
      mnistSpec({ computeResource: { instanceType: 'ecs.gn9x-c8g1.2xlarge' } }),
    );
    expect(poller.state.jobId).toMatch(/^train/);
  });

  it('a missing workspace names the client option and the variable', async () => {
    const client = paiClient(emu, { workspaceId: undefined });
    const error = await rejection(mnistSpec(), client);
    expect(error.message).toContain('workspaceId is required');
    expect(error.message).toContain('ALIKIT_PAI_WORKSPACE_ID');
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('the client needs a region, from the option or ALIBABA_CLOUD_REGION_ID', () => {
    expect(() => new PaiClient({ env: {} })).toThrow(/region.*ALIBABA_CLOUD_REGION_ID/);
    expect(() => new PaiClient({ region: 'Shanghai', env: {} })).toThrow(TypeError);
    const fromEnv = new PaiClient({
      env: { ALIBABA_CLOUD_REGION_ID: 'cn-shanghai', ALIKIT_PAI_WORKSPACE_ID: '42' },
      credentials: { ...emu.credentials, source: 'test' },
    });
    expect([fromEnv.region, fromEnv.workspaceId, fromEnv.endpoint]).toEqual([
      'cn-shanghai',
      '42',
      'https://pai.cn-shanghai.aliyuncs.com',
    ]);
    expect(new PaiClient({ region: 'cn-hangzhou', env: {} }).endpoint).toBe('https://pai.cn-hangzhou.data.aliyun.com');
    expect(() => new PaiClient({ region: 'cn-shanghai', endpoint: 'http://pai.example.com', env: {} })).toThrow(
      TypeError,
    );
  });

  it('job ids and cursors are checked at once', async () => {
    const pai = paiClient(emu);
    await expect(pai.getTrainingJob('')).rejects.toThrow(TypeError);
    await expect(pai.stopTrainingJob(42 as unknown as string)).rejects.toThrow(TypeError);
    expect(() => pai.logs('train1', { cursor: '7' })).toThrow(TypeError);
    expect(() => pai.logs('train1', { pollIntervalMs: -1 })).toThrow(RangeError);
    expect(emu.pop.calls).toHaveLength(0);
  });
});
