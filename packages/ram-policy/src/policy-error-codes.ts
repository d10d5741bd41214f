/**
 * Codes of the schema errors {@link validatePolicy} reports and {@link PolicyParseError} carries.
 * They follow the SDK-side `ERR_*` convention, so `code.startsWith('ERR_')` tells them from codes a
 * service sent.
 */
export const policyErrorCodes = {
  /** The text is not JSON. */
  ERR_POLICY_JSON_SYNTAX: 'ERR_POLICY_JSON_SYNTAX',
  /** An object has the same key twice; JSON parsers keep one of them silently. */
  ERR_POLICY_DUPLICATE_KEY: 'ERR_POLICY_DUPLICATE_KEY',
  /** The document (or a statement, condition or principal) is not a JSON object. */
  ERR_POLICY_NOT_OBJECT: 'ERR_POLICY_NOT_OBJECT',
  /** An element RAM does not define, such as `Sid` or a misspelt `effect`. */
  ERR_POLICY_UNKNOWN_ELEMENT: 'ERR_POLICY_UNKNOWN_ELEMENT',
  /** The document has no `Version`. */
  ERR_POLICY_MISSING_VERSION: 'ERR_POLICY_MISSING_VERSION',
  /** `Version` is not the string `"1"`. */
  ERR_POLICY_INVALID_VERSION: 'ERR_POLICY_INVALID_VERSION',
  /** The document has no `Statement`. */
  ERR_POLICY_MISSING_STATEMENT: 'ERR_POLICY_MISSING_STATEMENT',
  /** `Statement` is neither an object nor a non-empty array. */
  ERR_POLICY_INVALID_STATEMENT: 'ERR_POLICY_INVALID_STATEMENT',
  /** A statement has no `Effect`. */
  ERR_POLICY_MISSING_EFFECT: 'ERR_POLICY_MISSING_EFFECT',
  /** `Effect` is not `"Allow"` or `"Deny"`. */
  ERR_POLICY_INVALID_EFFECT: 'ERR_POLICY_INVALID_EFFECT',
  /** A statement has neither `Action` nor `NotAction`. */
  ERR_POLICY_MISSING_ACTION: 'ERR_POLICY_MISSING_ACTION',
  /** A statement has both `Action` and `NotAction`. */
  ERR_POLICY_ACTION_CONFLICT: 'ERR_POLICY_ACTION_CONFLICT',
  /** A permission policy statement has neither `Resource` nor `NotResource`. */
  ERR_POLICY_MISSING_RESOURCE: 'ERR_POLICY_MISSING_RESOURCE',
  /** A statement has both `Resource` and `NotResource`. */
  ERR_POLICY_RESOURCE_CONFLICT: 'ERR_POLICY_RESOURCE_CONFLICT',
  /** A list value that must be a non-empty string is not. */
  ERR_POLICY_INVALID_VALUE: 'ERR_POLICY_INVALID_VALUE',
  /** A list is empty where at least one value is needed. */
  ERR_POLICY_EMPTY_LIST: 'ERR_POLICY_EMPTY_LIST',
  /** A trust policy statement has no `Principal`. */
  ERR_POLICY_MISSING_PRINCIPAL: 'ERR_POLICY_MISSING_PRINCIPAL',
  /** A permission policy statement has a `Principal`, which only trust policies have. */
  ERR_POLICY_UNEXPECTED_PRINCIPAL: 'ERR_POLICY_UNEXPECTED_PRINCIPAL',
  /** `Principal` is not `"*"` or an object of `RAM`, `Service` and `Federated` lists. */
  ERR_POLICY_INVALID_PRINCIPAL: 'ERR_POLICY_INVALID_PRINCIPAL',
  /** `Condition` or one of its operator blocks is malformed or empty. */
  ERR_POLICY_INVALID_CONDITION: 'ERR_POLICY_INVALID_CONDITION',
  /** A condition value is not a string, number or boolean (or a non-empty list of them). */
  ERR_POLICY_INVALID_CONDITION_VALUE: 'ERR_POLICY_INVALID_CONDITION_VALUE',
} as const;

/** One of the codes in {@link policyErrorCodes}. */
export type PolicyErrorCode = (typeof policyErrorCodes)[keyof typeof policyErrorCodes];

/** One schema error: what is wrong, where (JSON path and, for text input, line and column). */
export interface PolicyValidationError {
  /** What is wrong, as one of the {@link policyErrorCodes}. */
  code: PolicyErrorCode;
  /** JSON path of the offending value, e.g. `$.Statement[1].Effect`. */
  path: string;
  /** What to fix, in one sentence. */
  message: string;
  /** 1-based line in the text, when the policy was given as text. */
  line?: number;
  /** 1-based column in the text, when the policy was given as text. */
  column?: number;
}
