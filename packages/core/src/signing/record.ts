/** Plain-object helpers for the signers' hot paths. */

/**
 * `Object.fromEntries(pairs)` for string pairs, built by assignment so V8 keeps the object in
 * fast mode (`fromEntries` results are slower to copy and list). `__proto__` is defined as an own
 * property, as `fromEntries` does, instead of replacing the prototype; a later equal name wins.
 */
export function recordFromPairs(pairs: Iterable<readonly [string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of pairs) {
    if (name === '__proto__') {
      Object.defineProperty(out, name, { value, writable: true, enumerable: true, configurable: true });
    } else {
      out[name] = value;
    }
  }
  return out;
}
