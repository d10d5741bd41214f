import { Policy } from '../policy';
import type { Statement } from '../types';

/** The statements of a policy to build. */
export interface BuildPolicyInput {
  /** Statements from {@link allow}, {@link deny} (or {@link trust} for trust policies). */
  statements: readonly Statement[];
}

/**
 * Assembles a permission policy (`Version: "1"`) from statements and checks it.
 *
 * @example
 * ```ts
 * const policy = buildPolicy({
 *   statements: [allow({ actions: actions.oss('GetObject'), resources: arn.oss.object({ bucket: 'example-bucket', key: 'reports/*' }) })],
 * });
 * JSON.stringify(policy); // the document to submit
 * ```
 * @throws PolicyParseError when a statement breaks the policy grammar (e.g. no resources)
 * @throws TypeError when `statements` is empty
 */
export function buildPolicy(input: BuildPolicyInput): Policy {
  return assemble('buildPolicy', input, 'identity');
}

/**
 * Assembles the trust policy of a RAM role from {@link trust} statements and checks it.
 * @throws PolicyParseError when a statement has no principal
 * @throws TypeError when `statements` is empty
 */
export function buildTrustPolicy(input: BuildPolicyInput): Policy {
  return assemble('buildTrustPolicy', input, 'trust');
}

function assemble(helper: string, input: BuildPolicyInput, kind: 'identity' | 'trust'): Policy {
  if (
    typeof input !== 'object' ||
    input === null ||
    !Array.isArray(input.statements) ||
    input.statements.length === 0
  ) {
    throw new TypeError(`${helper}: give at least one statement`);
  }
  return new Policy({ Version: '1', Statement: [...input.statements] }, { kind });
}
