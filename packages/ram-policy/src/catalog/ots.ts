import type { ServiceEntry } from './types';

const OTS_ACTIONS = [
  'GetRow',
  'PutRow',
  'UpdateRow',
  'DeleteRow',
  'BatchGetRow',
  'BatchWriteRow',
  'GetRange',
  'ListTable',
  'DescribeTable',
  'CreateTable',
  'UpdateTable',
  'DeleteTable',
  'Search',
  'ComputeSplitPointsBySize',
] as const;

/** Action names of Tablestore the catalog knows. */
export type OtsActionName = (typeof OTS_ACTIONS)[number];

/** Tablestore; its RAM code is `ots`. */
export const OTS_SERVICE = {
  code: 'ots',
  aliases: [],
  name: 'Tablestore (OTS)',
  source:
    'https://www.alibabacloud.com/help/en/tablestore/configure-user-permissions https://www.alibabacloud.com/help/doc-detail/317668.htm',
  resourceTypes: [
    { name: 'instance', template: 'instance/{InstanceName}' },
    { name: 'table', template: 'instance/{InstanceName}/table/{TableName}' },
  ],
  resourceTypesComplete: true,
  actions: OTS_ACTIONS,
  conditionKeys: [],
  notes: [
    'Instance names are not case-sensitive and the documentation asks for them in lower case in resources.',
    'Tunnel resources are defined at the instance level only.',
    'No Tablestore-specific condition keys were found in the pages read.',
  ],
} as const satisfies ServiceEntry;
