import { describe, expect, it } from 'vitest';
import { parseIni } from './ini';

describe('parseIni (ini v1 rules)', () => {
  it('reads sections, keys and values, trimming blanks', () => {
    const text = [
      '[default]',
      'type = access_key',
      '  access_key_id=LTAI5tExampleKeyId  ',
      'access_key_secret =   ExampleSecret',
      '',
      '[ci]',
      'type = ram_role_arn',
      'role_arn = acs:ram::123456789012****:role/ci',
    ].join('\n');
    expect(parseIni(text)).toEqual({
      default: { type: 'access_key', access_key_id: 'LTAI5tExampleKeyId', access_key_secret: 'ExampleSecret' },
      ci: { type: 'ram_role_arn', role_arn: 'acs:ram::123456789012****:role/ci' },
    });
  });

  it('skips ; and # comment lines and cuts inline comments unless escaped or quoted', () => {
    const text = [
      '; comment',
      '  # another',
      '[p]',
      'a = value ; trailing comment',
      'b = value # trailing comment',
      'c = se\\;cret\\#1',
      'd = "quoted ; kept # too"',
      "e = 'single ; kept'",
      'f = back\\\\slash',
      'g = other\\escape',
    ].join('\r\n');
    expect(parseIni(text).p).toEqual({
      a: 'value',
      b: 'value',
      c: 'se;cret#1',
      d: 'quoted ; kept # too',
      e: 'single ; kept',
      f: 'back\\slash',
      g: 'other\\escape',
    });
  });

  it('splits at the first =, keeps later ones in the value, and sets a bare key to "true"', () => {
    expect(parseIni('[p]\npolicy = {"a":"b=c"}\nflag\n').p).toEqual({ policy: '{"a":"b=c"}', flag: 'true' });
  });

  it('opens a section only when the brackets are the whole line', () => {
    const sections = parseIni('[a]\nk = 1\n [b]\nk2 = 2\n[c] \nk3 = 3\n');
    expect(Object.keys(sections)).toEqual(['a']);
    expect(sections.a).toEqual({ k: '1', '[b]': 'true', k2: '2', '[c]': 'true', k3: '3' });
  });

  it('merges repeated sections, keeps the last value of a key, ignores keys before any section', () => {
    const sections = parseIni('orphan = 1\n[a]\nk = 1\n[b]\nx = 1\n[a]\nk = 2\nj = 3\n');
    expect(sections).toEqual({ a: { k: '2', j: '3' }, b: { x: '1' } });
  });

  it('keeps dotted section names whole and refuses __proto__', () => {
    const sections = parseIni('[my.profile]\nk = v\n[__proto__]\npolluted = yes\n[p]\n__proto__ = x\n');
    expect(sections['my.profile']).toEqual({ k: 'v' });
    expect(Object.keys(sections)).toEqual(['my.profile', 'p']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(sections.p ?? {})).toEqual([]);
  });

  it('handles an empty text', () => {
    expect(parseIni('')).toEqual({});
  });
});
