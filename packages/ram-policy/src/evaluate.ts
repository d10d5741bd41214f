import { readBool, readDateTime, readIpBlock, readNumber } from './condition-values';
import { type ConditionOperatorInfo, findConditionOperator } from './conditions';
import { ipInBlock } from './ip';
import { formatJsonPath } from './json-path';
import { parsePolicy } from './parse';
import type { Policy } from './policy';
import type { ConditionClause, Effect, NormalizedPrincipal, NormalizedStatement, PolicyDocument } from './types';
import { equalsIgnoringCase, matchesWildcard } from './wildcard';

/** A value in the request context. */
export type ContextValue = string | number | boolean | Date;

/** Who makes the request, for trust policies: a RAM identity, a cloud service or an identity provider. */
export interface RequestPrincipal {
  /** Which kind of principal the caller is, as in a trust policy's `Principal` block. */
  type: 'RAM' | 'Service' | 'Federated';
  /** E.g. `acs:ram::123456789012****:user/alice`, `ecs.aliyuncs.com`, `acs:ram::…:saml-provider/idp`. */
  id: string;
}

/** The request to decide on. */
export interface EvaluationRequest {
  /** The action, e.g. `ecs:StartInstance`. Compared without regard to case, as RAM does. */
  action: string;
  /** The resource ARN, e.g. `acs:ecs:cn-hangzhou:123456789012****:instance/i-bp1…`. Case-sensitive. */
  resource: string;
  /**
   * Condition keys of the request and their values, e.g. `{ 'acs:SourceIp': '192.0.2.7' }`. A list
   * means the key has several values. Key names compare without regard to case.
   * @defaultValue {}
   */
  context?: Readonly<Record<string, ContextValue | readonly ContextValue[]>>;
  /** The caller, needed only for statements that name a `Principal` (trust policies). */
  principal?: RequestPrincipal;
}

/** What {@link evaluate} needs: the policies that apply to the caller and the request. */
export interface EvaluateInput {
  /** Policies as `Policy` objects, documents or JSON text; text and documents are parsed first. */
  policies: ReadonlyArray<Policy | PolicyDocument | string>;
  /** The request to decide on. */
  request: EvaluationRequest;
}

/** The outcome: allowed, denied by a Deny statement, or denied because nothing allowed it. */
export type Decision = 'allow' | 'explicitDeny' | 'implicitDeny';

/** A statement that applied to the request. */
export interface MatchedStatement {
  /** Index into `input.policies`. */
  policyIndex: number;
  /** Index of the statement in its policy's statement list (0 when `Statement` is a single object). */
  statementIndex: number;
  /** JSON path of the statement in its policy. */
  path: string;
  /** The statement's effect, `'Allow'` or `'Deny'`. */
  effect: Effect;
}

/** Why a condition could not be decided. */
export type UnevaluatedReason = 'unknown-operator' | 'invalid-policy-value' | 'invalid-context-value';

/** A condition that could not be decided; its statement never turns into an allow because of it. */
export interface UnevaluatedCondition {
  /** Index into `input.policies`. */
  policyIndex: number;
  /** Index of the condition's statement in its policy's statement list. */
  statementIndex: number;
  /** JSON path of the condition key, e.g. `$.Statement[0].Condition.StringEqualz["acs:SourceVpc"]`. */
  path: string;
  /** The effect of the condition's statement, `'Allow'` or `'Deny'`. */
  effect: Effect;
  /** The condition operator as written, e.g. `StringEquals`. */
  operator: string;
  /** The condition key as written, e.g. `acs:SourceVpc`. */
  key: string;
  /** Why the condition could not be decided. */
  reason: UnevaluatedReason;
  /** What went wrong, in one sentence. */
  message: string;
}

/** The decision and how it came about. */
export interface EvaluationResult {
  /** `'allow'`, `'explicitDeny'` (a Deny statement matched) or `'implicitDeny'` (no Allow matched). */
  decision: Decision;
  /** Statements that applied (action, resource, principal and all conditions matched). */
  matched: MatchedStatement[];
  /** Conditions of otherwise matching statements that could not be decided. */
  unevaluated: UnevaluatedCondition[];
}

type ClauseOutcome =
  | { kind: 'decided'; holds: boolean }
  | { kind: 'unknown'; reason: UnevaluatedReason; message: string };

