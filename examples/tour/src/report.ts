import type { CheckResult, StepResult } from './step';

/** Width the subject column is padded to, so the outcomes line up. */
const SUBJECT_WIDTH = 21;
/** Error messages longer than this are cut, to keep the report one screen wide. */
const MAX_ERROR_CHARS = 150;

/** The report line(s) of one check: the outcome, then the error message indented under it. */
export function formatCheck(check: CheckResult): string[] {
  const mark = check.ok ? '✔' : '✘';
  const lines = [`${mark} ${check.subject.padEnd(SUBJECT_WIDTH)} ${check.action} ${describeOutcome(check)}`];
  if (check.errorMessage !== undefined) lines.push(`    ↳ ${truncate(check.errorMessage, MAX_ERROR_CHARS)}`);
  return lines;
}

function describeOutcome(check: CheckResult): string {
  if (check.outcome === 'accepted') {
    const facts = [check.status, check.summary, check.requestId && `requestId ${check.requestId}`].filter(Boolean);
    const accepted = `accepted (${facts.join(', ')})`;
    return check.ok ? accepted : `→ ${accepted}, expected ${check.expected}`;
  }
  const status = check.status === undefined ? '' : ` (${check.status})`;
  const rejected = `→ ${check.outcome}${status}`;
  if (!check.ok) return `${rejected}, expected ${check.expected}`;
  return check.expected === 'accepted' ? rejected : `${rejected} as expected`;
}

/** The closing line: how many checks passed, and which steps failed. */
export function formatSummary(steps: readonly StepResult[], elapsedMs: number): string {
  const checks = steps.flatMap((step) => step.checks);
  const passed = checks.filter((check) => check.ok).length;
  const failedSteps = steps.filter((step) => !step.ok).map((step) => step.name);
  const time = `${(elapsedMs / 1000).toFixed(1)} s`;
  const stepCount = `${steps.length} step${steps.length === 1 ? '' : 's'}`;
  if (failedSteps.length === 0) {
    return `✔ Tour passed: ${passed}/${checks.length} checks in ${stepCount}, ${time}`;
  }
  return `✘ Tour failed: ${checks.length - passed} of ${checks.length} checks failed (${failedSteps.join(', ')}), ${time}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
