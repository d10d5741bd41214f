import { type Emulators, startEmulators } from '@alikit/emulators';
import { PaiClient, type PaiClientOptions, type TrainingJobSpec } from '../src/index';

/** Settings that make pollers fast and deterministic against a sped-up emulator. */
export const FAST_POLLING = { intervalMs: 20, jitter: 0, maxIntervalMs: 200 } as const;

/** How much faster than real time the PAI emulator runs in these tests (the 25 s job takes 250 ms). */
export const SPEED = 100;

/** Starts the pop emulator for a test file. */
export function startPop(): Promise<Emulators<'pop'>> {
  return startEmulators({ services: ['pop'] });
}

/** A PaiClient pointed at the emulator, with fast retries and polling. */
export function paiClient(emu: Emulators<'pop'>, options: PaiClientOptions = {}): PaiClient {
  return new PaiClient({
    region: 'cn-shanghai',
    workspaceId: '1000',
    endpoint: emu.pop.endpoint,
    credentials: { ...emu.credentials, source: 'test' },
    retry: { maxAttempts: 1 },
    poller: FAST_POLLING,
    env: {},
    ...options,
  });
}

/** A complete, valid training job spec. */
export function mnistSpec(overrides: Partial<TrainingJobSpec> = {}): TrainingJobSpec {
  return {
    name: 'mnist-cnn',
    algorithm: { name: 'pytorch_mnist', provider: 'pai', version: 'v1.0.0' },
    inputs: { train: 'oss://example-bucket/datasets/mnist/', test: { datasetId: 'd-example123', versionName: 'v2' } },
    outputs: { model: 'oss://example-bucket.oss-cn-shanghai-internal.aliyuncs.com/models/mnist/' },
    computeResource: { instanceType: 'ecs.gn6i-c4g1.xlarge', instanceCount: 1 },
    hyperParameters: { epochs: 10, lr: 0.01, shuffle: true, optimizer: 'adam' },
    maxRunningTimeSeconds: 3600,
    roleArn: 'acs:ram::1234567890123456:role/pai-training',
    ...overrides,
  };
}
