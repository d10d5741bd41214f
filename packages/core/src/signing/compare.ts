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

// Signers sort a handful of names per request; below this length an insertion sort with the
// comparison written out is several times cheaper than `Array.prototype.sort` with a comparator.
const SHORT = 24;

/**
 * Sorts strings in place by UTF-16 code units, stably: exactly what `items.sort(compareCodeUnits)`
 * (or `items.sort()`) gives, faster for short lists.
 */
export function sortCodeUnits(items: string[]): string[] {
  if (items.length > SHORT) return items.sort(compareCodeUnits);
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as string;
    let j = i - 1;
    while (j >= 0 && (items[j] as string) > item) {
      items[j + 1] = items[j] as string;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}

/**
 * Sorts `[name, ...]` tuples in place by the UTF-16 code units of their names, stably: exactly what
 * `items.sort((a, b) => compareCodeUnits(a[0], b[0]))` gives, faster for short lists.
 */
export function sortByName<T extends readonly [string, ...unknown[]]>(items: T[]): T[] {
  if (items.length > SHORT) return items.sort((a, b) => compareCodeUnits(a[0], b[0]));
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    const name = item[0];
    let j = i - 1;
    while (j >= 0 && (items[j] as T)[0] > name) {
      items[j + 1] = items[j] as T;
      j--;
    }
    items[j + 1] = item;
  }
  return items;
}
