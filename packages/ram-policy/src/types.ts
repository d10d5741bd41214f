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
  /**
   * Accounts, RAM users and RAM roles, as ARNs such as `acs:ram::<account>:root` or `acs:ram::<account>:role/<name>`.
   */
  RAM?: OneOrMany<string>;
  /** Cloud services, by service name, e.g. `ecs.aliyuncs.com`. */
  Service?: OneOrMany<string>;
  /** Identity providers: `acs:ram::<account>:saml-provider/<name>` or `acs:ram::<account>:oidc-provider/<name>`. */
  Federated?: OneOrMany<string>;
}

/** A principal: a typed block, or `"*"` for everyone. */
export type Principal = '*' | PrincipalBlock;

/** One statement of a policy document. Exactly one of `Action`/`NotAction` is present. */
export interface Statement {
  /** `"Allow"` or `"Deny"`: whether the statement grants or denies what it matches. */
  Effect: Effect;
  /** The actions the statement applies to, as `<service>:<name>` patterns (`ecs:Describe*`). */
  Action?: OneOrMany<string>;
  /** The statement applies to every action except these patterns; used instead of `Action`. */
  NotAction?: OneOrMany<string>;
  /** The resource ARN patterns the statement applies to; permission policies only (trust policies have none). */
  Resource?: OneOrMany<string>;
  /** The statement applies to every resource except these ARN patterns; used instead of `Resource`. */
  NotResource?: OneOrMany<string>;
  /** Conditions on the request; the statement applies only when every one of them holds. */
  Condition?: ConditionBlock;
  /** Only in trust policies (the policy that says who may assume a RAM role). */
  Principal?: Principal;
}

/** A RAM policy document. `Statement` may be one object or an array, as RAM accepts both. */
export interface PolicyDocument {
  /** The policy language version; always `"1"`. */
  Version: '1';
  /** The statements: one object or a non-empty list. */
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
  /** True for `"Principal": "*"`; the lists are then empty. */
  everyone: boolean;
  /** The `RAM` principals (accounts, users, roles), as written. */
  ram: string[];
  /** The `Service` principals, e.g. `ecs.aliyuncs.com`. */
  service: string[];
  /** The `Federated` principals (SAML and OIDC identity providers). */
  federated: string[];
}

/** A statement normalised for analysis: lists everywhere, conditions flattened, its place kept. */
export interface NormalizedStatement {
  /** Position in the document's statement list (0 when `Statement` is a single object). */
  index: number;
  /** JSON path of the statement, e.g. `$.Statement[1]` (or `$.Statement` for a single object). */
  path: string;
  /** `'Allow'` or `'Deny'`. */
  effect: Effect;
  /** The `Action` patterns, or undefined when the statement uses `NotAction`. */
  actions: string[] | undefined;
  /** The `NotAction` patterns, or undefined when the statement uses `Action`. */
  notActions: string[] | undefined;
  /** The `Resource` patterns, or undefined when the statement uses `NotResource` or has neither (trust policies). */
  resources: string[] | undefined;
  /** The `NotResource` patterns, or undefined when the statement does not use it. */
  notResources: string[] | undefined;
  /** The `Condition` entries, one per operator and key; empty when the statement has no `Condition`. */
  conditions: ConditionClause[];
  /** The `Principal`, normalised; undefined when the statement names none (permission policies). */
  principal: NormalizedPrincipal | undefined;
}
