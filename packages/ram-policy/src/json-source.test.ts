import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, parseJsonSource } from './json-source';

describe('parseJsonSource', () => {
  it('records where values and keys are', () => {
    const text = '{\n  "Version": "1",\n  "Statement": [\n    { "Effect": "Allow" }\n  ]\n}';
    const { value, positions } = parseJsonSource(text);
    expect(value).toEqual({ Version: '1', Statement: [{ Effect: 'Allow' }] });
    expect(positions.get('$.Version')).toEqual({ line: 2, column: 3 });
    expect(positions.get('$.Statement[0]')).toEqual({ line: 4, column: 5 });
    expect(positions.get('$.Statement[0].Effect')).toEqual({ line: 4, column: 7 });
  });

  it('reports keys that appear twice', () => {
    const { value, duplicates } = parseJsonSource('{"Effect":"Allow","Effect":"Deny"}');
    expect(value).toEqual({ Effect: 'Deny' });
    expect(duplicates).toEqual([{ path: '$.Effect', key: 'Effect', position: { line: 1, column: 19 } }]);
  });

  it('keeps a "__proto__" key as data', () => {
    const { value } = parseJsonSource('{"__proto__": {"polluted": true}}');
    expect(Object.keys(value as object)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 1, 9],
    ['{"a" 1}', 1, 6],
    ['[1, 2', 1, 6],
    ['{"a": "x\ny"}', 1, 9],
    ['{"a": tru}', 1, 7],
    ['{"a": 01}', 1, 8],
    ['', 1, 1],
    ['{} []', 1, 4],
  ])('rejects %j with its position', (text, line, column) => {
    try {
      parseJsonSource(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(JsonSyntaxError);
      expect((error as JsonSyntaxError).position).toEqual({ line, column });
    }
  });

  it('skips a byte-order mark', () => {
    expect(parseJsonSource('\uFEFF{"a":1}').value).toEqual({ a: 1 });
  });

  it('reads whatever JSON.stringify writes exactly as JSON.parse does', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 4 }), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(parseJsonSource(text).value).toEqual(JSON.parse(text));
      }),
      { numRuns: 200 },
    );
  });
});
