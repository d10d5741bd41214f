import { isSdkError } from '@alikit/core';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from './parse';
import { Policy } from './policy';
import { PolicyParseError } from './policy-parse-error';

const text = `{
  "Version": "1",
  "Statement": {
    "Effect": "Allow",
    "Action": "oss:GetObject",
    "Resource": ["acs:oss:*:*:example-bucket/*"],
    "Condition": { "IpAddress": { "acs:SourceIp": "192.0.2.0/24" } }
  }
}`;

describe('parsePolicy', () => {
  it('keeps the document as written and offers a normalised view', () => {
    const policy = parsePolicy(text);
    expect(policy.toJSON()).toEqual(JSON.parse(text));
    expect(policy.kind).toBe('identity');
    expect(policy.statements).toEqual([
      {
        index: 0,
        path: '$.Statement',
        effect: 'Allow',
        actions: ['oss:GetObject'],
        notActions: undefined,
        resources: ['acs:oss:*:*:example-bucket/*'],
        notResources: undefined,
        conditions: [{ operator: 'IpAddress', key: 'acs:SourceIp', values: ['192.0.2.0/24'] }],
        principal: undefined,
      },
    ]);
  });

  it('accepts an already parsed document and returns a Policy as is', () => {
    const policy = parsePolicy(JSON.parse(text));
    expect(policy).toBeInstanceOf(Policy);
    expect(parsePolicy(policy)).toBe(policy);
  });

  it('gives back copies, so the policy cannot be changed from outside', () => {
    const policy = parsePolicy(text);
    const doc = policy.toJSON();
    (doc as { Version: string }).Version = '2';
    expect(policy.toJSON().Version).toBe('1');
    expect(Object.isFrozen(policy.statements[0])).toBe(true);
  });

  it('writes compact or indented JSON', () => {
    const policy = parsePolicy(text);
    expect(policy.toString()).toBe(JSON.stringify(JSON.parse(text)));
    expect(policy.toString({ indent: 2 })).toBe(JSON.stringify(JSON.parse(text), null, 2));
    expect(JSON.stringify(policy)).toBe(policy.toString());
  });

  it('throws a PolicyParseError that is an SdkError with code, path, line and column', () => {
    const bad =
      '{\n  "Version": "1",\n  "Statement": [\n    {"Effect": "Allow", "Action": "*", "Resource": "*"},\n    {"Effect": "allow", "Action": "*", "Resource": "*"}\n  ]\n}';
    try {
      parsePolicy(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PolicyParseError);
      expect(isSdkError(error)).toBe(true);
      const e = error as PolicyParseError;
      expect(e.name).toBe('PolicyParseError');
      expect(e.code).toBe('ERR_POLICY_INVALID_EFFECT');
      expect(e.path).toBe('$.Statement[1].Effect');
      expect([e.line, e.column]).toEqual([5, 6]);
      expect(e.message).toBe(
        'ram-policy parsePolicy failed: ERR_POLICY_INVALID_EFFECT: $.Statement[1].Effect (line 5, column 6): Effect must be "Allow" or "Deny" (case matters), not "allow"',
      );
      expect(e.errors).toHaveLength(1);
    }
  });

  it('counts further errors in the message', () => {
    try {
      parsePolicy({ Version: '2', Statement: [] });
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyParseError).errors.map((x) => x.code)).toEqual([
        'ERR_POLICY_INVALID_VERSION',
        'ERR_POLICY_INVALID_STATEMENT',
      ]);
      expect((error as Error).message).toContain('(1 more error in .errors)');
    }
  });

  it('validates in the constructor too', () => {
    expect(() => new Policy({ Version: '1', Statement: [] })).toThrow(PolicyParseError);
  });

  it('tells trust policies apart by their Principal', () => {
    const trust = parsePolicy({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: 'acs:ram::123456789012:root' } }],
    });
    expect(trust.kind).toBe('trust');
    expect(trust.statements[0]?.principal).toEqual({
      everyone: false,
      ram: ['acs:ram::123456789012:root'],
      service: [],
      federated: [],
    });
    try {
      parsePolicy(trust.toJSON(), { kind: 'identity' });
      expect.unreachable();
    } catch (error) {
      expect((error as PolicyParseError).errors.map((e) => e.code)).toEqual([
        'ERR_POLICY_MISSING_RESOURCE',
        'ERR_POLICY_UNEXPECTED_PRINCIPAL',
      ]);
    }
    expect(() => parsePolicy(trust.toJSON(), { kind: 'bogus' as 'trust' })).toThrow(RangeError);
  });
});
