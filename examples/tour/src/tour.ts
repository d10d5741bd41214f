import { type Emulators, startEmulators } from '@alikit/emulators';
import { formatCheck, formatSummary, formatSummaryTable } from './report';
import type { CheckResult, StepResult, TourStep } from './step';
import { credentialsStep } from './steps/credentials';
import { dtsStep } from './steps/dts';
import { genericPopStep } from './steps/generic-pop';
import { logsStep } from './steps/logs';
import { maxcomputeStep } from './steps/maxcompute';
import { metricsStep } from './steps/metrics';
import { ossStep } from './steps/oss';
import { paiStep } from './steps/pai';
import { ramPolicyStep } from './steps/ram-policy';
import { rdsStep } from './steps/rds';
import { signaturesStep } from './steps/signatures';
import { tablestoreStep } from './steps/tablestore';

/** The steps in the order they run; each service adds its own step here. */
export const TOUR_STEPS: readonly TourStep[] = [
  signaturesStep,
  credentialsStep,
  genericPopStep,
  ramPolicyStep,
  metricsStep,
  logsStep,
  ossStep,
  tablestoreStep,
  maxcomputeStep,
  paiStep,
  dtsStep,
  rdsStep,
];

/** Options of {@link runTour}. */
export interface RunTourOptions {
  /** Receives each line of the report, in order. */
  log: (line: string) => void;
  /** The steps to run, in order. @defaultValue {@link TOUR_STEPS} */
  steps?: readonly TourStep[] | undefined;
}

/** What {@link runTour} found. */
export interface TourResult {
  /** True when every step passed. */
  ok: boolean;
  /** One result per step, in the order they ran. */
  steps: StepResult[];
}

/**
 * Starts the emulators of every service, runs each tour step against them, prints a report line
 * per check and a closing summary, and stops the emulators again (also when a step fails).
 * Never throws for a failed check or step: the result's `ok` says whether everything behaved.
 */
export async function runTour({ log, steps: tourSteps = TOUR_STEPS }: RunTourOptions): Promise<TourResult> {
  const started = Date.now();
  log('alikit tour: real signed requests against the local emulators (nothing leaves 127.0.0.1)');
  let emulators: Emulators;
  try {
    emulators = await startEmulators();
  } catch (error) {
    log(`✘ Could not start the emulators: ${error instanceof Error ? error.message : String(error)}`);
    return { ok: false, steps: [] };
  }
  const steps: StepResult[] = [];
  try {
    logEndpoints(emulators, log);
    for (const step of tourSteps) steps.push(await runStep(step, emulators, log));
  } finally {
    await emulators.stop();
  }
  const ok = steps.every((step) => step.ok);
  log('');
  for (const line of formatSummaryTable(steps)) log(line);
  log('');
  log(formatSummary(steps, Date.now() - started));
  return { ok, steps };
}

function logEndpoints(emulators: Emulators, log: (line: string) => void): void {
  log(`Emulators started (account ${emulators.credentials.accessKeyId}):`);
  for (const name of emulators.services) log(`  ${name.padEnd(11)} ${emulators[name].endpoint}`);
}

async function runStep(step: TourStep, emulators: Emulators, log: (line: string) => void): Promise<StepResult> {
  const checks: CheckResult[] = [];
  const record = (check: CheckResult) => {
    checks.push(check);
    for (const line of formatCheck(check)) log(line);
  };
  log('');
  log(`▸ ${step.title}`);
  const started = performance.now();
  try {
    await step.run({ emulators, log, record });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`✘ step ${step.name} stopped: ${message}`);
    const durationMs = performance.now() - started;
    return { name: step.name, title: step.title, ok: false, checks, error: message, durationMs };
  }
  const durationMs = performance.now() - started;
  return { name: step.name, title: step.title, ok: checks.every((check) => check.ok), checks, durationMs };
}
