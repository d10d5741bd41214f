import type { ServiceEntry } from './types';

/** Action names of DTS the catalog knows: none, see the notes. */
export type DtsActionName = never;

/** Data Transmission Service. */
export const DTS_SERVICE = {
  code: 'dts',
  aliases: [],
  name: 'Data Transmission Service (DTS)',
  source:
    'https://www.alibabacloud.com/help/en/data-transmission-service/latest/ram-authorization https://www.alibabacloud.com/help/en/dts/user-guide/use-a-system-policy-to-authorize-a-ram-user-to-manage-dts-instances',
  resourceTypes: [{ name: 'instance', template: 'instance/{InstanceId}' }],
  resourceTypesComplete: true,
  actions: [],
  conditionKeys: [],
  notes: [
    'The documentation says DTS supports resource-level authorization only, not action-level: grant dts:* (or the system policies AliyunDTSFullAccess / AliyunDTSReadOnlyAccess) and scope by resource.',
  ],
} as const satisfies ServiceEntry;
