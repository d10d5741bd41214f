import { CMS_SERVICE } from './cms';
import { DTS_SERVICE } from './dts';
import { ECS_SERVICE } from './ecs';
import { GLOBAL_CONDITION_KEYS } from './global-keys';
import { LOG_SERVICE } from './log';
import { ODPS_SERVICE } from './odps';
import { OSS_SERVICE } from './oss';
import { OTS_SERVICE } from './ots';
import { PAI_SERVICE } from './pai';
import { RAM_SERVICE } from './ram';
import { RDS_SERVICE } from './rds';
import { SLB_SERVICE } from './slb';
import { STS_SERVICE } from './sts';
import type { ConditionKeyEntry, ServiceEntry } from './types';
import { VPC_SERVICE } from './vpc';

/**
 * The services the catalog describes: the ones alikit has packages for (OSS, SLS, Tablestore,
 * CloudMonitor, MaxCompute, PAI, DTS, RDS) plus ECS, VPC, SLB, RAM and STS.
 */
export const SERVICE_CATALOG: readonly ServiceEntry[] = Object.freeze([
  ECS_SERVICE,
  OSS_SERVICE,
  LOG_SERVICE,
  OTS_SERVICE,
  ODPS_SERVICE,
  PAI_SERVICE,
  DTS_SERVICE,
  CMS_SERVICE,
  RDS_SERVICE,
  VPC_SERVICE,
  SLB_SERVICE,
  RAM_SERVICE,
  STS_SERVICE,
]);

const BY_CODE = new Map<string, ServiceEntry>();
for (const entry of SERVICE_CATALOG) {
  BY_CODE.set(entry.code, entry);
  for (const alias of entry.aliases) BY_CODE.set(alias, entry);
}

/** The catalog entry for a RAM code or one of its aliases (compared without case), or undefined. */
export function findService(code: string): ServiceEntry | undefined {
  return BY_CODE.get(code.toLowerCase());
}

function keyMatches(template: string, key: string): boolean {
  const open = template.indexOf('{');
  if (open < 0) return template.toLowerCase() === key.toLowerCase();
  const prefix = template.slice(0, open).toLowerCase();
  return key.length > open && key.toLowerCase().startsWith(prefix);
}

/**
 * The catalog's entry for a condition key: a global `acs:` key or a key of a catalog service, with
 * `{TagKey}` templates standing for any suffix. Keys compare without case.
 */
export function findConditionKey(key: string): ConditionKeyEntry | undefined {
  const fromGlobal = GLOBAL_CONDITION_KEYS.find((k) => keyMatches(k.key, key));
  if (fromGlobal) return fromGlobal;
  const colon = key.indexOf(':');
  if (colon <= 0) return undefined;
  return findService(key.slice(0, colon))?.conditionKeys.find((k) => keyMatches(k.key, key));
}
