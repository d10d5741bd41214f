import { nearestInstanceTypes } from './instance-types';
import { parseOssUri } from './oss-uri';
import type { ChannelSource, TrainingJobSpec } from './training-job-spec';

/** What the checks need besides the spec. */
export interface TrainingJobBodyContext {
  /** The client's workspace, used when the spec names none. */
  workspaceId: string | undefined;
  /** The instance types the client accepts. */
  instanceTypes: ReadonlySet<string>;
}

interface Problem {
  kind: 'type' | 'range';
  message: string;
}

const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9._-]{1,64}$/;
const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/**
 * Checks a {@link TrainingJobSpec} and writes the CreateTrainingJob body (wire names). Every
 * problem is found before anything is sent, and all of them are listed in one message.
 *
 * @throws TypeError for a missing or malformed field (a missing name, an `oss://` URI that is not
 *   one, a role ARN of the wrong shape, ...); RangeError when the only problems are values out of
 *   range (an unknown instance type, a count or time that is not positive).
 */
export function createTrainingJobBody(spec: TrainingJobSpec, context: TrainingJobBodyContext): Record<string, unknown> {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TypeError('beginCreateTrainingJob takes a training job spec object');
  }
  const problems: Problem[] = [];
  const type = (message: string) => problems.push({ kind: 'type', message });
  const range = (message: string) => problems.push({ kind: 'range', message });
  const body: Record<string, unknown> = {};

  if (typeof spec.name !== 'string' || spec.name.trim() === '') type('name is required (a non-empty string)');
  else if (spec.name.length > 128) range(`name must be at most 128 characters, got ${spec.name.length}`);
  else body.TrainingJobName = spec.name;

  if (spec.description !== undefined) {
    if (typeof spec.description !== 'string') type('description must be a string');
    else body.TrainingJobDescription = spec.description;
  }

  const workspaceId = spec.workspaceId ?? context.workspaceId;
  if (workspaceId === undefined) {
    type('workspaceId is required: set it on the spec or on the PaiClient (or ALIKIT_PAI_WORKSPACE_ID)');
  } else if (typeof workspaceId !== 'string' || workspaceId === '') type('workspaceId must be a non-empty string');
  else body.WorkspaceId = workspaceId;

  const algorithm = spec.algorithm as TrainingJobSpec['algorithm'] | undefined;
  if (typeof algorithm !== 'object' || algorithm === null) {
    type('algorithm is required: { name, provider?, version? }');
  } else {
    if (typeof algorithm.name !== 'string' || algorithm.name === '') type('algorithm.name is required');
    else body.AlgorithmName = algorithm.name;
    const provider = algorithm.provider ?? 'pai';
    if (typeof provider !== 'string' || provider === '') type('algorithm.provider must be a non-empty string');
    else body.AlgorithmProvider = provider;
    if (algorithm.version !== undefined) {
      if (typeof algorithm.version !== 'string' || algorithm.version === '') {
        type('algorithm.version must be a non-empty string');
      } else body.AlgorithmVersion = algorithm.version;
    }
  }

  const inputs = channels(spec.inputs, 'inputs', 'InputUri', type);
  if (inputs) body.InputChannels = inputs;
  const outputs = channels(spec.outputs, 'outputs', 'OutputUri', type);
  if (outputs) body.OutputChannels = outputs;

  const compute = computeResource(spec.computeResource, context.instanceTypes, type, range);
  if (compute) body.ComputeResource = compute;

  if (spec.hyperParameters !== undefined) {
    if (!isRecord(spec.hyperParameters)) type('hyperParameters must be a plain object of name → value');
    else {
      const list: Array<{ Name: string; Value: string }> = [];
      for (const [name, value] of Object.entries(spec.hyperParameters)) {
        if (name === '') type('hyperParameters has an empty name');
        else if (typeof value === 'string' || typeof value === 'boolean')
          list.push({ Name: name, Value: String(value) });
        else if (typeof value === 'number' && Number.isFinite(value)) list.push({ Name: name, Value: String(value) });
        else type(`hyperParameters.${name} must be a string, a finite number or a boolean`);
      }
      body.HyperParameters = list;
    }
  }

  if (spec.maxRunningTimeSeconds !== undefined) {
    const seconds = spec.maxRunningTimeSeconds;
    if (typeof seconds !== 'number') type('maxRunningTimeSeconds must be a number of seconds');
    else if (!Number.isInteger(seconds) || seconds <= 0) {
      range(`maxRunningTimeSeconds must be a positive whole number of seconds, got ${seconds}`);
    } else body.Scheduler = { MaxRunningTimeInSeconds: seconds };
  }

  if (spec.roleArn !== undefined) {
    if (typeof spec.roleArn !== 'string' || !ROLE_ARN.test(spec.roleArn)) {
      type(`roleArn must look like acs:ram::<account id>:role/<role name>, got ${JSON.stringify(spec.roleArn)}`);
    } else body.RoleArn = spec.roleArn;
  }

  const vpc = userVpc(spec.vpc, type);
  if (vpc) body.UserVpc = vpc;

  if (spec.environments !== undefined) {
    if (!isStringRecord(spec.environments)) type('environments must be a plain object of string values');
    else body.Environments = { ...spec.environments };
  }
  if (spec.pythonRequirements !== undefined) {
    const list = spec.pythonRequirements;
    if (!Array.isArray(list) || !list.every((r) => typeof r === 'string' && r.trim() !== '')) {
      type('pythonRequirements must be an array of non-empty strings');
    } else body.PythonRequirements = [...list];
  }
  if (spec.labels !== undefined) {
    if (!isStringRecord(spec.labels)) type('labels must be a plain object of string values');
    else body.Labels = Object.entries(spec.labels).map(([Key, Value]) => ({ Key, Value }));
  }

  if (problems.length > 0) {
    const message = `invalid training job spec: ${problems.map((p) => p.message).join('; ')}`;
    throw problems.some((p) => p.kind === 'type') ? new TypeError(message) : new RangeError(message);
  }
  return body;
}

