import type { ServiceEntry } from './types';

const PAI_ACTIONS = [
  'ListProducts',
  'ListQuotas',
  'GetPayAsYouGoPrice',
  'DescribePricingModule',
  'ListUsers',
  'ListUserConfigs',
  'SetUserConfigs',
  'DeleteUserConfig',
  'CreateOrder',
] as const;

/** Action names of PAI the catalog knows. */
export type PaiActionName = (typeof PAI_ACTIONS)[number];

/** Platform for AI. */
export const PAI_SERVICE = {
  code: 'pai',
  aliases: [
    'paiplugin',
    'eas',
    'datasetacc',
    'featurestore',
    'paidlc',
    'paiitag',
    'paidesigner',
    'paitraining',
    'paiartlab',
    'paicomponentmanagement',
    'paiworkspace',
  ],
  name: 'Platform for AI (PAI)',
  source:
    'https://www.alibabacloud.com/help/en/pai/developer-reference/api-eas-2021-07-01-ram https://www.alibabacloud.com/help/en/pai/user-guide/configure-custom-ram-authorization-policy https://alibabacloud.com/help/en/pai/appendix-list-of-roles-and-permissions',
  resourceTypes: [
    { name: 'resourcegroup', template: 'resourcegroup/{ResourceGroupName}' },
    { name: 'quota', template: 'quota/{QuotaId}' },
  ],
  resourceTypesComplete: false,
  actions: PAI_ACTIONS,
  conditionKeys: [],
  notes: [
    'PAI spreads its operations over many RAM codes (listed as aliases); only the pai code has actions here.',
    'ARNs of workspaces, DLC jobs and EAS services were not found in the pages read.',
  ],
} as const satisfies ServiceEntry;
