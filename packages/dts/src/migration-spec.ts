/** Where a DTS endpoint lives. Instance types reached by address (`EXPRESS`, `OTHER`, ...) need `host` and `port`. */
export type DtsInstanceType =
  | 'RDS'
  | 'PolarDB'
  | 'POLARDBX20'
  | 'ADS'
  | 'MONGODB'
  | 'REDIS'
  | 'ECS'
  | 'EXPRESS'
  | 'OTHER'
  | 'CEN'
  | 'DG'
  | (string & {});

/** The database engine of an endpoint. */
export type DtsEngine =
  | 'MYSQL'
  | 'MARIADB'
  | 'PolarDB'
  | 'POLARDB_O'
  | 'POLARDBX10'
  | 'POLARDBX20'
  | 'ORACLE'
  | 'POSTGRESQL'
  | 'MSSQL'
  | 'MONGODB'
  | 'REDIS'
  | 'DB2'
  | 'TiDB'
  | (string & {});

/**
 * One side of a migration: the database DTS reads from or writes to.
 *
 * @example
 * ```ts
 * const source: MigrationEndpoint = {
 *   instanceType: 'EXPRESS', engine: 'MYSQL', host: '203.0.113.10', port: 3306,
 *   user: 'dts', password: process.env.SOURCE_DB_PASSWORD ?? '',
 * };
 * const destination: MigrationEndpoint = {
 *   instanceType: 'RDS', engine: 'MYSQL', instanceId: 'rm-example123', user: 'dts', password: 'example',
 * };
 * ```
 */
export interface MigrationEndpoint {
  /** `RDS`, `PolarDB`, `ECS` (a self-managed database on ECS), `EXPRESS` (reached by address), ... */
  instanceType: DtsInstanceType;
  /** The database engine, e.g. `MYSQL`. */
  engine: DtsEngine;
  /** The endpoint's region. @defaultValue the client's region */
  region?: string | undefined;
  /** The instance id (`rm-…`, `pc-…`, `i-…`), for every type not reached by address. */
  instanceId?: string | undefined;
  /** Host name or IP, for `EXPRESS`, `OTHER`, `CEN`, `DG`. */
  host?: string | undefined;
  /** The port; required with `host`. @defaultValue the service's default for the instance */
  port?: number | undefined;
  /** The database to connect to (PostgreSQL, Oracle and MongoDB need one). @defaultValue none */
  database?: string | undefined;
  /** The account DTS signs in with. */
  user: string;
  /** Its password; sent to DTS, never logged or quoted in errors. */
  password: string;
  /** The Oracle SID. @defaultValue none */
  oracleSid?: string | undefined;
}

/** A database to migrate: whole, or only some tables, optionally renamed at the destination. */
export interface MigrationObject {
  /** The source database (schema). */
  database: string;
  /** Its name at the destination. @defaultValue the same name */
  newName?: string | undefined;
  /** Only these tables (`'orders'` or `{ name: 'orders', newName: 'orders_v2' }`). @defaultValue every table */
  tables?:
    | ReadonlyArray<
        | string
        | {
            /** The table's name at the source. */
            name: string;
            /** Its name at the destination. @defaultValue the same name */
            newName?: string | undefined;
          }
      >
    | undefined;
}

/** Which kinds of migration a job runs: schema, full data, incremental. At least one must be on. */
export interface MigrationMode {
  /** Schema migration (tables, views, ...). @defaultValue true */
  structureInitialization?: boolean | undefined;
  /** Full data migration (the existing rows). @defaultValue true */
  dataInitialization?: boolean | undefined;
  /** Incremental migration (changes made while migrating, until the job is stopped). @defaultValue false */
  dataSynchronization?: boolean | undefined;
}

/** The size class of a migration instance. */
export type MigrationInstanceClass = 'small' | 'medium' | 'large' | 'xlarge' | 'xxlarge';

/**
 * A DTS migration job: what to copy from where to where. Checked completely before anything is sent.
 *
 * @example
 * ```ts
 * const spec: MigrationJobSpec = {
 *   name: 'shop-to-rds',
 *   source: { instanceType: 'EXPRESS', engine: 'MYSQL', host: '203.0.113.10', port: 3306, user: 'dts', password: 'example' },
 *   destination: { instanceType: 'RDS', engine: 'MYSQL', instanceId: 'rm-example123', user: 'dts', password: 'example' },
 *   objects: [{ database: 'shop' }, { database: 'crm', tables: ['customers'] }],
 *   migrationMode: { structureInitialization: true, dataInitialization: true, dataSynchronization: false },
 * };
 * ```
 */
export interface MigrationJobSpec {
  /** The job's name. */
  name: string;
  /** The database to migrate from. */
  source: MigrationEndpoint;
  /** The database to migrate to. */
  destination: MigrationEndpoint;
  /** The databases (and tables) to migrate. */
  objects: readonly MigrationObject[];
  /** @defaultValue schema and full data, no incremental */
  migrationMode?: MigrationMode | undefined;
  /** The instance size, which sets the migration speed. @defaultValue 'small' */
  instanceClass?: MigrationInstanceClass | undefined;
}
