// The RAM policy language as it appears in a policy document. These names are RAM's own wire names
// (`Effect`, `Action`, ...): a policy document is data in RAM's format, so it keeps them; the
// builder and the normalised view (`NormalizedStatement`) are the camelCase side.

/** Whether a statement grants or denies. */
export type Effect = 'Allow' | 'Deny';

/** One value or a list of values: RAM accepts `"Action": "ecs:Describe*"` and `"Action": ["…"]` alike. */
export type OneOrMany<T> = T | T[];

/** A value in a condition: RAM documents strings; JSON numbers and booleans are accepted as written. */
export type ConditionValue = string | number | boolean;

/**
 * The `Condition` element: operator → condition key → one or more values, e.g.
 * `{ "StringEquals": { "ecs:tag/Environment": "Production" } }`.
 */
export type ConditionBlock = Record<string, Record<string, OneOrMany<ConditionValue>>>;

/**
 * The `Principal` element of a trust policy: the RAM accounts, users and roles (`RAM`), the cloud
 * services (`Service`) and the identity providers (`Federated`) that may assume the role.
 */
export interface PrincipalBlock {
  RAM?: OneOrMany<string>;
  Service?: OneOrMany<string>;
  Federated?: OneOrMany<string>;
}

/** A principal: a typed block, or `"*"` for everyone. */
export type Principal = '*' | PrincipalBlock;

/** One statement of a policy document. Exactly one of `Action`/`NotAction` is present. */
export interface Statement {
  Effect: Effect;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
  /** Only in trust policies (the policy that says who may assume a RAM role). */
  Principal?: Principal;
}

/** A RAM policy document. `Statement` may be one object or an array, as RAM accepts both. */
export interface PolicyDocument {
  Version: '1';
  Statement: Statement | Statement[];
}

/**
 * What a document is for: a permission (identity-based) policy attached to users, groups and roles,
 * or the trust policy of a RAM role, whose statements name a `Principal` and carry no `Resource`.
 */
export type PolicyKind = 'identity' | 'trust';

/** One `operator → key → values` entry of a `Condition`, flattened. */
export interface ConditionClause {
  /** The operator as written, e.g. `StringEquals` or `DateLessThanIfExists`. */
  operator: string;
  /** The condition key as written, e.g. `acs:SourceIp`. */
  key: string;
  /** The values, always as a list; a single value in the document is a one-element list here. */
  values: ConditionValue[];
}

/** The principals of a statement, normalised to lists. `everyone` is true for `"Principal": "*"`. */
export interface NormalizedPrincipal {
  everyone: boolean;
  ram: string[];
  service: string[];
  federated: string[];
}

/** A statement normalised for analysis: lists everywhere, conditions flattened, its place kept. */
export interface NormalizedStatement {
  /** Position in the document's statement list (0 when `Statement` is a single object). */
  index: number;
  /** JSON path of the statement, e.g. `$.Statement[1]` (or `$.Statement` for a single object). */
  path: string;
  effect: Effect;
  /** The `Action` patterns, or undefined when the statement uses `NotAction`. */
  actions: string[] | undefined;
  notActions: string[] | undefined;
  resources: string[] | undefined;
  notResources: string[] | undefined;
  conditions: ConditionClause[];
  principal: NormalizedPrincipal | undefined;
}
