import type { PopCall } from './pop-request';

/**
 * Computes the answer to a POP call: the JSON body (a `RequestId` is added when it has none), or
 * throws a `ServiceError` to answer with a POP error.
 */
export type PopResponder = (call: PopCall) => unknown;

/** Which calls a canned response answers: an action name, or a match on version, method and path. */
export type PopResponseMatch =
  | string
  | {
      /** The API name. @defaultValue any */
      action?: string | undefined;
      /** The API version. @defaultValue any */
      version?: string | undefined;
      /** HTTP method, compared case-insensitively. @defaultValue any */
      method?: string | undefined;
      /** The decoded path: a string may hold `{Name}` segments (captured into `call.pathParams`), or a RegExp. @defaultValue any */
      path?: string | RegExp | undefined;
    };

interface Registration {
  readonly action: string | undefined;
  readonly version: string | undefined;
  readonly method: string | undefined;
  readonly path: RegExp | undefined;
  readonly names: readonly string[];
  readonly reply: unknown;
}

/** Canned POP responses; the most recently registered match wins. */
export class PopResponses {
  readonly #registrations: Registration[] = [];

  /**
   * Registers a canned body (or a responder computing it) for matching calls.
   * @throws TypeError when the match is empty or malformed.
   */
  set(match: PopResponseMatch, reply: unknown): void {
    const m = typeof match === 'string' ? { action: match } : match;
    if (typeof m !== 'object' || m === null) throw new TypeError('response match must be an action name or an object');
    if (m.action === undefined && m.version === undefined && m.method === undefined && m.path === undefined) {
      throw new TypeError('response match needs at least one of action, version, method, path');
    }
    if (typeof match === 'string' && match === '') throw new TypeError('action name must not be empty');
    const { regex, names } = compilePath(m.path);
    this.#registrations.unshift({
      action: m.action,
      version: m.version,
      method: m.method?.toUpperCase(),
      path: regex,
      names,
      reply,
    });
  }

  /** Removes every canned response. */
  clear(): void {
    this.#registrations.length = 0;
  }

  /** The reply registered for a call and the `{Name}` path values it captured, if any matches. */
  find(
    call: Pick<PopCall, 'action' | 'version' | 'method' | 'path'>,
  ): { reply: unknown; pathParams: Record<string, string> } | undefined {
    for (const r of this.#registrations) {
      if (r.action !== undefined && r.action !== call.action) continue;
      if (r.version !== undefined && r.version !== call.version) continue;
      if (r.method !== undefined && r.method !== call.method) continue;
      let pathParams: Record<string, string> = {};
      if (r.path) {
        r.path.lastIndex = 0;
        const m = r.path.exec(call.path);
        if (!m) continue;
        pathParams = Object.fromEntries(r.names.map((name, i) => [name, m[i + 1] ?? '']));
      }
      return { reply: r.reply, pathParams };
    }
    return undefined;
  }
}

function compilePath(path: string | RegExp | undefined): { regex: RegExp | undefined; names: string[] } {
  if (path === undefined) return { regex: undefined, names: [] };
  if (path instanceof RegExp) return { regex: path, names: [] };
  if (typeof path !== 'string' || !path.startsWith('/')) throw new TypeError('response path must start with "/"');
  const names: string[] = [];
  const source = path
    .split(/(\{[A-Za-z_][A-Za-z0-9_]*\})/)
    .map((part) => {
      const name = /^\{(.+)\}$/.exec(part)?.[1];
      if (name) {
        names.push(name);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}
