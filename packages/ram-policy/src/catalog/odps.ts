import type { ServiceEntry } from './types';

const ODPS_ACTIONS = ['ListProjects', 'GetProject', 'GetTableInfo', 'GetJobCount'] as const;

/** Action names of MaxCompute the catalog knows. */
export type OdpsActionName = (typeof ODPS_ACTIONS)[number];

/** MaxCompute; its RAM code is `odps`. */
export const ODPS_SERVICE = {
  code: 'odps',
  aliases: ['maxcompute'],
  name: 'MaxCompute (ODPS)',
  source:
    'https://www.alibabacloud.com/help/en/maxcompute/user-guide/ram-permissions https://alibabacloud.com/help/en/maxcompute/user-guide/api-maxcompute-2022-01-04-ram',
  resourceTypes: [
    { name: 'project', template: 'projects/{ProjectName}' },
    { name: 'job', template: 'job/*' },
  ],
  resourceTypesComplete: false,
  actions: ODPS_ACTIONS,
  conditionKeys: [],
  notes: [
    'RAM governs MaxCompute console and management operations; table, resource and instance permissions inside a project are granted by MaxCompute itself (ACL and project policies), whose resource paths such as projects/<p>/tables/<t> are not RAM ARNs.',
  ],
} as const satisfies ServiceEntry;