function channels(
  value: Readonly<Record<string, ChannelSource>> | undefined,
  field: 'inputs' | 'outputs',
  uriField: 'InputUri' | 'OutputUri',
  type: (message: string) => void,
): Array<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    type(`${field} must be a plain object of channel name → oss:// URI or { datasetId }`);
    return undefined;
  }
  const out: Array<Record<string, string>> = [];
  for (const [name, source] of Object.entries(value)) {
    const path = `${field}.${name}`;
    if (!CHANNEL_NAME.test(name)) {
      type(`${path}: a channel name is 1–64 letters, digits, "_" or "-", starting with a letter or digit`);
      continue;
    }
    const uri = typeof source === 'string' ? source : isRecord(source) && 'uri' in source ? source.uri : undefined;
    if (uri !== undefined) {
      try {
        parseOssUri(uri);
        out.push({ Name: name, [uriField]: uri });
      } catch (error) {
        type(`${path}: ${(error as Error).message}`);
      }
      continue;
    }
    if (isRecord(source) && 'datasetId' in source) {
      const { datasetId, versionName } = source as { datasetId: unknown; versionName?: unknown };
      if (typeof datasetId !== 'string' || datasetId === '') type(`${path}.datasetId must be a non-empty string`);
      else if (versionName !== undefined && (typeof versionName !== 'string' || versionName === '')) {
        type(`${path}.versionName must be a non-empty string`);
      } else {
        out.push({
          Name: name,
          DatasetId: datasetId,
          ...(versionName === undefined ? {} : { VersionName: versionName }),
        });
      }
      continue;
    }
    type(`${path} must be an oss:// URI, { uri } or { datasetId, versionName? }`);
  }
  return out;
}

