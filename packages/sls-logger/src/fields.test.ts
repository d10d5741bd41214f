import { describe, expect, it } from 'vitest';
import { appendFields, stringifyValue } from './fields';

describe('stringifyValue', () => {
  it('stringifies every kind of value predictably', () => {
    expect(stringifyValue('a')).toBe('a');
    expect(stringifyValue(1.5)).toBe('1.5');
    expect(stringifyValue(Number.NaN)).toBe('NaN');
    expect(stringifyValue(true)).toBe('true');
    expect(stringifyValue(12345678901234567890n)).toBe('12345678901234567890');
    expect(stringifyValue(null)).toBe('null');
    expect(stringifyValue(undefined)).toBeUndefined();
    expect(stringifyValue(new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 6)))).toBe('2024-01-02T03:04:05.006Z');
    expect(stringifyValue(Symbol('s'))).toBe('Symbol(s)');
    expect(stringifyValue(function named() {})).toBe('[Function named]');
    expect(stringifyValue({ a: 1, b: [1, 'x'], c: 2n })).toBe('{"a":1,"b":[1,"x"],"c":"2"}');
    const e = new Error('boom');
    expect(stringifyValue(e)).toContain('Error: boom');
    expect(stringifyValue({ e: new TypeError('bad') })).toBe('{"e":{"name":"TypeError","message":"bad"}}');
  });

  it('marks repeated references instead of throwing', () => {
    const o: Record<string, unknown> = { a: 1 };
    o.self = o;
    expect(stringifyValue(o)).toBe('{"a":1,"self":"[Circular]"}');
  });
});

describe('appendFields', () => {
  it('keeps key order and skips undefined values', () => {
    const out: Array<[string, string]> = [];
    appendFields(out, { a: 1, b: undefined, c: 'x' });
    expect(out).toEqual([
      ['a', '1'],
      ['c', 'x'],
    ]);
  });

  it('rejects empty keys', () => {
    expect(() => appendFields([], { '': 1 })).toThrow(TypeError);
  });
});
