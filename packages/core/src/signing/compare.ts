/**
 * Orders strings by UTF-16 code units, like `Array.prototype.sort()` with no comparator
 * (spec: signing.md §1.2). Not locale-aware on purpose.
 */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Orders strings by the bytes of their UTF-8 encoding (OSS Go/C# v2 and Python code-point order). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++;
  }
  return a.length - b.length;
}
