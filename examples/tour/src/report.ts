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

/**
 * The summary table printed at the end of the tour: one row per step with its package, checks
 * passed, time and result. A step whose every check was skipped (the database step without a
 * database) shows as skipped.
 */
export function formatSummaryTable(steps: readonly StepResult[]): string[] {
  const rows = steps.map((step) => {
    const passed = step.checks.filter((check) => check.ok).length;
    const skipped = step.checks.length > 0 && step.checks.every((check) => check.outcome === 'skipped');
    const result = !step.ok ? '✘ failed' : skipped ? '– skipped' : '✔ passed';
    const time = step.durationMs === undefined ? '' : `${(step.durationMs / 1000).toFixed(1)} s`;
    return [step.name, `${passed}/${step.checks.length}`, time, result];
  });
  const header = ['step', 'checks', 'time', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    `  ${cells.map((cell, i) => (i === 1 || i === 2 ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ')}`.trimEnd();
  return ['Summary', line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)];
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
