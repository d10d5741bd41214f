/**
 * Version of the service catalog: the date its facts were last read from Alibaba Cloud's
 * documentation. It changes whenever an entry changes, so a lint result can say which catalog
 * produced it.
 */
export const CATALOG_VERSION = '2026-11-26';
