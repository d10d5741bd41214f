import { describe, expect, it } from 'vitest';
import { csvField, formatDatetime, fromStored, parseTemporalMs, toStored } from './values';

describe('values', () => {
  it('round-trips temporal values through their SQL text (UTC)', () => {
    const at = new Date(Date.UTC(1969, 11, 31, 23, 59, 58, 250));
    const stored = toStored({ kind: 'datetime' }, at, 'at');
    expect(stored).toBe('1969-12-31 23:59:58.250');
    expect(fromStored({ kind: 'datetime' }, stored)).toEqual(at);
    expect(toStored({ kind: 'date' }, -1, 'd')).toBe('1969-12-31');
    expect(fromStored({ kind: 'date' }, '1969-12-31')).toBe(-1);
    const ts = { seconds: -2n, nanos: 500_000_000 };
    expect(toStored({ kind: 'timestamp' }, ts, 'ts')).toBe('1969-12-31 23:59:58.5');
    expect(fromStored({ kind: 'timestamp' }, '1969-12-31 23:59:58.5')).toEqual(ts);
    expect(parseTemporalMs('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(formatDatetime(Date.UTC(2024, 0, 2, 3, 4, 5))).toBe('2024-01-02 03:04:05');
  });

  it('keeps DECIMAL scale and BIGINT precision', () => {
    const decimal = { kind: 'decimal', precision: 10, scale: 2 } as const;
    expect(fromStored(decimal, 12.5)).toBe('12.50');
    expect(fromStored(decimal, '-0.005')).toBe('-0.01');
    expect(fromStored(decimal, '3.999')).toBe('4.00');
    expect(fromStored({ kind: 'bigint' }, 9007199254740993n)).toBe(9007199254740993n);
    expect(toStored({ kind: 'bigint' }, '9007199254740993', 'id')).toBe(9007199254740993n);
  });

  it('stores complex values as JSON and reads them back typed', () => {
    const type = {
      kind: 'map',
      key: { kind: 'string' },
      value: { kind: 'array', element: { kind: 'bigint' } },
    } as const;
    const value = new Map([['a', [1n, null, 9007199254740993n]]]);
    const stored = toStored(type, value, 'm');
    expect(stored).toBe('{"a":[1,null,"9007199254740993"]}');
    expect(fromStored(type, stored)).toEqual(value);
  });

  it('names the column when a value does not fit', () => {
    expect(() => toStored({ kind: 'bigint' }, 'abc', 'user_id')).toThrow(
      /column user_id \(bigint\) cannot hold the string "abc"/,
    );
    expect(() => toStored({ kind: 'boolean' }, 1, 'flag')).toThrow(TypeError);
  });

  it('renders CSV fields the way ?result does', () => {
    expect(csvField({ kind: 'string' }, null)).toBe('\\N');
    expect(csvField({ kind: 'string' }, '\\N')).toBe('\\\\N');
    expect(csvField({ kind: 'string' }, 'a,"b"\n')).toBe('"a,""b""\\n"');
    expect(csvField({ kind: 'double' }, 2)).toBe('2.0');
    expect(csvField({ kind: 'boolean' }, 1n)).toBe('true');
  });
});