function lookup(context: EvaluationRequest['context'], key: string): readonly ContextValue[] | undefined {
  if (!context) return undefined;
  let value = Object.hasOwn(context, key) ? context[key] : undefined;
  if (value === undefined) {
    const lower = key.toLowerCase();
    const found = Object.keys(context).find((k) => k.toLowerCase() === lower);
    value = found === undefined ? undefined : context[found];
  }
  if (value === undefined) return undefined;
  return Array.isArray(value) ? (value as readonly ContextValue[]) : [value as ContextValue];
}

function contextText(value: ContextValue): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Reads values with `read`; the first one that fails is returned as `bad`. */
function readAll<T>(values: readonly unknown[], read: (v: unknown) => T | undefined): { ok: T[] } | { bad: unknown } {
  const ok: T[] = [];
  for (const v of values) {
    const r = read(v);
    if (r === undefined) return { bad: v };
    ok.push(r);
  }
  return { ok };
}

function compareOrdered(op: ConditionOperatorInfo, a: number, b: number): boolean {
  switch (op.comparison) {
    case 'lessThan':
      return a < b;
    case 'lessThanEquals':
      return a <= b;
    case 'greaterThan':
      return a > b;
    case 'greaterThanEquals':
      return a >= b;
    default:
      return a === b;
  }
}

function evaluateClause(clause: ConditionClause, context: EvaluationRequest['context']): ClauseOutcome {
  const op = findConditionOperator(clause.operator);
  if (!op) {
    return {
      kind: 'unknown',
      reason: 'unknown-operator',
      message: `${clause.operator} is not a condition operator RAM documents`,
    };
  }
  const requestValues = lookup(context, clause.key);
  // A key the request does not carry fails the condition, negated operators included, unless IfExists.
  if (requestValues === undefined || requestValues.length === 0) return { kind: 'decided', holds: op.ifExists };
  const badPolicy = (v: unknown): ClauseOutcome => ({
    kind: 'unknown',
    reason: 'invalid-policy-value',
    message: `${JSON.stringify(v)} is not a valid ${op.family} value for ${op.name}`,
  });
  const badRequest = (v: unknown): ClauseOutcome => ({
    kind: 'unknown',
    reason: 'invalid-context-value',
    message: `the request value ${JSON.stringify(v)} of ${clause.key} is not a valid ${op.family} value for ${op.name}`,
  });
  let positive: boolean;
  switch (op.family) {
    case 'string': {
      const policy = clause.values.map(String);
      const request = requestValues.map(contextText);
      positive = request.some((r) =>
        policy.some((p) =>
          op.comparison === 'like'
            ? matchesWildcard(p, r, { ignoreCase: op.ignoreCase })
            : op.ignoreCase
              ? equalsIgnoringCase(p, r)
              : p === r,
        ),
      );
      break;
    }
    case 'numeric':
    case 'date': {
      const read = op.family === 'numeric' ? readNumber : readDateTime;
      const policy = readAll(clause.values, read);
      if ('bad' in policy) return badPolicy(policy.bad);
      const request = readAll(requestValues, read);
      if ('bad' in request) return badRequest(request.bad);
      positive = request.ok.some((r) => policy.ok.some((p) => compareOrdered(op, r, p)));
      break;
    }
    case 'bool': {
      const policy = readAll(clause.values, readBool);
      if ('bad' in policy) return badPolicy(policy.bad);
      const request = readAll(requestValues, readBool);
      if ('bad' in request) return badRequest(request.bad);
      positive = request.ok.some((r) => policy.ok.includes(r));
      break;
    }
    case 'ip': {
      const policy = readAll(clause.values, readIpBlock);
      if ('bad' in policy) return badPolicy(policy.bad);
      const request = readAll(requestValues, (v) => {
        const block = readIpBlock(v);
        return block && block.prefix === (block.version === 4 ? 32 : 128) ? block : undefined;
      });
      if ('bad' in request) return badRequest(request.bad);
      positive = request.ok.some((r) => policy.ok.some((p) => ipInBlock(r, p)));
      break;
    }
  }
  return { kind: 'decided', holds: op.negated ? !positive : positive };
}

function principalMatches(principal: NormalizedPrincipal, caller: RequestPrincipal | undefined): boolean {
  if (principal.everyone) return true;
  if (!caller) return false;
  const entries =
    caller.type === 'RAM' ? principal.ram : caller.type === 'Service' ? principal.service : principal.federated;
  return entries.some((entry) => {
    if (entry === '*') return true;
    // An account's root stands for every RAM user and role of that account.
    if (caller.type === 'RAM' && entry.endsWith(':root')) return caller.id.startsWith(entry.slice(0, -'root'.length));
    return matchesWildcard(entry, caller.id, { ignoreCase: caller.type === 'Service' });
  });
}

