import { statementPath } from '../statement-paths';
import type { RuleContext } from '../types';

const EVERY_ACTION = new Set(['*', '*:*']);

/**
 * Flags Allow statements that reach too far: every action on every resource (`full-access`), and
 * NotAction on every resource (`allow-not-action`), which grants everything not listed — including
 * actions of services added later.
 */
export function checkFullAccess(ctx: RuleContext): void {
  for (const statement of ctx.statements) {
    if (statement.effect !== 'Allow' || statement.principal) continue;
    const everyResource = statement.resources?.includes('*') ?? false;
    if (!everyResource) continue;
    if (statement.actions?.some((a) => EVERY_ACTION.has(a))) {
      ctx.report({
        code: 'full-access',
        severity: 'warning',
        path: statementPath(statement),
        message: `the statement allows every action ("Action": "*") on every resource ("Resource": "*"), i.e. administrator access${
          statement.conditions.length > 0 ? ' whenever its conditions hold' : ''
        }; list the actions and resources needed instead`,
      });
    } else if (statement.notActions) {
      ctx.report({
        code: 'allow-not-action',
        severity: 'warning',
        path: statementPath(statement, 'NotAction'),
        message:
          'Allow with NotAction on "Resource": "*" grants every action not listed, in every service, including ones added later; prefer listing the allowed actions',
      });
    }
  }
}
