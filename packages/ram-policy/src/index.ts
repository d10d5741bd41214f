/**
 * RAM policy builder, validator, linter and evaluator.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/ram-policy
 */

// --- building blocks ---
export { type Arn, type FormatArnOptions, formatArn, parseArn } from './arn';
// --- builder ---
export { type ActionName, actions } from './builder/actions';
export { type ArnScope, arn } from './builder/arns';
export { condition, type DateConditionOptions } from './builder/conditions';
export { type BuildPolicyInput, buildPolicy, buildTrustPolicy } from './builder/policies';
export { type PrincipalRef, principal } from './builder/principals';
export { allow, deny, type StatementInput, type TrustStatementInput, trust } from './builder/statements';
// --- catalog ---
export { findConditionKey, findService, SERVICE_CATALOG } from './catalog/catalog';
export { GLOBAL_CONDITION_KEYS } from './catalog/global-keys';
export type { ConditionKeyEntry, ResourceTypeEntry, ServiceEntry } from './catalog/types';
export { CATALOG_VERSION } from './catalog/version';
export {
  CONDITION_OPERATORS,
  type ConditionOperatorInfo,
  findConditionOperator,
  type OperatorComparison,
  type OperatorFamily,
} from './conditions';
// --- evaluate ---
export {
  type ContextValue,
  type Decision,
  type EvaluateInput,
  type EvaluationRequest,
  type EvaluationResult,
  evaluate,
  type MatchedStatement,
  type RequestPrincipal,
  type UnevaluatedCondition,
  type UnevaluatedReason,
} from './evaluate';
// --- lint ---
export { type FileFindings, type FormatFindingsOptions, formatFindings } from './lint/format-findings';
export { hasFindingsAtOrAbove, type LintPolicyOptions, lintPolicy } from './lint/lint-policy';
export { type Finding, SEVERITIES, type Severity } from './lint/types';
// --- parse and validate ---
export { type ParsePolicyOptions, parsePolicy } from './parse';
export { Policy } from './policy';
export { type PolicyErrorCode, type PolicyValidationError, policyErrorCodes } from './policy-error-codes';
export { PolicyParseError } from './policy-parse-error';
export { DEFAULT_POLICY_SIZE_LIMIT, type MeasurePolicySizeOptions, measurePolicySize, type PolicySize } from './size';
// --- the policy language ---
export type {
  ConditionBlock,
  ConditionClause,
  ConditionValue,
  Effect,
  NormalizedPrincipal,
  NormalizedStatement,
  OneOrMany,
  PolicyDocument,
  PolicyKind,
  Principal,
  PrincipalBlock,
  Statement,
} from './types';
export { type ValidatePolicyOptions, validatePolicy } from './validate';
export { hasWildcard, matchesWildcard, type WildcardOptions } from './wildcard';
