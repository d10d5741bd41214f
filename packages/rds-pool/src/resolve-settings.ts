import type {
  RdsEndpointOptions,
  RdsPoolOptions,
  RdsReplicaOptions,
  RdsSsl,
  ResolvedEndpoint,
  ResolvedSettings,
} from './options';
import { parseMysqlUri } from './uri';

const DEFAULT_PORT = 3306;
const ENV_URL = 'ALIKIT_MYSQL_URL';

/**
 * Checks the options of `createRdsPool` and fills in the defaults, without any I/O.
 *
 * @throws TypeError for an option of the wrong type, or when no endpoint is given at all
 * @throws RangeError for a number out of range (`min` above `max`, a negative timeout, …)
 */
export function resolveSettings(options: RdsPoolOptions): ResolvedSettings {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createRdsPool: options must be an object');
  }
  const env = options.env ?? (typeof process === 'undefined' ? {} : process.env);
  const max = integer(options, 'max', 10, 1);
  const min = integer(options, 'min', 0, 0);
  if (min > max) throw new RangeError(`createRdsPool: options.min (${min}) must not exceed options.max (${max})`);
  const primary = resolveEndpoint('primary', options, undefined, env, '', { min, max });
  const replicaList = options.readReplicas ?? [];
  if (!Array.isArray(replicaList)) throw new TypeError('createRdsPool: options.readReplicas must be an array');
  const replicas = replicaList.map((replica: RdsReplicaOptions, i: number) => {
    const path = `readReplicas[${i}].`;
    if (typeof replica !== 'object' || replica === null)
      throw new TypeError(`createRdsPool: options.${path.slice(0, -1)} must be an object`);
    const replicaMax = integer(replica, 'max', max, 1, path);
    const replicaMin = integer(replica, 'min', 0, 0, path);
    if (replicaMin > replicaMax) throw new RangeError(`createRdsPool: options.${path}min must not exceed its max`);
    return resolveEndpoint(`replica-${i}`, replica, primary, env, path, { min: replicaMin, max: replicaMax });
  });
  const sessionInit = options.sessionInit ?? [];
  if (!Array.isArray(sessionInit) || sessionInit.some((s) => typeof s !== 'string' || s.trim() === '')) {
    throw new TypeError('createRdsPool: options.sessionInit must be an array of non-empty SQL strings');
  }
  const retry = options.retry ?? {};
  const backoff = options.connectBackoff ?? {};
  const random = options.random ?? Math.random;
  if (typeof random !== 'function') throw new TypeError('createRdsPool: options.random must be a function');
  const driverOptions = options.driverOptions ?? {};
  if (typeof driverOptions !== 'object' || driverOptions === null) {
    throw new TypeError('createRdsPool: options.driverOptions must be an object');
  }
  const logger = options.logger;
  if (logger !== undefined && (typeof logger !== 'object' || logger === null || typeof logger.warn !== 'function')) {
    throw new TypeError('createRdsPool: options.logger must have debug, info, warn and error methods');
  }
  if (options.validateOnBorrow !== undefined && typeof options.validateOnBorrow !== 'boolean') {
    throw new TypeError('createRdsPool: options.validateOnBorrow must be a boolean');
  }
  const acquireTimeoutMs = duration(options, 'acquireTimeoutMs', 10_000, { positive: true });
  return {
    primary,
    replicas,
    acquireTimeoutMs,
    idleTimeoutMs: duration(options, 'idleTimeoutMs', 600_000),
    maxLifetimeMs: duration(options, 'maxLifetimeMs', 1_800_000),
    keepAliveMs: duration(options, 'keepAliveMs', 120_000),
    validateOnBorrow: options.validateOnBorrow ?? true,
    aliveBypassWindowMs: duration(options, 'aliveBypassWindowMs', 500),
    validationTimeoutMs: duration(options, 'validationTimeoutMs', 5000, { positive: true }),
    leakDetectionMs: duration(options, 'leakDetectionMs', 0),
    queueLimit: count(options, 'queueLimit', Number.POSITIVE_INFINITY),
    connectTimeoutMs: duration(options, 'connectTimeoutMs', 10_000, { positive: true }),
    backoffInitialMs: duration(backoff, 'initialDelayMs', 100, { path: 'connectBackoff.' }),
    backoffMaxMs: duration(backoff, 'maxDelayMs', 10_000, { path: 'connectBackoff.' }),
    sessionInit: [...sessionInit],
    readYourWritesMs: duration(options, 'readYourWritesMs', Number.POSITIVE_INFINITY, { infinite: true }),
    queryTimeoutMs: duration(options, 'queryTimeoutMs', 0),
    retryMaxAttempts: integer(retry, 'maxAttempts', 3, 1, 'retry.'),
    retryBaseDelayMs: duration(retry, 'baseDelayMs', 25, { path: 'retry.' }),
    retryMaxDelayMs: duration(retry, 'maxDelayMs', 1000, { path: 'retry.' }),
    driverOptions: { ...driverOptions },
    logger,
    env,
    random,
  };
}

