import { describe, expect, it } from 'vitest';
import { readBool, readDateTime, readIpBlock, readNumber } from './condition-values';

describe('condition values', () => {
  it('reads numbers written as numbers or decimal text', () => {
    expect(readNumber(10)).toBe(10);
    expect(readNumber('2.5')).toBe(2.5);
    expect(readNumber('-1e3')).toBe(-1000);
    expect(readNumber('ten')).toBeUndefined();
    expect(readNumber('')).toBeUndefined();
    expect(readNumber(true)).toBeUndefined();
  });

  it('reads ISO 8601 date-times with a zone', () => {
    expect(readDateTime('2019-08-12T17:00:00+08:00')).toBe(Date.UTC(2019, 7, 12, 9));
    expect(readDateTime('2019-08-12T09:00:00Z')).toBe(Date.UTC(2019, 7, 12, 9));
    expect(readDateTime('2019-08-12T09:00:00.250Z')).toBe(Date.UTC(2019, 7, 12, 9, 0, 0, 250));
    expect(readDateTime(new Date(0))).toBe(0);
  });

  it.each([
    '2019-08-12',
    '2019-08-12T17:00:00',
    '2019-02-30T00:00:00Z',
    '2019-13-01T00:00:00Z',
    '2019-08-12T24:00:00Z',
    'tomorrow',
  ])('does not read %j as a date-time', (text) => {
    expect(readDateTime(text)).toBeUndefined();
  });

  it('reads only lower-case true and false', () => {
    expect(readBool('true')).toBe(true);
    expect(readBool(false)).toBe(false);
    expect(readBool('True')).toBeUndefined();
    expect(readBool('yes')).toBeUndefined();
  });

  it('reads IP blocks from text only', () => {
    expect(readIpBlock(' 192.0.2.0/24 ')).toBeDefined();
    expect(readIpBlock(3232235777)).toBeUndefined();
  });
});
