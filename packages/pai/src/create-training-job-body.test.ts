import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createTrainingJobBody } from './create-training-job-body';
import { PAI_INSTANCE_TYPES } from './instance-types';
import type { TrainingJobSpec } from './training-job-spec';

const context = { workspaceId: '1000', instanceTypes: PAI_INSTANCE_TYPES };
const base: TrainingJobSpec = {
  name: 'job',
  algorithm: { name: 'algo' },
  computeResource: { instanceType: 'ecs.c6.large' },
};

describe('createTrainingJobBody', () => {
  it('writes the minimal body with the defaults', () => {
    expect(createTrainingJobBody(base, context)).toEqual({
      TrainingJobName: 'job',
      WorkspaceId: '1000',
      AlgorithmName: 'algo',
      AlgorithmProvider: 'pai',
      ComputeResource: { EcsSpec: 'ecs.c6.large', EcsCount: 1 },
    });
  });

  it('sends every hyperparameter value as a string, in order', () => {
    const value = fc.oneof(
      fc.string(),
      fc.boolean(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer(),
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), value), (params) => {
        fc.pre(!Object.keys(params).includes('__proto__'));
        const body = createTrainingJobBody({ ...base, hyperParameters: params }, context);
        expect(body.HyperParameters).toEqual(Object.entries(params).map(([Name, v]) => ({ Name, Value: String(v) })));
      }),
      { numRuns: 200 },
    );
  });

  it('lists every problem in one TypeError', () => {
    const spec = {
      name: '',
      algorithm: { name: 'a', version: '' },
      inputs: { train: 'http://x/y', 'bad name': 'oss://bucket/x/', eval: { other: 1 } },
      computeResource: { instanceType: 'ecs.c6.large', instanceCount: 0 },
      hyperParameters: { lr: Number.NaN },
      maxRunningTimeSeconds: -5,
      roleArn: 'role/pai',
      vpc: { vpcId: 'v-1', switchId: 'vsw-1', securityGroupId: 'sg-1', extendedCidrs: ['10.0.0.0/33'] },
      pythonRequirements: [''],
      labels: { a: 1 },
    } as unknown as TrainingJobSpec;
    let error: unknown;
    try {
      createTrainingJobBody(spec, context);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    const message = (error as Error).message;
    for (const part of [
      'name is required',
      'algorithm.version must be a non-empty string',
      'inputs.train: "http://x/y" is not an oss:// URI',
      'inputs.bad name: a channel name is',
      'inputs.eval must be an oss:// URI, { uri } or { datasetId, versionName? }',
      'computeResource.instanceCount must be a whole number from 1 to 1000, got 0',
      'hyperParameters.lr must be a string, a finite number or a boolean',
      'maxRunningTimeSeconds must be a positive whole number of seconds, got -5',
      'roleArn must look like acs:ram::<account id>:role/<role name>',
      'vpc.vpcId must be an id starting with "vpc-"',
      'vpc.extendedCidrs must be an array of IPv4 CIDR blocks',
      'pythonRequirements must be an array of non-empty strings',
      'labels must be a plain object of string values',
    ]) {
      expect(message).toContain(part);
    }
  });

  it('is a RangeError when only values are out of range', () => {
    expect(() => createTrainingJobBody({ ...base, maxRunningTimeSeconds: 0 }, context)).toThrow(RangeError);
    expect(() => createTrainingJobBody({ ...base, computeResource: { instanceType: 'ecs.c6.huge' } }, context)).toThrow(
      RangeError,
    );
  });

  it('refuses a quota resource without its instance spec, and a resource of neither kind', () => {
    expect(() =>
      createTrainingJobBody(
        { ...base, computeResource: { resourceId: 'q' } as unknown as TrainingJobSpec['computeResource'] },
        context,
      ),
    ).toThrow('computeResource.instanceSpec is required');
    expect(() =>
      createTrainingJobBody({ ...base, computeResource: {} as unknown as TrainingJobSpec['computeResource'] }, context),
    ).toThrow('computeResource needs instanceType');
    expect(() => createTrainingJobBody(null as unknown as TrainingJobSpec, context)).toThrow(TypeError);
  });

  it('never quotes an environment value in its message', () => {
    expect(() =>
      createTrainingJobBody(
        { ...base, environments: { TOKEN: 'ExampleSecretValue', N: 3 as unknown as string } },
        context,
      ),
    ).toThrow(/^(?!.*ExampleSecretValue).*environments must be/);
  });
});
