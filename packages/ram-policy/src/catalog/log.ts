import type { ServiceEntry } from './types';

const LOG_ACTIONS = [
  'GetProject',
  'CreateLogStore',
  'GetLogStore',
  'ListLogStores',
  'UpdateLogStore',
  'DeleteLogStore',
  'PostLogStoreLogs',
  'GetCursorOrData',
  'ListShards',
  'CreateConfig',
  'UpdateConfig',
  'DeleteConfig',
] as const;

/** Action names of Simple Log Service the catalog knows. */
export type LogActionName = (typeof LOG_ACTIONS)[number];

/** Simple Log Service (SLS); its RAM code is `log`. */
export const LOG_SERVICE = {
  code: 'log',
  aliases: [],
  name: 'Simple Log Service (SLS)',
  source:
    'https://www.alibabacloud.com/help/en/sls/developer-reference/api-sls-2020-12-30-ram http://jp.alibabacloud.com/help/doc-detail/29050.htm https://www.alibabacloud.com/help/doc-detail/29052.htm',
  resourceTypes: [
    { name: 'project', template: 'project/{ProjectName}' },
    { name: 'logstore', template: 'project/{ProjectName}/logstore/{LogstoreName}' },
    { name: 'shipper', template: 'project/{ProjectName}/logstore/{LogstoreName}/shipper/{ShipperName}' },
    {
      name: 'consumergroup',
      template: 'project/{ProjectName}/logstore/{LogstoreName}/consumergroup/{ConsumerGroupName}',
    },
    { name: 'logtailconfig', template: 'project/{ProjectName}/logtailconfig/{LogtailConfigName}' },
    { name: 'machinegroup', template: 'project/{ProjectName}/machinegroup/{MachineGroupName}' },
    { name: 'savedsearch', template: 'project/{ProjectName}/savedsearch/{SavedSearchName}' },
    { name: 'dashboard', template: 'project/{ProjectName}/dashboard/{DashboardName}' },
    { name: 'alert', template: 'project/{ProjectName}/alert/{AlertName}' },
  ],
  resourceTypesComplete: false,
  actions: LOG_ACTIONS,
  conditionKeys: [],
  notes: [
    'No SLS-specific condition keys were found in the pages read.',
    'The resource list page is older than the current RAM authorization page; newer resource types may be missing.',
  ],
} as const satisfies ServiceEntry;
