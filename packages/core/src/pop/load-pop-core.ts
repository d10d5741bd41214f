/**
 * The part of `@alicloud/pop-core` 1.8 the adapter uses, written down here because its bundled
 * typings describe only the RPC constructor.
 */
export interface PopCoreModule {
  RPCClient: new (config: PopCoreConfig) => PopCoreRpcClient;
  ROAClient: new (config: PopCoreConfig) => PopCoreRoaClient;
}

/** The constructor settings both pop-core clients take. */
export interface PopCoreConfig {
  endpoint: string;
  apiVersion: string;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string | undefined;
}

/** The options pop-core hands to its HTTP layer (`httpx`) with each request. */
export interface PopCoreRequestOptions {
  method?: string;
  timeout?: number;
  headers?: Record<string, string>;
  agent?: unknown;
  formatAction?: boolean;
  formatParams?: boolean;
  /** httpx's hook on the `http.request` options, the one place we can add a signal and an observer. */
  beforeRequest?: (options: Record<string | symbol, unknown>) => Record<string | symbol, unknown>;
}

/** pop-core's RPC client. */
export interface PopCoreRpcClient {
  request(action: string, params: Record<string, string>, options: PopCoreRequestOptions): Promise<unknown>;
}

/** pop-core's ROA client. */
export interface PopCoreRoaClient {
  request(
    method: string,
    path: string,
    query: Record<string, string>,
    body: string | Uint8Array,
    headers: Record<string, string>,
    options: PopCoreRequestOptions,
  ): Promise<unknown>;
}

/** The package the adapter wraps; an optional peer dependency of `@alikit/core`. */
export const POP_CORE_PACKAGE = '@alicloud/pop-core';

/** Loads the module; replaced in tests to check what happens when it is not installed. */
export type PopCoreImporter = () => Promise<unknown>;

const importPopCore: PopCoreImporter = () => import('@alicloud/pop-core');

let loaded: Promise<PopCoreModule> | undefined;

/**
 * Loads `@alicloud/pop-core` on first use, so that `@alikit/core` (and `@alikit/core/pop` until
 * its first request) never needs it installed.
 *
 * @throws Error naming the package to install when it is missing; the loader's error is the cause.
 */
export function loadPopCore(importer: PopCoreImporter = importPopCore): Promise<PopCoreModule> {
  if (importer !== importPopCore) return load(importer);
  loaded ??= load(importer).catch((error: unknown) => {
    // A failed load is not cached: installing the package in a long-lived process (a REPL) helps.
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function load(importer: PopCoreImporter): Promise<PopCoreModule> {
  let mod: unknown;
  try {
    mod = await importer();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    throw new Error(
      missing
        ? `@alikit/core/pop needs the optional peer dependency ${POP_CORE_PACKAGE}, which is not installed: ` +
            `run \`npm install ${POP_CORE_PACKAGE}@^1.8.0\` (or pnpm add / yarn add)`
        : `@alikit/core/pop could not load ${POP_CORE_PACKAGE}: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  // An ES import of a CommonJS module puts module.exports on `default`; a require() gives it directly.
  const candidates = [(mod as { default?: unknown } | null)?.default, mod];
  for (const candidate of candidates) {
    const c = candidate as Partial<PopCoreModule> | null | undefined;
    if (typeof c?.RPCClient === 'function' && typeof c.ROAClient === 'function') {
      return { RPCClient: c.RPCClient, ROAClient: c.ROAClient };
    }
  }
  throw new Error(
    `${POP_CORE_PACKAGE} loaded but has no RPCClient and ROAClient; @alikit/core/pop needs version ^1.8.0`,
  );
}
