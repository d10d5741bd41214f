import { randomBytes } from 'node:crypto';
import { formatHttpDate, verifyMaxCompute } from '@alikit/core';
import type { TunnelRecordInput, TunnelValue } from '@alikit/maxcompute/tunnel';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { hexRequestId } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { XML_DECLARATION } from '../shared/xml';
import { odpsCodeForStatus, odpsError, renderOdpsError, renderTunnelError } from './errors';
import { InstanceRegistry, type MaxComputeInstance, parseSubmission } from './instances';
import { el, type OdpsXmlElement, renderOdpsXml } from './odps-xml';
import { type MaxComputeProject, MaxComputeProjectStore } from './project-store';
import { runScript } from './sql-executor';
import {
  CatalogError,
  MaxComputeCatalog,
  type MaxComputeColumnInput,
  type MaxComputeTable,
  parsePartitionSpec,
  partitionKey,
} from './table-store';
import {
  MaxComputeTunnel,
  parseTunnelPath,
  RESULT_ROW_LIMIT,
  type TunnelOperation,
  type TunnelTarget,
  tunnelOperation,
} from './tunnel';
import { csvField, fromStored } from './values';

/** The path the service endpoint ends with; clients sign URLs relative to it. */
export const MAXCOMPUTE_API_PATH = '/api';

/** A column of {@link MaxComputeEmulator.createTable}: name and MaxCompute type string. */
export type MaxComputeEmulatorColumn = MaxComputeColumnInput;

/** Options of {@link MaxComputeEmulator.createTable}. */
export interface CreateMaxComputeTableOptions {
  /** Data columns in order, e.g. `[{ name: 'id', type: 'bigint' }]`. */
  columns: readonly MaxComputeEmulatorColumn[];
  /** Partition columns in order. @defaultValue none */
  partitionKeys?: readonly MaxComputeEmulatorColumn[] | undefined;
  /** @defaultValue `''` */
  comment?: string | undefined;
  /** Lifecycle in days. @defaultValue `-1` (none) */
  lifecycle?: number | undefined;
  /** @defaultValue the default project */
  project?: string | undefined;
}

/** Options of {@link MaxComputeEmulator.insertRows} and {@link MaxComputeEmulator.readRows}. */
export interface MaxComputeRowsOptions {
  /** The partition: `"dt=20240101,region=hz"` or `{ dt: '20240101' }`. Required for partitioned tables. */
  partition?: string | Readonly<Record<string, string>> | undefined;
  /** @defaultValue the default project */
  project?: string | undefined;
  /** Replace the partition's (or table's) rows instead of appending (insertRows only). @defaultValue false */
  overwrite?: boolean | undefined;
}

/** A table as {@link MaxComputeEmulator.createTable} reports it. */
export interface MaxComputeTableInfo {
  /** The table name. */
  readonly name: string;
  /** Data columns in order. */
  readonly columns: ReadonlyArray<{
    /** The column name. */
    readonly name: string;
    /** The column's MaxCompute type, e.g. `bigint` or `array<string>`. */
    readonly type: string;
  }>;
  /** Partition columns in order (empty for an unpartitioned table). */
  readonly partitionKeys: ReadonlyArray<{
    /** The partition column name. */
    readonly name: string;
    /** The partition column's MaxCompute type, e.g. `string`. */
    readonly type: string;
  }>;
  /** Lifecycle in days; `-1` when the table has none. */
  readonly lifecycle: number;
}

/** What {@link MaxComputeEmulator.runSql} returns: typed rows of a query, or a statement's text output. */
export type MaxComputeSqlOutcome =
  | {
      /** The script ended with a query: `columns` and `rows` hold its result. */
      readonly kind: 'select';
      /** The result columns in order. */
      readonly columns: ReadonlyArray<{
        /** The column name (or alias) as the query produced it. */
        readonly name: string;
        /** The column's MaxCompute type, e.g. `bigint` or `decimal(10,2)`. */
        readonly type: string;
      }>;
      /** Rows as the tunnel codec represents values (BIGINT `bigint`, DATETIME `Date`, ...). */
      readonly rows: TunnelValue[][];
    }
  | {
      /** The script ended with a statement that returns no rows (DDL, INSERT, ...). */
      readonly kind: 'text';
      /** The statement's text output, e.g. `OK`. */
      readonly text: string;
    };

