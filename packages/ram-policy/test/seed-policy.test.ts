import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  actions,
  allow,
  arn,
  buildPolicy,
  condition,
  deny,
  evaluate,
  lintPolicy,
  parsePolicy,
  validatePolicy,
} from '../src/index';

// The policy the product's users start from: operate production ECS instances, read and write one
// OSS prefix. Built with the builder, and kept as a fixture file for the CLI.
const fixture = readFileSync(new URL('./fixtures/seed-policy.json', import.meta.url), 'utf8');

const seed = buildPolicy({
  statements: [
    allow({
      actions: actions.ecs('DescribeInstances', 'StartInstance', 'StopInstance'),
      resources: arn.ecs.instance(),
      conditions: [condition.ecsTag('Environment', 'Production')],
    }),
    allow({
      actions: actions.oss('GetObject', 'PutObject'),
      resources: arn.oss.object({ bucket: 'example-bucket', key: 'reports/*' }),
    }),
  ],
});

const ACCOUNT = '123456789012';
const instance = (id: string) => `acs:ecs:cn-hangzhou:${ACCOUNT}:instance/${id}`;
const object = (bucket: string, key: string) => `acs:oss:cn-hangzhou:${ACCOUNT}:${bucket}/${key}`;
const production = { 'ecs:tag/Environment': 'Production' };

describe('the seed policy', () => {
  it('builds into the same statements as the fixture document', () => {
    expect(seed.statements).toEqual(parsePolicy(fixture).statements);
    expect(validatePolicy(seed)).toEqual([]);
  });

  it('lints clean, built or read from text', () => {
    expect(lintPolicy(seed)).toEqual([]);
    expect(lintPolicy(fixture)).toEqual([]);
  });

  it.each([
    ['ecs:DescribeInstances', instance('i-web1'), production, 'allow'],
    ['ecs:StartInstance', instance('i-web1'), production, 'allow'],
    ['ecs:StopInstance', instance('i-web1'), production, 'allow'],
    ['ECS:stopinstance', instance('i-web1'), production, 'allow'],
    ['ecs:StartInstance', instance('i-web1'), { 'ecs:tag/Environment': 'Staging' }, 'implicitDeny'],
    ['ecs:StartInstance', instance('i-web1'), {}, 'implicitDeny'],
    ['ecs:DeleteInstance', instance('i-web1'), production, 'implicitDeny'],
    ['ecs:StartInstance', `acs:ecs:cn-hangzhou:${ACCOUNT}:disk/d-1`, production, 'implicitDeny'],
    ['oss:GetObject', object('example-bucket', 'reports/2024/q1.csv'), {}, 'allow'],
    ['oss:PutObject', object('example-bucket', 'reports/q2.csv'), {}, 'allow'],
    ['oss:GetObject', object('example-bucket', 'private/salaries.csv'), {}, 'implicitDeny'],
    ['oss:GetObject', object('other-bucket', 'reports/q1.csv'), {}, 'implicitDeny'],
    ['oss:DeleteObject', object('example-bucket', 'reports/q1.csv'), {}, 'implicitDeny'],
    ['oss:ListObjects', `acs:oss:cn-hangzhou:${ACCOUNT}:example-bucket`, {}, 'implicitDeny'],
  ] as const)('%s on %s with %j: %s', (action, resource, context, expected) => {
    expect(evaluate({ policies: [seed], request: { action, resource, context } }).decision).toBe(expected);
  });

  it('gives way to a Deny attached alongside it', () => {
    const freeze = buildPolicy({
      statements: [deny({ actions: 'oss:PutObject', resources: arn.oss.object({ bucket: 'example-bucket' }) })],
    });
    const put = evaluate({
      policies: [seed, freeze],
      request: { action: 'oss:PutObject', resource: object('example-bucket', 'reports/q3.csv') },
    });
    expect(put.decision).toBe('explicitDeny');
    expect(put.matched.map((m) => [m.policyIndex, m.path, m.effect])).toEqual([
      [0, '$.Statement[1]', 'Allow'],
      [1, '$.Statement[0]', 'Deny'],
    ]);
    const get = evaluate({
      policies: [seed, freeze],
      request: { action: 'oss:GetObject', resource: object('example-bucket', 'reports/q3.csv') },
    });
    expect(get.decision).toBe('allow');
  });
});
