import { registerSecret } from '@alikit/core';
import type { MigrationEndpoint, MigrationJobSpec, MigrationObject } from './migration-spec';

/** The spec after checking, with the defaults filled in. */
export interface CheckedMigrationSpec {
  name: string;
  source: CheckedEndpoint;
  destination: CheckedEndpoint;
  objects: readonly MigrationObject[];
  structureInitialization: boolean;
  dataInitialization: boolean;
  dataSynchronization: boolean;
  instanceClass: string;
}

/** An endpoint after checking, region filled in. */
export interface CheckedEndpoint extends MigrationEndpoint {
  region: string;
}

/** Instance types reached by host and port rather than by instance id. */
export const ADDRESS_INSTANCE_TYPES: ReadonlySet<string> = new Set(['EXPRESS', 'OTHER', 'CEN', 'DG', 'LocalInstance']);

/** The instance types the client accepts (as ConfigureDtsJob documents them). */
export const DTS_INSTANCE_TYPES: ReadonlySet<string> = new Set([
  'RDS',
  'PolarDB',
  'ADS',
  'REDIS',
  'DISTRIBUTED_POLARDBX10',
  'POLARDBX20',
  'MONGODB',
  'DISTRIBUTED_DMSLOGICDB',
  'LINDORM',
  'OTHER',
  'ECS',
  'EXPRESS',
  'CEN',
  'DG',
  // The legacy (2016-08-01) name of a self-managed database reached over the internet.
  'LocalInstance',
]);

/** The engines the client accepts (as ConfigureDtsJob documents them). */
export const DTS_ENGINES: ReadonlySet<string> = new Set([
  'MYSQL',
  'MARIADB',
  'PolarDB',
  'POLARDB_O',
  'POLARDBX10',
  'POLARDBX20',
  'ADB30',
  'ORACLE',
  'POSTGRESQL',
  'MSSQL',
  'MONGODB',
  'DB2',
  'AS400',
  'DMSPOLARDB',
  'HBASE',
  'TERADATA',
  'TiDB',
  'REDIS',
  'LINDORM',
]);

const INSTANCE_CLASSES = new Set(['small', 'medium', 'large', 'xlarge', 'xxlarge']);
const REGION = /^[a-z]{2,}-[a-z0-9]+(?:-[a-z0-9]+)*$/;

interface Problem {
  kind: 'type' | 'range';
  message: string;
}

/**
 * Checks a {@link MigrationJobSpec} and fills in its defaults. Every problem is listed in one
 * message; passwords are never quoted, and once the spec passes they are registered with core's
 * redactor (`registerSecret`), so no log line or error text can show them.
 * @throws TypeError for missing or malformed fields; RangeError when the only problems are values
 *   out of range (an unknown engine or instance type, a port outside 1–65535).
 */
