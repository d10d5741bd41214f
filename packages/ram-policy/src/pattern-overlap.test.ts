import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wildcardCovers, wildcardFitsTemplate, wildcardsOverlap } from './pattern-overlap';
import { matchesWildcard } from './wildcard';

describe('wildcardFitsTemplate', () => {
  it.each([
    ['instance/*', 'instance/{InstanceId}', true],
    ['instance/i-123', 'instance/{InstanceId}', true],
    ['*', 'instance/{InstanceId}', true],
    ['*/i-123', 'instance/{InstanceId}', true],
    ['disk/d-1', 'instance/{InstanceId}', false],
    ['instance/', 'instance/{InstanceId}', false],
    ['instance/a/b', 'instance/{InstanceId}', false],
    ['project/p/*', 'project/{ProjectName}/logstore/{LogstoreName}', true],
    ['bucket/dir/file.txt', '{BucketName}/{ObjectKey+}', true],
    ['bucket', '{BucketName}/{ObjectKey+}', false],
    ['job/abc', 'job/*', true],
  ])('%j fits %j: %s', (pattern, template, expected) => {
    expect(wildcardFitsTemplate(pattern, template)).toBe(expected);
  });
});

describe('wildcardsOverlap', () => {
  it('finds a common string when there is one', () => {
    expect(wildcardsOverlap('a*', '*b')).toBe(true);
    expect(wildcardsOverlap('a?', 'b*')).toBe(false);
    expect(wildcardsOverlap('ECS:*', 'ecs:Start*', { ignoreCase: true })).toBe(true);
  });
});

describe('wildcardCovers', () => {
  it.each([
    ['*', 'anything*', true],
    ['ecs:*', 'ecs:Describe*', true],
    ['ecs:Describe*', 'ecs:*', false],
    ['a?c', 'abc', true],
    ['a?c', 'a*c', false],
    ['a*', 'a?', true],
    ['ab', 'a?', false],
  ])('%j covers %j: %s', (general, specific, expected) => {
    expect(wildcardCovers(general, specific)).toBe(expected);
  });

  it('never claims cover wrongly: every string the specific pattern matches, the general one matches', () => {
    const pattern = fc.stringMatching(/^[ab*?]{0,6}$/);
    const word = fc.stringMatching(/^[ab]{0,8}$/);
    fc.assert(
      fc.property(pattern, pattern, word, (general, specific, w) => {
        if (wildcardCovers(general, specific) && matchesWildcard(specific, w))
          expect(matchesWildcard(general, w)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('finds overlap exactly when some short word matches both', () => {
    const pattern = fc.stringMatching(/^[ab*?]{0,4}$/);
    const words: string[] = [''];
    for (let n = 1; n <= 6; n++) for (const w of words.filter((x) => x.length === n - 1)) words.push(`${w}a`, `${w}b`);
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        // With at most 4 symbols each, a common word (if any) has at most 4 characters... or uses a star.
        const common = words.some((w) => matchesWildcard(a, w) && matchesWildcard(b, w));
        if (common) expect(wildcardsOverlap(a, b)).toBe(true);
        if (!wildcardsOverlap(a, b)) expect(common).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});
