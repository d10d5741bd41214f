import type { ConditionBlock, ConditionClause, ConditionValue, Effect, PrincipalBlock, Statement } from '../types';
import type { PrincipalRef } from './principals';

type Many = string | readonly string[];

/** What a statement covers. Give `actions` or `notActions`, and (for permission policies) `resources` or `notResources`. */
export interface StatementInput {
  /** Actions such as `ecs:DescribeInstances` or `oss:Get*`. */
  actions?: Many;
  /** Every action except these. */
  notActions?: Many;
  /** Resource ARNs (see `arn`), or `*`. */
  resources?: Many;
  /** Every resource except these. */
  notResources?: Many;
  /** Clauses from `condition`; all must hold. @defaultValue [] */
  conditions?: readonly ConditionClause[];
}

function list(helper: string, name: string, value: Many | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const out = typeof value === 'string' ? [value] : Array.isArray(value) ? [...value] : undefined;
  if (!out || out.length === 0 || out.some((v) => typeof v !== 'string' || v === '')) {
    throw new TypeError(`${helper}: ${name} must be a non-empty string or a non-empty list of them`);
  }
  return out;
}

/** Folds clauses into a `Condition` block; the same operator and key twice is refused (JSON keeps one). */
export function conditionBlock(helper: string, clauses: readonly ConditionClause[]): ConditionBlock | undefined {
  if (clauses.length === 0) return undefined;
  const block: ConditionBlock = {};
  for (const c of clauses) {
    if (
      typeof c?.operator !== 'string' ||
      typeof c.key !== 'string' ||
      !Array.isArray(c.values) ||
      c.values.length === 0
    ) {
      throw new TypeError(`${helper}: conditions must be clauses made by condition.*()`);
    }
    const forOperator = block[c.operator] ?? {};
    block[c.operator] = forOperator;
    if (Object.hasOwn(forOperator, c.key)) {
      throw new TypeError(
        `${helper}: two conditions use ${c.operator} on ${c.key}; pass all values in one call (they are ORed)`,
      );
    }
    const values: ConditionValue[] = [...c.values];
    forOperator[c.key] = values.length === 1 ? (values[0] as ConditionValue) : values;
  }
  return block;
}

function statement(helper: string, effect: Effect, input: StatementInput): Statement {
  if (typeof input !== 'object' || input === null)
    throw new TypeError(`${helper}: pass an object with actions and resources`);
  const action = list(helper, 'actions', input.actions);
  const notAction = list(helper, 'notActions', input.notActions);
  if ((action === undefined) === (notAction === undefined))
    throw new TypeError(`${helper}: give either actions or notActions`);
  const resource = list(helper, 'resources', input.resources);
  const notResource = list(helper, 'notResources', input.notResources);
  if (resource !== undefined && notResource !== undefined)
    throw new TypeError(`${helper}: give resources or notResources, not both`);
  const out: Statement = { Effect: effect };
  if (action) out.Action = action;
  if (notAction) out.NotAction = notAction;
  if (resource) out.Resource = resource;
  if (notResource) out.NotResource = notResource;
  const condition = conditionBlock(helper, input.conditions ?? []);
  if (condition) out.Condition = condition;
  return out;
}

/**
 * An Allow statement.
 * @throws TypeError when actions or resources are missing, empty or given twice, or two clauses share an operator and key
 */
export function allow(input: StatementInput): Statement {
  return statement('allow', 'Allow', input);
}

/**
 * A Deny statement; a matching Deny wins over every Allow.
 * @throws TypeError as {@link allow}
 */
export function deny(input: StatementInput): Statement {
  return statement('deny', 'Deny', input);
}

/** What a trust-policy statement needs. */
export interface TrustStatementInput {
  /** Who may assume the role (see `principal`). */
  principals: readonly PrincipalRef[];
  /** What they may do. @defaultValue ['sts:AssumeRole'] */
  actions?: Many;
  /** Clauses from `condition`, e.g. `condition.externalId('…')`. @defaultValue [] */
  conditions?: readonly ConditionClause[];
}

/**
 * An Allow statement for a RAM role's trust policy: the principals may assume the role.
 * @throws TypeError when no principal is given
 */
export function trust(input: TrustStatementInput): Statement {
  if (
    typeof input !== 'object' ||
    input === null ||
    !Array.isArray(input.principals) ||
    input.principals.length === 0
  ) {
    throw new TypeError('trust: name at least one principal');
  }
  const principal: PrincipalBlock = {};
  for (const p of input.principals as readonly PrincipalRef[]) {
    const key = p?.type;
    if ((key !== 'RAM' && key !== 'Service' && key !== 'Federated') || typeof p.id !== 'string' || p.id === '') {
      throw new TypeError('trust: principals must come from principal.*()');
    }
    const entries = (principal[key] as string[] | undefined) ?? [];
    if (!entries.includes(p.id)) entries.push(p.id);
    principal[key] = entries;
  }
  const out: Statement = {
    Effect: 'Allow',
    Action: list('trust', 'actions', input.actions ?? ['sts:AssumeRole']) as string[],
    Principal: principal,
  };
  const condition = conditionBlock('trust', input.conditions ?? []);
  if (condition) out.Condition = condition;
  return out;
}
