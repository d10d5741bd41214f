/**
 * The adapter over the optional peer dependency `@alicloud/pop-core`: generic POP (RPC and ROA)
 * calls with alikit credentials, errors and retries.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/core/pop
 */

export type {
  PopClient,
  PopClientOptions,
  PopParams,
  PopRequestOptions,
  PopRoaTarget,
  PopStyle,
} from './pop-client';
export { createPopClient } from './pop-client';
