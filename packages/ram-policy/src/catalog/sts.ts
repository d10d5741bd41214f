import type { ServiceEntry } from './types';

const STS_ACTIONS = ['AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithOIDC', 'GetCallerIdentity'] as const;

/** Action names of STS the catalog knows. */
export type StsActionName = (typeof STS_ACTIONS)[number];

/** Security Token Service. Its actions act on RAM roles, so its resources are `acs:ram:…:role/<name>`. */
export const STS_SERVICE = {
  code: 'sts',
  aliases: [],
  name: 'Security Token Service (STS)',
  source:
    'https://www.alibabacloud.com/help/en/ram/use-cases/use-externalid-to-prevent-the-confused-deputy-problem https://partners-intl.aliyun.com/help/doc-detail/39744.htm',
  resourceTypes: [],
  resourceTypesComplete: false,
  actions: STS_ACTIONS,
  conditionKeys: [
    { key: 'sts:ExternalId', family: 'string', description: 'The external ID passed to AssumeRole (trust policies).' },
  ],
  notes: [
    'STS defines no ARNs of its own; sts:AssumeRole is granted on the RAM role (acs:ram:*:<account>:role/<name>).',
  ],
} as const satisfies ServiceEntry;
