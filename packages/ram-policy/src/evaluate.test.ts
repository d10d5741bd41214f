import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate';
import type { PolicyDocument, Statement } from './types';

const INSTANCE = 'acs:ecs:cn-hangzhou:123456789012:instance/i-example';

function policy(...statements: Statement[]): PolicyDocument {
  return { Version: '1', Statement: statements };
}

function decide(
  statements: Statement[],
  action: string,
  context?: Record<string, string | string[] | number | boolean | Date>,
  resource = INSTANCE,
) {
  return evaluate({
    policies: [policy(...statements)],
    request: { action, resource, ...(context ? { context } : {}) },
  });
}

const allowStart: Statement = { Effect: 'Allow', Action: 'ecs:StartInstance', Resource: 'acs:ecs:*:*:instance/*' };

describe('evaluate: statements', () => {
  it('allows what an Allow matches and implicitly denies the rest', () => {
    expect(decide([allowStart], 'ecs:StartInstance')).toEqual({
      decision: 'allow',
      matched: [{ policyIndex: 0, statementIndex: 0, path: '$.Statement[0]', effect: 'Allow' }],
      unevaluated: [],
    });
    expect(decide([allowStart], 'ecs:StopInstance').decision).toBe('implicitDeny');
    expect(decide([allowStart], 'ecs:StartInstance', undefined, 'acs:ecs:cn-hangzhou:1:disk/d-1').decision).toBe(
      'implicitDeny',
    );
  });

  it('lets an explicit Deny win, across policies too', () => {
    const denyAll: Statement = { Effect: 'Deny', Action: 'ecs:*', Resource: '*' };
    expect(decide([allowStart, denyAll], 'ecs:StartInstance').decision).toBe('explicitDeny');
    const result = evaluate({
      policies: [policy(allowStart), policy(denyAll)],
      request: { action: 'ecs:StartInstance', resource: INSTANCE },
    });
    expect(result.decision).toBe('explicitDeny');
    expect(result.matched.map((m) => [m.policyIndex, m.effect])).toEqual([
      [0, 'Allow'],
      [1, 'Deny'],
    ]);
  });

  it('matches actions without regard to case, resources with it, both with * and ?', () => {
    expect(
      decide([{ Effect: 'Allow', Action: 'ECS:start?nstance', Resource: '*' }], 'ecs:StartInstance').decision,
    ).toBe('allow');
    expect(
      decide([{ Effect: 'Allow', Action: 'ecs:*', Resource: 'acs:ecs:*:*:INSTANCE/*' }], 'ecs:StartInstance').decision,
    ).toBe('implicitDeny');
  });

  it('honours NotAction and NotResource', () => {
    const exceptRam: Statement = { Effect: 'Allow', NotAction: 'ram:*', Resource: '*' };
    expect(decide([exceptRam], 'ecs:StartInstance').decision).toBe('allow');
    expect(decide([exceptRam], 'ram:CreateUser', undefined, 'acs:ram:*:1:user/x').decision).toBe('implicitDeny');
    const exceptDisks: Statement = { Effect: 'Allow', Action: 'ecs:*', NotResource: 'acs:ecs:*:*:disk/*' };
    expect(decide([exceptDisks], 'ecs:StartInstance').decision).toBe('allow');
    expect(decide([exceptDisks], 'ecs:DeleteDisk', undefined, 'acs:ecs:cn-hangzhou:1:disk/d-1').decision).toBe(
      'implicitDeny',
    );
  });

  it('matches principals of trust statements, an account root standing for its users and roles', () => {
    const trust: Statement = {
      Effect: 'Allow',
      Action: 'sts:AssumeRole',
      Principal: { RAM: 'acs:ram::123456789012:root' },
    };
    const request = (id: string) =>
      evaluate({
        policies: [policy(trust)],
        request: { action: 'sts:AssumeRole', resource: 'acs:ram:*:1:role/r', principal: { type: 'RAM', id } },
      });
    expect(request('acs:ram::123456789012:user/alice').decision).toBe('allow');
    expect(request('acs:ram::999999999999:user/mallory').decision).toBe('implicitDeny');
    expect(
      evaluate({ policies: [policy(trust)], request: { action: 'sts:AssumeRole', resource: 'acs:ram:*:1:role/r' } })
        .decision,
    ).toBe('implicitDeny');
  });
});

