import type { ServiceEntry } from './types';

const RAM_ACTIONS = [
  'CreateUser',
  'CreatePolicy',
  'CreateAccessKey',
  'UpdateRole',
  'DeleteRole',
  'AttachPolicyToRole',
  'DetachPolicyFromRole',
  'BindMFADevice',
  'GetUserMFAInfo',
  'ListVirtualMFADevices',
] as const;

/** Action names of RAM the catalog knows. */
export type RamActionName = (typeof RAM_ACTIONS)[number];

/** Resource Access Management. */
export const RAM_SERVICE = {
  code: 'ram',
  aliases: [],
  name: 'Resource Access Management (RAM)',
  source:
    'https://www.alibabacloud.com/help/en/ram/user-guide/edit-the-trust-policy-of-a-ram-role https://partners-intl.aliyun.com/help/doc-detail/39744.htm',
  resourceTypes: [
    { name: 'role', template: 'role/{RoleName}' },
    { name: 'user', template: 'user/{UserName}' },
    { name: 'root', template: 'root' },
  ],
  resourceTypesComplete: false,
  actions: RAM_ACTIONS,
  conditionKeys: [],
  notes: [
    'role/<name> is documented as the resource of sts:AssumeRole (acs:ram:*:<account>:role/<name>); root and user/<name> appear as trust-policy principals (acs:ram::<account>:root).',
    'Group, policy and identity-provider ARNs were not found in the pages read.',
  ],
} as const satisfies ServiceEntry;
