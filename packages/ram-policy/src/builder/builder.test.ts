import { describe, expect, it } from 'vitest';
import { PolicyParseError } from '../policy-parse-error';
import { actions } from './actions';
import { arn } from './arns';
import { condition } from './conditions';
import { buildPolicy, buildTrustPolicy } from './policies';
import { principal } from './principals';
import { allow, deny, trust } from './statements';

describe('arn builders', () => {
  it('follow each service format', () => {
    expect(arn.ecs.instance()).toBe('acs:ecs:*:*:instance/*');
    expect(arn.ecs.instance({ instanceId: 'i-1', region: 'cn-hangzhou', accountId: '123456789012' })).toBe(
      'acs:ecs:cn-hangzhou:123456789012:instance/i-1',
    );
    expect(arn.oss.bucket({ bucket: 'b' })).toBe('acs:oss:*:*:b');
    expect(arn.oss.object({ bucket: 'b', key: 'reports/*' })).toBe('acs:oss:*:*:b/reports/*');
    expect(arn.log.logstore({ project: 'p' })).toBe('acs:log:*:*:project/p/logstore/*');
    expect(arn.ots.table({ instance: 'MyInstance', table: 't' })).toBe('acs:ots:*:*:instance/myinstance/table/t');
    expect(arn.odps.project({ project: 'p' })).toBe('acs:odps:*:*:projects/p');
    expect(arn.pai.quota()).toBe('acs:pai:*:*:quota/*');
    expect(arn.dts.instance()).toBe('acs:dts:*:*:instance/*');
    expect(arn.rds.dbInstance({ dbInstanceId: 'rm-1' })).toBe('acs:rds:*:*:dbinstance/rm-1');
    expect(arn.vpc.vSwitch()).toBe('acs:vpc:*:*:vswitch/*');
    expect(arn.slb.loadBalancer()).toBe('acs:slb:*:*:loadbalancer/*');
    expect(arn.ram.role({ roleName: 'r', accountId: '123456789012' })).toBe('acs:ram:*:123456789012:role/r');
  });

  it('refuse missing ids', () => {
    expect(() => arn.oss.bucket({ bucket: '' })).toThrow(TypeError);
    expect(() => arn.ram.role({} as never)).toThrow(/roleName/);
  });
});

describe('actions', () => {
  it('prefixes names with the RAM code', () => {
    expect(actions.ecs('DescribeInstances', 'Start*')).toEqual(['ecs:DescribeInstances', 'ecs:Start*']);
    expect(() => actions.oss()).toThrow(TypeError);
    expect(() => actions.oss('Get Object')).toThrow(/not an action name/);
  });
});

describe('condition helpers', () => {
  it('build clauses of every family', () => {
    expect(condition.stringEquals('ecs:tag/env', 'prod')).toEqual({
      operator: 'StringEquals',
      key: 'ecs:tag/env',
      values: ['prod'],
    });
    expect(condition.numericLessThan('k:n', [1, '2'])).toEqual({
      operator: 'NumericLessThan',
      key: 'k:n',
      values: [1, '2'],
    });
    expect(condition.dateLessThan('acs:CurrentTime', new Date(Date.UTC(2030, 0, 1)), { ifExists: true })).toEqual({
      operator: 'DateLessThanIfExists',
      key: 'acs:CurrentTime',
      values: ['2030-01-01T00:00:00Z'],
    });
    expect(condition.bool('acs:SecureTransport', false).values).toEqual(['false']);
    expect(condition.notIpAddress('acs:SourceIp', ['192.0.2.0/24']).operator).toBe('NotIpAddress');
    expect(condition.sourceIp('2001:db8::/32')).toEqual({
      operator: 'IpAddress',
      key: 'acs:SourceIp',
      values: ['2001:db8::/32'],
    });
    expect(condition.secureTransport()).toEqual({ operator: 'Bool', key: 'acs:SecureTransport', values: ['true'] });
    expect(condition.mfaPresent().key).toBe('acs:MFAPresent');
    expect(condition.before('2030-01-01T00:00:00+08:00').operator).toBe('DateLessThan');
    expect(condition.after('2020-01-01T00:00:00Z').operator).toBe('DateGreaterThan');
    expect(condition.resourceTag('env', 'prod').key).toBe('acs:ResourceTag/env');
    expect(condition.ecsTag('Environment', 'Production').key).toBe('ecs:tag/Environment');
    expect(condition.ossPrefix('reports/*')).toEqual({
      operator: 'StringLike',
      key: 'oss:Prefix',
      values: ['reports/*'],
    });
    expect(condition.externalId('abcd1234').key).toBe('sts:ExternalId');
    expect(condition.sourceVpc('vpc-1').key).toBe('acs:SourceVpc');
  });

  it('refuse values of the wrong type before use', () => {
    expect(() => condition.stringEquals('no-colon', 'x')).toThrow(TypeError);
    expect(() => condition.stringEquals('k:x', [])).toThrow(/at least one value/);
    expect(() => condition.numericEquals('k:n', 'ten')).toThrow(/not a number/);
    expect(() => condition.dateEquals('acs:CurrentTime', '2019-08-12')).toThrow(RangeError);
    expect(() => condition.dateEquals('acs:CurrentTime', new Date(Number.NaN))).toThrow(RangeError);
    expect(() => condition.ipAddress('acs:SourceIp', '192.0.2.0/33')).toThrow(RangeError);
    expect(() => condition.bool('acs:MFAPresent', 'true' as never)).toThrow(TypeError);
  });
});

