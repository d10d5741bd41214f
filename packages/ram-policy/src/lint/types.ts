import type { NormalizedStatement } from '../types';
import type { CheckedPolicy } from '../validate';

/** How much a finding matters: `error` breaks the policy, `warning` is probably a mistake, `info` is worth a look. */
export type Severity = 'error' | 'warning' | 'info';

/** Severities from the most to the least serious. */
export const SEVERITIES: readonly Severity[] = Object.freeze(['error', 'warning', 'info']);

/** One thing the linter found. */
export interface Finding {
  /**
   * What kind of finding: a rule name such as `unknown-service` or `full-access`, or for schema
   * errors the `ERR_POLICY_*` code of {@link validatePolicy}.
   */
  code: string;
  /** How serious: `'error'`, `'warning'` or `'info'`. */
  severity: Severity;
  /** JSON path of the value concerned, e.g. `$.Statement[0].Action[1]`. */
  path: string;
  /** What is wrong and what to do, in one or two sentences. */
  message: string;
  /** 1-based line, when the policy was given as text. */
  line?: number;
  /** 1-based column, when the policy was given as text. */
  column?: number;
}

/** What a rule sees: the checked document, its statements, and a way to report. */
export interface RuleContext {
  checked: CheckedPolicy;
  statements: readonly NormalizedStatement[];
  /** The size limit in characters. */
  sizeLimit: number;
  report(finding: Omit<Finding, 'line' | 'column'>): void;
  /**
   * Path of the i-th value of a list element (`$.Statement[0].Action[2]`), or of the element itself
   * when the document wrote a single string.
   */
  entryPath(statement: NormalizedStatement, element: ListElement, index: number): string;
}

/** The statement elements that hold lists of strings. */
export type ListElement = 'Action' | 'NotAction' | 'Resource' | 'NotResource';

/** A lint rule: looks at the policy and reports findings. */
export type LintRule = (context: RuleContext) => void;

/** Compares severities: negative when `a` is more serious than `b`. */
export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITIES.indexOf(a) - SEVERITIES.indexOf(b);
}
