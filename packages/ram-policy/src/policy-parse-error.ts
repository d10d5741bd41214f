import { SdkError } from '@alikit/core';
import type { PolicyValidationError } from './policy-error-codes';

/**
 * Thrown by {@link parsePolicy} (and `new Policy`) for a document that is not a valid RAM policy.
 * It is an `SdkError` (`isSdkError(e)` is true) whose `code` is the first error's `ERR_POLICY_*`
 * code; `path`, `line` and `column` point at it and `errors` lists every problem found.
 */
export class PolicyParseError extends SdkError {
  /** Always `'PolicyParseError'`. */
  override name = 'PolicyParseError';
  /** JSON path of the first error, e.g. `$.Statement[1].Effect`. */
  readonly path: string;
  /** Line of the first error, when the policy was given as text. */
  readonly line: number | undefined;
  /** Column of the first error, when the policy was given as text. */
  readonly column: number | undefined;
  /** Every schema error found, in document order. */
  readonly errors: readonly PolicyValidationError[];

  /** @throws TypeError when `errors` is empty */
  constructor(errors: readonly PolicyValidationError[]) {
    const first = errors[0];
    if (first === undefined) throw new TypeError('PolicyParseError needs at least one error');
    const where = first.line === undefined ? first.path : `${first.path} (line ${first.line}, column ${first.column})`;
    const more =
      errors.length > 1 ? ` (${errors.length - 1} more error${errors.length > 2 ? 's' : ''} in .errors)` : '';
    super({
      code: first.code,
      service: 'ram-policy',
      operation: 'parsePolicy',
      serviceMessage: `${where}: ${first.message}${more}`,
    });
    this.path = first.path;
    this.line = first.line;
    this.column = first.column;
    this.errors = Object.freeze(errors.map((e) => Object.freeze({ ...e })));
  }
}
