import { formatJsonPath, type JsonPathSegment } from './json-path';
import { JsonSyntaxError, parseJsonSource, type SourcePosition } from './json-source';
import { policyErrorCodes as E, type PolicyErrorCode, type PolicyValidationError } from './policy-error-codes';
import type { PolicyDocument, PolicyKind } from './types';

/** Options of {@link validatePolicy}. */
export interface ValidatePolicyOptions {
  /**
   * What the document must be: a permission policy (statements need `Resource`, may not have
   * `Principal`), a role's trust policy (statements need `Principal`), or `'auto'`: a trust policy
   * when any statement has a `Principal`.
   * @defaultValue 'auto'
   */
  kind?: PolicyKind | 'auto';
}

/** The outcome of checking a document: its errors, and the typed document when there are none. */
export interface CheckedPolicy {
  errors: PolicyValidationError[];
  document: PolicyDocument | undefined;
  kind: PolicyKind;
  /** Positions of values in the text, when the input was text. */
  positions: ReadonlyMap<string, SourcePosition> | undefined;
  /** The input text, when the input was text. */
  text: string | undefined;
}

const TOP_KEYS = ['Version', 'Statement'];
const STATEMENT_KEYS = ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Principal'];
const PRINCIPAL_KEYS = ['RAM', 'Service', 'Federated'];

