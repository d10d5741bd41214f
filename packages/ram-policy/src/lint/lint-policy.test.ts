import { describe, expect, it } from 'vitest';
import type { PolicyDocument, Statement } from '../types';
import { hasFindingsAtOrAbove, lintPolicy } from './lint-policy';

function lint(...statements: Statement[]) {
  const doc: PolicyDocument = { Version: '1', Statement: statements };
  return lintPolicy(doc).map((f) => [f.code, f.severity, f.path]);
}

const ok: Statement = { Effect: 'Allow', Action: ['oss:GetObject'], Resource: ['acs:oss:*:*:example-bucket/*'] };

describe('lintPolicy', () => {
  it('finds nothing in a careful policy', () => {
    expect(lint(ok)).toEqual([]);
  });

  it('reports schema errors as error findings with the validator codes', () => {
    const findings = lintPolicy('{"Version":"1","Statement":[{"Effect":"Allow","Action":"oss:GetObject"}]}');
    expect(findings).toEqual([
      {
        code: 'ERR_POLICY_MISSING_RESOURCE',
        severity: 'error',
        path: '$.Statement[0]',
        message: expect.stringContaining('needs a Resource'),
        line: 1,
        column: 29,
      },
    ]);
  });

  it('checks actions: malformed, unknown service, unknown action', () => {
    expect(
      lint({
        ...ok,
        Action: [
          'ecsDescribeInstances',
          '*:Describe*',
          'ecs:',
          'ecss:DescribeInstances',
          'ecs:DescribeInstance',
          'ecs:Describe*',
        ],
      }),
    ).toEqual([
      ['malformed-action', 'error', '$.Statement[0].Action[0]'],
      ['malformed-action', 'error', '$.Statement[0].Action[1]'],
      ['malformed-action', 'error', '$.Statement[0].Action[2]'],
      ['unknown-service', 'warning', '$.Statement[0].Action[3]'],
      ['unknown-action', 'info', '$.Statement[0].Action[4]'],
    ]);
    const [finding] = lintPolicy({ Version: '1', Statement: [{ ...ok, Action: 'ecss:DescribeInstances' }] });
    expect(finding?.message).toContain('did you mean "ecs"?');
    expect(finding?.path).toBe('$.Statement[0].Action');
  });

  it('checks resources: prefix, fields, service and format', () => {
    expect(
      lint({
        ...ok,
        Action: '*',
        Resource: [
          'arn:aws:s3:::bucket',
          'acs:ecs:instance',
          'acs:ecs:Hangzhou:*:instance/*',
          'acs:ecs:*:my-account:instance/*',
          'acs:foo:*:*:thing',
          'acs:ots:*:*:table/t',
          'acs:ecs:*:*:disk/d-1',
          'acs:ots:*:*:instance/i/table/*',
        ],
      }),
    ).toEqual([
      ['malformed-resource', 'error', '$.Statement[0].Resource[0]'],
      ['malformed-resource', 'error', '$.Statement[0].Resource[1]'],
      ['malformed-resource', 'warning', '$.Statement[0].Resource[2]'],
      ['malformed-resource', 'warning', '$.Statement[0].Resource[3]'],
      ['unknown-service', 'warning', '$.Statement[0].Resource[4]'],
      ['resource-format', 'warning', '$.Statement[0].Resource[5]'],
      ['resource-format', 'info', '$.Statement[0].Resource[6]'],
    ]);
  });

  it('checks conditions: operator, key, value types', () => {
    expect(
      lint({
        ...ok,
        Condition: {
          StringEqualsIfExists: { 'acs:SourceVpc': 'vpc-1' },
          IpAddress: { 'acs:SourceIp': ['192.0.2.0/24', '300.0.0.1'], 'acs:CurrentTime': '192.0.2.1' },
          DateLessThan: { 'acs:CurrentTime': '2019-08-12' },
          Bool: { 'acs:SecureTransport': 'True', 'acs:MFAPresent': ['true', 'false'] },
          NumericLessThan: { 'k:n': 'ten' },
          StringEquals: { SourceVpc: 'vpc-1', 'acs:SourceVPCs': 'x', 'ecs:tag/env': 5 },
        },
      }),
    ).toEqual([
      ['unknown-operator', 'error', '$.Statement[0].Condition.StringEqualsIfExists'],
      ['invalid-condition-value', 'error', '$.Statement[0].Condition.IpAddress["acs:SourceIp"][1]'],
      ['condition-type-mismatch', 'warning', '$.Statement[0].Condition.IpAddress'],
      ['invalid-condition-value', 'error', '$.Statement[0].Condition.DateLessThan["acs:CurrentTime"]'],
      ['invalid-condition-value', 'error', '$.Statement[0].Condition.Bool["acs:SecureTransport"]'],
      ['multiple-bool-values', 'error', '$.Statement[0].Condition.Bool["acs:MFAPresent"]'],
      ['invalid-condition-value', 'error', '$.Statement[0].Condition.NumericLessThan["k:n"]'],
      ['malformed-condition-key', 'error', '$.Statement[0].Condition.StringEquals.SourceVpc'],
      ['unknown-condition-key', 'info', '$.Statement[0].Condition.StringEquals["acs:SourceVPCs"]'],
      ['condition-value-type', 'warning', '$.Statement[0].Condition.StringEquals["ecs:tag/env"]'],
    ]);
    const [unknownIfExists] = lintPolicy({
      Version: '1',
      Statement: [{ ...ok, Condition: { BoolIfExists: { 'acs:MFAPresent': 'true' } } }],
    });
    expect(unknownIfExists?.message).toContain('IfExists forms only for the Date operators, so use "Bool"');
  });

  it('flags every action on every resource, and NotAction on every resource', () => {
    expect(lint({ Effect: 'Allow', Action: '*', Resource: '*' })).toEqual([
      ['full-access', 'warning', '$.Statement[0]'],
    ]);
    expect(lint({ Effect: 'Allow', NotAction: 'ram:*', Resource: '*' })).toEqual([
      ['allow-not-action', 'warning', '$.Statement[0].NotAction'],
    ]);
    expect(lint({ Effect: 'Deny', Action: '*', Resource: '*' })).toEqual([]);
  });

  it('flags duplicate statements regardless of order and case of actions', () => {
    expect(lint(ok, { ...ok, Action: ['OSS:getobject', 'oss:GetObject'] })).toEqual([
      ['duplicate-statement', 'warning', '$.Statement[1]'],
    ]);
  });

  it('flags an Allow that a Deny fully shadows, and only then', () => {
    const deny: Statement = { Effect: 'Deny', Action: 'oss:*', Resource: 'acs:oss:*:*:example-bucket/*' };
    expect(lint(ok, deny)).toEqual([['shadowed-allow', 'warning', '$.Statement[0]']]);
    expect(lint(ok, { ...deny, Condition: { Bool: { 'acs:SecureTransport': 'false' } } })).toEqual([]);
    expect(lint({ ...ok, Resource: '*' }, deny)).toEqual([]);
    expect(lint({ ...ok, Action: 'oss:Get*' }, { ...deny, Action: 'oss:GetObject' })).toEqual([]);
  });

  it('flags documents over the size limit, telling whitespace from content', () => {
    const pretty = JSON.stringify({ Version: '1', Statement: [ok] }, null, 12);
    const compact = JSON.stringify({ Version: '1', Statement: [ok] }).length;
    expect(lintPolicy(pretty, { sizeLimit: compact }).map((f) => f.code)).toEqual(['policy-too-large-as-written']);
    expect(lintPolicy(pretty, { sizeLimit: compact - 1 }).map((f) => [f.code, f.severity])).toEqual([
      ['policy-too-large', 'error'],
    ]);
    expect(() => lintPolicy(pretty, { sizeLimit: -1 })).toThrow(RangeError);
  });

  it('places findings in text by line and column', () => {
    const text =
      '{\n  "Version": "1",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Action": ["oss:GetObject", "osss:PutObject"],\n      "Resource": "*"\n    }\n  ]\n}';
    expect(lintPolicy(text).map((f) => [f.code, f.line, f.column])).toEqual([['unknown-service', 6, 35]]);
  });

  it('compares findings with a threshold', () => {
    const findings = lintPolicy({ Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    expect(hasFindingsAtOrAbove(findings, 'error')).toBe(false);
    expect(hasFindingsAtOrAbove(findings, 'warning')).toBe(true);
    expect(hasFindingsAtOrAbove(findings, 'info')).toBe(true);
  });
});
