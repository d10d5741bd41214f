// Public surface of @alikit/core/pop: the adapter over the optional peer dependency @alicloud/pop-core.
// Exports are listed by name (no `export *`).

export type {
  PopClient,
  PopClientOptions,
  PopParams,
  PopRequestOptions,
  PopRoaTarget,
  PopStyle,
} from './pop-client';
export { createPopClient } from './pop-client';