/** The MaxCompute emulator as tests and users see it. */
export interface MaxComputeEmulator {
  /** The service endpoint clients configure: `http://127.0.0.1:<port>/api`. */
  readonly endpoint: string;
  /**
   * The tunnel endpoint, `http://127.0.0.1:<port>` (same port, no `/api`); also what
   * `GET /projects/{p}/tunnel?service` advertises.
   */
  readonly tunnelEndpoint: string;
  /** The project served by default. */
  readonly project: string;
  /** The region the emulator reports (and accepts in v4 signatures). */
  readonly region: string;
  /**
   * Creates a project (or returns the existing one of that name).
   * @throws TypeError when the name is not a valid project name.
   */
  createProject(name: string, options?: { comment?: string }): MaxComputeProject;
  /**
   * Creates a table, as `CREATE TABLE` would, for test setup.
   * @example await emu.maxcompute.createTable('t', { columns: [{ name: 'id', type: 'bigint' }], partitionKeys: [{ name: 'dt', type: 'string' }] })
   * @throws TypeError for a bad name or type, or when the table exists.
   */
  createTable(name: string, options: CreateMaxComputeTableOptions): Promise<MaxComputeTableInfo>;
  /**
   * Appends rows to a table or partition (creating the partition). Rows are arrays in data-column
   * order or objects keyed by column name, holding tunnel codec values (BIGINT as `bigint` or an
   * integer `number`, DATETIME as `Date`, ...).
   * @returns the number of rows inserted.
   * @throws TypeError naming the column when a value does not fit, or for a bad partition spec.
   */
  insertRows(table: string, rows: Iterable<TunnelRecordInput>, options?: MaxComputeRowsOptions): Promise<number>;
  /** The rows of a table or partition (data columns only), in insertion order. */
  readRows(table: string, options?: MaxComputeRowsOptions): Promise<TunnelValue[][]>;
  /**
   * Runs SQL directly (no instance, no request), as a SQL task would.
   * @throws Error with the task's `ODPS-…` message when the SQL fails.
   */
  runSql(sql: string, options?: { project?: string | undefined }): Promise<MaxComputeSqlOutcome>;
  /** Milliseconds a new instance stays Running before its SQL runs. @defaultValue 0 */
  instanceRunDelayMs: number;
  /**
   * Makes the next `times` tunnel record downloads send their headers and the first `afterBytes`
   * bytes of the body, then drop the connection (a reset mid-body, for resume tests).
   * @throws RangeError for a negative byte count or a non-positive `times`.
   */
  interruptDownloads(
    afterBytes: number,
    options?: {
      times?: number | undefined;
      operation?: 'DownloadTableRecords' | 'DownloadInstanceRecords' | undefined;
    },
  ): void;
  /** How many requests of an operation (every operation when omitted) the emulator has received. */
  requestCount(operation?: string): number;
  /** Resets {@link MaxComputeEmulator.requestCount}. */
  clearRequestCounts(): void;
}

type RestOperation =
  | 'ListProjects'
  | 'GetProject'
  | 'ListTables'
  | 'GetTable'
  | 'ListPartitions'
  | 'GetPartition'
  | 'ListInstances'
  | 'CreateInstance'
  | 'GetInstance'
  | 'GetInstanceTaskStatus'
  | 'GetInstanceResult'
  | 'GetInstanceSource'
  | 'GetInstanceProgress'
  | 'GetInstanceSummary'
  | 'TerminateInstance'
  | 'GetTunnelEndpoint'
  | 'GetLogviewHost'
  | 'CreateLogviewToken';

const TUNNEL_OPERATIONS = new Set<string>([
  'CreateDownloadSession',
  'GetDownloadSession',
  'DownloadTableRecords',
  'CreateUploadSession',
  'GetUploadSession',
  'UploadBlock',
  'CommitUpload',
  'CreateInstanceDownloadSession',
  'GetInstanceDownloadSession',
  'DownloadInstanceRecords',
]);

/**
 * The MaxCompute service module: `ODPS` (legacy and v4) verification; the REST API (projects,
 * tables, partitions, SQL instances) under `/api` with XML errors; the tunnel (table download and
 * upload, instance tunnel) on the same port without `/api`, with JSON errors. SQL runs on SQLite
 * (sql.js) after translation from MaxCompute's dialect.
 */
