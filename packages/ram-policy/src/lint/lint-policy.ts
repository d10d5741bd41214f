import type { SourcePosition } from '../json-source';
import { Policy } from '../policy';
import { DEFAULT_POLICY_SIZE_LIMIT } from '../size';
import type { NormalizedStatement, Statement } from '../types';
import { checkPolicy, type ValidatePolicyOptions } from '../validate';
import { checkActions } from './rules/actions';
import { checkConditions } from './rules/conditions';
import { checkDuplicates } from './rules/duplicates';
import { checkFullAccess } from './rules/full-access';
import { checkResources } from './rules/resources';
import { checkShadowedAllows } from './rules/shadowed';
import { checkSize } from './rules/size';
import { statementPath } from './statement-paths';
import { compareSeverity, type Finding, type LintRule, type ListElement, type RuleContext } from './types';

/** Options of {@link lintPolicy}. */
export interface LintPolicyOptions extends ValidatePolicyOptions {
  /**
   * The most characters the policy may have. RAM's limit for custom policies is the default;
   * change it for other documents (e.g. a trust policy, or a stricter house rule).
   * @defaultValue 6144
   */
  sizeLimit?: number;
}

const RULES: readonly LintRule[] = [
  checkActions,
  checkResources,
  checkConditions,
  checkFullAccess,
  checkDuplicates,
  checkShadowedAllows,
];

const LAST_SEGMENT = /(\.[A-Za-z_$][A-Za-z0-9_$]*|\[\d+\]|\["(?:[^"\\]|\\.)*"\])$/;

function positionFor(
  positions: ReadonlyMap<string, SourcePosition> | undefined,
  path: string,
): SourcePosition | undefined {
  if (!positions) return undefined;
  let p = path;
  for (;;) {
    const found = positions.get(p);
    if (found) return found;
    const next = p.replace(LAST_SEGMENT, '');
    if (next === p) return undefined;
    p = next;
  }
}

/**
 * Looks for mistakes in a RAM policy, the way Parliament does for AWS IAM: schema errors (as
 * {@link validatePolicy} reports them), unknown service prefixes, malformed actions and resources,
 * resources outside the service's documented formats, unknown condition operators, condition
 * values of the wrong type (CIDR, ISO 8601 date-time, "true"/"false"), `"Action": "*"` on
 * `"Resource": "*"`, duplicate statements, Allow statements fully shadowed by a Deny, and a
 * document over RAM's size limit. Findings come in document order.
 *
 * @param input JSON text (findings then carry line and column), a document, or a `Policy`
 * @throws RangeError when `sizeLimit` is not a positive integer or `kind` is invalid
 */
export function lintPolicy(input: unknown, options?: LintPolicyOptions): Finding[] {
  const sizeLimit = options?.sizeLimit ?? DEFAULT_POLICY_SIZE_LIMIT;
  if (!Number.isInteger(sizeLimit) || sizeLimit <= 0)
    throw new RangeError(`sizeLimit must be a positive integer, got ${String(sizeLimit)}`);
  const checked = checkPolicy(input, options);
  const findings: Finding[] = checked.errors.map((e) => ({ ...e, severity: 'error' as const }));
  const document = checked.document;
  const statements: readonly NormalizedStatement[] = document
    ? new Policy(document, { kind: checked.kind }).statements
    : [];
  const rawStatements: Statement[] = document
    ? Array.isArray(document.Statement)
      ? document.Statement
      : [document.Statement]
    : [];
  const ctx: RuleContext = {
    checked,
    statements,
    sizeLimit,
    report(finding) {
      const pos = positionFor(checked.positions, finding.path);
      findings.push(pos ? { ...finding, line: pos.line, column: pos.column } : { ...finding });
    },
    entryPath(statement: NormalizedStatement, element: ListElement, index: number) {
      const written = rawStatements[statement.index]?.[element];
      return Array.isArray(written) ? statementPath(statement, element, index) : statementPath(statement, element);
    },
  };
  if (document) for (const rule of RULES) rule(ctx);
  checkSize(ctx);
  return findings
    .map((f, order) => ({ f, order }))
    .sort((a, b) => (a.f.line ?? 0) - (b.f.line ?? 0) || (a.f.column ?? 0) - (b.f.column ?? 0) || a.order - b.order)
    .map(({ f }) => f);
}

/** True when any finding is at least as serious as `threshold`. */
export function hasFindingsAtOrAbove(findings: readonly Finding[], threshold: Finding['severity']): boolean {
  return findings.some((f) => compareSeverity(f.severity, threshold) <= 0);
}
