import type { RuleContext } from '../types';
import { canonicalStatement } from './canonical';

/** Reports a statement that repeats an earlier one (same effect, actions, resources, conditions, in any order). */
export function checkDuplicates(ctx: RuleContext): void {
  const seen = new Map<string, string>();
  for (const statement of ctx.statements) {
    const key = canonicalStatement(statement);
    const first = seen.get(key);
    if (first) {
      ctx.report({
        code: 'duplicate-statement',
        severity: 'warning',
        path: statement.path,
        message: `the statement repeats ${first}; remove one of them`,
      });
    } else seen.set(key, statement.path);
  }
}
