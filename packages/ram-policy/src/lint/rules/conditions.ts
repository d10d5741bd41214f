import { findConditionKey, findService } from '../../catalog/catalog';
import { readBool, readDateTime, readIpBlock, readNumber } from '../../condition-values';
import { type ConditionOperatorInfo, findConditionOperator, suggestConditionOperator } from '../../conditions';
import type { ConditionValue } from '../../types';
import { statementPath } from '../statement-paths';
import type { RuleContext } from '../types';

const KEY = /^[A-Za-z0-9-]+:[^\s]+$/;

const FAMILY_OPERATORS: Record<string, string> = {
  string: 'the String operators',
  numeric: 'the Numeric operators',
  date: 'the Date operators',
  bool: 'Bool',
  ip: 'IpAddress or NotIpAddress',
};

function badValue(op: ConditionOperatorInfo, value: ConditionValue): string | undefined {
  switch (op.family) {
    case 'numeric':
      return readNumber(value) === undefined ? `${JSON.stringify(value)} is not a number` : undefined;
    case 'date':
      return readDateTime(value) === undefined
        ? `${JSON.stringify(value)} is not an ISO 8601 date-time with a zone, such as "2019-08-12T17:00:00+08:00" or "2019-08-12T09:00:00Z"`
        : undefined;
    case 'bool':
      if (readBool(value) !== undefined) return undefined;
      return typeof value === 'string' && ['true', 'false'].includes(value.toLowerCase())
        ? `${JSON.stringify(value)} must be written in lower case: "true" or "false"`
        : `${JSON.stringify(value)} is not "true" or "false"`;
    case 'ip':
      return readIpBlock(value) === undefined
        ? `${JSON.stringify(value)} is not an IP address or CIDR block such as "192.0.2.0/24"`
        : undefined;
    default:
      return undefined;
  }
}

/**
 * Checks every condition: a documented operator (`unknown-operator`, error), a well-formed key
 * (`malformed-condition-key`, error) the catalog knows (`unknown-condition-key`, info), an operator
 * suited to the key (`condition-type-mismatch`, warning) and values of the operator's type
 * (`invalid-condition-value`, error; `multiple-bool-values`, error; `condition-value-type`, warning).
 */
export function checkConditions(ctx: RuleContext): void {
  for (const statement of ctx.statements) {
    for (const clause of statement.conditions) {
      const opPath = statementPath(statement, 'Condition', clause.operator);
      const keyPath = statementPath(statement, 'Condition', clause.operator, clause.key);
      const op = findConditionOperator(clause.operator);
      if (!op) {
        const near = suggestConditionOperator(clause.operator);
        const hint = near
          ? near.name.toLowerCase() === clause.operator.toLowerCase()
            ? `; operator names are case-sensitive, write "${near.name}"`
            : `; RAM documents IfExists forms only for the Date operators, so use "${near.name}" or restructure the condition`
          : '; see the RAM list of condition operators (String, Numeric, Date, Bool, IpAddress, NotIpAddress)';
        ctx.report({
          code: 'unknown-operator',
          severity: 'error',
          path: opPath,
          message: `"${clause.operator}" is not a condition operator RAM documents${hint}`,
        });
      }
      if (!KEY.test(clause.key)) {
        ctx.report({
          code: 'malformed-condition-key',
          severity: 'error',
          path: keyPath,
          message: `"${clause.key}" is not a condition key: write <ram-code>:<key>, e.g. "acs:SourceIp"`,
        });
        continue;
      }
      const known = findConditionKey(clause.key);
      if (!known) {
        const prefix = clause.key.slice(0, clause.key.indexOf(':'));
        const scope =
          prefix.toLowerCase() === 'acs'
            ? 'the global acs: keys'
            : findService(prefix)
              ? `the ${prefix} keys`
              : undefined;
        if (scope) {
          ctx.report({
            code: 'unknown-condition-key',
            severity: 'info',
            path: keyPath,
            message: `"${clause.key}" is not among ${scope} the catalog lists; check its spelling (the list is not exhaustive)`,
          });
        }
      } else if (op && op.family !== known.family) {
        ctx.report({
          code: 'condition-type-mismatch',
          severity: 'warning',
          path: opPath,
          message: `${clause.key} holds a ${known.family} value, but ${op.name} compares ${op.family} values; use ${FAMILY_OPERATORS[known.family]}`,
        });
      }
      if (!op) continue;
      if (op.family === 'bool' && clause.values.length > 1) {
        ctx.report({
          code: 'multiple-bool-values',
          severity: 'error',
          path: keyPath,
          message: `Bool takes a single value for ${clause.key}; RAM rejects a list of Boolean values`,
        });
      }
      const many = clause.values.length > 1;
      clause.values.forEach((value, i) => {
        const valuePath = many ? statementPath(statement, 'Condition', clause.operator, clause.key, i) : keyPath;
        if (op.family === 'string') {
          if (typeof value !== 'string') {
            ctx.report({
              code: 'condition-value-type',
              severity: 'warning',
              path: valuePath,
              message: `${op.name} compares strings; write ${JSON.stringify(String(value))} as a string`,
            });
          }
          return;
        }
        const problem = badValue(op, value);
        if (problem)
          ctx.report({
            code: 'invalid-condition-value',
            severity: 'error',
            path: valuePath,
            message: `${problem} (${op.name} on ${clause.key})`,
          });
      });
    }
  }
}
