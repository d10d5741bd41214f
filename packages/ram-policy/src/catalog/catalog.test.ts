import { describe, expect, it } from 'vitest';
import { findConditionOperator } from '../conditions';
import { findConditionKey, findService, SERVICE_CATALOG } from './catalog';
import { GLOBAL_CONDITION_KEYS } from './global-keys';
import { CATALOG_VERSION } from './version';

describe('service catalog', () => {
  it('is versioned by date', () => {
    expect(CATALOG_VERSION).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('covers the SDK services plus ECS, VPC, SLB, RAM and STS, each with its documentation source', () => {
    expect(SERVICE_CATALOG.map((s) => s.code).sort()).toEqual(
      ['cms', 'dts', 'ecs', 'log', 'odps', 'oss', 'ots', 'pai', 'ram', 'rds', 'slb', 'sts', 'vpc'].sort(),
    );
    for (const service of SERVICE_CATALOG) {
      expect(
        service.source.split(' ').every((url) => /^https?:\/\/\S+$/.test(url)),
        service.code,
      ).toBe(true);
      for (const t of service.resourceTypes) expect(t.template, service.code).toMatch(/^[A-Za-z0-9/{}+*-]+$/);
      for (const k of service.conditionKeys) expect(k.key.startsWith(`${service.code}:`), k.key).toBe(true);
      if (service.resourceTypes.length === 0 || !service.resourceTypesComplete || service.actions.length === 0) {
        expect(service.notes.length, `${service.code} should say what is missing`).toBeGreaterThan(0);
      }
    }
  });

  it('has unique codes and aliases', () => {
    const codes = SERVICE_CATALOG.flatMap((s) => [s.code, ...s.aliases]);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('finds services by code or alias, without regard to case', () => {
    expect(findService('ECS')?.code).toBe('ecs');
    expect(findService('maxcompute')?.code).toBe('odps');
    expect(findService('nope')).toBeUndefined();
  });

  it('finds global and service condition keys, tag templates included', () => {
    expect(findConditionKey('acs:sourceip')?.family).toBe('ip');
    expect(findConditionKey('acs:ResourceTag/team')?.key).toBe('acs:ResourceTag/{TagKey}');
    expect(findConditionKey('ecs:tag/Environment')?.family).toBe('string');
    expect(findConditionKey('oss:Prefix')?.family).toBe('string');
    expect(findConditionKey('sts:ExternalId')?.family).toBe('string');
    expect(findConditionKey('acs:ResourceTag/')).toBeUndefined();
    expect(findConditionKey('nope:Key')).toBeUndefined();
    for (const k of GLOBAL_CONDITION_KEYS) expect(k.source).toMatch(/^https?:\/\//);
    expect(findConditionOperator('IpAddress')).toBeDefined();
  });
});
