// The condition operators RAM documents, and what each one compares.

/** The kind of value an operator compares. */
export type OperatorFamily = 'string' | 'numeric' | 'date' | 'bool' | 'ip';

/** How an operator compares a request value with a policy value. */
export type OperatorComparison =
  | 'equals'
  | 'like'
  | 'lessThan'
  | 'lessThanEquals'
  | 'greaterThan'
  | 'greaterThanEquals'
  | 'inBlock';

/** One condition operator RAM accepts. */
export interface ConditionOperatorInfo {
  /** The operator as written in a policy, e.g. `StringNotLike` or `DateLessThanIfExists`. */
  name: string;
  /** The kind of value it compares: `string`, `numeric`, `date`, `bool` or `ip`. */
  family: OperatorFamily;
  /** How it compares the request's value with the policy's. */
  comparison: OperatorComparison;
  /** True for the `Not` forms: the condition holds when the positive form does not. */
  negated: boolean;
  /** String comparison without regard to case (`…IgnoreCase`). */
  ignoreCase: boolean;
  /** True for `…IfExists`: a request without the key satisfies the condition. */
  ifExists: boolean;
  /** The documentation page that lists the operator. */
  source: string;
}

const OPERATORS_PAGE = 'https://www.alibabacloud.com/help/en/ram/conditional-operator';
/** The only RAM page found that names IfExists forms: it lists them for the date operators. */
const IF_EXISTS_PAGE =
  'https://www.alibabacloud.com/help/en/ram/use-cases/use-ram-to-limit-the-period-of-time-in-which-users-are-allowed-to-access-alibaba-cloud-resources';

type Row = [
  name: string,
  family: OperatorFamily,
  comparison: OperatorComparison,
  negated: boolean,
  ignoreCase: boolean,
];

const BASE: Row[] = [
  ['StringEquals', 'string', 'equals', false, false],
  ['StringNotEquals', 'string', 'equals', true, false],
  ['StringEqualsIgnoreCase', 'string', 'equals', false, true],
  ['StringNotEqualsIgnoreCase', 'string', 'equals', true, true],
  ['StringLike', 'string', 'like', false, false],
  ['StringNotLike', 'string', 'like', true, false],
  ['NumericEquals', 'numeric', 'equals', false, false],
  ['NumericNotEquals', 'numeric', 'equals', true, false],
  ['NumericLessThan', 'numeric', 'lessThan', false, false],
  ['NumericLessThanEquals', 'numeric', 'lessThanEquals', false, false],
  ['NumericGreaterThan', 'numeric', 'greaterThan', false, false],
  ['NumericGreaterThanEquals', 'numeric', 'greaterThanEquals', false, false],
  ['DateEquals', 'date', 'equals', false, false],
  ['DateNotEquals', 'date', 'equals', true, false],
  ['DateLessThan', 'date', 'lessThan', false, false],
  ['DateLessThanEquals', 'date', 'lessThanEquals', false, false],
  ['DateGreaterThan', 'date', 'greaterThan', false, false],
  ['DateGreaterThanEquals', 'date', 'greaterThanEquals', false, false],
  ['Bool', 'bool', 'equals', false, false],
  ['IpAddress', 'ip', 'inBlock', false, false],
  ['NotIpAddress', 'ip', 'inBlock', true, false],
];

/**
 * Every condition operator RAM documents: the string, numeric, date, Boolean and IP address
 * operators, and the `IfExists` forms of the date operators. RAM's documentation names no other
 * `IfExists` form (and users report RAM rejecting `BoolIfExists`), so those count as unknown.
 */
export const CONDITION_OPERATORS: readonly ConditionOperatorInfo[] = Object.freeze([
  ...BASE.map(([name, family, comparison, negated, ignoreCase]) =>
    Object.freeze({ name, family, comparison, negated, ignoreCase, ifExists: false, source: OPERATORS_PAGE }),
  ),
  ...BASE.filter(([, family]) => family === 'date').map(([name, family, comparison, negated, ignoreCase]) =>
    Object.freeze({
      name: `${name}IfExists`,
      family,
      comparison,
      negated,
      ignoreCase,
      ifExists: true,
      source: IF_EXISTS_PAGE,
    }),
  ),
]);

const BY_NAME = new Map(CONDITION_OPERATORS.map((op) => [op.name, op]));
const BY_LOWER_NAME = new Map(CONDITION_OPERATORS.map((op) => [op.name.toLowerCase(), op]));

/** The operator with exactly this name, or undefined when RAM does not document it. */
export function findConditionOperator(name: string): ConditionOperatorInfo | undefined {
  return BY_NAME.get(name);
}

/**
 * A documented operator this unknown name was probably meant to be: the same name in other case, or
 * the base operator of an undocumented `IfExists` form.
 */
export function suggestConditionOperator(name: string): ConditionOperatorInfo | undefined {
  const lower = name.toLowerCase();
  return BY_LOWER_NAME.get(lower) ?? (lower.endsWith('ifexists') ? BY_LOWER_NAME.get(lower.slice(0, -8)) : undefined);
}
