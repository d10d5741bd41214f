import { findService, SERVICE_CATALOG } from '../../catalog/catalog';
import { CATALOG_VERSION } from '../../catalog/version';
import { hasWildcard } from '../../wildcard';
import type { RuleContext } from '../types';
import { closest } from './suggest';

const ACTION = /^([^:]*):(.*)$/;
const CODE = /^[A-Za-z0-9-]+$/;
const NAME = /^[A-Za-z0-9_.*?-]+$/;

const ALL_CODES = SERVICE_CATALOG.flatMap((s) => [s.code, ...s.aliases]);

/**
 * Checks every `Action`/`NotAction` value: the `<ram-code>:<action-name>` form (`malformed-action`,
 * error), a RAM code the catalog knows (`unknown-service`, warning) and, for names without
 * wildcards, an action the catalog lists (`unknown-action`, info; the lists are not exhaustive).
 */
export function checkActions(ctx: RuleContext): void {
  for (const statement of ctx.statements) {
    for (const element of ['Action', 'NotAction'] as const) {
      const values = element === 'Action' ? statement.actions : statement.notActions;
      values?.forEach((action, i) => {
        const path = ctx.entryPath(statement, element, i);
        if (action === '*') return;
        const m = ACTION.exec(action);
        if (!m) {
          ctx.report({
            code: 'malformed-action',
            severity: 'error',
            path,
            message: `"${action}" is not an action: write <ram-code>:<action-name>, e.g. "ecs:DescribeInstances", or "*"`,
          });
          return;
        }
        const code = m[1] as string;
        const name = m[2] as string;
        if (!CODE.test(code) || !NAME.test(name)) {
          const why = hasWildcard(code)
            ? 'the RAM code before ":" cannot contain wildcards'
            : name === ''
              ? 'the action name after ":" is missing'
              : 'RAM codes and action names hold only letters, digits, "-", "_", "." and the wildcards * and ?';
          ctx.report({
            code: 'malformed-action',
            severity: 'error',
            path,
            message: `"${action}" is malformed: ${why}`,
          });
          return;
        }
        const service = findService(code);
        if (!service) {
          const near = closest(code, ALL_CODES);
          ctx.report({
            code: 'unknown-service',
            severity: 'warning',
            path,
            message: `"${code}" is not a RAM code in the service catalog (version ${CATALOG_VERSION})${near ? `; did you mean "${near}"?` : "; check the spelling against the service's RAM authorization page"}`,
          });
          return;
        }
        if (hasWildcard(name) || service.code !== code.toLowerCase() || service.actions.length === 0) return;
        if (!service.actions.some((a) => a.toLowerCase() === name.toLowerCase())) {
          const near = closest(name, service.actions);
          ctx.report({
            code: 'unknown-action',
            severity: 'info',
            path,
            message: `"${name}" is not among the ${service.code} actions the catalog lists${near ? ` (did you mean "${near}"?)` : ''}; the list is not exhaustive, so check the ${service.name} RAM authorization page`,
          });
        }
      });
    }
  }
}
