import { parseArn } from '../../arn';
import { findService, SERVICE_CATALOG } from '../../catalog/catalog';
import { CATALOG_VERSION } from '../../catalog/version';
import { wildcardFitsTemplate } from '../../pattern-overlap';
import { hasWildcard } from '../../wildcard';
import type { RuleContext } from '../types';
import { closest } from './suggest';

const REGION = /^[a-z0-9*?-]*$/;
const ACCOUNT = /^[0-9*?]*$/;
const ALL_CODES = SERVICE_CATALOG.flatMap((s) => [s.code, ...s.aliases]);

/**
 * Checks every `Resource`/`NotResource` value: the `acs:<service>:<region>:<account>:<relative-id>`
 * form (`malformed-resource`), a service the catalog knows (`unknown-service`) and a relative id
 * that fits one of the service's documented formats (`resource-format`).
 */
export function checkResources(ctx: RuleContext): void {
  for (const statement of ctx.statements) {
    for (const element of ['Resource', 'NotResource'] as const) {
      const values = element === 'Resource' ? statement.resources : statement.notResources;
      values?.forEach((resource, i) => {
        const path = ctx.entryPath(statement, element, i);
        if (resource === '*') return;
        if (!resource.startsWith('acs:')) {
          ctx.report({
            code: 'malformed-resource',
            severity: 'error',
            path,
            message: `"${resource}" is not an Alibaba Cloud Resource Name: write acs:<service>:<region>:<account-id>:<relative-id> (e.g. acs:ecs:*:*:instance/*) or "*"`,
          });
          return;
        }
        const arn = parseArn(resource);
        if (!arn) {
          ctx.report({
            code: 'malformed-resource',
            severity: hasWildcard(resource) ? 'warning' : 'error',
            path,
            message: `"${resource}" has fewer than the five fields of acs:<service>:<region>:<account-id>:<relative-id>; spell them all out, using * for any`,
          });
          return;
        }
        if (!REGION.test(arn.region)) {
          ctx.report({
            code: 'malformed-resource',
            severity: 'warning',
            path,
            message: `"${arn.region}" is not a region id (such as cn-hangzhou) or *`,
          });
        }
        if (!ACCOUNT.test(arn.accountId)) {
          ctx.report({
            code: 'malformed-resource',
            severity: 'warning',
            path,
            message: `"${arn.accountId}" is not an account id: use the numeric Alibaba Cloud account id or *`,
          });
        }
        if (hasWildcard(arn.service)) return;
        const service = findService(arn.service);
        if (!service) {
          const near = closest(arn.service, ALL_CODES);
          ctx.report({
            code: 'unknown-service',
            severity: 'warning',
            path,
            message: `"${arn.service}" is not a service in the catalog (version ${CATALOG_VERSION})${near ? `; did you mean "${near}"?` : ''}`,
          });
          return;
        }
        if (arn.resource === '' || service.resourceTypes.length === 0) return;
        const fits = service.resourceTypes.some((t) => wildcardFitsTemplate(arn.resource, t.template));
        if (!fits) {
          const formats = service.resourceTypes.map((t) => t.template).join(', ');
          ctx.report({
            code: 'resource-format',
            severity: service.resourceTypesComplete ? 'warning' : 'info',
            path,
            message: `"${arn.resource}" matches none of the ${service.code} resource formats ${
              service.resourceTypesComplete ? '' : 'the catalog knows '
            }(${formats}), so the statement may never apply${service.resourceTypesComplete ? '' : '; the catalog lists only some of them'}`,
          });
        }
      });
    }
  }
}
