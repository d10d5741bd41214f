import type { ServiceError } from '../../shared/service-error';
import { popError } from '../errors';

/** Flat RPC parameters of a call. */
export type Params = Readonly<Record<string, string>>;

/** A `MissingParameter` error naming the parameter. */
export function missingParameter(name: string): ServiceError {
  return popError('MissingParameter', {
    message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  });
}

/** An `InvalidParameter` error naming the parameter. */
export function invalidParameter(name: string, why: string): ServiceError {
  return popError('InvalidParameter', { message: `The parameter ${name} is invalid: ${why}.` });
}

/** A required, non-empty parameter. @throws ServiceError `MissingParameter` */
export function required(params: Params, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

/** An optional parameter (`undefined` when absent or empty). */
export function optional(params: Params, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A boolean parameter (`true`/`false`, any case). @throws ServiceError `InvalidParameter` */
export function booleanParam(params: Params, name: string, fallback: boolean | undefined): boolean {
  const value = optional(params, name);
  if (value === undefined) {
    if (fallback === undefined) throw missingParameter(name);
    return fallback;
  }
  const lower = value.toLowerCase();
  if (lower !== 'true' && lower !== 'false') throw invalidParameter(name, 'it must be true or false');
  return lower === 'true';
}

/** A positive integer parameter within `[1, max]`. @throws ServiceError `InvalidParameter` */
export function pageParam(params: Params, name: string, fallback: number, max: number): number {
  const value = optional(params, name);
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > max) throw invalidParameter(name, `it must be an integer from 1 to ${max}`);
  return n;
}

/** A JSON parameter (DbList, MigrationObject, Reserve). @throws ServiceError `InvalidParameter` */
export function jsonParam(params: Params, name: string): unknown {
  const value = required(params, name);
  try {
    return JSON.parse(value);
  } catch {
    throw invalidParameter(name, 'it is not valid JSON');
  }
}

/** Instance types whose endpoint is reached by address (IP and port) rather than by instance id. */
export const ADDRESS_INSTANCE_TYPES: ReadonlySet<string> = new Set(['EXPRESS', 'OTHER', 'CEN', 'DG', 'LocalInstance']);

/**
 * Checks one endpoint's settings, whichever spelling the API uses (`get('InstanceType')` reads
 * `SourceEndpointInstanceType` or `SourceEndpoint.InstanceType`), and returns the fields to echo
 * back (never the password).
 * @throws ServiceError `MissingParameter` / `InvalidParameter`
 */
export function checkEndpoint(
  label: string,
  get: (field: string) => string | undefined,
  fields: { instanceId: string; database: string },
): Record<string, string> {
  const name = (field: string) => `${label}${field}`;
  const type = get('InstanceType');
  if (type === undefined) throw missingParameter(name('InstanceType'));
  const out: Record<string, string> = { InstanceType: type };
  const engine = get('EngineName');
  if (engine !== undefined) out.EngineName = engine;
  const region = get('Region');
  if (region !== undefined) out.Region = region;
  if (ADDRESS_INSTANCE_TYPES.has(type)) {
    const ip = get('IP');
    const port = get('Port');
    if (ip === undefined) throw missingParameter(name('IP'));
    if (port === undefined) throw missingParameter(name('Port'));
    if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) {
      throw invalidParameter(name('Port'), 'it must be a port number from 1 to 65535');
    }
    out.Ip = ip;
    out.Port = port;
  } else {
    const id = get(fields.instanceId);
    if (id === undefined) throw missingParameter(name(fields.instanceId));
    out.InstanceID = id;
    const port = get('Port');
    if (port !== undefined) out.Port = port;
  }
  const user = get('UserName');
  if (user !== undefined) out.UserName = user;
  const database = get(fields.database);
  if (database !== undefined) out.DatabaseName = database;
  const sid = get('OracleSID');
  if (sid !== undefined) out.OracleSID = sid;
  return out;
}