describe('evaluate: conditions', () => {
  const tagged = (...conditions: Statement['Condition'][]) =>
    conditions.map((Condition) => ({ ...allowStart, Condition }));

  it('ORs the values of a key', () => {
    const [s] = tagged({ StringEquals: { 'ecs:tag/env': ['prod', 'staging'] } });
    expect(decide([s as Statement], 'ecs:StartInstance', { 'ecs:tag/env': 'staging' }).decision).toBe('allow');
    expect(decide([s as Statement], 'ecs:StartInstance', { 'ecs:tag/env': 'dev' }).decision).toBe('implicitDeny');
  });

  it('ANDs keys and operators', () => {
    const [s] = tagged({
      StringEquals: { 'ecs:tag/env': 'prod', 'ecs:tag/team': 'a' },
      IpAddress: { 'acs:SourceIp': '192.0.2.0/24' },
    });
    const stmt = s as Statement;
    expect(
      decide([stmt], 'ecs:StartInstance', { 'ecs:tag/env': 'prod', 'ecs:tag/team': 'a', 'acs:SourceIp': '192.0.2.9' })
        .decision,
    ).toBe('allow');
    expect(
      decide([stmt], 'ecs:StartInstance', { 'ecs:tag/env': 'prod', 'ecs:tag/team': 'b', 'acs:SourceIp': '192.0.2.9' })
        .decision,
    ).toBe('implicitDeny');
    expect(
      decide([stmt], 'ecs:StartInstance', {
        'ecs:tag/env': 'prod',
        'ecs:tag/team': 'a',
        'acs:SourceIp': '198.51.100.1',
      }).decision,
    ).toBe('implicitDeny');
  });

  it('fails a condition whose key the request lacks, negated operators included', () => {
    const [positive, negated] = tagged(
      { StringEquals: { 'acs:SourceVpc': 'vpc-1' } },
      { StringNotEquals: { 'acs:SourceVpc': 'vpc-1' } },
    );
    expect(decide([positive as Statement], 'ecs:StartInstance', {}).decision).toBe('implicitDeny');
    expect(decide([negated as Statement], 'ecs:StartInstance', {}).decision).toBe('implicitDeny');
    expect(decide([negated as Statement], 'ecs:StartInstance', { 'acs:SourceVpc': 'vpc-2' }).decision).toBe('allow');
  });

  it('lets a missing key pass an IfExists operator', () => {
    const [s] = tagged({ DateLessThanIfExists: { 'acs:CurrentTime': '2030-01-01T00:00:00Z' } });
    expect(decide([s as Statement], 'ecs:StartInstance', {}).decision).toBe('allow');
    expect(decide([s as Statement], 'ecs:StartInstance', { 'acs:CurrentTime': '2031-01-01T00:00:00Z' }).decision).toBe(
      'implicitDeny',
    );
  });

  it('compares strings, patterns, numbers, dates, booleans and addresses', () => {
    const cases: Array<[Statement['Condition'], Record<string, string | number | boolean | Date | string[]>, boolean]> =
      [
        [{ StringEqualsIgnoreCase: { 'k:a': 'PROD' } }, { 'k:a': 'prod' }, true],
        [{ StringNotEqualsIgnoreCase: { 'k:a': 'PROD' } }, { 'k:a': 'prod' }, false],
        [{ StringLike: { 'oss:Prefix': 'reports/*' } }, { 'oss:Prefix': 'reports/2024/' }, true],
        [{ StringNotLike: { 'oss:Prefix': 'reports/*' } }, { 'oss:Prefix': 'private/' }, true],
        [{ NumericLessThan: { 'k:n': '10' } }, { 'k:n': 9 }, true],
        [{ NumericGreaterThanEquals: { 'k:n': 10 } }, { 'k:n': '9.5' }, false],
        [{ NumericNotEquals: { 'k:n': 1 } }, { 'k:n': 2 }, true],
        [
          { DateGreaterThan: { 'acs:CurrentTime': '2019-08-12T17:00:00+08:00' } },
          { 'acs:CurrentTime': '2019-08-12T09:00:01Z' },
          true,
        ],
        [
          { DateEquals: { 'acs:CurrentTime': '2019-08-12T17:00:00+08:00' } },
          { 'acs:CurrentTime': new Date(Date.UTC(2019, 7, 12, 9)) },
          true,
        ],
        [{ Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': true }, true],
        [{ Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': 'false' }, false],
        [
          { NotIpAddress: { 'acs:SourceIp': ['192.0.2.0/24', '2001:db8::/32'] } },
          { 'acs:SourceIp': '2001:db8::7' },
          false,
        ],
        [{ StringEquals: { 'k:multi': 'b' } }, { 'k:multi': ['a', 'b'] }, true],
      ];
    for (const [Condition, context, allowed] of cases) {
      const result = decide([{ ...allowStart, Condition }], 'ecs:StartInstance', context);
      expect([Condition, result.decision]).toEqual([Condition, allowed ? 'allow' : 'implicitDeny']);
    }
  });

  it('looks condition keys up without regard to case', () => {
    const [s] = tagged({ IpAddress: { 'acs:SourceIp': '192.0.2.0/24' } });
    expect(decide([s as Statement], 'ecs:StartInstance', { 'ACS:sourceip': '192.0.2.1' }).decision).toBe('allow');
  });
});

describe('evaluate: what cannot be evaluated never allows', () => {
  it('reports an unknown operator and does not apply the Allow', () => {
    const result = decide(
      [{ ...allowStart, Condition: { StringEqualz: { 'acs:SourceVpc': 'vpc-1' } } }],
      'ecs:StartInstance',
      { 'acs:SourceVpc': 'vpc-1' },
    );
    expect(result.decision).toBe('implicitDeny');
    expect(result.unevaluated).toEqual([
      {
        policyIndex: 0,
        statementIndex: 0,
        path: '$.Statement[0].Condition.StringEqualz["acs:SourceVpc"]',
        effect: 'Allow',
        operator: 'StringEqualz',
        key: 'acs:SourceVpc',
        reason: 'unknown-operator',
        message: 'StringEqualz is not a condition operator RAM documents',
      },
    ]);
  });

  it('keeps an Allow from winning when a Deny could not be evaluated', () => {
    const uncertainDeny: Statement = {
      Effect: 'Deny',
      Action: '*',
      Resource: '*',
      Condition: { BoolIfExists: { 'acs:MFAPresent': 'false' } },
    };
    const result = decide([allowStart, uncertainDeny], 'ecs:StartInstance', { 'acs:MFAPresent': 'false' });
    expect(result.decision).toBe('implicitDeny');
    expect(result.matched).toHaveLength(1);
    expect(result.unevaluated[0]).toMatchObject({ effect: 'Deny', reason: 'unknown-operator' });
  });

  it('reports unreadable policy and request values', () => {
    const badPolicy = decide(
      [{ ...allowStart, Condition: { IpAddress: { 'acs:SourceIp': 'not-an-ip' } } }],
      'ecs:StartInstance',
      { 'acs:SourceIp': '192.0.2.1' },
    );
    expect(badPolicy.unevaluated[0]?.reason).toBe('invalid-policy-value');
    expect(badPolicy.decision).toBe('implicitDeny');
    const badRequest = decide(
      [{ ...allowStart, Condition: { IpAddress: { 'acs:SourceIp': '192.0.2.0/24' } } }],
      'ecs:StartInstance',
      { 'acs:SourceIp': '192.0.2.0/24' },
    );
    expect(badRequest.unevaluated[0]?.reason).toBe('invalid-context-value');
    expect(badRequest.decision).toBe('implicitDeny');
  });

  it('refuses a malformed request before evaluating', () => {
    expect(() => decide([allowStart], 'StartInstance')).toThrow(TypeError);
    expect(() => decide([allowStart], 'ecs:StartInstance', undefined, '')).toThrow(/resource/);
    expect(() => evaluate({ policies: 'x' as never, request: { action: 'a:b', resource: 'r' } })).toThrow(/policies/);
  });
});