export class MaxComputeService implements ServiceModule {
  readonly service = 'maxcompute' as const;
  readonly requestIdHeader = 'x-odps-request-id';
  readonly projects = new MaxComputeProjectStore();
  readonly project: string;
  readonly region: string;
  readonly instances: InstanceRegistry;
  readonly tunnel: MaxComputeTunnel;
  readonly requestCounts = new Map<string, number>();
  readonly #catalogs = new Map<string, MaxComputeCatalog>();
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, project = 'alikit_emulator', region = 'cn-hangzhou') {
    this.#accounts = accounts;
    this.#now = now;
    this.project = project;
    this.region = region;
    this.instances = new InstanceRegistry(now);
    this.tunnel = new MaxComputeTunnel({ catalog: (p) => this.tunnelCatalog(p), instances: this.instances });
    this.projects.create(project, { comment: 'default project of the alikit emulator' }, now());
  }

  /** Creates a project dated by the emulator clock (see {@link MaxComputeEmulator.createProject}). */
  createProject(name: string, options?: { comment?: string }): MaxComputeProject {
    return this.projects.create(name, options, this.#now());
  }

  /**
   * The table catalog of a project.
   * @throws TypeError when the project does not exist.
   */
  catalog(project: string): MaxComputeCatalog {
    const found = this.projects.get(project);
    if (!found) throw new TypeError(`MaxCompute project ${JSON.stringify(project)} does not exist; create it first`);
    let catalog = this.#catalogs.get(found.name);
    if (!catalog) {
      catalog = new MaxComputeCatalog(found.name, found.owner, this.#now);
      this.#catalogs.set(found.name, catalog);
    }
    return catalog;
  }

  private tunnelCatalog(project: string): MaxComputeCatalog {
    if (!this.projects.get(project)) {
      throw odpsError('NoSuchProject', { status: 404, message: `The specified project does not exist: ${project}` });
    }
    return this.catalog(project);
  }

  #restCatalog(project: string): MaxComputeCatalog {
    if (!this.projects.get(project)) {
      throw odpsError('NoSuchObject', { message: `ODPS-0420111: Project not found - '${project}'.` });
    }
    return this.catalog(project);
  }

  newRequestId(): string {
    return hexRequestId();
  }

  route(ctx: RequestContext): void {
    const rel = relativePath(ctx);
    if (rel !== undefined) ctx.operation = restOperation(ctx, rel);
    else {
      const target = parseTunnelPath(ctx.path);
      if (target) ctx.operation = tunnelOperation(ctx, target);
    }
    const key = ctx.operation ?? 'Unknown';
    this.requestCounts.set(key, (this.requestCounts.get(key) ?? 0) + 1);
  }

  async handle(ctx: RequestContext): Promise<EmulatorResponse> {
    const rel = relativePath(ctx);
    acceptVerification(
      ctx,
      verifyMaxCompute(ctx.received, this.#accounts.lookup, {
        now: this.#now,
        pathPrefix: rel === undefined ? '' : MAXCOMPUTE_API_PATH,
      }),
      this.#accounts,
      { verification: odpsVerificationError, securityToken: odpsSecurityTokenError },
    );
    if (rel === undefined) {
      const target = parseTunnelPath(ctx.path);
      if (!target) {
        throw odpsError('NoSuchObject', {
          message: `The service endpoint path is ${MAXCOMPUTE_API_PATH}; got ${ctx.path}`,
        });
      }
      if (!ctx.operation || !TUNNEL_OPERATIONS.has(ctx.operation)) {
        throw odpsError('MethodNotAllowed', {
          message: `The tunnel does not serve ${ctx.method} ${ctx.path} with these parameters`,
        });
      }
      return this.tunnel.handle(ctx, target as TunnelTarget, ctx.operation as TunnelOperation);
    }
    const s = rel.split('/');
    const project = s[2] ?? '';
    switch (ctx.operation as RestOperation | undefined) {
      case 'ListProjects':
        return this.#listProjects(ctx);
      case 'GetProject':
        return this.#getProject(project);
      case 'ListTables':
        return this.#listTables(ctx, this.#restCatalog(project));
      case 'GetTable':
        return this.#getTable(this.#restCatalog(project), s[4] ?? '');
      case 'ListPartitions':
        return this.#listPartitions(ctx, this.#restCatalog(project), s[4] ?? '');
      case 'GetPartition':
        return this.#getPartition(ctx, this.#restCatalog(project), s[4] ?? '');
      case 'ListInstances':
        this.#restCatalog(project);
        return this.#listInstances(ctx, project);
      case 'CreateInstance':
        return this.#createInstance(ctx, project);
      case 'GetInstance':
        return this.#getInstance(this.#instance(project, s[4] ?? ''));
      case 'GetInstanceTaskStatus':
        return this.#taskStatus(this.#instance(project, s[4] ?? ''));
      case 'GetInstanceResult':
        return this.#result(this.#instance(project, s[4] ?? ''));
      case 'GetInstanceSource':
        return xml(`${XML_DECLARATION}${this.#instance(project, s[4] ?? '').jobXml}`);
      case 'GetInstanceProgress':
        return this.#progress(this.#instance(project, s[4] ?? ''));
      case 'GetInstanceSummary':
        return this.#summary(this.#instance(project, s[4] ?? ''));
      case 'TerminateInstance':
        return this.#terminate(ctx, this.#instance(project, s[4] ?? ''));
      case 'GetTunnelEndpoint':
        this.#restCatalog(project);
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: hostOf(ctx) };
      case 'GetLogviewHost':
        return { status: 200, headers: { 'content-type': 'text/plain' }, body: `http://${hostOf(ctx)}` };
      case 'CreateLogviewToken':
        this.#restCatalog(project);
        return xml(renderOdpsXml(el('Authorization', [el('Result', randomBytes(24).toString('base64url'))])));
      default:
        throw odpsError('NotImplemented', {
          message: `The emulator does not implement ${ctx.method} ${ctx.path} yet.`,
        });
    }
  }

  renderError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
    return relativePath(ctx) === undefined && ctx.path.startsWith('/projects/')
      ? renderTunnelError(error, ctx)
      : renderOdpsError(error, ctx);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return odpsError(code ?? odpsCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return odpsError('InternalServerError', {
      message: `ODPS-0010000:System internal error - the emulator failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }

  async close(): Promise<void> {
    this.instances.close();
  }

  // ------------------------------------------------------------------ projects

  #listProjects(ctx: RequestContext): EmulatorResponse {
    const prefix = ctx.queryParam('name') ?? '';
    const all = this.projects.list().filter((p) => p.name.startsWith(prefix));
    const { page, marker, maxItems } = paginate(ctx, all, (p) => p.name);
    return xml(
      renderOdpsXml(
        el('Projects', [
          el('Marker', marker),
          el('MaxItems', maxItems),
          ...page.map((p) =>
            el('Project', [
              el('Name', p.name),
              el('Type', 'managed'),
              el('Comment', p.comment),
              el('Owner', p.owner),
              el('State', 'AVAILABLE'),
              el('CreationTime', formatHttpDate(p.creationTime)),
              el('LastModifiedTime', formatHttpDate(p.lastModifiedTime)),
              el('Region', this.region),
            ]),
          ),
        ]),
      ),
    );
  }

  #getProject(name: string): EmulatorResponse {
    const project = this.projects.get(name);
    if (!project) throw odpsError('NoSuchObject', { message: `ODPS-0420111: Project not found - '${name}'.` });
    const created = formatHttpDate(project.creationTime);
    const modified = formatHttpDate(project.lastModifiedTime);
    const body = renderOdpsXml(
      el('Project', [
        el('Name', project.name),
        el('Type', 'managed'),
        el('Comment', project.comment),
        el('Owner', project.owner),
        el('SuperAdministrator', project.owner),
        el('State', 'AVAILABLE'),
        el('CreationTime', created),
        el('LastModifiedTime', modified),
        el('ProjectGroupName', ''),
        el('Properties', [
          el('Property', [el('Name', 'odps.sql.type.system.odps2'), el('Value', 'true')]),
          el('Property', [el('Name', 'odps.sql.timezone'), el('Value', 'UTC')]),
        ]),
        el('Region', this.region),
      ]),
    );
    return {
      status: 200,
      headers: {
        'content-type': 'application/xml',
        'x-odps-owner': project.owner,
        'x-odps-creation-time': created,
        'last-modified': modified,
      },
      body,
    };
  }

  // ------------------------------------------------------------------ tables

  #table(catalog: MaxComputeCatalog, name: string): MaxComputeTable {
    const table = catalog.get(name);
    if (!table) {
      throw odpsError('NoSuchObject', {
        message: `ODPS-0130131:Table not found - '${catalog.project}.${name.toLowerCase()}'`,
      });
    }
    return table;
  }

  async #tableElements(catalog: MaxComputeCatalog, table: MaxComputeTable): Promise<OdpsXmlElement[]> {
    const stats = await catalog.stats(table, undefined);
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    const schema = {
      comment: table.comment,
      owner: table.owner,
      createTime: seconds(table.creationTime),
      lastDDLTime: seconds(table.lastDdlTime),
      lastModifiedTime: seconds(table.lastModifiedTime),
      lastAccessTime: seconds(table.lastModifiedTime),
      lifecycle: table.lifecycle,
      size: stats.size,
      recordNum: stats.records,
      isVirtualView: false,
      isExternal: false,
      tableLabel: '0',
      columns: table.columns.map((c) => ({
        name: c.name,
        type: c.type,
        comment: c.comment,
        label: '',
        isNullable: c.nullable,
      })),
      partitionKeys: table.partitionKeys.map((c) => ({ name: c.name, type: c.type, comment: c.comment, label: '' })),
    };
    return [
      el('Name', table.name),
      el('TableId', table.tableId),
      el('Comment', table.comment),
      el('Owner', table.owner),
      el('Project', catalog.project),
      el('Schema', { cdata: JSON.stringify(schema) }, { format: 'json' }),
      el('CreationTime', formatHttpDate(table.creationTime)),
      el('LastModifiedTime', formatHttpDate(table.lastModifiedTime)),
      el('LastAccessTime', formatHttpDate(table.lastModifiedTime)),
      el('Type', 'MANAGED_TABLE'),
      el('TableLabel', ''),
    ];
  }

  async #listTables(ctx: RequestContext, catalog: MaxComputeCatalog): Promise<EmulatorResponse> {
    const prefix = (ctx.queryParam('name') ?? '').toLowerCase();
    const type = ctx.queryParam('type');
    const all = [...catalog.tables.values()]
      .filter((t) => t.name.startsWith(prefix) && (!type || type === 'MANAGED_TABLE'))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const { page, marker, maxItems } = paginate(ctx, all, (t) => t.name);
    const tables: OdpsXmlElement[] = [];
    for (const table of page) tables.push(el('Table', await this.#tableElements(catalog, table)));
    return xml(renderOdpsXml(el('Tables', [el('Marker', marker), el('MaxItems', maxItems), ...tables])));
  }

  async #getTable(catalog: MaxComputeCatalog, name: string): Promise<EmulatorResponse> {
    const table = this.#table(catalog, name);
    return xml(renderOdpsXml(el('Table', await this.#tableElements(catalog, table))), {
      'x-odps-owner': table.owner,
      'x-odps-creation-time': formatHttpDate(table.creationTime),
      'last-modified': formatHttpDate(table.lastModifiedTime),
    });
  }

  async #listPartitions(ctx: RequestContext, catalog: MaxComputeCatalog, name: string): Promise<EmulatorResponse> {
    const table = this.#table(catalog, name);
    if (table.partitionKeys.length === 0) {
      throw odpsError('InvalidArgument', {
        message: `ODPS-0130071:Semantic analysis exception - table ${catalog.project}.${table.name} is not partitioned`,
      });
    }
    await catalog.syncPartitions(table);
    const filterText = ctx.queryParam('partition');
    let filter: Array<[string, string]> = [];
    try {
      filter = filterText ? parsePartitionSpec(filterText) : [];
    } catch (error) {
      throw restCatalogError(error);
    }
    let all = [...table.partitions.entries()]
      .filter(([, p]) => filter.every(([k, v]) => p.values.some(([pk, pv]) => pk === k && pv === v)))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (ctx.hasQuery('reverse')) all = all.reverse();
    const { page, marker, maxItems } = paginate(ctx, all, ([key]) => key);
    const items: OdpsXmlElement[] = [];
    for (const [, partition] of page) {
      const stats = await catalog.stats(table, partition.values);
      const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));
      items.push(
        el('Partition', [
          ...partition.values.map(([k, v]) => el('Column', undefined, { Name: k, Value: v })),
          el('CreationTime', seconds(partition.creationTime)),
          el('LastDDLTime', seconds(partition.creationTime)),
          el('LastModifiedTime', seconds(partition.lastModifiedTime)),
          el('PartitionSize', stats.size),
          el('PartitionRecordCount', stats.records),
        ]),
      );
    }
    return xml(renderOdpsXml(el('Partitions', [el('Marker', marker), el('MaxItems', maxItems), ...items])));
  }

  async #getPartition(ctx: RequestContext, catalog: MaxComputeCatalog, name: string): Promise<EmulatorResponse> {
    const table = this.#table(catalog, name);
    let spec: Array<[string, string]> | undefined;
    try {
      spec = catalog.normalizeSpec(table, parsePartitionSpec(ctx.queryParam('partition') ?? ''));
    } catch (error) {
      throw restCatalogError(error);
    }
    await catalog.syncPartitions(table);
    const partition = spec ? table.partitions.get(partitionKey(spec)) : undefined;
    if (!spec || !partition) {
      throw odpsError('NoSuchPartition', {
        status: 404,
        message: `ODPS-0130121:Partition not found - ${catalog.project}.${table.name} (${ctx.queryParam('partition')})`,
      });
    }
    const stats = await catalog.stats(table, spec);
    const seconds = (d: Date) => Math.floor(d.getTime() / 1000);
    const json = {
      createTime: seconds(partition.creationTime),
      lastDDLTime: seconds(partition.creationTime),
      lastModifiedTime: seconds(partition.lastModifiedTime),
      lastAccessTime: seconds(partition.lastModifiedTime),
      partitionSize: stats.size,
      partitionRecordNum: stats.records,
    };
    return xml(renderOdpsXml(el('Partition', [el('Schema', { cdata: JSON.stringify(json) })])));
  }

  // ------------------------------------------------------------------ instances

  #instance(project: string, id: string): MaxComputeInstance {
    this.#restCatalog(project);
    const instance = this.instances.get(project, id);
    if (!instance) throw odpsError('NoSuchObject', { message: `ODPS-0420111: Instance not found - '${id}'.` });
    return instance;
  }

  #createInstance(ctx: RequestContext, project: string): EmulatorResponse {
    const catalog = this.#restCatalog(project);
    const submission = parseSubmission(ctx.bodyText());
    const existing = submission.guid ? this.instances.byGuid(project, submission.guid) : undefined;
    const instance = existing ?? this.instances.submit(project, ownerOf(ctx), submission, catalog).instance;
    return {
      status: 201,
      headers: {
        location: `http://${hostOf(ctx)}${MAXCOMPUTE_API_PATH}/projects/${encodeURIComponent(project)}/instances/${instance.id}`,
      },
    };
  }

  #instanceHeaders(instance: MaxComputeInstance): Record<string, string> {
    const headers: Record<string, string> = {
      'x-odps-owner': instance.owner,
      'x-odps-start-time': formatHttpDate(instance.startTime),
    };
    if (instance.endTime) headers['x-odps-end-time'] = formatHttpDate(instance.endTime);
    return headers;
  }

  #getInstance(instance: MaxComputeInstance): EmulatorResponse {
    return xml(renderOdpsXml(el('Instance', [el('Status', instance.status)])), this.#instanceHeaders(instance));
  }

  #taskStatus(instance: MaxComputeInstance): EmulatorResponse {
    return xml(
      renderOdpsXml(
        el('Instance', [
          el('Status', instance.status),
          el('Tasks', [
            el(
              'Task',
              [
                el('Name', instance.taskName),
                el('StartTime', formatHttpDate(instance.startTime)),
                el('EndTime', instance.endTime ? formatHttpDate(instance.endTime) : ''),
                el('Status', instance.taskStatus),
                el('Histories', []),
              ],
              { Type: 'SQL' },
            ),
          ]),
        ]),
      ),
      this.#instanceHeaders(instance),
    );
  }

  #result(instance: MaxComputeInstance): EmulatorResponse {
    if (instance.status !== 'Terminated') {
      throw odpsError('InstanceNotTerminate', {
        message: `ODPS-0130241:Instance ${instance.id} has not terminated yet`,
      });
    }
    let result: OdpsXmlElement;
    let descriptor: OdpsXmlElement | undefined;
    const r = instance.result;
    if (instance.taskStatus !== 'Success' || !r) {
      result = el('Result', { cdata: instance.failure ?? '' }, { Format: 'text' });
    } else if (r.kind === 'text') {
      result = el('Result', { cdata: r.text }, { Format: 'text' });
    } else {
      const rows = r.rows.slice(0, RESULT_ROW_LIMIT);
      const lines = [r.columns.map((c) => csvField({ kind: 'string' }, c.name)).join(',')];
      for (const row of rows) lines.push(r.columns.map((c, i) => csvField(c.parsed, row[i] ?? null)).join(','));
      result = el('Result', { cdata: `${lines.join('\n')}\n` }, { Format: 'csv' });
      descriptor = el(
        'ResultDescriptor',
        JSON.stringify({
          IsSelect: true,
          ...(r.rows.length > RESULT_ROW_LIMIT ? { SelectResultStatus: 'TRUNCATED' } : {}),
          Schema: { Columns: r.columns.map((c) => ({ Name: c.name, Type: c.type })) },
        }),
      );
    }
    return xml(
      renderOdpsXml(
        el('Instance', [
          el('Tasks', [
            el('Task', [el('Name', instance.taskName), result, el('Status', instance.taskStatus), descriptor], {
              Type: 'SQL',
            }),
          ]),
        ]),
      ),
    );
  }

  #progress(instance: MaxComputeInstance): EmulatorResponse {
    const done = instance.status === 'Terminated';
    const rows = instance.result?.kind === 'select' ? instance.result.rows.length : 0;
    return xml(
      renderOdpsXml(
        el('Progress', [
          el(
            'Stage',
            [
              el('Status', done ? 'Terminated' : 'Running'),
              el('BackupWorkers', 0),
              el('TerminatedWorkers', done ? 1 : 0),
              el('RunningWorkers', done ? 0 : 1),
              el('TotalWorkers', 1),
              el('InputRecords', rows),
              el('OutputRecords', rows),
              el('FinishedPercentage', done ? 100 : 0),
            ],
            { ID: 'M1_job_0' },
          ),
        ]),
      ),
    );
  }

  #summary(instance: MaxComputeInstance): EmulatorResponse {
    const rows = instance.result?.kind === 'select' ? instance.result.rows.length : 0;
    const jsonSummary = JSON.stringify({ Cost: { CPU: 0, Memory: 0, Input: 0 }, Outputs: { rows } });
    return {
      status: 200,
      headers: {
        'content-type': 'application/json',
        'x-odps-task-finalized': instance.status === 'Terminated' ? 'true' : 'false',
      },
      body: JSON.stringify({
        Instance: { Summary: `emulated SQL task ${instance.taskName}: ${rows} output rows`, JsonSummary: jsonSummary },
      }),
    };
  }

  #terminate(ctx: RequestContext, instance: MaxComputeInstance): EmulatorResponse {
    const status = /<Status>\s*([A-Za-z]+)\s*<\/Status>/.exec(ctx.bodyText())?.[1];
    if (status?.toLowerCase() !== 'terminated') {
      throw odpsError('InvalidArgument', {
        message:
          'ODPS-0420061: Invalid parameter in HTTP request - the body must be <Instance><Status>Terminated</Status></Instance>',
      });
    }
    this.instances.terminate(instance);
    return { status: 200 };
  }

  #listInstances(ctx: RequestContext, project: string): EmulatorResponse {
    const status = ctx.queryParam('status');
    const jobName = ctx.queryParam('jobname');
    const all = this.instances
      .list(project)
      .filter(
        (i) => (!status || i.status.toLowerCase() === status.toLowerCase()) && (!jobName || i.jobName === jobName),
      );
    const { page, marker, maxItems } = paginate(ctx, all, (i) => i.id);
    return xml(
      renderOdpsXml(
        el('Instances', [
          el('Marker', marker),
          el('MaxItems', maxItems),
          ...page.map((i) =>
            el('Instance', [
              el('Name', i.id),
              el('Owner', i.owner),
              el('StartTime', formatHttpDate(i.startTime)),
              el('EndTime', i.endTime ? formatHttpDate(i.endTime) : ''),
              el('Status', i.status),
            ]),
          ),
        ]),
      ),
    );
  }
}

