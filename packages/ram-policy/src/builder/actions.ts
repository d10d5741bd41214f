import type { CmsActionName } from '../catalog/cms';
import type { DtsActionName } from '../catalog/dts';
import type { EcsActionName } from '../catalog/ecs';
import type { LogActionName } from '../catalog/log';
import type { OdpsActionName } from '../catalog/odps';
import type { OssActionName } from '../catalog/oss';
import type { OtsActionName } from '../catalog/ots';
import type { PaiActionName } from '../catalog/pai';
import type { RamActionName } from '../catalog/ram';
import type { RdsActionName } from '../catalog/rds';
import type { SlbActionName } from '../catalog/slb';
import type { StsActionName } from '../catalog/sts';
import type { VpcActionName } from '../catalog/vpc';

/** An action name the catalog knows (offered by editors), or any other name or wildcard pattern. */
export type ActionName<Known extends string> = Known | (string & {});

const NAME = /^[A-Za-z0-9_.*?-]+$/;

function forService<Known extends string>(code: string) {
  return (...names: ActionName<Known>[]): string[] => {
    if (names.length === 0) throw new TypeError(`actions.${code}: name at least one action`);
    return names.map((name) => {
      if (typeof name !== 'string' || !NAME.test(name)) {
        throw new TypeError(`actions.${code}: ${JSON.stringify(name)} is not an action name such as "Describe*"`);
      }
      return `${code}:${name}`;
    });
  };
}

/**
 * Prefixes action names with the service's RAM code: `actions.ecs('DescribeInstances', 'Start*')`
 * gives `['ecs:DescribeInstances', 'ecs:Start*']`. Names the catalog knows are suggested by the
 * editor; other names and wildcard patterns are accepted too.
 */
export const actions = Object.freeze({
  ecs: forService<EcsActionName>('ecs'),
  oss: forService<OssActionName>('oss'),
  log: forService<LogActionName>('log'),
  ots: forService<OtsActionName>('ots'),
  odps: forService<OdpsActionName>('odps'),
  pai: forService<PaiActionName>('pai'),
  dts: forService<DtsActionName>('dts'),
  cms: forService<CmsActionName>('cms'),
  rds: forService<RdsActionName>('rds'),
  vpc: forService<VpcActionName>('vpc'),
  slb: forService<SlbActionName>('slb'),
  ram: forService<RamActionName>('ram'),
  sts: forService<StsActionName>('sts'),
});
