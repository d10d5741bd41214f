// @alikit/pai: submit a PAI training job, follow its poller to the end, and read its log —
// against the POP emulator, whose job clock runs 50× faster than real time.
// Run: npx tsx examples/programs/src/pai.ts
import { pathToFileURL } from 'node:url';
import { startEmulators } from '@alikit/emulators';
import { PaiClient } from '@alikit/pai';

/** Trains a model with a registered algorithm and waits until the job has succeeded. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['pop'] });
  emu.pop.pai.speed = 50; // the emulated job's 25 s lifecycle takes half a second
  try {
    // Against the real service: drop endpoint, credentials, poller and env.
    const pai = new PaiClient({
      region: 'cn-shanghai',
      workspaceId: '1000',
      endpoint: emu.pop.endpoint,
      credentials: { ...emu.credentials, source: 'emulator' },
      poller: { intervalMs: 50 }, // poll often: the emulated job is quick
      env: {}, // read no ALIBABA_CLOUD_* or ALIKIT_PAI_* variables
    });
    // The spec is checked (instance type, URIs, hyperparameters) before anything is sent.
    const poller = await pai.beginCreateTrainingJob({
      name: 'mnist-cnn',
      algorithm: { name: 'pytorch_mnist', provider: 'pai', version: 'v1.0.0' },
      inputs: { train: 'oss://example-bucket/datasets/mnist/' },
      outputs: { model: 'oss://example-bucket/models/mnist/' },
      computeResource: { instanceType: 'ecs.gn6i-c4g1.xlarge', instanceCount: 1 },
      hyperParameters: { epochs: 10, lr: 0.01 },
      maxRunningTimeSeconds: 3600,
    });
    out(`submitted ${poller.state.jobId} (${poller.state.status})`);

    let shown = poller.state.status;
    poller.onProgress(({ status }) => {
      if (status !== shown) out(`  status ${status}`);
      shown = status;
    });
    // Throws an SdkError (its code the job's reason) unless the job ends Succeed.
    const job = await poller.pollUntilDone({ signal: AbortSignal.timeout(10_000) });
    const history = job.statusTransitions.map((t) => t.status).join(' → ');
    const model = job.outputModel?.uri ?? '(none)';
    out(`${job.status}: ${history}; model at ${model}`);
    if (job.status !== 'Succeed' || !model.startsWith('oss://example-bucket/models/mnist/')) {
      throw new Error(`unexpected job: ${job.status}, model ${model}`);
    }

    const lines: string[] = [];
    for await (const { line } of pai.logs(job.jobId)) lines.push(line);
    out(`log: ${lines.length} lines, last: ${lines.at(-1)}`);
    if (lines.length === 0) throw new Error('the job left no log');
  } finally {
    await emu.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
