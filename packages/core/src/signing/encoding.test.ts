import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isWellFormedText, percentEncode, percentEncodePath, querystringEscape, stringifyQuery } from './encoding';

/** What a call gives: its text, or `throws`. */
function outcome(fn: () => string): string {
  try {
    return fn();
  } catch {
    return 'throws';
  }
}
/** RFC 3986 strict encoding as first written (built-in plus one replace), which the fast path must equal. */
const strict = (v: string) =>
  encodeURIComponent(v).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(..."aZ09-_.~!'()*/ %+=&?#é中", '\uD83D\uDE00', '\uD800', '\uDC00'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 12,
});

describe('encoders', () => {
  it('match encodeURIComponent-based encoding for every input, including lone surrogates', () => {
    fc.assert(
      fc.property(text, (v) => {
        expect(outcome(() => percentEncode(v))).toBe(outcome(() => strict(v)));
        expect(outcome(() => percentEncodePath(v))).toBe(outcome(() => strict(v).replace(/%2F/g, '/')));
        expect(outcome(() => querystringEscape(v))).toBe(outcome(() => encodeURIComponent(v)));
      }),
      { numRuns: 300 },
    );
  });

  it('match on every single UTF-16 code unit', () => {
    for (let c = 0; c < 0x10000; c += 1) {
      const v = `a${String.fromCharCode(c)}`;
      expect(outcome(() => percentEncode(v))).toBe(outcome(() => strict(v)));
      expect(outcome(() => querystringEscape(v))).toBe(outcome(() => encodeURIComponent(v)));
    }
  });

  it('throws TypeError for a lone surrogate and returns plain text as it is', () => {
    expect(() => percentEncode('a\uD800')).toThrow(TypeError);
    expect(() => querystringEscape('\uDC00')).toThrow(TypeError);
    expect(percentEncode('Plain-Text_1.0~')).toBe('Plain-Text_1.0~');
    expect(percentEncodePath('/a/b.txt')).toBe('/a/b.txt');
    expect(querystringEscape("it's(*)!")).toBe("it's(*)!");
  });

  it('stringifyQuery joins escaped pairs like querystring.stringify', () => {
    expect(stringifyQuery([])).toBe('');
    expect(
      stringifyQuery([
        ['a b', 'c&d'],
        ['e', ''],
      ]),
    ).toBe('a%20b=c%26d&e=');
  });

  it('isWellFormedText spots lone surrogates only', () => {
    fc.assert(
      fc.property(text, (v) => {
        const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(v);
        expect(isWellFormedText(v)).toBe(!lone);
      }),
      { numRuns: 300 },
    );
  });
});
