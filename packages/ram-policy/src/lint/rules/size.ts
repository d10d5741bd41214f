import { measurePolicySize } from '../../size';
import type { RuleContext } from '../types';

/**
 * Reports a document longer than RAM accepts: `policy-too-large` (error) when even compact JSON is
 * over the limit, `policy-too-large-as-written` (warning) when only the whitespace is.
 */
export function checkSize(ctx: RuleContext): void {
  const input = ctx.checked.text ?? ctx.checked.document;
  if (input === undefined) return;
  const size = measurePolicySize(input, { limit: ctx.sizeLimit });
  if (!size.compactWithinLimit) {
    ctx.report({
      code: 'policy-too-large',
      severity: 'error',
      path: '$',
      message: `the policy has ${size.compactCharacters} characters even as compact JSON; RAM accepts at most ${size.limit}. Split it into several policies or use wildcards`,
    });
  } else if (!size.withinLimit) {
    ctx.report({
      code: 'policy-too-large-as-written',
      severity: 'warning',
      path: '$',
      message: `the policy text has ${size.characters} characters, over RAM's limit of ${size.limit}; as compact JSON it has ${size.compactCharacters}, so submit it without whitespace`,
    });
  }
}
