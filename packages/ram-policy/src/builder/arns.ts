import { formatArn } from '../arn';

/** Where a resource lives; both default to `*` (any region, any account). */
export interface ArnScope {
  /** Region id, e.g. `cn-hangzhou`. @defaultValue `'*'` */
  region?: string;
  /** Owning account id. @defaultValue `'*'` */
  accountId?: string;
}

function part(helper: string, name: string, value: string | undefined, fallback?: string): string {
  const v = value ?? fallback;
  if (typeof v !== 'string' || v === '')
    throw new TypeError(`arn.${helper}: ${name} must be a non-empty string, got ${JSON.stringify(value)}`);
  return v;
}

function build(service: string, scope: ArnScope, resource: string): string {
  return formatArn({ service, region: scope.region ?? '*', accountId: scope.accountId ?? '*', resource });
}

/**
 * ARN builders per service, following `acs:<service>:<region>:<account>:<relative-id>` and each
 * service's documented relative ids. Ids default to `*` where a wildcard is common.
 *
 * @example
 * ```ts
 * arn.ecs.instance({ instanceId: 'i-bp1example' }); // 'acs:ecs:*:*:instance/i-bp1example'
 * arn.oss.object({ bucket: 'example-bucket', key: 'reports/*' }); // 'acs:oss:*:*:example-bucket/reports/*'
 * ```
 */
export const arn = Object.freeze({
  /** ARNs of ECS resources. */
  ecs: Object.freeze({
    /** `acs:ecs:<region>:<account>:instance/<id>`. @defaultValue instanceId `'*'` */
    instance: (o: ArnScope & { instanceId?: string } = {}) =>
      build('ecs', o, `instance/${part('ecs.instance', 'instanceId', o.instanceId, '*')}`),
  }),
  /** ARNs of OSS buckets and objects. */
  oss: Object.freeze({
    /** `acs:oss:<region>:<account>:<bucket>` — the bucket itself (ListObjects, bucket settings). */
    bucket: (o: ArnScope & { bucket: string }) => build('oss', o, part('oss.bucket', 'bucket', o.bucket)),
    /** `acs:oss:<region>:<account>:<bucket>/<key>`; `key` may hold wildcards (`reports/*`). @defaultValue key `'*'` */
    object: (o: ArnScope & { bucket: string; key?: string }) =>
      build('oss', o, `${part('oss.object', 'bucket', o.bucket)}/${part('oss.object', 'key', o.key, '*')}`),
  }),
  /** ARNs of Simple Log Service projects and logstores. */
  log: Object.freeze({
    /** `acs:log:<region>:<account>:project/<project>`. */
    project: (o: ArnScope & { project: string }) =>
      build('log', o, `project/${part('log.project', 'project', o.project)}`),
    /** `acs:log:<region>:<account>:project/<project>/logstore/<logstore>`. @defaultValue logstore `'*'` */
    logstore: (o: ArnScope & { project: string; logstore?: string }) =>
      build(
        'log',
        o,
        `project/${part('log.logstore', 'project', o.project)}/logstore/${part('log.logstore', 'logstore', o.logstore, '*')}`,
      ),
  }),
  /** ARNs of Tablestore instances and tables. */
  ots: Object.freeze({
    /** `acs:ots:<region>:<account>:instance/<instance>` (instance names in lower case, as documented). */
    instance: (o: ArnScope & { instance: string }) =>
      build('ots', o, `instance/${part('ots.instance', 'instance', o.instance).toLowerCase()}`),
    /** `acs:ots:<region>:<account>:instance/<instance>/table/<table>`. @defaultValue table `'*'` */
    table: (o: ArnScope & { instance: string; table?: string }) =>
      build(
        'ots',
        o,
        `instance/${part('ots.table', 'instance', o.instance).toLowerCase()}/table/${part('ots.table', 'table', o.table, '*')}`,
      ),
  }),
  /** ARNs of MaxCompute projects. */
  odps: Object.freeze({
    /** `acs:odps:<region>:<account>:projects/<project>`. */
    project: (o: ArnScope & { project: string }) =>
      build('odps', o, `projects/${part('odps.project', 'project', o.project)}`),
  }),
  /** ARNs of PAI resource groups and quotas. */
  pai: Object.freeze({
    /** `acs:pai:<region>:<account>:resourcegroup/<name>`. */
    resourceGroup: (o: ArnScope & { name: string }) =>
      build('pai', o, `resourcegroup/${part('pai.resourceGroup', 'name', o.name)}`),
    /** `acs:pai:<region>:<account>:quota/<id>`. @defaultValue quotaId `'*'` */
    quota: (o: ArnScope & { quotaId?: string } = {}) =>
      build('pai', o, `quota/${part('pai.quota', 'quotaId', o.quotaId, '*')}`),
  }),
  /** ARNs of DTS instances. */
  dts: Object.freeze({
    /** `acs:dts:<region>:<account>:instance/<id>`. @defaultValue instanceId `'*'` */
    instance: (o: ArnScope & { instanceId?: string } = {}) =>
      build('dts', o, `instance/${part('dts.instance', 'instanceId', o.instanceId, '*')}`),
  }),
  /** ARNs of RDS instances. */
  rds: Object.freeze({
    /** `acs:rds:<region>:<account>:dbinstance/<id>`. @defaultValue dbInstanceId `'*'` */
    dbInstance: (o: ArnScope & { dbInstanceId?: string } = {}) =>
      build('rds', o, `dbinstance/${part('rds.dbInstance', 'dbInstanceId', o.dbInstanceId, '*')}`),
  }),
  /** ARNs of VPCs, vSwitches and EIPs. */
  vpc: Object.freeze({
    /** `acs:vpc:<region>:<account>:vpc/<id>`. @defaultValue vpcId `'*'` */
    vpc: (o: ArnScope & { vpcId?: string } = {}) => build('vpc', o, `vpc/${part('vpc.vpc', 'vpcId', o.vpcId, '*')}`),
    /** `acs:vpc:<region>:<account>:vswitch/<id>`. @defaultValue vSwitchId `'*'` */
    vSwitch: (o: ArnScope & { vSwitchId?: string } = {}) =>
      build('vpc', o, `vswitch/${part('vpc.vSwitch', 'vSwitchId', o.vSwitchId, '*')}`),
    /** `acs:vpc:<region>:<account>:eip/<allocation-id>`. @defaultValue allocationId `'*'` */
    eip: (o: ArnScope & { allocationId?: string } = {}) =>
      build('vpc', o, `eip/${part('vpc.eip', 'allocationId', o.allocationId, '*')}`),
  }),
  /** ARNs of SLB load balancers. */
  slb: Object.freeze({
    /** `acs:slb:<region>:<account>:loadbalancer/<id>`. @defaultValue loadBalancerId `'*'` */
    loadBalancer: (o: ArnScope & { loadBalancerId?: string } = {}) =>
      build('slb', o, `loadbalancer/${part('slb.loadBalancer', 'loadBalancerId', o.loadBalancerId, '*')}`),
  }),
  /** ARNs of RAM roles and users. */
  ram: Object.freeze({
    /** `acs:ram:*:<account>:role/<name>`, the resource of `sts:AssumeRole`. */
    role: (o: ArnScope & { roleName: string }) => build('ram', o, `role/${part('ram.role', 'roleName', o.roleName)}`),
    /** `acs:ram:*:<account>:user/<name>`. */
    user: (o: ArnScope & { userName: string }) => build('ram', o, `user/${part('ram.user', 'userName', o.userName)}`),
  }),
});
