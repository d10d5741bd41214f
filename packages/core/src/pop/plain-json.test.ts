import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { plainJson } from './plain-json';

// The parser pop-core uses, loaded from pop-core's own dependencies so the test sees the real objects.
const requireFromPopCore = createRequire(createRequire(import.meta.url).resolve('@alicloud/pop-core'));
const JSONbig = requireFromPopCore('json-bigint') as { parse(text: string): unknown };

describe('plainJson', () => {
  it('turns json-bigint output into plain JSON, with bigint only beyond 2^53', () => {
    const parsed = JSONbig.parse(
      '{"Id":9223372036854775807,"Safe":1234567890123456,"Neg":-9007199254740993,"Frac":0.12345678901234567,' +
        '"Small":3,"Nested":{"List":[1,{"X":18446744073709551615}]},"Text":"12345678901234567890"}',
    );
    expect(Object.getPrototypeOf(parsed)).toBeNull();
    const out = plainJson(parsed) as Record<string, unknown>;
    expect(out).toEqual({
      Id: 9223372036854775807n,
      Safe: 1234567890123456,
      Neg: -9007199254740993n,
      Frac: Number('0.12345678901234567'),
      Small: 3,
      Nested: { List: [1, { X: 18446744073709551615n }] },
      Text: '12345678901234567890',
    });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(out.Nested)).toBe(Object.prototype);
  });

  it('keeps a __proto__ key as data', () => {
    const out = plainJson(JSON.parse('{"__proto__":{"polluted":true}}')) as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
  });

  it('passes scalars through', () => {
    expect(plainJson('text')).toBe('text');
    expect(plainJson(null)).toBeNull();
    expect(plainJson(7)).toBe(7);
  });
});
