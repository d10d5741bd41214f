import type { ServiceEntry } from './types';

const SLB_ACTIONS = ['DescribeLoadBalancers', 'AddBackendServers'] as const;

/** Action names of SLB the catalog knows. */
export type SlbActionName = (typeof SLB_ACTIONS)[number];

/** Server Load Balancer (Classic Load Balancer); ALB and NLB have their own RAM codes. */
export const SLB_SERVICE = {
  code: 'slb',
  aliases: [],
  name: 'Server Load Balancer (SLB / CLB)',
  source:
    'https://www.alibabacloud.com/help/doc-detail/58956.htm https://www.alibabacloud.com/help/en/slb/classic-load-balancer/developer-reference/api-slb-2014-05-15-ram',
  resourceTypes: [{ name: 'loadbalancer', template: 'loadbalancer/{LoadBalancerId}' }],
  resourceTypesComplete: false,
  actions: SLB_ACTIONS,
  conditionKeys: [],
  notes: [
    'Adding backend servers also needs the ECS instance as a resource (acs:ecs:*:*:instance/<id>) under the slb:AddBackendServers action.',
    'Application and Network Load Balancer use the RAM codes alb and nlb, which the catalog does not cover.',
  ],
} as const satisfies ServiceEntry;
