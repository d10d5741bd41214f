import { describe, expect, it } from 'vitest';
import { equalsIgnoringCase, hasWildcard, matchesWildcard } from './wildcard';

describe('matchesWildcard', () => {
  it.each([
    ['ecs:Describe*', 'ecs:DescribeInstances', true],
    ['ecs:Describe*', 'ecs:Describe', true],
    ['ecs:Describe*', 'ecs:StartInstance', false],
    ['*', '', true],
    ['', '', true],
    ['', 'a', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*a*b*', 'xxaxxbxx', true],
    ['*a*b', 'xxaxxbxx', false],
    ['acs:oss:*:*:bucket/logs/*', 'acs:oss:cn-hangzhou:123:bucket/logs/2024/01.gz', true],
    ['?', '😀', true],
    ['a.c', 'abc', false],
  ])('%j against %j is %s', (pattern, value, expected) => {
    expect(matchesWildcard(pattern, value)).toBe(expected);
  });

  it('compares case only when asked to', () => {
    expect(matchesWildcard('ecs:describe*', 'ECS:DescribeInstances')).toBe(false);
    expect(matchesWildcard('ecs:describe*', 'ECS:DescribeInstances', { ignoreCase: true })).toBe(true);
  });

  it('stays fast on patterns that make backtracking regexes explode', () => {
    const started = performance.now();
    expect(matchesWildcard(`${'*a'.repeat(30)}b`, 'a'.repeat(5000))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('helpers', () => {
  it('hasWildcard', () => {
    expect(hasWildcard('ecs:*')).toBe(true);
    expect(hasWildcard('a?')).toBe(true);
    expect(hasWildcard('ecs:StartInstance')).toBe(false);
  });

  it('equalsIgnoringCase compares like Java', () => {
    expect(equalsIgnoringCase('StartInstance', 'startinstance')).toBe(true);
    expect(equalsIgnoringCase('a', 'ab')).toBe(false);
  });
});
