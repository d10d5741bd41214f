import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recordFromPairs } from './record';

const key = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('__proto__', 'constructor', 'toString', '0', '10', '2', 'hasOwnProperty'),
);

describe('recordFromPairs', () => {
  it('builds the same object as Object.fromEntries: own keys, order, later values win', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.string({ maxLength: 4 })), { maxLength: 12 }), (pairs) => {
        const ours = recordFromPairs(pairs);
        const reference = Object.fromEntries(pairs);
        expect(Object.getPrototypeOf(ours)).toBe(Object.prototype);
        expect(Object.entries(ours)).toEqual(Object.entries(reference));
      }),
      { numRuns: 300 },
    );
  });

  it('keeps a __proto__ pair as an own property instead of changing the prototype', () => {
    const record = recordFromPairs([['__proto__', 'x']]);
    expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
    expect(Object.keys(record)).toEqual(['__proto__']);
    expect({ ...record }).toEqual(Object.fromEntries([['__proto__', 'x']]));
  });
});
