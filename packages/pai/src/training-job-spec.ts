/**
 * Where a channel's data lives: an `oss://bucket/path/` URI (the shorthand string, or `{ uri }`),
 * or a PAI dataset (`{ datasetId, versionName? }`).
 *
 * @example
 * ```ts
 * const train: ChannelSource = 'oss://example-bucket/datasets/mnist/';
 * const test: ChannelSource = { datasetId: 'd-example123', versionName: 'v2' };
 * ```
 */
export type ChannelSource =
  | string
  | {
      /** An `oss://<bucket>[.<endpoint>]/<path>` URI. */
      uri: string;
    }
  | {
      /** The PAI dataset id (`d-…`). */
      datasetId: string;
      /** The dataset version. @defaultValue the dataset's default version */
      versionName?: string | undefined;
    };

/** Pay-as-you-go public resources: a number of ECS instances of one type. */
export interface EcsComputeResource {
  /** The ECS instance type PAI runs on, e.g. `ecs.gn6i-c4g1.xlarge` (GPU) or `ecs.c6.large` (CPU). */
  instanceType: string;
  /** How many instances. @defaultValue 1 */
  instanceCount?: number | undefined;
}

/** A slice of a dedicated resource quota. */
export interface QuotaComputeResource {
  /** The resource quota id. */
  resourceId: string;
  /** How many instances. @defaultValue 1 */
  instanceCount?: number | undefined;
  /** What each instance gets. */
  instanceSpec: {
    /** vCPUs, e.g. `'4'` or 4. */
    cpu: number;
    /** Memory in GiB. */
    memoryGiB: number;
    /** GPUs. @defaultValue 0 */
    gpu?: number | undefined;
    /** GPU model, e.g. `'A10'`. @defaultValue any */
    gpuType?: string | undefined;
    /** Shared memory in GiB. @defaultValue the service's default */
    sharedMemoryGiB?: number | undefined;
  };
}

/** The VPC the job's instances join, to reach private resources (NAS, databases). */
export interface TrainingJobVpc {
  /** `vpc-…` */
  vpcId: string;
  /** `vsw-…` */
  switchId: string;
  /** `sg-…` */
  securityGroupId: string;
  /** Extra CIDR blocks routed through the VPC. @defaultValue none */
  extendedCidrs?: readonly string[] | undefined;
  /** Route all traffic through the VPC (`eth1`) instead of the public network. @defaultValue false */
  defaultRoute?: boolean | undefined;
}

/**
 * A PAI Studio training job: which registered algorithm to run, on what data, on what machines,
 * with which hyperparameters. Checked by `PaiClient.beginCreateTrainingJob` before anything is sent.
 *
 * @example
 * ```ts
 * const spec: TrainingJobSpec = {
 *   name: 'mnist-cnn',
 *   algorithm: { name: 'pytorch_mnist', provider: 'pai', version: 'v1.0.0' },
 *   inputs: { train: 'oss://example-bucket/datasets/mnist/' },
 *   outputs: { model: 'oss://example-bucket/models/mnist/' },
 *   computeResource: { instanceType: 'ecs.gn6i-c4g1.xlarge' },
 *   hyperParameters: { epochs: 10, lr: 0.01 },
 *   maxRunningTimeSeconds: 3600,
 * };
 * ```
 */
export interface TrainingJobSpec {
  /** The job's name (1–128 characters). */
  name: string;
  /** A description shown in the console. @defaultValue none */
  description?: string | undefined;
  /** The registered algorithm to run. */
  algorithm: {
    /** The algorithm's name. */
    name: string;
    /** Who published it: `pai` for PAI's built-in algorithms, or your account id. @defaultValue 'pai' */
    provider?: string | undefined;
    /** The algorithm version. @defaultValue the latest version */
    version?: string | undefined;
  };
  /** Input channels by name (`train`, `validation`, ...). @defaultValue none */
  inputs?: Readonly<Record<string, ChannelSource>> | undefined;
  /** Output channels by name (`model`, `checkpoints`, ...). @defaultValue none */
  outputs?: Readonly<Record<string, ChannelSource>> | undefined;
  /** The machines the job runs on. */
  computeResource: EcsComputeResource | QuotaComputeResource;
  /**
   * Hyperparameters as a plain object; values are sent as strings (`{ epochs: 10 }` → `"10"`).
   * @defaultValue none (the algorithm's defaults)
   */
  hyperParameters?: Readonly<Record<string, string | number | boolean>> | undefined;
  /** The job is stopped after this long. @defaultValue the service's limit */
  maxRunningTimeSeconds?: number | undefined;
  /** The RAM role the job assumes to read and write your data: `acs:ram::<account>:role/<name>`. @defaultValue PAI's default role */
  roleArn?: string | undefined;
  /** Run inside your VPC. @defaultValue the public network */
  vpc?: TrainingJobVpc | undefined;
  /** Environment variables of the training process. @defaultValue none */
  environments?: Readonly<Record<string, string>> | undefined;
  /** Extra pip requirements installed before training. @defaultValue none */
  pythonRequirements?: readonly string[] | undefined;
  /** Labels to find the job by. @defaultValue none */
  labels?: Readonly<Record<string, string>> | undefined;
  /** The workspace, when not the client's. @defaultValue the client's `workspaceId` */
  workspaceId?: string | undefined;
}