describe('statements and policies', () => {
  it('assemble a checked policy', () => {
    const policy = buildPolicy({
      statements: [
        allow({
          actions: actions.oss('GetObject'),
          resources: arn.oss.object({ bucket: 'b' }),
          conditions: [condition.sourceIp(['192.0.2.0/24', '198.51.100.7']), condition.secureTransport()],
        }),
        deny({ notActions: 'oss:Get*', notResources: '*' }),
      ],
    });
    expect(policy.toJSON()).toEqual({
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['oss:GetObject'],
          Resource: ['acs:oss:*:*:b/*'],
          Condition: {
            IpAddress: { 'acs:SourceIp': ['192.0.2.0/24', '198.51.100.7'] },
            Bool: { 'acs:SecureTransport': 'true' },
          },
        },
        { Effect: 'Deny', NotAction: ['oss:Get*'], NotResource: ['*'] },
      ],
    });
  });

  it('refuse ambiguous statements', () => {
    expect(() => allow({ resources: '*' })).toThrow(/actions or notActions/);
    expect(() => allow({ actions: '*', notActions: '*', resources: '*' })).toThrow(TypeError);
    expect(() => allow({ actions: [], resources: '*' })).toThrow(TypeError);
    expect(() => allow({ actions: '*', resources: '*', notResources: '*' })).toThrow(/not both/);
    expect(() =>
      allow({
        actions: '*',
        resources: '*',
        conditions: [condition.stringEquals('k:a', 'x'), condition.stringEquals('k:a', 'y')],
      }),
    ).toThrow(/pass all values in one call/);
    expect(() => buildPolicy({ statements: [] })).toThrow(TypeError);
    expect(() => buildPolicy({ statements: [allow({ actions: '*' })] })).toThrow(PolicyParseError);
  });

  it('assemble trust policies', () => {
    const policy = buildTrustPolicy({
      statements: [
        trust({
          principals: [
            principal.account({ accountId: '123456789012' }),
            principal.ramRole({ accountId: '210987654321', roleName: 'ci' }),
          ],
          conditions: [condition.externalId('abcd1234')],
        }),
        trust({ principals: [principal.service({ service: 'ecs.aliyuncs.com' })] }),
        trust({
          principals: [
            principal.samlProvider({ accountId: '123456789012', providerName: 'idp' }),
            principal.oidcProvider({ accountId: '123456789012', providerName: 'gh' }),
          ],
        }),
      ],
    });
    expect(policy.kind).toBe('trust');
    expect(policy.toJSON().Statement).toEqual([
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Principal: { RAM: ['acs:ram::123456789012:root', 'acs:ram::210987654321:role/ci'] },
        Condition: { StringEquals: { 'sts:ExternalId': 'abcd1234' } },
      },
      { Effect: 'Allow', Action: ['sts:AssumeRole'], Principal: { Service: ['ecs.aliyuncs.com'] } },
      {
        Effect: 'Allow',
        Action: ['sts:AssumeRole'],
        Principal: { Federated: ['acs:ram::123456789012:saml-provider/idp', 'acs:ram::123456789012:oidc-provider/gh'] },
      },
    ]);
    expect(() => trust({ principals: [] })).toThrow(TypeError);
    expect(() => principal.account({ accountId: '1:2' })).toThrow(TypeError);
  });
});