function resolveEndpoint(
  name: string,
  options: RdsEndpointOptions,
  inherit: ResolvedEndpoint | undefined,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
  size: { min: number; max: number },
): ResolvedEndpoint {
  let uri = options.uri;
  if (uri !== undefined && typeof uri !== 'string')
    throw new TypeError(`createRdsPool: options.${path}uri must be a string`);
  if (options.host !== undefined && (typeof options.host !== 'string' || options.host === '')) {
    throw new TypeError(`createRdsPool: options.${path}host must be a non-empty string`);
  }
  if (uri === undefined && options.host === undefined) {
    if (inherit) {
      throw new TypeError(`createRdsPool: options.${path}uri or options.${path}host is required for a read replica`);
    }
    uri = env[ENV_URL];
    if (uri === undefined || uri === '') {
      throw new TypeError(`createRdsPool: pass options.uri or options.host (or set ${ENV_URL})`);
    }
  }
  const parsed = uri === undefined ? undefined : parseMysqlUri(uri, `${path}uri`);
  const port = options.port ?? parsed?.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new RangeError(`createRdsPool: options.${path}port must be an integer from 1 to 65535`);
  }
  const user = options.user ?? parsed?.user ?? inherit?.user ?? 'root';
  if (typeof user !== 'string') throw new TypeError(`createRdsPool: options.${path}user must be a string`);
  const password = options.password ?? parsed?.password ?? inherit?.password;
  if (password !== undefined && typeof password !== 'string' && typeof password !== 'function') {
    throw new TypeError(`createRdsPool: options.${path}password must be a string or a function returning one`);
  }
  const database = options.database ?? parsed?.database ?? inherit?.database;
  if (database !== undefined && typeof database !== 'string') {
    throw new TypeError(`createRdsPool: options.${path}database must be a string`);
  }
  const ssl: RdsSsl | undefined = options.ssl ?? parsed?.ssl ?? inherit?.ssl;
  if (ssl !== undefined && ssl !== 'required' && (typeof ssl !== 'object' || ssl === null)) {
    throw new TypeError(`createRdsPool: options.${path}ssl must be 'required' or a TLS options object`);
  }
  return {
    name,
    host: options.host ?? parsed?.host ?? '127.0.0.1',
    port,
    user,
    password,
    database,
    ssl,
    min: size.min,
    max: size.max,
  };
}

function integer(source: object, key: string, fallback: number, minimum: number, path = ''): number {
  const value = (source as Record<string, unknown>)[key] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum) {
    throw new RangeError(`createRdsPool: options.${path}${key} must be an integer >= ${minimum}, got ${String(value)}`);
  }
  return value;
}

function count(source: object, key: string, fallback: number): number {
  const value = (source as Record<string, unknown>)[key] ?? fallback;
  if (typeof value !== 'number' || value < 0 || (!Number.isInteger(value) && value !== Number.POSITIVE_INFINITY)) {
    throw new RangeError(`createRdsPool: options.${key} must be an integer >= 0 or Infinity, got ${String(value)}`);
  }
  return value;
}

function duration(
  source: object,
  key: string,
  fallback: number,
  rules: { positive?: boolean; infinite?: boolean; path?: string } = {},
): number {
  const value = (source as Record<string, unknown>)[key] ?? fallback;
  const ok =
    typeof value === 'number' &&
    !Number.isNaN(value) &&
    (Number.isFinite(value) || (rules.infinite === true && value > 0)) &&
    (rules.positive ? value > 0 : value >= 0);
  if (!ok) {
    const what = rules.positive ? 'a finite number > 0' : 'a finite number >= 0';
    throw new RangeError(`createRdsPool: options.${rules.path ?? ''}${key} must be ${what}, got ${String(value)}`);
  }
  return value as number;
}
