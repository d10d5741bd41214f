/**
 * Turns what pop-core parsed (with `json-bigint`: objects without a prototype, and `BigNumber`
 * objects for every number longer than 15 characters) into ordinary JSON values: plain objects and
 * arrays, numbers, and `bigint` for integers beyond `Number.MAX_SAFE_INTEGER`, which a `number`
 * would silently round.
 */
export function plainJson(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return value;
  // Service answers are shallow; the cap only guards against a malicious or cyclic structure.
  if (depth > 200) throw new RangeError('response JSON nested too deeply');
  if (isBigNumber(value)) return bigNumberValue(value);
  if (Array.isArray(value)) return value.map((item) => plainJson(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    // defineProperty keeps a `__proto__` key as data instead of changing the prototype.
    Object.defineProperty(out, key, {
      value: plainJson((value as Record<string, unknown>)[key], depth + 1),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

interface BigNumberLike {
  _isBigNumber: true;
  isInteger(): boolean;
  toFixed(): string;
  toString(): string;
}

function isBigNumber(value: object): value is BigNumberLike {
  const v = value as Partial<BigNumberLike>;
  return v._isBigNumber === true && typeof v.isInteger === 'function' && typeof v.toFixed === 'function';
}

function bigNumberValue(value: BigNumberLike): number | bigint {
  if (value.isInteger()) {
    const text = value.toFixed();
    const asNumber = Number(text);
    return Number.isSafeInteger(asNumber) ? asNumber : BigInt(text);
  }
  return Number(value.toString());
}
