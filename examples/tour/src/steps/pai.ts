import { isSdkError } from '@alikit/core';
import { PAI_INSTANCE_TYPES, PaiClient, type TrainingJob, type TrainingJobSpec } from '@alikit/pai';
import type { StepContext, TourStep } from '../step';

/** How much faster than real time the emulated job runs: its 25 s lifecycle takes about 1 s. */
export const PAI_SPEED = 25;
/** A GPU type PAI offers for public resources; the spec is checked against `PAI_INSTANCE_TYPES`. */
const INSTANCE_TYPE = 'ecs.gn6i-c4g1.xlarge';
/** Where the training data is read from and the model written to. */
const TRAIN_URI = 'oss://alikit-tour-bucket/datasets/mnist/';
const MODEL_URI = 'oss://alikit-tour-bucket/models/mnist/';
/** Log lines printed from the top of the job's log (the rest is counted). */
const LOG_LINES_SHOWN = 3;

/** The training job the tour submits. */
export const TRAINING_JOB_SPEC: TrainingJobSpec = {
  name: 'alikit-tour-mnist',
  algorithm: { name: 'pytorch_mnist', provider: 'pai', version: 'v1.0.0' },
  inputs: { train: TRAIN_URI },
  outputs: { model: MODEL_URI },
  computeResource: { instanceType: INSTANCE_TYPE, instanceCount: 1 },
  hyperParameters: { epochs: 10, lr: 0.01 },
  maxRunningTimeSeconds: 3600,
};

/** The statuses a successful job goes through, in order. */
export const EXPECTED_TRANSITIONS = ['Creating', 'Initializing', 'Running', 'Succeed'];

/** Step 7 of the tour: a PAI training job submitted, followed by its poller to the end, and its log read. */
export const paiStep: TourStep = {
  name: 'pai',
  title: 'PAI training job: PaiClient from @alikit/pai, beginCreateTrainingJob → pollUntilDone → logs',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const { pop } = emulators;
    pop.pai.speed = PAI_SPEED;
    const pai = new PaiClient({
      region: 'cn-shanghai',
      workspaceId: '1000',
      endpoint: pop.endpoint,
      credentials: { ...emulators.credentials, source: 'emulator' },
      poller: { intervalMs: 100, jitter: 0 },
      env: {},
    });
    if (!PAI_INSTANCE_TYPES.has(INSTANCE_TYPE)) throw new Error(`${INSTANCE_TYPE} is not in PAI_INSTANCE_TYPES`);
    log(
      `  endpoint ${pai.endpoint}, job clock ×${PAI_SPEED}; ${TRAINING_JOB_SPEC.algorithm.name} on ${INSTANCE_TYPE}, ` +
        `${TRAIN_URI} → ${MODEL_URI}`,
    );

    const started = Date.now();
    const base = { subject: 'PAI training job', action: 'beginCreateTrainingJob → pollUntilDone', expected: 'Succeed' };
    let job: TrainingJob;
    try {
      const poller = await pai.beginCreateTrainingJob(TRAINING_JOB_SPEC);
      log(`  created ${poller.state.jobId} (${poller.state.status})`);
      let shown = '';
      poller.onProgress((progress) => {
        if (progress.status === shown) return;
        shown = progress.status;
        const history = progress.transitions.map((t) => t.status).join(' → ');
        log(`    onProgress ${elapsed(started)} ${progress.status.padEnd(12)} transitions: ${history}`);
      });
      job = await poller.pollUntilDone({ timeoutMs: 10_000 });
    } catch (error) {
      if (!isSdkError(error)) throw error;
      record({ ...base, ok: false, outcome: error.code, status: error.status, errorMessage: error.message });
      return;
    }
    const transitions = job.statusTransitions.map((t) => t.status);
    const loss = job.latestMetrics.find((m) => m.name === 'loss')?.value;
    const ok = job.status === 'Succeed' && transitions.join() === EXPECTED_TRANSITIONS.join();
    record({
      ...base,
      ok,
      outcome: job.status,
      errorMessage: ok ? undefined : `transitions ${transitions.join(' → ')}`,
    });
    if (!ok) return;
    log(`    ${job.reasonCode} in ${elapsed(started)}, final loss ${loss ?? '?'}, model at ${job.outputModel?.uri}`);

    const lines: string[] = [];
    for await (const { line } of pai.logs(job.jobId)) lines.push(line);
    const finished = lines.at(-1) ?? '';
    const logsOk = lines.length > LOG_LINES_SHOWN && /finished/.test(finished);
    record({
      subject: 'PAI training job',
      action: 'logs(jobId)',
      expected: 'accepted',
      ok: logsOk,
      outcome: 'accepted',
      summary: `${lines.length} lines`,
      errorMessage: logsOk ? undefined : `the log ends with ${JSON.stringify(finished)}`,
    });
    for (const line of lines.slice(0, LOG_LINES_SHOWN)) log(`    ${line}`);
    if (lines.length > LOG_LINES_SHOWN + 1) log(`    … ${lines.length - LOG_LINES_SHOWN - 1} more`);
    if (lines.length > LOG_LINES_SHOWN) log(`    ${finished}`);
  },
};

/** Seconds since `start`, for the progress lines. */
function elapsed(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}