interface RawError {
  code: PolicyErrorCode;
  at: JsonPathSegment[];
  message: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(obj: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(obj, key) && obj[key] !== undefined;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

class Checker {
  readonly errors: RawError[] = [];

  add(code: PolicyErrorCode, at: JsonPathSegment[], message: string): void {
    this.errors.push({ code, at, message });
  }

  unknownKeys(obj: Record<string, unknown>, allowed: string[], at: JsonPathSegment[], where: string): void {
    for (const key of Object.keys(obj)) {
      if (allowed.includes(key)) continue;
      const near = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
      const hint = near
        ? `; element names are case-sensitive, did you mean "${near}"?`
        : `; ${where} may contain ${allowed.join(', ')}`;
      this.add(E.ERR_POLICY_UNKNOWN_ELEMENT, [...at, key], `"${key}" is not a RAM policy element${hint}`);
    }
  }

  /** A non-empty string, or a non-empty list of non-empty strings. */
  stringList(value: unknown, at: JsonPathSegment[], name: string): void {
    if (typeof value === 'string') {
      if (value.trim() === '') this.add(E.ERR_POLICY_INVALID_VALUE, at, `${name} must not be an empty string`);
      return;
    }
    if (!Array.isArray(value)) {
      this.add(E.ERR_POLICY_INVALID_VALUE, at, `${name} must be a string or a list of strings, not ${describe(value)}`);
      return;
    }
    if (value.length === 0) {
      this.add(E.ERR_POLICY_EMPTY_LIST, at, `${name} must list at least one value`);
      return;
    }
    value.forEach((item, i) => {
      if (typeof item !== 'string') {
        this.add(E.ERR_POLICY_INVALID_VALUE, [...at, i], `each ${name} value must be a string, not ${describe(item)}`);
      } else if (item.trim() === '') {
        this.add(E.ERR_POLICY_INVALID_VALUE, [...at, i], `${name} values must not be empty strings`);
      }
    });
  }

  principal(value: unknown, at: JsonPathSegment[]): void {
    if (value === '*') return;
    if (!isObject(value)) {
      this.add(
        E.ERR_POLICY_INVALID_PRINCIPAL,
        at,
        `Principal must be "*" or an object with RAM, Service or Federated, not ${describe(value)}`,
      );
      return;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) {
      this.add(E.ERR_POLICY_INVALID_PRINCIPAL, at, 'Principal must name at least one of RAM, Service or Federated');
      return;
    }
    for (const key of keys) {
      if (!PRINCIPAL_KEYS.includes(key)) {
        const near = PRINCIPAL_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
        this.add(
          E.ERR_POLICY_INVALID_PRINCIPAL,
          [...at, key],
          near
            ? `principal types are case-sensitive: use "${near}", not "${key}"`
            : `"${key}" is not a principal type; use RAM, Service or Federated`,
        );
      } else {
        this.stringList(value[key], [...at, key], `Principal.${key}`);
      }
    }
  }

  condition(value: unknown, at: JsonPathSegment[]): void {
    if (!isObject(value)) {
      this.add(E.ERR_POLICY_INVALID_CONDITION, at, `Condition must be an object of operators, not ${describe(value)}`);
      return;
    }
    const operators = Object.keys(value);
    if (operators.length === 0)
      this.add(E.ERR_POLICY_INVALID_CONDITION, at, 'Condition must not be empty; remove it instead');
    for (const operator of operators) {
      const block = value[operator];
      const opAt = [...at, operator];
      if (!isObject(block)) {
        this.add(
          E.ERR_POLICY_INVALID_CONDITION,
          opAt,
          `the ${operator} block must map condition keys to values, not ${describe(block)}`,
        );
        continue;
      }
      const keys = Object.keys(block);
      if (keys.length === 0)
        this.add(E.ERR_POLICY_INVALID_CONDITION, opAt, `the ${operator} block must name at least one condition key`);
      for (const key of keys) {
        const values = block[key];
        const keyAt = [...opAt, key];
        const scalar = (v: unknown) =>
          typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
        if (Array.isArray(values)) {
          if (values.length === 0)
            this.add(E.ERR_POLICY_EMPTY_LIST, keyAt, `condition key ${key} must have at least one value`);
          values.forEach((v, i) => {
            if (!scalar(v)) {
              this.add(
                E.ERR_POLICY_INVALID_CONDITION_VALUE,
                [...keyAt, i],
                `condition values must be strings, numbers or booleans, not ${describe(v)}`,
              );
            }
          });
        } else if (!scalar(values)) {
          this.add(
            E.ERR_POLICY_INVALID_CONDITION_VALUE,
            keyAt,
            `condition key ${key} must have a string, number or boolean value (or a list of them), not ${describe(values)}`,
          );
        }
      }
    }
  }

  statement(value: unknown, at: JsonPathSegment[], kind: PolicyKind): void {
    if (!isObject(value)) {
      this.add(E.ERR_POLICY_NOT_OBJECT, at, `each statement must be an object, not ${describe(value)}`);
      return;
    }
    this.unknownKeys(value, STATEMENT_KEYS, at, 'a statement');
    if (!has(value, 'Effect'))
      this.add(E.ERR_POLICY_MISSING_EFFECT, at, 'the statement needs "Effect": "Allow" or "Deny"');
    else if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
      const near = typeof value.Effect === 'string' && ['allow', 'deny'].includes(value.Effect.toLowerCase());
      this.add(
        E.ERR_POLICY_INVALID_EFFECT,
        [...at, 'Effect'],
        `Effect must be "Allow" or "Deny"${near ? ' (case matters)' : ''}, not ${describe(value.Effect)}`,
      );
    }
    const hasAction = has(value, 'Action');
    const hasNotAction = has(value, 'NotAction');
    if (hasAction && hasNotAction) {
      this.add(
        E.ERR_POLICY_ACTION_CONFLICT,
        [...at, 'NotAction'],
        'a statement may have Action or NotAction, not both',
      );
    } else if (!hasAction && !hasNotAction) {
      this.add(
        E.ERR_POLICY_MISSING_ACTION,
        at,
        'the statement needs an Action (or NotAction), e.g. "Action": "ecs:DescribeInstances"',
      );
    }
    if (hasAction) this.stringList(value.Action, [...at, 'Action'], 'Action');
    if (hasNotAction) this.stringList(value.NotAction, [...at, 'NotAction'], 'NotAction');
    const hasResource = has(value, 'Resource');
    const hasNotResource = has(value, 'NotResource');
    if (hasResource && hasNotResource) {
      this.add(
        E.ERR_POLICY_RESOURCE_CONFLICT,
        [...at, 'NotResource'],
        'a statement may have Resource or NotResource, not both',
      );
    } else if (!hasResource && !hasNotResource && kind === 'identity') {
      this.add(
        E.ERR_POLICY_MISSING_RESOURCE,
        at,
        'the statement needs a Resource (or NotResource), e.g. "Resource": "acs:ecs:*:*:instance/*" or "*"',
      );
    }
    if (hasResource) this.stringList(value.Resource, [...at, 'Resource'], 'Resource');
    if (hasNotResource) this.stringList(value.NotResource, [...at, 'NotResource'], 'NotResource');
    if (has(value, 'Principal')) {
      if (kind === 'identity') {
        this.add(
          E.ERR_POLICY_UNEXPECTED_PRINCIPAL,
          [...at, 'Principal'],
          'Principal belongs only in the trust policy of a RAM role; remove it from a permission policy',
        );
      } else this.principal(value.Principal, [...at, 'Principal']);
    } else if (kind === 'trust') {
      this.add(
        E.ERR_POLICY_MISSING_PRINCIPAL,
        at,
        'each statement of a trust policy needs a Principal, e.g. { "RAM": ["acs:ram::<account-id>:root"] }',
      );
    }
    if (has(value, 'Condition')) this.condition(value.Condition, [...at, 'Condition']);
  }

  document(value: unknown, requested: PolicyKind | 'auto'): PolicyKind {
    if (!isObject(value)) {
      this.add(
        E.ERR_POLICY_NOT_OBJECT,
        [],
        `a policy document must be a JSON object with Version and Statement, not ${describe(value)}`,
      );
      return requested === 'trust' ? 'trust' : 'identity';
    }
    this.unknownKeys(value, TOP_KEYS, [], 'a policy document');
    if (!has(value, 'Version')) this.add(E.ERR_POLICY_MISSING_VERSION, [], 'the policy needs "Version": "1"');
    else if (value.Version !== '1') {
      this.add(
        E.ERR_POLICY_INVALID_VERSION,
        ['Version'],
        `Version must be the string "1", not ${describe(value.Version)}`,
      );
    }
    const statement = value.Statement;
    const list = Array.isArray(statement) ? statement : [statement];
    const kind: PolicyKind =
      requested !== 'auto' ? requested : list.some((s) => isObject(s) && has(s, 'Principal')) ? 'trust' : 'identity';
    if (!has(value, 'Statement')) {
      this.add(E.ERR_POLICY_MISSING_STATEMENT, [], 'the policy needs a Statement (an object or a list of objects)');
    } else if (Array.isArray(statement)) {
      if (statement.length === 0)
        this.add(E.ERR_POLICY_INVALID_STATEMENT, ['Statement'], 'Statement must list at least one statement');
      statement.forEach((s, i) => {
        this.statement(s, ['Statement', i], kind);
      });
    } else if (isObject(statement)) {
      this.statement(statement, ['Statement'], kind);
    } else {
      this.add(
        E.ERR_POLICY_INVALID_STATEMENT,
        ['Statement'],
        `Statement must be an object or a list of objects, not ${describe(statement)}`,
      );
    }
    return kind;
  }
}

function positionOf(
  positions: ReadonlyMap<string, SourcePosition> | undefined,
  at: JsonPathSegment[],
): SourcePosition | undefined {
  if (!positions) return undefined;
  for (let n = at.length; n >= 0; n--) {
    const found = positions.get(formatJsonPath(at.slice(0, n)));
    if (found) return found;
  }
  return undefined;
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

/**
 * Checks input against the RAM policy grammar and returns every error with its path (internal:
 * `validatePolicy`, `parsePolicy` and `lintPolicy` share it).
 */
export function checkPolicy(input: unknown, options?: ValidatePolicyOptions): CheckedPolicy {
  const requested = options?.kind ?? 'auto';
  if (requested !== 'auto' && requested !== 'identity' && requested !== 'trust') {
    throw new RangeError(`kind must be 'identity', 'trust' or 'auto', got ${JSON.stringify(requested)}`);
  }
  let value: unknown = input;
  let positions: ReadonlyMap<string, SourcePosition> | undefined;
  let text: string | undefined;
  const errors: PolicyValidationError[] = [];
  if (typeof input === 'string') {
    text = input;
    try {
      const source = parseJsonSource(input);
      value = source.value;
      positions = source.positions;
      for (const dup of source.duplicates) {
        errors.push({
          code: E.ERR_POLICY_DUPLICATE_KEY,
          path: dup.path,
          message: `"${dup.key}" appears twice in the same object; keep one`,
          line: dup.position.line,
          column: dup.position.column,
        });
      }
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
      return {
        errors: [
          {
            code: E.ERR_POLICY_JSON_SYNTAX,
            path: '$',
            message: `the policy is not valid JSON: ${error.message}`,
            ...error.position,
          },
        ],
        document: undefined,
        kind: requested === 'trust' ? 'trust' : 'identity',
        positions: undefined,
        text,
      };
    }
  } else if (hasToJson(input)) {
    value = input.toJSON();
  }
  const checker = new Checker();
  const kind = checker.document(value, requested);
  for (const e of checker.errors) {
    const pos = positionOf(positions, e.at);
    errors.push({
      code: e.code,
      path: formatJsonPath(e.at),
      message: e.message,
      ...(pos ? { line: pos.line, column: pos.column } : {}),
    });
  }
  if (positions) errors.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return { errors, document: errors.length === 0 ? (value as PolicyDocument) : undefined, kind, positions, text };
}

/**
 * Checks a policy against RAM's policy grammar and returns every schema error, each with its JSON
 * path (and line and column when the policy is given as text). An empty list means the document
 * is well formed; {@link lintPolicy} then looks for mistakes in its meaning.
 *
 * @param input JSON text, a parsed document, or a `Policy`
 * @throws RangeError when `options.kind` is not `'identity'`, `'trust'` or `'auto'`
 */
export function validatePolicy(input: unknown, options?: ValidatePolicyOptions): PolicyValidationError[] {
  return checkPolicy(input, options).errors;
}
