/** What a `mysql://` URI says about where and as whom to connect. */
export interface ParsedMysqlUri {
  /** The host name or IP address (IPv6 without brackets). */
  host: string;
  /** The port; `undefined` when the URI names none (the pool's default applies). */
  port: number | undefined;
  /** The user name, percent-decoded; `undefined` when the URI has none. */
  user: string | undefined;
  /** The password, percent-decoded; `undefined` when the URI has none. Never logged. */
  password: string | undefined;
  /** The default database (the URI path), percent-decoded; `undefined` when the path is empty. */
  database: string | undefined;
  /** `'required'` for `ssl=required` (or `true`, `1`, `on`, `verify-full`); `undefined` when TLS is not asked for. */
  ssl: 'required' | undefined;
}

const SCHEMES = new Set(['mysql:', 'mariadb:']);
const TRUE_VALUES = new Set(['required', 'true', '1', 'on']);
const FALSE_VALUES = new Set(['false', '0', 'off', 'disabled']);

/**
 * Parses `mysql://user:password@host:port/database?ssl=required` (also `mariadb://`). User,
 * password and database are percent-decoded. Error messages never repeat the URI, which may carry
 * a password.
 *
 * @throws TypeError when the text is not a URL of a supported scheme or has no host
 * @throws RangeError for a query parameter other than `ssl`, or an `ssl` value that is not understood
 */
export function parseMysqlUri(uri: string, optionName = 'uri'): ParsedMysqlUri {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new TypeError(
      `createRdsPool: options.${optionName} is not a valid URL (expected mysql://user:password@host:port/database)`,
    );
  }
  if (!SCHEMES.has(url.protocol)) {
    throw new TypeError(
      `createRdsPool: options.${optionName} must use the mysql:// or mariadb:// scheme, got ${JSON.stringify(url.protocol)}`,
    );
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (!host) throw new TypeError(`createRdsPool: options.${optionName} has no host`);
  let ssl: 'required' | undefined;
  for (const [key, value] of url.searchParams) {
    if (key !== 'ssl' && key !== 'sslmode') {
      throw new RangeError(
        `createRdsPool: options.${optionName} has the unsupported parameter ${JSON.stringify(key)} (only ssl)`,
      );
    }
    const v = value.toLowerCase();
    if (TRUE_VALUES.has(v) || v === 'verify-full' || v === 'verify_identity') ssl = 'required';
    else if (!FALSE_VALUES.has(v)) {
      throw new RangeError(
        `createRdsPool: options.${optionName} has ${key}=${JSON.stringify(value)}; use ssl=required or ssl=false`,
      );
    }
  }
  const path = url.pathname.replace(/^\//, '');
  return {
    host,
    port: url.port === '' ? undefined : Number(url.port),
    user: url.username === '' ? undefined : decode(url.username),
    password: url.password === '' ? undefined : decode(url.password),
    database: path === '' ? undefined : decode(path),
    ssl,
  };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
