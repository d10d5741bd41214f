import { describe, expect, it } from 'vitest';
import { parseTunnelType } from './tunnel/type-parser';
import { csvValue, parseDateTimeText, rowValueConverter, tunnelValueConverter } from './values';

const t = parseTunnelType;

describe('rowValueConverter', () => {
  it('maps DATE, TIMESTAMP and TIMESTAMP_NTZ to Date and leaves other types alone', () => {
    expect(rowValueConverter(t('date'))(19723)).toEqual(new Date('2024-01-01T00:00:00Z'));
    expect(rowValueConverter(t('timestamp'))({ seconds: -1n, nanos: 999_000_000 })).toEqual(new Date(-1));
    expect(rowValueConverter(t('timestamp_ntz'))({ seconds: 1n, nanos: 5 })).toEqual(new Date(1000));
    const bigint = rowValueConverter(t('bigint'));
    expect(bigint(5n)).toBe(5n);
    expect(rowValueConverter(t('date'))(null)).toBeNull();
  });

  it('converts nested values inside arrays, maps and structs', () => {
    const convert = rowValueConverter(t('struct<d:date,xs:array<timestamp>,m:map<string,date>>'));
    expect(convert({ d: 1, xs: [{ seconds: 2n, nanos: 0 }, null], m: new Map([['a', 0]]) })).toEqual({
      d: new Date(86_400_000),
      xs: [new Date(2000), null],
      m: new Map([['a', new Date(0)]]),
    });
  });
});

describe('tunnelValueConverter', () => {
  it('turns Dates back into the codec forms, floor-dividing before 1970', () => {
    expect(tunnelValueConverter(t('date'))(new Date('2024-01-01T00:00:00Z'), 'x')).toBe(19723);
    expect(tunnelValueConverter(t('timestamp'))(new Date(-1), 'x')).toEqual({ seconds: -1n, nanos: 999_000_000 });
    expect(tunnelValueConverter(t('array<date>'))([new Date(86_400_000), null], 'x')).toEqual([1, null]);
    expect(() => tunnelValueConverter(t('date'))(new Date(Number.NaN), 'col')).toThrow(RangeError);
  });

  it('passes the codec forms through unchanged', () => {
    expect(tunnelValueConverter(t('date'))(3, 'x')).toBe(3);
    const ts = { seconds: 1n, nanos: 2 };
    expect(tunnelValueConverter(t('timestamp'))(ts, 'x')).toBe(ts);
  });
});

describe('csvValue', () => {
  it('types CSV text by column type', () => {
    expect(csvValue(t('bigint'), '9007199254740993')).toBe(9007199254740993n);
    expect(csvValue(t('double'), '1.5')).toBe(1.5);
    expect(csvValue(t('boolean'), 'true')).toBe(true);
    expect(csvValue(t('decimal(10,2)'), '-12.50')).toBe('-12.50');
    expect(csvValue(t('string'), null)).toBeNull();
    expect(csvValue(t('datetime'), '2024-01-02 03:04:05')).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(csvValue(t('datetime'), '2024-01-02 11:04:05', 480)).toEqual(new Date('2024-01-02T03:04:05Z'));
    expect(csvValue(t('date'), '2024-01-02')).toEqual(new Date('2024-01-02T00:00:00Z'));
    expect(csvValue(t('array<bigint>'), '[1,2]')).toEqual([1, 2]);
    expect(csvValue(t('map<string,bigint>'), '{"a":1}')).toEqual(new Map([['a', 1]]));
    expect(csvValue(t('binary'), 'hi')).toEqual(new Uint8Array([104, 105]));
  });

  it('parses years before 100 without the two-digit-year trap', () => {
    expect(parseDateTimeText('0001-01-01 00:00:00')?.toISOString()).toBe('0001-01-01T00:00:00.000Z');
    expect(parseDateTimeText('not a date')).toBeUndefined();
  });
});
