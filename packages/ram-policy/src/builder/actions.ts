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
  /** Action names of ECS (Elastic Compute Service): `ecs:<name>`. */
  ecs: forService<EcsActionName>('ecs'),
  /** Action names of OSS (Object Storage Service): `oss:<name>`. */
  oss: forService<OssActionName>('oss'),
  /** Action names of Simple Log Service: `log:<name>`. */
  log: forService<LogActionName>('log'),
  /** Action names of Tablestore: `ots:<name>`. */
  ots: forService<OtsActionName>('ots'),
  /** Action names of MaxCompute: `odps:<name>`. */
  odps: forService<OdpsActionName>('odps'),
  /** Action names of PAI (Platform for AI): `pai:<name>`. */
  pai: forService<PaiActionName>('pai'),
  /** Action names of DTS (Data Transmission Service): `dts:<name>`. */
  dts: forService<DtsActionName>('dts'),
  /** Action names of CloudMonitor: `cms:<name>`. */
  cms: forService<CmsActionName>('cms'),
  /** Action names of ApsaraDB RDS: `rds:<name>`. */
  rds: forService<RdsActionName>('rds'),
  /** Action names of VPC: `vpc:<name>`. */
  vpc: forService<VpcActionName>('vpc'),
  /** Action names of SLB (Server Load Balancer): `slb:<name>`. */
  slb: forService<SlbActionName>('slb'),
  /** Action names of RAM itself: `ram:<name>`. */
  ram: forService<RamActionName>('ram'),
  /** Action names of STS, e.g. `sts:AssumeRole`. */
  sts: forService<StsActionName>('sts'),
});