export function checkMigrationSpec(spec: MigrationJobSpec, defaultRegion: string): CheckedMigrationSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new TypeError('a migration job spec must be an object');
  }
  const problems: Problem[] = [];
  const type = (message: string) => problems.push({ kind: 'type', message });
  const range = (message: string) => problems.push({ kind: 'range', message });

  if (typeof spec.name !== 'string' || spec.name.trim() === '') type('name is required (a non-empty string)');
  else if (spec.name.length > 128) range('name must be at most 128 characters');
  const source = checkEndpoint(spec.source, 'source', defaultRegion, type, range);
  const destination = checkEndpoint(spec.destination, 'destination', defaultRegion, type, range);

  if (!Array.isArray(spec.objects) || spec.objects.length === 0) {
    type('objects is required: at least one { database, tables? }');
  } else {
    const seen = new Set<string>();
    for (const [i, o] of spec.objects.entries()) {
      const path = `objects[${i}]`;
      if (typeof o !== 'object' || o === null) {
        type(`${path} must be { database, newName?, tables? }`);
        continue;
      }
      if (typeof o.database !== 'string' || o.database === '') {
        type(`${path}.database is required`);
        continue;
      }
      if (seen.has(o.database)) type(`${path}.database repeats ${JSON.stringify(o.database)}`);
      seen.add(o.database);
      if (o.newName !== undefined && (typeof o.newName !== 'string' || o.newName === '')) {
        type(`${path}.newName must be a non-empty string`);
      }
      if (o.tables !== undefined) {
        if (!Array.isArray(o.tables) || o.tables.length === 0) {
          type(`${path}.tables must be a non-empty array (leave it out for every table)`);
        } else {
          const tables: NonNullable<MigrationObject['tables']> = o.tables;
          tables.forEach((t, j) => {
            const name = typeof t === 'string' ? t : t?.name;
            if (typeof name !== 'string' || name === '') type(`${path}.tables[${j}] needs a table name`);
            if (
              typeof t === 'object' &&
              t?.newName !== undefined &&
              (typeof t.newName !== 'string' || t.newName === '')
            ) {
              type(`${path}.tables[${j}].newName must be a non-empty string`);
            }
          });
        }
      }
    }
  }

  const mode = spec.migrationMode ?? {};
  if (typeof mode !== 'object' || mode === null) type('migrationMode must be an object');
  const flag = (name: 'structureInitialization' | 'dataInitialization' | 'dataSynchronization', fallback: boolean) => {
    const value = (mode as Record<string, unknown>)[name];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      type(`migrationMode.${name} must be a boolean`);
      return fallback;
    }
    return value;
  };
  const structureInitialization = flag('structureInitialization', true);
  const dataInitialization = flag('dataInitialization', true);
  const dataSynchronization = flag('dataSynchronization', false);
  if (!structureInitialization && !dataInitialization && !dataSynchronization) {
    type('migrationMode turns every kind of migration off: enable schema, full data or incremental');
  }
  const instanceClass = spec.instanceClass ?? 'small';
  if (!INSTANCE_CLASSES.has(instanceClass)) {
    range(`instanceClass must be one of ${[...INSTANCE_CLASSES].join(', ')}, got ${JSON.stringify(instanceClass)}`);
  }

  if (problems.length > 0) {
    const message = `invalid migration job spec: ${problems.map((p) => p.message).join('; ')}`;
    throw problems.some((p) => p.kind === 'type') ? new TypeError(message) : new RangeError(message);
  }
  // The passwords are about to be sent: from now on every log line and error text hides them.
  registerSecret(spec.source.password);
  registerSecret(spec.destination.password);
  return {
    name: spec.name,
    source: source as CheckedEndpoint,
    destination: destination as CheckedEndpoint,
    objects: spec.objects,
    structureInitialization,
    dataInitialization,
    dataSynchronization,
    instanceClass,
  };
}

function checkEndpoint(
  endpoint: MigrationEndpoint | undefined,
  label: 'source' | 'destination',
  defaultRegion: string,
  type: (message: string) => void,
  range: (message: string) => void,
): CheckedEndpoint | undefined {
  if (typeof endpoint !== 'object' || endpoint === null) {
    type(`${label} is required: { instanceType, engine, instanceId | host and port, user, password }`);
    return undefined;
  }
  const e = endpoint;
  if (typeof e.instanceType !== 'string' || e.instanceType === '') type(`${label}.instanceType is required`);
  else if (!DTS_INSTANCE_TYPES.has(e.instanceType)) {
    range(
      `${label}.instanceType ${JSON.stringify(e.instanceType)} is not one DTS knows (${[...DTS_INSTANCE_TYPES].join(', ')})`,
    );
  }
  if (typeof e.engine !== 'string' || e.engine === '') type(`${label}.engine is required`);
  else if (!DTS_ENGINES.has(e.engine)) {
    range(`${label}.engine ${JSON.stringify(e.engine)} is not one DTS knows (${[...DTS_ENGINES].join(', ')})`);
  }
  const region = e.region ?? defaultRegion;
  if (typeof region !== 'string' || !REGION.test(region))
    type(`${label}.region must be a region id such as cn-hangzhou`);
  const byAddress = typeof e.instanceType === 'string' && ADDRESS_INSTANCE_TYPES.has(e.instanceType);
  if (byAddress) {
    if (typeof e.host !== 'string' || e.host === '' || /\s/.test(e.host)) {
      type(`${label}.host is required for instance type ${e.instanceType}`);
    }
    if (e.port === undefined) type(`${label}.port is required for instance type ${e.instanceType}`);
  } else if (typeof e.instanceType === 'string' && (typeof e.instanceId !== 'string' || e.instanceId === '')) {
    type(`${label}.instanceId is required for instance type ${e.instanceType}`);
  }
  if (e.port !== undefined) {
    if (typeof e.port !== 'number') type(`${label}.port must be a number`);
    else if (!Number.isInteger(e.port) || e.port < 1 || e.port > 65535) range(`${label}.port must be from 1 to 65535`);
  }
  if (typeof e.user !== 'string' || e.user === '') type(`${label}.user is required`);
  if (typeof e.password !== 'string' || e.password === '') type(`${label}.password is required`);
  for (const name of ['database', 'oracleSid', 'instanceId', 'host'] as const) {
    const value = e[name];
    if (value !== undefined && typeof value !== 'string') type(`${label}.${name} must be a string`);
  }
  return { ...e, region };
}

