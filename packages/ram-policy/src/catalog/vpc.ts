import type { ServiceEntry } from './types';

const VPC_ACTIONS = [
  'CreateVpc',
  'DescribeVpcs',
  'CreateVSwitch',
  'AllocateEipAddress',
  'AssociateEipAddress',
  'DescribeEipAddresses',
] as const;

/** Action names of VPC the catalog knows. */
export type VpcActionName = (typeof VPC_ACTIONS)[number];

/** Virtual Private Cloud. */
export const VPC_SERVICE = {
  code: 'vpc',
  aliases: [],
  name: 'Virtual Private Cloud (VPC)',
  source:
    'https://www.alibabacloud.com/help/ja/vpc/security-and-compliance/grant-permissions-to-ram-user https://www.alibabacloud.com/help/en/vpc/developer-reference/api-vpc-2016-04-28-ram',
  resourceTypes: [
    { name: 'vpc', template: 'vpc/{VpcId}' },
    { name: 'vrouter', template: 'vrouter/{VRouterId}' },
    { name: 'vswitch', template: 'vswitch/{VSwitchId}' },
    { name: 'routetable', template: 'routetable/{RouteTableId}' },
    { name: 'havip', template: 'havip/{HaVipId}' },
    { name: 'eip', template: 'eip/{AllocationId}' },
    { name: 'natgateway', template: 'natgateway/{NatGatewayId}' },
    { name: 'bandwidthpackage', template: 'bandwidthpackage/{BandwidthPackageId}' },
  ],
  resourceTypesComplete: false,
  actions: VPC_ACTIONS,
  conditionKeys: [],
  notes: ['The resource table read is the older grant-permissions page; newer VPC resource types may be missing.'],
} as const satisfies ServiceEntry;
