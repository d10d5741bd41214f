import { formatJsonPath } from './json-path';
import { PolicyParseError } from './policy-parse-error';
import type {
  ConditionClause,
  NormalizedPrincipal,
  NormalizedStatement,
  OneOrMany,
  PolicyDocument,
  PolicyKind,
  Principal,
  Statement,
} from './types';
import { checkPolicy, type ValidatePolicyOptions } from './validate';

function list<T>(value: OneOrMany<T> | undefined): T[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? [...value] : [value];
}

function normalizePrincipal(principal: Principal | undefined): NormalizedPrincipal | undefined {
  if (principal === undefined) return undefined;
  if (principal === '*') return { everyone: true, ram: [], service: [], federated: [] };
  return {
    everyone: false,
    ram: list(principal.RAM) ?? [],
    service: list(principal.Service) ?? [],
    federated: list(principal.Federated) ?? [],
  };
}

function normalizeStatement(statement: Statement, index: number, single: boolean): NormalizedStatement {
  const conditions: ConditionClause[] = [];
  for (const [operator, block] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(block)) conditions.push({ operator, key, values: list(values) ?? [] });
  }
  return {
    index,
    path: formatJsonPath(single ? ['Statement'] : ['Statement', index]),
    effect: statement.Effect,
    actions: list(statement.Action),
    notActions: list(statement.NotAction),
    resources: list(statement.Resource),
    notResources: list(statement.NotResource),
    conditions,
    principal: normalizePrincipal(statement.Principal),
  };
}

function deepFreezeCopy<T>(value: T): T {
  if (Array.isArray(value)) return Object.freeze(value.map(deepFreezeCopy)) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (v !== undefined) Object.defineProperty(out, k, { value: deepFreezeCopy(v), enumerable: true });
    }
    return Object.freeze(out) as T;
  }
  return value;
}

function mutableCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(mutableCopy) as T;
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: mutableCopy(v), enumerable: true, writable: true, configurable: true });
    }
    return out as T;
  }
  return value;
}

/**
 * A valid RAM policy: the document exactly as written (a single statement stays a single object,
 * `"Action": "x"` stays a string) plus a normalised view for analysis. Immutable. Get one from
 * {@link parsePolicy}, the builder, or `new Policy(document)`.
 */
export class Policy {
  /** Whether this is a permission policy or a role's trust policy. */
  readonly kind: PolicyKind;
  /** The statements with every list normalised and conditions flattened. */
  readonly statements: readonly NormalizedStatement[];
  readonly #document: PolicyDocument;

  /**
   * Checks a document and wraps it.
   * @throws PolicyParseError when the document breaks the policy grammar
   */
  constructor(document: PolicyDocument, options?: ValidatePolicyOptions) {
    const checked = checkPolicy(document, options);
    if (checked.document === undefined) throw new PolicyParseError(checked.errors);
    this.kind = checked.kind;
    this.#document = deepFreezeCopy(checked.document);
    const raw = this.#document.Statement;
    const single = !Array.isArray(raw);
    this.statements = Object.freeze(
      (single ? [raw] : raw).map((s, i) => Object.freeze(normalizeStatement(s, i, single))),
    );
  }

  /** The policy document, as a fresh copy in the shape it was written. `JSON.stringify(policy)` uses it. */
  toJSON(): PolicyDocument {
    return mutableCopy(this.#document);
  }

  /**
   * The document as JSON text: compact by default (the smallest text to submit to RAM), or indented.
   * @defaultValue `indent` 0
   */
  toString(options?: { indent?: number }): string {
    return JSON.stringify(this.#document, null, options?.indent ?? 0);
  }
}
