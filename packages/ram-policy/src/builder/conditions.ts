import { formatIsoSeconds } from '@alikit/core';
import { readDateTime, readIpBlock, readNumber } from '../condition-values';
import type { ConditionClause, ConditionValue } from '../types';

// Helpers that build one `operator → key → values` clause each, checking the values against the
// operator's type before anything is sent anywhere.

const KEY = /^[A-Za-z0-9-]+:[^\s]+$/;

type Many<T> = T | readonly T[];

function checkKey(helper: string, key: string): void {
  if (typeof key !== 'string' || !KEY.test(key)) {
    throw new TypeError(
      `condition.${helper}: key must look like "acs:SourceIp" or "ecs:tag/Environment", got ${JSON.stringify(key)}`,
    );
  }
}

function asList<T>(helper: string, values: Many<T>): T[] {
  const list = Array.isArray(values) ? [...(values as readonly T[])] : [values as T];
  if (list.length === 0) throw new TypeError(`condition.${helper}: give at least one value`);
  return list;
}

function clause(operator: string, key: string, values: ConditionValue[]): ConditionClause {
  return Object.freeze({ operator, key, values: Object.freeze(values) as ConditionValue[] });
}

function stringOp(operator: string, helper: string) {
  return (key: string, values: Many<string>): ConditionClause => {
    checkKey(helper, key);
    const list = asList(helper, values);
    for (const v of list)
      if (typeof v !== 'string') throw new TypeError(`condition.${helper}: values must be strings, got ${typeof v}`);
    return clause(operator, key, list);
  };
}

function numericOp(operator: string, helper: string) {
  return (key: string, values: Many<number | string>): ConditionClause => {
    checkKey(helper, key);
    const list = asList(helper, values);
    for (const v of list) {
      if (readNumber(v) === undefined) throw new TypeError(`condition.${helper}: ${JSON.stringify(v)} is not a number`);
    }
    return clause(operator, key, list);
  };
}

/** Options of the date helpers. */
export interface DateConditionOptions {
  /** Use the `…IfExists` form: a request without the key satisfies the condition. @defaultValue false */
  ifExists?: boolean;
}

function dateOp(operator: string, helper: string) {
  return (key: string, values: Many<Date | string>, options?: DateConditionOptions): ConditionClause => {
    checkKey(helper, key);
    const list = asList(helper, values).map((v) => {
      if (v instanceof Date) {
        if (Number.isNaN(v.getTime())) throw new RangeError(`condition.${helper}: the Date is invalid`);
        return formatIsoSeconds(v);
      }
      if (readDateTime(v) === undefined) {
        throw new RangeError(
          `condition.${helper}: ${JSON.stringify(v)} is not an ISO 8601 date-time with a zone, e.g. "2019-08-12T17:00:00+08:00"`,
        );
      }
      return v;
    });
    return clause(options?.ifExists ? `${operator}IfExists` : operator, key, list);
  };
}

function ipOp(operator: string, helper: string) {
  return (key: string, blocks: Many<string>): ConditionClause => {
    checkKey(helper, key);
    const list = asList(helper, blocks);
    for (const v of list) {
      if (readIpBlock(v) === undefined)
        throw new RangeError(`condition.${helper}: ${JSON.stringify(v)} is not an IP address or CIDR block`);
    }
    return clause(operator, key, list);
  };
}

/**
 * Condition helpers, one per operator RAM documents, plus shortcuts for common keys. Each returns a
 * clause to pass in `conditions` of {@link allow} / {@link deny}; clauses are ANDed.
 *
 * @example
 * ```ts
 * allow({
 *   actions: ['ecs:StartInstance'],
 *   resources: ['acs:ecs:*:*:instance/*'],
 *   conditions: [condition.stringEquals('ecs:tag/Environment', 'Production'), condition.sourceIp('192.0.2.0/24')],
 * });
 * ```
 */
