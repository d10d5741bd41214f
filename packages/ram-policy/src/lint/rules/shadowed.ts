import { wildcardCovers } from '../../pattern-overlap';
import type { NormalizedStatement } from '../../types';
import type { RuleContext } from '../types';
import { canonicalConditions, canonicalStatement } from './canonical';

function covered(specific: readonly string[], general: readonly string[], ignoreCase: boolean): boolean {
  return specific.every((s) => general.some((g) => wildcardCovers(g, s, { ignoreCase })));
}

/** True when every request the Allow grants is also denied by the Deny, whatever the request context. */
function shadows(deny: NormalizedStatement, allow: NormalizedStatement): boolean {
  if (!deny.actions || !deny.resources || !allow.actions || !allow.resources) return false;
  if (JSON.stringify(deny.principal ?? null) !== JSON.stringify(allow.principal ?? null)) return false;
  // A conditional Deny shadows only an Allow with the very same conditions.
  if (deny.conditions.length > 0 && canonicalConditions(deny) !== canonicalConditions(allow)) return false;
  return covered(allow.actions, deny.actions, true) && covered(allow.resources, deny.resources, false);
}

/**
 * Reports an Allow statement that can never grant anything because a Deny in the same policy
 * covers all of its actions and resources (`shadowed-allow`). Only sure cases are reported.
 */
export function checkShadowedAllows(ctx: RuleContext): void {
  const denies = ctx.statements.filter((s) => s.effect === 'Deny');
  for (const allow of ctx.statements) {
    if (allow.effect !== 'Allow') continue;
    const deny = denies.find((d) => shadows(d, allow) && canonicalStatement(d) !== canonicalStatement(allow));
    if (deny) {
      ctx.report({
        code: 'shadowed-allow',
        severity: 'warning',
        path: allow.path,
        message: `every action and resource this Allow grants is denied by the Deny at ${deny.path}, so the Allow has no effect`,
      });
    }
  }
}
