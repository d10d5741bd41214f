import type { ConditionKeyEntry } from './types';

/** Condition keys Alibaba Cloud defines for every service (the `acs:` prefix). */
export const GLOBAL_CONDITION_KEYS: readonly ConditionKeyEntry[] = Object.freeze([
  {
    key: 'acs:SourceIp',
    family: 'ip',
    description: 'The public IP address the request came from.',
    source:
      'https://www.alibabacloud.com/help/en/ram/access-alibaba-cloud-resources-by-using-a-specific-ip-address-or-cidr-block',
  },
  {
    key: 'acs:SecureTransport',
    family: 'bool',
    description: 'Whether the request was sent over HTTPS.',
    source: 'https://www.alibabacloud.com/help/en/ram/access-alibaba-cloud-by-using-a-specified-method',
  },
  {
    key: 'acs:CurrentTime',
    family: 'date',
    description: 'The time the request was received, compared as ISO 8601.',
    source:
      'https://www.alibabacloud.com/help/en/ram/use-cases/use-ram-to-limit-the-period-of-time-in-which-users-are-allowed-to-access-alibaba-cloud-resources',
  },
  {
    key: 'acs:MFAPresent',
    family: 'bool',
    description: 'Whether the user signed in with multi-factor authentication.',
    source: 'https://help.aliyun.com/document_detail/100680.htm',
  },
  {
    key: 'acs:AccessId',
    family: 'string',
    description: 'The AccessKey ID the request was signed with.',
    source: 'https://help.aliyun.com/document_detail/100680.htm',
  },
  {
    key: 'acs:UserAgent',
    family: 'string',
    description: 'The HTTP User-Agent of the request.',
    source: 'https://help.aliyun.com/document_detail/100680.htm',
  },
  {
    key: 'acs:SourceVpc',
    family: 'string',
    description: 'The ID of the VPC the request came from.',
    source: 'https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements',
  },
  {
    key: 'acs:ResourceTag/{TagKey}',
    family: 'string',
    description: 'A tag on the resource the request acts on.',
    source: 'https://www.alibabacloud.com/help/en/ram/use-cases/use-tags-to-control-access-to-ecs-resources-1',
  },
  {
    key: 'acs:RequestTag/{TagKey}',
    family: 'string',
    description: 'A tag passed in the request parameters.',
    source: 'https://www.alibabacloud.com/help/en/ram/use-cases/use-tags-to-control-access-to-ecs-resources-1',
  },
]);
