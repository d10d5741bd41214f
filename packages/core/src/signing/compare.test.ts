import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareCodeUnits, sortByName, sortCodeUnits } from './compare';

// Short alphabet so that equal names (stability) and shared prefixes are common.
const name = fc.string({
  unit: fc.constantFrom('a', 'B', 'b', '-', '.', '_', 'é', '\uD83D\uDE00', '\uFFFF'),
  maxLength: 4,
});

describe('sortCodeUnits', () => {
  it('gives what Array.prototype.sort(compareCodeUnits) gives, short and long lists', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 40 }), (items) => {
        const expected = [...items].sort(compareCodeUnits);
        const input = [...items];
        expect(sortCodeUnits(input)).toBe(input);
        expect(input).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('sortByName', () => {
  it('sorts tuples by name, keeping the order of equal names, like the built-in stable sort', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, fc.nat()), { maxLength: 40 }), (items) => {
        const expected = [...items].sort((a, b) => compareCodeUnits(a[0], b[0]));
        const input = [...items];
        expect(sortByName(input)).toBe(input);
        expect(input).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