/**
 * Builds the `emu.maxcompute` view of a running MaxCompute service on `endpoint`
 * (`http://127.0.0.1:<port>`, without `/api`).
 */
export function maxComputeEmulatorView(mc: MaxComputeService, endpoint: string): MaxComputeEmulator {
  const catalogOf = (project: string | undefined) => mc.catalog(project ?? mc.project);
  const tableOf = (name: string, project: string | undefined) => {
    const catalog = catalogOf(project);
    const table = catalog.get(name);
    if (!table) throw new TypeError(`table ${catalog.project}.${name} does not exist`);
    return { catalog, table };
  };
  const specOf = (
    catalog: MaxComputeCatalog,
    table: MaxComputeTable,
    partition: MaxComputeRowsOptions['partition'],
  ) => {
    const raw =
      partition === undefined
        ? undefined
        : typeof partition === 'string'
          ? parsePartitionSpec(partition)
          : Object.entries(partition).map(([k, v]) => [k, String(v)] as [string, string]);
    return catalog.normalizeSpec(table, raw);
  };
  const typeErrors = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof CatalogError) throw new TypeError(error.message);
      throw error;
    }
  };
  return {
    endpoint: `${endpoint}${MAXCOMPUTE_API_PATH}`,
    tunnelEndpoint: endpoint,
    project: mc.project,
    region: mc.region,
    createProject: (name, options) => mc.createProject(name, options),
    createTable: (name, options) =>
      typeErrors(async () => {
        const table = await catalogOf(options?.project).createTable({
          name,
          columns: options?.columns ?? [],
          partitionKeys: options?.partitionKeys,
          comment: options?.comment,
          lifecycle: options?.lifecycle,
        });
        return {
          name: table.name,
          columns: table.columns.map((c) => ({ name: c.name, type: c.type })),
          partitionKeys: table.partitionKeys.map((c) => ({ name: c.name, type: c.type })),
          lifecycle: table.lifecycle,
        };
      }),
    insertRows: (name, rows, options) =>
      typeErrors(async () => {
        const { catalog, table } = tableOf(name, options?.project);
        const spec = specOf(catalog, table, options?.partition);
        const records = [...rows].map((row, n) => {
          if (Array.isArray(row)) {
            if (row.length !== table.columns.length) {
              throw new TypeError(
                `row ${n} has ${row.length} values; table ${table.name} has ${table.columns.length} columns`,
              );
            }
            return row as readonly TunnelValue[];
          }
          const object = row as Readonly<Record<string, TunnelValue | undefined>>;
          return table.columns.map((c) => object[c.name] ?? null);
        });
        return catalog.exclusive(async () => {
          if (options?.overwrite) await catalog.deleteRows(table, spec);
          return catalog.insertRecords(table, spec, records);
        });
      }),
    readRows: (name, options) =>
      typeErrors(async () => {
        const { catalog, table } = tableOf(name, options?.project);
        return catalog.readRecords(table, specOf(catalog, table, options?.partition));
      }),
    runSql: async (sql, options) => {
      const result = await runScript(catalogOf(options?.project), sql, { settings: {} });
      if (result.kind === 'text') return result;
      return {
        kind: 'select',
        columns: result.columns.map((c) => ({ name: c.name, type: c.type })),
        rows: result.rows.map((row) => result.columns.map((c, i) => fromStored(c.parsed, row[i] ?? null))),
      };
    },
    get instanceRunDelayMs() {
      return mc.instances.runDelayMs;
    },
    set instanceRunDelayMs(value: number) {
      if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`instanceRunDelayMs must be a non-negative number, got ${String(value)}`);
      }
      mc.instances.runDelayMs = value;
    },
    interruptDownloads: (afterBytes, options) =>
      mc.tunnel.interruptDownloads(afterBytes, options?.times ?? 1, options?.operation),
    requestCount: (operation) =>
      operation === undefined
        ? [...mc.requestCounts.values()].reduce((a, b) => a + b, 0)
        : (mc.requestCounts.get(operation) ?? 0),
    clearRequestCounts: () => mc.requestCounts.clear(),
  };
}

