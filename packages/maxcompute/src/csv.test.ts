import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads the header, NULL tokens, quoted fields and backslash escapes', () => {
    const text = 'id,name,note\n1,alice,"a, ""quoted""\nline"\n2,\\N,tab\\there\n3,"\\N",back\\\\slash\n';
    expect(parseCsv(text)).toEqual([
      ['id', 'name', 'note'],
      ['1', 'alice', 'a, "quoted"\nline'],
      ['2', null, 'tab\there'],
      ['3', '\\N', 'back\\slash'],
    ]);
  });

  it('handles CRLF, a missing final newline and empty fields', () => {
    expect(parseCsv('a,b\r\n,x\r\ny,')).toEqual([
      ['a', 'b'],
      ['', 'x'],
      ['y', ''],
    ]);
    expect(parseCsv('')).toEqual([]);
  });
});
