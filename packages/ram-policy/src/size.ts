import type { Policy } from './policy';
import type { PolicyDocument } from './types';

/**
 * The most characters RAM accepts in a custom policy document (the `PolicyDocument` parameter of
 * CreatePolicy: "1 to 6,144 characters"; RAM's limits page lists the same figure).
 */
export const DEFAULT_POLICY_SIZE_LIMIT = 6144;

/** How long a policy document is, as written and as compact JSON. */
export interface PolicySize {
  /**
   * Characters of the document as given: the text itself for text input, compact JSON for a
   * document or `Policy`. This is what RAM counts when the text is submitted unchanged.
   */
  characters: number;
  /** Characters of the same document as compact JSON (no whitespace between tokens). */
  compactCharacters: number;
  /** The limit compared against. */
  limit: number;
  /** True when the document as given fits the limit. */
  withinLimit: boolean;
  /** True when the compact form fits, i.e. minifying would be enough. */
  compactWithinLimit: boolean;
}

/** Options of {@link measurePolicySize}. */
export interface MeasurePolicySizeOptions {
  /** The limit to compare with. @defaultValue 6144 ({@link DEFAULT_POLICY_SIZE_LIMIT}) */
  limit?: number;
}

/**
 * Measures a policy the way RAM limits it: by the length of the document text in characters. A
 * character is a UTF-16 code unit — what Java and JavaScript count as a string's length — so a
 * CJK character counts 1 and an emoji 2. Whitespace counts: submit compact JSON to save room.
 *
 * @throws RangeError when `limit` is not a positive integer
 */
export function measurePolicySize(
  input: string | PolicyDocument | Policy,
  options?: MeasurePolicySizeOptions,
): PolicySize {
  const limit = options?.limit ?? DEFAULT_POLICY_SIZE_LIMIT;
  if (!Number.isInteger(limit) || limit <= 0)
    throw new RangeError(`limit must be a positive integer, got ${String(limit)}`);
  let characters: number;
  let compactCharacters: number;
  if (typeof input === 'string') {
    characters = input.length;
    try {
      compactCharacters = JSON.stringify(JSON.parse(input.replace(/^\uFEFF/, ''))).length;
    } catch {
      compactCharacters = characters;
    }
  } else {
    characters = JSON.stringify(input).length;
    compactCharacters = characters;
  }
  return {
    characters,
    compactCharacters,
    limit,
    withinLimit: characters <= limit,
    compactWithinLimit: compactCharacters <= limit,
  };
}
