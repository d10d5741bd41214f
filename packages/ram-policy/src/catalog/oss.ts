import type { ServiceEntry } from './types';

const OSS_ACTIONS = [
  'ListBuckets',
  'PutBucket',
  'DeleteBucket',
  'GetBucketInfo',
  'GetBucketLocation',
  'GetBucketAcl',
  'PutBucketAcl',
  'GetBucketVersioning',
  'PutBucketVersioning',
  'ListObjects',
  'ListObjectVersions',
  'GetObject',
  'PutObject',
  'DeleteObject',
  'GetObjectAcl',
  'PutObjectAcl',
  'AbortMultipartUpload',
  'ListMultipartUploads',
  'ListParts',
] as const;

/** Action names of OSS the catalog knows. */
export type OssActionName = (typeof OSS_ACTIONS)[number];

/** Object Storage Service. */
export const OSS_SERVICE = {
  code: 'oss',
  aliases: [],
  name: 'Object Storage Service (OSS)',
  source:
    'https://www.alibabacloud.com/help/en/oss/user-guide/authorization-syntax-and-elements https://help.aliyun.com/document_detail/100680.htm',
  resourceTypes: [
    { name: 'bucket', template: '{BucketName}' },
    { name: 'object', template: '{BucketName}/{ObjectKey+}' },
  ],
  resourceTypesComplete: true,
  actions: OSS_ACTIONS,
  conditionKeys: [
    { key: 'oss:Prefix', family: 'string', description: 'The prefix of a ListObjects request.' },
    { key: 'oss:Delimiter', family: 'string', description: 'The delimiter of a ListObjects request.' },
    { key: 'oss:BucketTag/{TagKey}', family: 'string', description: 'A tag on the bucket.' },
    { key: 'oss:ExistingObjectTag/{TagKey}', family: 'string', description: 'A tag already on the object.' },
    { key: 'oss:RequestObjectTag/{TagKey}', family: 'string', description: 'An object tag carried in the request.' },
  ],
  notes: ['The action list holds the operations named in the pages read; OSS defines more.'],
} as const satisfies ServiceEntry;
