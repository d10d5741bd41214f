import { describe, expect, it } from 'vitest';
import { CONDITION_OPERATORS, findConditionOperator, suggestConditionOperator } from './conditions';

describe('condition operators', () => {
  it('lists the documented operators and the date IfExists forms', () => {
    const names = CONDITION_OPERATORS.map((o) => o.name);
    expect(names).toHaveLength(21 + 6);
    expect(names).toContain('StringNotEqualsIgnoreCase');
    expect(names).toContain('NotIpAddress');
    expect(names).toContain('DateLessThanIfExists');
    expect(names).not.toContain('StringEqualsIfExists');
    expect(CONDITION_OPERATORS.every((o) => o.source.startsWith('https://'))).toBe(true);
  });

  it('describes what each operator compares', () => {
    expect(findConditionOperator('StringNotLike')).toMatchObject({
      family: 'string',
      comparison: 'like',
      negated: true,
    });
    expect(findConditionOperator('DateGreaterThanEqualsIfExists')).toMatchObject({ family: 'date', ifExists: true });
    expect(findConditionOperator('stringequals')).toBeUndefined();
  });

  it('suggests the documented operator a misspelling meant', () => {
    expect(suggestConditionOperator('stringequals')?.name).toBe('StringEquals');
    expect(suggestConditionOperator('BoolIfExists')?.name).toBe('Bool');
    expect(suggestConditionOperator('ArnLike')).toBeUndefined();
  });
});
