import { describe, expect, it } from 'vitest';
import { copyRequestHeaders, requestIdFromHeaders } from './headers';

describe('requestIdFromHeaders', () => {
  it('reads every service’s request-id header', () => {
    const cases: Array<[string, string]> = [
      ['x-acs-request-id', 'D2B6F5A4-0000'],
      ['x-oss-request-id', '5C8F7B2CDDD9CB2E202D4FD8'],
      ['x-log-requestid', '5644160399248C060600D216'],
      ['x-ots-requestid', '0005aedd-5b9e-9b48-a5c1-720b12a7b4bb'],
      ['x-ots-request-id', '0005aedd-0000'],
      ['x-odps-request-id', '65A1B2C3D4E5F60718293A4B'],
    ];
    for (const [name, id] of cases) expect(requestIdFromHeaders(new Headers({ [name]: id }))).toBe(id);
    expect(requestIdFromHeaders(new Headers({ 'x-request-id': 'other' }))).toBeUndefined();
  });
});

describe('copyRequestHeaders', () => {
  it('copies string headers', () => {
    const source = { 'x-a': '1' };
    const copy = copyRequestHeaders(source);
    expect(copy).toEqual({ 'x-a': '1' });
    expect(copy).not.toBe(source);
    expect(copyRequestHeaders(undefined)).toEqual({});
  });

  it('refuses non-strings and CR/LF', () => {
    expect(() => copyRequestHeaders({ 'x-a': 1 as unknown as string })).toThrow(TypeError);
    expect(() => copyRequestHeaders({ 'x-a': 'v\r\nx-injected: 1' })).toThrow(/CR or LF/);
  });
});