/** The 2020-01-01 `DbList` JSON: `{"shop":{"name":"shop","all":true}}`, with `Table` for a table list. */
export function dbList(objects: readonly MigrationObject[]): string {
  const out: Record<string, unknown> = {};
  for (const o of objects) {
    const entry: Record<string, unknown> = { name: o.newName ?? o.database, all: o.tables === undefined };
    if (o.tables !== undefined) {
      const tables: Record<string, unknown> = {};
      for (const t of o.tables) {
        const name = typeof t === 'string' ? t : t.name;
        tables[name] = { name: (typeof t === 'string' ? undefined : t.newName) ?? name, all: true };
      }
      entry.Table = tables;
    }
    out[o.database] = entry;
  }
  return JSON.stringify(out);
}

/** The 2016-08-01 `MigrationObject` JSON: `[{"DBName":"shop","NewDBName":"shop","TableIncludes":[…]}]`. */
export function legacyMigrationObject(objects: readonly MigrationObject[]): string {
  return JSON.stringify(
    objects.map((o) => {
      const entry: Record<string, unknown> = { DBName: o.database, NewDBName: o.newName ?? o.database };
      if (o.tables !== undefined) {
        entry.TableIncludes = o.tables.map((t) => {
          const name = typeof t === 'string' ? t : t.name;
          return { TableName: name, NewTableName: (typeof t === 'string' ? undefined : t.newName) ?? name };
        });
      }
      return entry;
    }),
  );
}

/** The ConfigureDtsJob (2020-01-01) parameters of an endpoint: `SourceEndpointInstanceType`, ... */
export function endpointParams(
  prefix: 'SourceEndpoint' | 'DestinationEndpoint',
  e: CheckedEndpoint,
): Record<string, unknown> {
  return {
    [`${prefix}InstanceType`]: e.instanceType,
    [`${prefix}EngineName`]: e.engine,
    [`${prefix}Region`]: e.region,
    [`${prefix}InstanceID`]: e.instanceId,
    [`${prefix}IP`]: e.host,
    [`${prefix}Port`]: e.port,
    // The destination's database parameter is spelled "DataBaseName" on the wire.
    [prefix === 'SourceEndpoint' ? `${prefix}DatabaseName` : `${prefix}DataBaseName`]: e.database,
    [`${prefix}UserName`]: e.user,
    [`${prefix}Password`]: e.password,
    [`${prefix}OracleSID`]: e.oracleSid,
  };
}

/** The ConfigureMigrationJob (2016-08-01) parameters of an endpoint: `SourceEndpoint.InstanceType`, ... */
export function legacyEndpointParams(
  prefix: 'SourceEndpoint' | 'DestinationEndpoint',
  e: CheckedEndpoint,
): Record<string, unknown> {
  return {
    [`${prefix}.InstanceType`]: e.instanceType,
    [`${prefix}.EngineName`]: e.engine,
    [`${prefix}.Region`]: e.region,
    [`${prefix}.InstanceID`]: e.instanceId,
    [`${prefix}.IP`]: e.host,
    [`${prefix}.Port`]: e.port,
    [prefix === 'SourceEndpoint' ? `${prefix}.DatabaseName` : `${prefix}.DataBaseName`]: e.database,
    [`${prefix}.UserName`]: e.user,
    [`${prefix}.Password`]: e.password,
    [`${prefix}.OracleSID`]: e.oracleSid,
  };
}