function computeResource(
  value: TrainingJobSpec['computeResource'] | undefined,
  known: ReadonlySet<string>,
  type: (message: string) => void,
  range: (message: string) => void,
): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    type('computeResource is required: { instanceType, instanceCount? } or { resourceId, instanceSpec }');
    return undefined;
  }
  const count = value.instanceCount ?? 1;
  let countOk = true;
  if (typeof count !== 'number') {
    type('computeResource.instanceCount must be a number');
    countOk = false;
  } else if (!Number.isInteger(count) || count < 1 || count > 1000) {
    range(`computeResource.instanceCount must be a whole number from 1 to 1000, got ${count}`);
    countOk = false;
  }
  if ('instanceType' in value) {
    const instanceType = value.instanceType;
    if (typeof instanceType !== 'string' || instanceType === '') {
      type('computeResource.instanceType must be an ECS instance type such as ecs.gn6i-c4g1.xlarge');
      return undefined;
    }
    if (!known.has(instanceType)) {
      const near = nearestInstanceTypes(instanceType, known);
      range(
        `computeResource.instanceType ${JSON.stringify(instanceType)} is not an instance type PAI offers for training` +
          (near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '') +
          "; pass newer types in the client's extraInstanceTypes",
      );
      return undefined;
    }
    return countOk ? { EcsSpec: instanceType, EcsCount: count } : undefined;
  }
  if ('resourceId' in value) {
    if (typeof value.resourceId !== 'string' || value.resourceId === '') {
      type('computeResource.resourceId must be a non-empty string');
      return undefined;
    }
    const spec = value.instanceSpec as Record<string, unknown> | undefined;
    if (!isRecord(spec)) {
      type('computeResource.instanceSpec is required with a resourceId: { cpu, memoryGiB, gpu?, gpuType? }');
      return undefined;
    }
    const wire: Record<string, string> = {};
    const positive = (name: 'cpu' | 'memoryGiB' | 'sharedMemoryGiB', required: boolean) => {
      const n = spec[name];
      if (n === undefined && !required) return undefined;
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
        range(`computeResource.instanceSpec.${name} must be a positive number`);
        return undefined;
      }
      return n;
    };
    const cpu = positive('cpu', true);
    const memory = positive('memoryGiB', true);
    const shared = positive('sharedMemoryGiB', false);
    if (cpu !== undefined) wire.CPU = String(cpu);
    if (memory !== undefined) wire.Memory = `${memory}Gi`;
    if (shared !== undefined) wire.SharedMemory = `${shared}Gi`;
    if (spec.gpu !== undefined) {
      if (typeof spec.gpu !== 'number' || !Number.isInteger(spec.gpu) || spec.gpu < 0) {
        range('computeResource.instanceSpec.gpu must be a whole number >= 0');
      } else wire.GPU = String(spec.gpu);
    }
    if (spec.gpuType !== undefined) {
      if (typeof spec.gpuType !== 'string' || spec.gpuType === '') {
        type('computeResource.instanceSpec.gpuType must be a non-empty string');
      } else wire.GPUType = spec.gpuType;
    }
    return countOk ? { ResourceId: value.resourceId, InstanceCount: count, InstanceSpec: wire } : undefined;
  }
  type('computeResource needs instanceType (public resources) or resourceId with instanceSpec (a resource quota)');
  return undefined;
}

function userVpc(value: TrainingJobSpec['vpc'], type: (message: string) => void): Record<string, unknown> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) {
    type('vpc must be { vpcId, switchId, securityGroupId, extendedCidrs?, defaultRoute? }');
    return undefined;
  }
  const wire: Record<string, unknown> = {};
  const id = (name: 'vpcId' | 'switchId' | 'securityGroupId', prefix: string, wireName: string) => {
    const v = value[name];
    if (typeof v !== 'string' || !v.startsWith(prefix) || v.length <= prefix.length) {
      type(`vpc.${name} must be an id starting with "${prefix}"`);
    } else wire[wireName] = v;
  };
  id('vpcId', 'vpc-', 'VpcId');
  id('switchId', 'vsw-', 'SwitchId');
  id('securityGroupId', 'sg-', 'SecurityGroupId');
  if (value.extendedCidrs !== undefined) {
    const list = value.extendedCidrs;
    if (!Array.isArray(list) || !list.every(isCidr)) type('vpc.extendedCidrs must be an array of IPv4 CIDR blocks');
    else wire.ExtendedCIDRs = [...list];
  }
  if (value.defaultRoute !== undefined) {
    if (typeof value.defaultRoute !== 'boolean') type('vpc.defaultRoute must be a boolean');
    else if (value.defaultRoute) wire.DefaultRoute = 'eth1';
  }
  return wire;
}

function isCidr(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const m = CIDR.exec(value);
  if (!m) return false;
  return m.slice(1, 5).every((octet) => Number(octet) <= 255) && Number(m[5]) <= 32;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((v) => typeof v === 'string');
}
