import type { Emulators } from '@alikit/emulators';

/** One thing the tour tried and how it came out. */
export interface CheckResult {
  /** What was exercised, e.g. `OSS V4 header`. */
  subject: string;
  /** What was done to it, e.g. `ListBuckets` or `tampered (wrong secret)`. */
  action: string;
  /** Whether the outcome was the expected one. */
  ok: boolean;
  /** The expected outcome: `accepted`, or the service error code a rejection must carry. */
  expected: string;
  /** The actual outcome: `accepted`, the service error code, or `ERR_*` when no answer came. */
  outcome: string;
  /** HTTP status of the answer, when there was one. */
  status?: number | undefined;
  /** The service's request id, when the answer carried one. */
  requestId?: string | undefined;
  /** A short fact about a successful answer, e.g. `1 bucket`. */
  summary?: string | undefined;
  /** The error message (an `SdkError` message for service errors), printed under the check line. */
  errorMessage?: string | undefined;
}

/** What one step of the tour did. */
export interface StepResult {
  /** Stable identifier of the step, e.g. `signatures`. */
  name: string;
  /** Heading printed before the step's lines. */
  title: string;
  /** True when every check passed and the step did not fail on its own. */
  ok: boolean;
  /** The checks in the order they ran. */
  checks: CheckResult[];
  /** Why the step stopped early, when it threw instead of finishing. */
  error?: string | undefined;
  /** How long the step took, in milliseconds. */
  durationMs?: number | undefined;
}

/** What a step gets from the tour while it runs. */
export interface StepContext {
  /** The running emulators (every service). */
  emulators: Emulators;
  /** Prints one free-form line of the report. */
  log: (line: string) => void;
  /** Records a check and prints its report line(s). */
  record: (check: CheckResult) => void;
}

/** One step of the tour; later steps (one per service) are appended to the tour's list. */
export interface TourStep {
  /** Stable identifier, e.g. `signatures`. */
  name: string;
  /** Heading printed before the step's lines. */
  title: string;
  /** Runs the step, recording each check through `context.record`. */
  run(context: StepContext): Promise<void>;
}
