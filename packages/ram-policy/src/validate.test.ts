import { describe, expect, it } from 'vitest';
import { validatePolicy } from './validate';

describe('validatePolicy', () => {
  it('returns no errors for a valid policy, in any input form', () => {
    const doc = { Version: '1', Statement: [{ Effect: 'Deny', NotAction: ['ram:*'], NotResource: '*' }] };
    expect(validatePolicy(doc)).toEqual([]);
    expect(validatePolicy(JSON.stringify(doc))).toEqual([]);
    expect(validatePolicy({ toJSON: () => doc })).toEqual([]);
  });

  it('lists every error, in document order for text', () => {
    const text = '{"Version":"1","Statement":[{"Effect":"Maybe","Action":"","Resource":[]}],"Extra":1}';
    expect(validatePolicy(text).map((e) => [e.code, e.path])).toEqual([
      ['ERR_POLICY_INVALID_EFFECT', '$.Statement[0].Effect'],
      ['ERR_POLICY_INVALID_VALUE', '$.Statement[0].Action'],
      ['ERR_POLICY_EMPTY_LIST', '$.Statement[0].Resource'],
      ['ERR_POLICY_UNKNOWN_ELEMENT', '$.Extra'],
    ]);
  });

  it('hints at the right spelling of an element', () => {
    const [error] = validatePolicy({
      Version: '1',
      Statement: [{ effect: 'Allow', Effect: 'Allow', Action: '*', Resource: '*' }],
    });
    expect(error?.message).toContain('did you mean "Effect"');
  });

  it('needs a Principal in every statement of a trust policy', () => {
    const errors = validatePolicy({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ecs.aliyuncs.com' } },
        { Effect: 'Allow', Action: 'sts:AssumeRole' },
      ],
    });
    expect(errors.map((e) => [e.code, e.path])).toEqual([['ERR_POLICY_MISSING_PRINCIPAL', '$.Statement[1]']]);
  });
});
