import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse';
import { DEFAULT_POLICY_SIZE_LIMIT, measurePolicySize } from './size';

const doc = {
  Version: '1' as const,
  Statement: [{ Effect: 'Allow' as const, Action: 'oss:GetObject', Resource: '*' }],
};

describe('measurePolicySize', () => {
  it('counts text as written and as compact JSON', () => {
    const pretty = JSON.stringify(doc, null, 2);
    const size = measurePolicySize(pretty);
    expect(size.characters).toBe(pretty.length);
    expect(size.compactCharacters).toBe(JSON.stringify(doc).length);
    expect(size.limit).toBe(DEFAULT_POLICY_SIZE_LIMIT);
    expect(size.withinLimit).toBe(true);
  });

  it('counts documents and policies as compact JSON', () => {
    expect(measurePolicySize(doc).characters).toBe(JSON.stringify(doc).length);
    expect(measurePolicySize(parsePolicy(doc)).characters).toBe(JSON.stringify(doc).length);
  });

  it('counts UTF-16 code units, like Java and JavaScript string lengths', () => {
    const text = JSON.stringify({ ...doc, Statement: [{ ...doc.Statement[0], Resource: 'acs:oss:*:*:桶/😀' }] });
    expect(measurePolicySize(text).characters).toBe(text.length);
  });

  it('compares with a configurable limit', () => {
    const pretty = JSON.stringify(doc, null, 8);
    const limit = JSON.stringify(doc).length;
    expect(measurePolicySize(pretty, { limit })).toMatchObject({ withinLimit: false, compactWithinLimit: true });
    expect(measurePolicySize(doc, { limit: limit - 1 })).toMatchObject({
      withinLimit: false,
      compactWithinLimit: false,
    });
    expect(() => measurePolicySize(doc, { limit: 0 })).toThrow(RangeError);
  });
});