function targetMatches(statement: NormalizedStatement, request: EvaluationRequest): boolean {
  const actionMatch = (p: string) => matchesWildcard(p, request.action, { ignoreCase: true });
  if (statement.actions && !statement.actions.some(actionMatch)) return false;
  if (statement.notActions?.some(actionMatch)) return false;
  const resourceMatch = (p: string) => matchesWildcard(p, request.resource);
  if (statement.resources && !statement.resources.some(resourceMatch)) return false;
  if (statement.notResources?.some(resourceMatch)) return false;
  if (statement.principal && !principalMatches(statement.principal, request.principal)) return false;
  return true;
}

function checkRequest(request: EvaluationRequest): void {
  if (typeof request !== 'object' || request === null) throw new TypeError('evaluate: request must be an object');
  if (typeof request.action !== 'string' || !/^[^:\s]+:[^:\s]+$/.test(request.action)) {
    throw new TypeError(
      `evaluate: request.action must look like "ecs:StartInstance", got ${JSON.stringify(request.action)}`,
    );
  }
  if (typeof request.resource !== 'string' || request.resource === '') {
    throw new TypeError(`evaluate: request.resource must be a resource ARN, got ${JSON.stringify(request.resource)}`);
  }
  if (request.context !== undefined && (typeof request.context !== 'object' || request.context === null)) {
    throw new TypeError('evaluate: request.context must be an object of condition keys');
  }
}

/**
 * Decides a request against a set of policies with RAM's rules: a matching Deny wins over any
 * Allow; without a matching Allow the request is implicitly denied. Actions match without regard
 * to case, resources with it, both with `*` and `?` wildcards. Within a `Condition`, operators and
 * keys must all hold, and a key holds when the request matches any of its values. A key missing
 * from the request fails its condition unless the operator is an `…IfExists` form. A condition
 * that cannot be decided (unknown operator, unreadable value) is reported in `unevaluated`: it
 * keeps an Allow from applying, and when it sits in a Deny the decision cannot be `allow`.
 *
 * @example
 * ```ts
 * const { decision } = evaluate({
 *   policies: [policy],
 *   request: { action: 'oss:GetObject', resource: 'acs:oss:*:*:example-bucket/reports/q1.csv' },
 * });
 * ```
 * @throws PolicyParseError when a policy given as text or document is invalid
 * @throws TypeError when the request is malformed
 */
export function evaluate(input: EvaluateInput): EvaluationResult {
  if (typeof input !== 'object' || input === null || !Array.isArray(input.policies)) {
    throw new TypeError('evaluate: input.policies must be an array of policies');
  }
  checkRequest(input.request);
  const policies = input.policies.map((p) => parsePolicy(p));
  const matched: MatchedStatement[] = [];
  const unevaluated: UnevaluatedCondition[] = [];
  let uncertainDeny = false;
  policies.forEach((policy, policyIndex) => {
    for (const statement of policy.statements) {
      if (!targetMatches(statement, input.request)) continue;
      let failed = false;
      let unknown = false;
      for (const clause of statement.conditions) {
        const outcome = evaluateClause(clause, input.request.context);
        if (outcome.kind === 'decided') {
          if (!outcome.holds) failed = true;
          continue;
        }
        unknown = true;
        const base = statement.path === '$.Statement' ? ['Statement'] : ['Statement', statement.index];
        unevaluated.push({
          policyIndex,
          statementIndex: statement.index,
          path: formatJsonPath([...base, 'Condition', clause.operator, clause.key]),
          effect: statement.effect,
          operator: clause.operator,
          key: clause.key,
          reason: outcome.reason,
          message: outcome.message,
        });
      }
      if (failed) continue;
      if (unknown) {
        if (statement.effect === 'Deny') uncertainDeny = true;
        continue;
      }
      matched.push({ policyIndex, statementIndex: statement.index, path: statement.path, effect: statement.effect });
    }
  });
  let decision: Decision = 'implicitDeny';
  if (matched.some((m) => m.effect === 'Deny')) decision = 'explicitDeny';
  else if (!uncertainDeny && matched.some((m) => m.effect === 'Allow')) decision = 'allow';
  return { decision, matched, unevaluated };
}