/** The decoded path relative to the service endpoint (`/projects/p`), or `undefined` outside it. */
function relativePath(ctx: RequestContext): string | undefined {
  if (ctx.path === MAXCOMPUTE_API_PATH) return '/';
  if (!ctx.path.startsWith(`${MAXCOMPUTE_API_PATH}/`)) return undefined;
  return ctx.path.slice(MAXCOMPUTE_API_PATH.length);
}

function restOperation(ctx: RequestContext, rel: string): RestOperation | undefined {
  const s = rel.split('/');
  const m = ctx.method;
  if (rel === '/logview/host' && m === 'GET') return 'GetLogviewHost';
  if (s[1] !== 'projects') return undefined;
  if (s.length === 2) return m === 'GET' ? 'ListProjects' : undefined;
  if (!s[2]) return undefined;
  if (s.length === 3) return m === 'GET' ? 'GetProject' : undefined;
  if (s.length === 4) {
    if (s[3] === 'tables' && m === 'GET') return 'ListTables';
    if (s[3] === 'instances' && m === 'GET') return 'ListInstances';
    if (s[3] === 'instances' && m === 'POST') return 'CreateInstance';
    if (s[3] === 'tunnel' && m === 'GET') return 'GetTunnelEndpoint';
    if (s[3] === 'authorization' && m === 'POST' && ctx.hasQuery('sign_bearer_token')) return 'CreateLogviewToken';
    return undefined;
  }
  if (s.length === 5 && s[4]) {
    if (s[3] === 'tables' && m === 'GET') {
      if (ctx.hasQuery('partitions')) return 'ListPartitions';
      if (ctx.hasQuery('partition')) return 'GetPartition';
      return 'GetTable';
    }
    if (s[3] === 'instances') {
      if (m === 'PUT') return 'TerminateInstance';
      if (m !== 'GET') return undefined;
      if (ctx.hasQuery('taskstatus')) return 'GetInstanceTaskStatus';
      if (ctx.hasQuery('result')) return 'GetInstanceResult';
      if (ctx.hasQuery('source')) return 'GetInstanceSource';
      if (ctx.hasQuery('instanceprogress')) return 'GetInstanceProgress';
      if (ctx.hasQuery('instancesummary')) return 'GetInstanceSummary';
      return 'GetInstance';
    }
  }
  return undefined;
}

