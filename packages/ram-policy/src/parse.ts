import { Policy } from './policy';
import { PolicyParseError } from './policy-parse-error';
import { checkPolicy, type ValidatePolicyOptions } from './validate';

/** Options of {@link parsePolicy}. */
export type ParsePolicyOptions = ValidatePolicyOptions;

/**
 * Reads a RAM policy from JSON text (or an already parsed value) into a typed {@link Policy}.
 * `policy.toJSON()` gives the document back in the shape it was written.
 *
 * @example
 * ```ts
 * const policy = parsePolicy(await readFile('policy.json', 'utf8'));
 * for (const s of policy.statements) console.log(s.effect, s.actions);
 * ```
 * @throws PolicyParseError (an `SdkError` with code `ERR_POLICY_*`) naming the first problem's JSON
 *   path, line and column; `error.errors` lists them all
 * @throws RangeError when `options.kind` is invalid
 */
export function parsePolicy(input: unknown, options?: ParsePolicyOptions): Policy {
  if (input instanceof Policy) return input;
  const checked = checkPolicy(input, options);
  if (checked.document === undefined) throw new PolicyParseError(checked.errors);
  return new Policy(checked.document, { kind: checked.kind });
}
