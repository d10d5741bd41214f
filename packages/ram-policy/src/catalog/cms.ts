import type { ServiceEntry } from './types';

const CMS_ACTIONS = [
  'PutCustomMetric',
  'DescribeMetricList',
  'DescribeMetricLast',
  'DescribeMetricData',
  'Cursor',
  'BatchGet',
  'BatchExport',
] as const;

/** Action names of CloudMonitor the catalog knows. */
export type CmsActionName = (typeof CMS_ACTIONS)[number];

/** CloudMonitor. */
export const CMS_SERVICE = {
  code: 'cms',
  aliases: [],
  name: 'CloudMonitor (CMS)',
  source:
    'https://www.alibabacloud.com/help/doc-detail/43170.htm https://alibabacloud.com/help/en/cms/developer-reference/api-cms-2019-01-01-ram',
  resourceTypes: [],
  resourceTypesComplete: false,
  actions: CMS_ACTIONS,
  conditionKeys: [],
  notes: [
    'The older RAM authentication page says CloudMonitor resources can only be written as "*"; the newer RAM authorization page says resource-level authorization is supported but its ARN formats were not found. No resource format is checked.',
  ],
} as const satisfies ServiceEntry;