function xml(body: string, headers: Record<string, string> = {}): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'application/xml', ...headers }, body };
}

/** `Host` of the request as sent (with the port), for URLs that point back at the emulator. */
function hostOf(ctx: RequestContext): string {
  return (ctx.header('host') ?? '127.0.0.1').trim();
}

function ownerOf(ctx: RequestContext): string {
  return `ALIYUN$${ctx.identity?.accessKeyId ?? 'emulator'}@emulator.example.com`;
}

/** Marker paging by sort key: the marker is the base64url key of the first item of the next page. */
function paginate<T>(ctx: RequestContext, items: readonly T[], key: (item: T) => string) {
  const maxText = ctx.queryParam('maxitems');
  const maxItems = maxText ? Number(maxText) : 100;
  if (!Number.isInteger(maxItems) || maxItems < 1 || maxItems > 10_000) {
    throw odpsError('InvalidArgument', {
      message: `ODPS-0420061: Invalid parameter in HTTP request - maxitems must be an integer from 1 to 10000, got '${maxText}'`,
    });
  }
  const markerText = ctx.queryParam('marker');
  let start = 0;
  if (markerText) {
    const from = Buffer.from(markerText, 'base64url').toString('utf8');
    start = items.findIndex((item) => key(item) >= from);
    if (start < 0) start = items.length;
  }
  const page = items.slice(start, start + maxItems);
  const next = items[start + maxItems];
  return { page, maxItems, marker: next === undefined ? '' : Buffer.from(key(next), 'utf8').toString('base64url') };
}

