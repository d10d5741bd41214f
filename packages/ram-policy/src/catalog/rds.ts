import type { ServiceEntry } from './types';

const RDS_ACTIONS = ['DescribeDBInstances', 'CreateDBInstance', 'CreateBackup', 'ModifyBackupPolicy'] as const;

/** Action names of ApsaraDB RDS the catalog knows. */
export type RdsActionName = (typeof RDS_ACTIONS)[number];

/** ApsaraDB RDS. */
export const RDS_SERVICE = {
  code: 'rds',
  aliases: [],
  name: 'ApsaraDB RDS',
  source: 'https://www.alibabacloud.com/help/doc-detail/26307.htm',
  resourceTypes: [{ name: 'dbinstance', template: 'dbinstance/{DBInstanceId}' }],
  resourceTypesComplete: true,
  actions: RDS_ACTIONS,
  conditionKeys: [],
  notes: ['The documentation says dbinstance is the only resource type, so authorization is at instance level.'],
} as const satisfies ServiceEntry;