export const condition = Object.freeze({
  /** `StringEquals`: the request value equals one of the values (case-sensitive). */
  stringEquals: stringOp('StringEquals', 'stringEquals'),
  /** `StringNotEquals`: the request value equals none of the values. */
  stringNotEquals: stringOp('StringNotEquals', 'stringNotEquals'),
  /** `StringEqualsIgnoreCase`: equals one of the values, ignoring case. */
  stringEqualsIgnoreCase: stringOp('StringEqualsIgnoreCase', 'stringEqualsIgnoreCase'),
  /** `StringNotEqualsIgnoreCase`: equals none of the values, ignoring case. */
  stringNotEqualsIgnoreCase: stringOp('StringNotEqualsIgnoreCase', 'stringNotEqualsIgnoreCase'),
  /** `StringLike`: matches one of the patterns (`*` any run, `?` one character). */
  stringLike: stringOp('StringLike', 'stringLike'),
  /** `StringNotLike`: matches none of the patterns. */
  stringNotLike: stringOp('StringNotLike', 'stringNotLike'),
  /** `NumericEquals`. */
  numericEquals: numericOp('NumericEquals', 'numericEquals'),
  /** `NumericNotEquals`. */
  numericNotEquals: numericOp('NumericNotEquals', 'numericNotEquals'),
  /** `NumericLessThan`. */
  numericLessThan: numericOp('NumericLessThan', 'numericLessThan'),
  /** `NumericLessThanEquals`. */
  numericLessThanEquals: numericOp('NumericLessThanEquals', 'numericLessThanEquals'),
  /** `NumericGreaterThan`. */
  numericGreaterThan: numericOp('NumericGreaterThan', 'numericGreaterThan'),
  /** `NumericGreaterThanEquals`. */
  numericGreaterThanEquals: numericOp('NumericGreaterThanEquals', 'numericGreaterThanEquals'),
  /** `DateEquals` (or `DateEqualsIfExists`); a `Date` is written as `YYYY-MM-DDThh:mm:ssZ`. */
  dateEquals: dateOp('DateEquals', 'dateEquals'),
  /** `DateNotEquals` (or its IfExists form). */
  dateNotEquals: dateOp('DateNotEquals', 'dateNotEquals'),
  /** `DateLessThan` (or its IfExists form): the request time is before the value. */
  dateLessThan: dateOp('DateLessThan', 'dateLessThan'),
  /** `DateLessThanEquals` (or its IfExists form). */
  dateLessThanEquals: dateOp('DateLessThanEquals', 'dateLessThanEquals'),
  /** `DateGreaterThan` (or its IfExists form): the request time is after the value. */
  dateGreaterThan: dateOp('DateGreaterThan', 'dateGreaterThan'),
  /** `DateGreaterThanEquals` (or its IfExists form). */
  dateGreaterThanEquals: dateOp('DateGreaterThanEquals', 'dateGreaterThanEquals'),
  /** `Bool`: written as the string `"true"` or `"false"`, RAM's documented form. */
  bool(key: string, value: boolean): ConditionClause {
    checkKey('bool', key);
    if (typeof value !== 'boolean') throw new TypeError(`condition.bool: value must be a boolean, got ${typeof value}`);
    return clause('Bool', key, [value ? 'true' : 'false']);
  },
  /** `IpAddress`: the request address lies in one of the blocks (`192.0.2.0/24`, `2001:db8::/32`, or one address). */
  ipAddress: ipOp('IpAddress', 'ipAddress'),
  /** `NotIpAddress`: the request address lies in none of the blocks. */
  notIpAddress: ipOp('NotIpAddress', 'notIpAddress'),
  /** `IpAddress` on `acs:SourceIp`. */
  sourceIp(blocks: Many<string>): ConditionClause {
    return ipOp('IpAddress', 'sourceIp')('acs:SourceIp', blocks);
  },
  /** `StringEquals` on `acs:SourceVpc`: the request came through one of these VPCs. */
  sourceVpc(vpcIds: Many<string>): ConditionClause {
    return stringOp('StringEquals', 'sourceVpc')('acs:SourceVpc', vpcIds);
  },
  /** `Bool` `acs:SecureTransport` = true: HTTPS only. */
  secureTransport(): ConditionClause {
    return clause('Bool', 'acs:SecureTransport', ['true']);
  },
  /** `Bool` `acs:MFAPresent` = true: the user signed in with MFA. */
  mfaPresent(): ConditionClause {
    return clause('Bool', 'acs:MFAPresent', ['true']);
  },
  /** `DateLessThan` on `acs:CurrentTime`: requests before this time. */
  before(time: Date | string): ConditionClause {
    return dateOp('DateLessThan', 'before')('acs:CurrentTime', time);
  },
  /** `DateGreaterThan` on `acs:CurrentTime`: requests after this time. */
  after(time: Date | string): ConditionClause {
    return dateOp('DateGreaterThan', 'after')('acs:CurrentTime', time);
  },
  /** `StringEquals` on `acs:ResourceTag/<tagKey>`: the resource carries the tag with one of the values. */
  resourceTag(tagKey: string, values: Many<string>): ConditionClause {
    return stringOp('StringEquals', 'resourceTag')(`acs:ResourceTag/${tagKey}`, values);
  },
  /** `StringEquals` on `ecs:tag/<tagKey>`, the ECS spelling of a resource tag condition. */
  ecsTag(tagKey: string, values: Many<string>): ConditionClause {
    return stringOp('StringEquals', 'ecsTag')(`ecs:tag/${tagKey}`, values);
  },
  /** `StringLike` on `oss:Prefix`: ListObjects only under these prefixes (e.g. `reports/*`). */
  ossPrefix(patterns: Many<string>): ConditionClause {
    return stringOp('StringLike', 'ossPrefix')('oss:Prefix', patterns);
  },
  /** `StringEquals` on `sts:ExternalId`, for trust policies of roles a third party assumes. */
  externalId(ids: Many<string>): ConditionClause {
    return stringOp('StringEquals', 'externalId')('sts:ExternalId', ids);
  },
});