function restCatalogError(error: unknown): unknown {
  if (!(error instanceof CatalogError)) return error;
  return odpsError('InvalidArgument', { message: `ODPS-0130071:Semantic analysis exception - ${error.message}` });
}

function odpsVerificationError(failure: VerificationFailed): ServiceError {
  switch (failure.reason) {
    case 'MissingSignature':
    case 'InvalidAuthorization':
      return odpsError('AuthorizationRequired', {
        message: `The request authorization header is invalid or missing: ${failure.message}.`,
      });
    case 'InvalidAccessKeyId':
      return odpsError('Unauthorized');
    case 'RequestTimeTooSkewed':
    case 'RequestExpired':
      return odpsError('RequestTimeTooSkewed', { message: `The request time is too skewed: ${failure.message}.` });
    case 'ContentDigestMismatch':
      // Content-MD5 is signed, so a body that does not fit it fails the signature check.
      return odpsError('SignatureNotMatch', {
        message: 'ODPS-0410042:Invalid signature value - Content-MD5 does not match the body',
      });
    case 'SignatureDoesNotMatch':
      return odpsError('SignatureNotMatch');
  }
}

function odpsSecurityTokenError(problem: SecurityTokenProblem): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      return odpsError('Unauthorized', { message: 'ODPS-0410051:Invalid credentials - the STS token is missing' });
    case 'InvalidSecurityToken':
      return odpsError('Unauthorized', { message: 'ODPS-0410051:Invalid credentials - the STS token is invalid' });
    case 'SecurityTokenExpired':
      return odpsError('AuthenticationRequestExpired', {
        message: 'ODPS-0410041:Authentication request expired - the STS token has expired',
      });
  }
}
