import type { ServiceEntry } from './types';

const ECS_ACTIONS = [
  'DescribeInstances',
  'StartInstance',
  'StopInstance',
  'RebootInstance',
  'DeleteInstance',
  'ModifyInstanceNetworkSpec',
  'DeleteImage',
  'DeleteSnapshot',
  'DescribeTags',
  'DescribeTagKeys',
] as const;

/** Action names of ECS the catalog knows. */
export type EcsActionName = (typeof ECS_ACTIONS)[number];

/** Elastic Compute Service. */
export const ECS_SERVICE = {
  code: 'ecs',
  aliases: [],
  name: 'Elastic Compute Service (ECS)',
  source:
    'https://www.alibabacloud.com/help/en/ecs/developer-reference/api-ecs-2014-05-26-ram https://www.alibabacloud.com/help/en/ram/use-cases/use-tags-to-control-access-to-ecs-resources-1',
  resourceTypes: [{ name: 'instance', template: 'instance/{InstanceId}' }],
  resourceTypesComplete: false,
  actions: ECS_ACTIONS,
  conditionKeys: [
    {
      key: 'ecs:tag/{TagKey}',
      family: 'string',
      description: 'A tag on the ECS resource (the older spelling of acs:ResourceTag for ECS).',
      source: 'https://www.alibabacloud.com/help/en/elastic-compute-service/latest/authentication-rules',
    },
    {
      key: 'ecs:AssociatePublicIpAddress',
      family: 'bool',
      description: 'Whether the request assigns a public IP address.',
      source: 'https://www.alibabacloud.com/help/en/ecs/user-guide/manage-resource-permissions-with-tags',
    },
  ],
  notes: [
    'Only the instance resource type was confirmed in the pages read; disks, images, snapshots and other ECS resource types are not listed, so resources of those types get an info finding rather than a warning.',
    'The documentation lists the RAM codes "ecs,vpc" for ECS operations.',
  ],
} as const satisfies ServiceEntry;
