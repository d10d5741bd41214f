import { describe, expect, it } from 'vitest';
import { nearestInstanceTypes, PAI_INSTANCE_TYPES } from './instance-types';

describe('PAI_INSTANCE_TYPES', () => {
  it('holds CPU and GPU training types', () => {
    for (const t of ['ecs.c6.large', 'ecs.g7.8xlarge', 'ecs.gn6i-c4g1.xlarge', 'ecs.gn7i-c8g1.2xlarge']) {
      expect(PAI_INSTANCE_TYPES.has(t)).toBe(true);
    }
    expect([...PAI_INSTANCE_TYPES].every((t) => /^ecs\.[a-z0-9-]+\.[a-z0-9]+$/.test(t))).toBe(true);
  });

  it('suggests near misses only', () => {
    expect(nearestInstanceTypes('ecs.gn6i-c4g1.xlage', PAI_INSTANCE_TYPES)[0]).toBe('ecs.gn6i-c4g1.xlarge');
    expect(nearestInstanceTypes('ECS.C6.LARGE', PAI_INSTANCE_TYPES)[0]).toBe('ecs.c6.large');
    expect(nearestInstanceTypes('m5.large', PAI_INSTANCE_TYPES)).toEqual([]);
  });
});
