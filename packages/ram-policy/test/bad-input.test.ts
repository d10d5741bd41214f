import { describe, expect, it } from 'vitest';
import { type PolicyErrorCode, PolicyParseError, parsePolicy, policyErrorCodes, validatePolicy } from '../src/index';

const s = (extra: Record<string, unknown>) => ({
  Version: '1',
  Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*', ...extra }],
});
const without = (key: string) => {
  const doc = s({});
  delete (doc.Statement[0] as Record<string, unknown>)[key];
  return doc;
};
const trustStatement = { Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: 'acs:ram::123456789012:root' } };

// [what is wrong, input, options, expected code, expected path]
const table: Array<[string, unknown, { kind?: 'identity' | 'trust' } | undefined, PolicyErrorCode, string]> = [
  ['text that is not JSON', '{"Version": "1",', undefined, 'ERR_POLICY_JSON_SYNTAX', '$'],
  [
    'a key given twice',
    '{"Version":"1","Statement":[{"Effect":"Allow","Effect":"Deny","Action":"*","Resource":"*"}]}',
    undefined,
    'ERR_POLICY_DUPLICATE_KEY',
    '$.Statement[0].Effect',
  ],
  ['an array as the document', '[]', undefined, 'ERR_POLICY_NOT_OBJECT', '$'],
  ['a string as the document', '"policy"', undefined, 'ERR_POLICY_NOT_OBJECT', '$'],
  ['null as the document', null, undefined, 'ERR_POLICY_NOT_OBJECT', '$'],
  ['an unknown top-level element', { ...s({}), Id: 'x' }, undefined, 'ERR_POLICY_UNKNOWN_ELEMENT', '$.Id'],
  ['a Sid', s({ Sid: 'one' }), undefined, 'ERR_POLICY_UNKNOWN_ELEMENT', '$.Statement[0].Sid'],
  ['a lower-case element', s({ condition: {} }), undefined, 'ERR_POLICY_UNKNOWN_ELEMENT', '$.Statement[0].condition'],
  ['no Version', { Statement: s({}).Statement }, undefined, 'ERR_POLICY_MISSING_VERSION', '$'],
  ['a numeric Version', { ...s({}), Version: 1 }, undefined, 'ERR_POLICY_INVALID_VERSION', '$.Version'],
  ['an AWS Version', { ...s({}), Version: '2012-10-17' }, undefined, 'ERR_POLICY_INVALID_VERSION', '$.Version'],
  ['no Statement', { Version: '1' }, undefined, 'ERR_POLICY_MISSING_STATEMENT', '$'],
  [
    'a string Statement',
    { Version: '1', Statement: 'allow all' },
    undefined,
    'ERR_POLICY_INVALID_STATEMENT',
    '$.Statement',
  ],
  [
    'an empty Statement list',
    { Version: '1', Statement: [] },
    undefined,
    'ERR_POLICY_INVALID_STATEMENT',
    '$.Statement',
  ],
  [
    'a statement that is not an object',
    { Version: '1', Statement: [s({}).Statement[0], 42] },
    undefined,
    'ERR_POLICY_NOT_OBJECT',
    '$.Statement[1]',
  ],
  ['no Effect', without('Effect'), undefined, 'ERR_POLICY_MISSING_EFFECT', '$.Statement[0]'],
  ['Effect in lower case', s({ Effect: 'allow' }), undefined, 'ERR_POLICY_INVALID_EFFECT', '$.Statement[0].Effect'],
  ['a Boolean Effect', s({ Effect: true }), undefined, 'ERR_POLICY_INVALID_EFFECT', '$.Statement[0].Effect'],
  [
    'a bad Effect in a single statement',
    { Version: '1', Statement: { Effect: 'Permit', Action: '*', Resource: '*' } },
    undefined,
    'ERR_POLICY_INVALID_EFFECT',
    '$.Statement.Effect',
  ],
  ['no Action', without('Action'), undefined, 'ERR_POLICY_MISSING_ACTION', '$.Statement[0]'],
  [
    'Action and NotAction',
    s({ NotAction: 'ram:*' }),
    undefined,
    'ERR_POLICY_ACTION_CONFLICT',
    '$.Statement[0].NotAction',
  ],
  ['a numeric Action', s({ Action: 5 }), undefined, 'ERR_POLICY_INVALID_VALUE', '$.Statement[0].Action'],
  ['an empty Action string', s({ Action: ' ' }), undefined, 'ERR_POLICY_INVALID_VALUE', '$.Statement[0].Action'],
  ['an empty Action list', s({ Action: [] }), undefined, 'ERR_POLICY_EMPTY_LIST', '$.Statement[0].Action'],
  [
    'a number inside the Action list',
    s({ Action: ['ecs:StartInstance', 7] }),
    undefined,
    'ERR_POLICY_INVALID_VALUE',
    '$.Statement[0].Action[1]',
  ],
  [
    'an empty string inside NotAction',
    s({ Action: undefined, NotAction: [''] }),
    undefined,
    'ERR_POLICY_INVALID_VALUE',
    '$.Statement[0].NotAction[0]',
  ],
  ['no Resource', without('Resource'), undefined, 'ERR_POLICY_MISSING_RESOURCE', '$.Statement[0]'],
  [
    'Resource and NotResource',
    s({ NotResource: 'acs:ecs:*:*:disk/*' }),
    undefined,
    'ERR_POLICY_RESOURCE_CONFLICT',
    '$.Statement[0].NotResource',
  ],
  [
    'an object Resource',
    s({ Resource: { arn: '*' } }),
    undefined,
    'ERR_POLICY_INVALID_VALUE',
    '$.Statement[0].Resource',
  ],
  [
    'an empty NotResource list',
    s({ Resource: undefined, NotResource: [] }),
    undefined,
    'ERR_POLICY_EMPTY_LIST',
    '$.Statement[0].NotResource',
  ],
  [
    'a string Condition',
    s({ Condition: 'only from the office' }),
    undefined,
    'ERR_POLICY_INVALID_CONDITION',
    '$.Statement[0].Condition',
  ],
  ['an empty Condition', s({ Condition: {} }), undefined, 'ERR_POLICY_INVALID_CONDITION', '$.Statement[0].Condition'],
  [
    'a list as an operator block',
    s({ Condition: { StringEquals: ['x'] } }),
    undefined,
    'ERR_POLICY_INVALID_CONDITION',
    '$.Statement[0].Condition.StringEquals',
  ],
  [
    'an empty operator block',
    s({ Condition: { Bool: {} } }),
    undefined,
    'ERR_POLICY_INVALID_CONDITION',
    '$.Statement[0].Condition.Bool',
  ],
  [
    'an object as a condition value',
    s({ Condition: { StringEquals: { 'acs:SourceVpc': { id: 'vpc-1' } } } }),
    undefined,
    'ERR_POLICY_INVALID_CONDITION_VALUE',
    '$.Statement[0].Condition.StringEquals["acs:SourceVpc"]',
  ],
  [
    'null in a condition value list',
    s({ Condition: { IpAddress: { 'acs:SourceIp': ['192.0.2.0/24', null] } } }),
    undefined,
    'ERR_POLICY_INVALID_CONDITION_VALUE',
    '$.Statement[0].Condition.IpAddress["acs:SourceIp"][1]',
  ],
  [
    'an empty condition value list',
    s({ Condition: { StringLike: { 'oss:Prefix': [] } } }),
    undefined,
    'ERR_POLICY_EMPTY_LIST',
    '$.Statement[0].Condition.StringLike["oss:Prefix"]',
  ],
  [
    'a Principal in a permission policy',
    s({ Principal: { RAM: 'acs:ram::123456789012:root' } }),
    { kind: 'identity' },
    'ERR_POLICY_UNEXPECTED_PRINCIPAL',
    '$.Statement[0].Principal',
  ],
  [
    'a trust statement without Principal',
    { Version: '1', Statement: [trustStatement, { Effect: 'Allow', Action: 'sts:AssumeRole' }] },
    undefined,
    'ERR_POLICY_MISSING_PRINCIPAL',
    '$.Statement[1]',
  ],
  [
    'a trust policy asked for without any Principal',
    { Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole' }] },
    { kind: 'trust' },
    'ERR_POLICY_MISSING_PRINCIPAL',
    '$.Statement[0]',
  ],
  [
    'a numeric Principal',
    { Version: '1', Statement: [{ ...trustStatement, Principal: 5 }] },
    undefined,
    'ERR_POLICY_INVALID_PRINCIPAL',
    '$.Statement[0].Principal',
  ],
  [
    'an empty Principal',
    { Version: '1', Statement: [{ ...trustStatement, Principal: {} }] },
    undefined,
    'ERR_POLICY_INVALID_PRINCIPAL',
    '$.Statement[0].Principal',
  ],
  [
    'an AWS principal',
    { Version: '1', Statement: [{ ...trustStatement, Principal: { AWS: '*' } }] },
    undefined,
    'ERR_POLICY_INVALID_PRINCIPAL',
    '$.Statement[0].Principal.AWS',
  ],
  [
    'a lower-case principal type',
    { Version: '1', Statement: [{ ...trustStatement, Principal: { ram: '*' } }] },
    undefined,
    'ERR_POLICY_INVALID_PRINCIPAL',
    '$.Statement[0].Principal.ram',
  ],
  [
    'an empty principal list',
    { Version: '1', Statement: [{ ...trustStatement, Principal: { Service: [] } }] },
    undefined,
    'ERR_POLICY_EMPTY_LIST',
    '$.Statement[0].Principal.Service',
  ],
];

describe('malformed documents', () => {
  it('cover every error code the validator has', () => {
    expect(new Set(table.map((row) => row[3]))).toEqual(new Set(Object.values(policyErrorCodes)));
  });

  it.each(table)('%s: validatePolicy reports it with its path', (_what, input, options, code, path) => {
    const errors = validatePolicy(input, options);
    expect(errors.map((e) => [e.code, e.path])).toContainEqual([code, path]);
    for (const e of errors) expect(e.message.length).toBeGreaterThan(10);
  });

  it.each(table)('%s: the same, as text, carries line and column', (_what, input, options, code, path) => {
    const text = typeof input === 'string' ? input : JSON.stringify(input, null, 2);
    const error = validatePolicy(text, options).find((e) => e.code === code && e.path === path);
    expect(error).toBeDefined();
    expect(error?.line).toBeGreaterThanOrEqual(1);
    expect(error?.column).toBeGreaterThanOrEqual(1);
  });

  it.each(table)('%s: parsePolicy throws PolicyParseError naming it', (_what, input, options, code, path) => {
    try {
      parsePolicy(input, options);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyParseError);
      const e = error as PolicyParseError;
      expect(e.errors.map((x) => [x.code, x.path])).toContainEqual([code, path]);
      expect(e.message).toContain(e.path);
      expect(e.message).toMatch(/^ram-policy parsePolicy failed: ERR_POLICY_/);
    }
  });
});
