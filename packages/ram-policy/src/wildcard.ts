/** How {@link matchesWildcard} compares characters. */
export interface WildcardOptions {
  /**
   * Compare letters without regard to case (RAM does so for actions). Two characters are equal
   * when they are the same, or their upper-case forms are, or the lower-case forms of those are —
   * the rule Java's `equalsIgnoreCase` applies.
   * @defaultValue false
   */
  ignoreCase?: boolean;
}

/**
 * Tests a value against a RAM wildcard pattern: `*` matches any run of characters (also none), `?`
 * exactly one character, everything else itself. Characters are Unicode code points, so `?` matches
 * an emoji as one character. Runs in O(pattern × value) time at worst, whatever the pattern.
 */
export function matchesWildcard(pattern: string, value: string, options?: WildcardOptions): boolean {
  const p = Array.from(pattern);
  const v = Array.from(value);
  const same = options?.ignoreCase ? sameIgnoringCase : (a: string, b: string) => a === b;
  let pi = 0;
  let vi = 0;
  // Where the last `*` was and the value position it currently covers up to: on a mismatch the star
  // takes one more character and matching resumes after it.
  let starP = -1;
  let starV = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc === '*') {
      starP = pi++;
      starV = vi;
    } else if (pc !== undefined && (pc === '?' || same(pc, v[vi] as string))) {
      pi++;
      vi++;
    } else if (starP >= 0) {
      pi = starP + 1;
      vi = ++starV;
    } else {
      return false;
    }
  }
  while (p[pi] === '*') pi++;
  return pi === p.length;
}

/** True when the pattern has a `*` or `?`, i.e. it stands for more than one string. */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Compares two characters (code points) the way Java's `String.equalsIgnoreCase` does. */
export function sameIgnoringCase(a: string, b: string): boolean {
  if (a === b) return true;
  const ua = a.toUpperCase();
  const ub = b.toUpperCase();
  return ua === ub || ua.toLowerCase() === ub.toLowerCase();
}

/** Compares two strings code point by code point with {@link sameIgnoringCase}. */
export function equalsIgnoringCase(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Array.from(a);
  const y = Array.from(b);
  return x.length === y.length && x.every((c, i) => sameIgnoringCase(c, y[i] as string));
}
