import { randomUUID } from 'node:crypto';
import {
  type CredentialProvider,
  type Credentials,
  createPagedAsyncIterable,
  createPoller,
  createSdkError,
  type HttpResponse,
  isServiceError,
  type Logger,
  type MaxComputeSignatureVersion,
  maxComputeEndpoint,
  maxComputeRegionFromEndpoint,
  type PagedAsyncIterable,
  type PollCallOptions,
  type PollerSettings,
  type PollOperation,
  REGION_ID_PATTERN,
  type RetryOptions,
  sdkErrorCodes,
} from '@alikit/core';
import { parseCsv } from './csv';
import { type SqlJobPoller, type SqlJobState, type SqlResult, sqlJobOperation } from './sql-job';
import { type CallInput, Transport } from './transport';
import { createTunnelSchema } from './tunnel/type-parser';
import type { TunnelColumn } from './tunnel/types';
import { encodeBlocks, readRowRanges, readSessionSchema, runLimited, type SessionSchema } from './tunnel-io';
import { csvValue, type MaxComputeRow, type MaxComputeValue } from './values';
import { cdata, child, childrenNamed, childText, escapeXmlText, parseXml, type XmlElement } from './xml';

/** Options of {@link MaxComputeClient}. */
export interface MaxComputeClientOptions {
  /**
   * The service endpoint, ending in `/api`, e.g. an emulator's `http://127.0.0.1:<port>/api`.
   * @defaultValue `https://service.<region>.maxcompute.aliyun.com/api` (needs `region`)
   */
  endpoint?: string | undefined;
  /** The region id, e.g. `cn-hangzhou`; also the region of v4 signatures. @defaultValue parsed from `endpoint` */
  region?: string | undefined;
  /** The project requests address (`curr_project`). */
  project: string;
  /** The schema of a three-tier project (`project.schema.table`). @defaultValue none (two-tier) */
  schema?: string | undefined;
  /** Credentials or a provider, resolved for every request. @defaultValue `defaultCredentials()` */
  credentials?: Credentials | CredentialProvider | undefined;
  /** The tunnel endpoint (no `/api`). @defaultValue discovered per project (`GET /projects/<p>/tunnel?service`) */
  tunnelEndpoint?: string | undefined;
  /** Retry settings of each request. @defaultValue 3 attempts */
  retry?: RetryOptions | undefined;
  /** Receives debug lines, without secrets. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** Limit of each request attempt, in ms. @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /** The fetch implementation. @defaultValue `globalThis.fetch` */
  fetch?: typeof globalThis.fetch | undefined;
  /** Allows plain `http:` to a host that is not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** Authorization form. @defaultValue `'v4'` when a region is known, else `'auto'` */
  signatureVersion?: MaxComputeSignatureVersion | undefined;
  /**
   * Read SQL results through the instance tunnel. With `false`, `rows()` reads the CSV result
   * (at most 10,000 rows, values typed from the result's schema). @defaultValue true
   */
  instanceTunnel?: boolean | undefined;
  /** Defaults of every SQL job poller. @defaultValue 1 s interval, doubling up to 30 s */
  poller?: PollerSettings | undefined;
  /** Build a Logview URL for every SQL job (two extra requests at submission). @defaultValue true */
  logview?: boolean | undefined;
}

/** Options of every call: an abort signal and a per-attempt limit. */
export interface MaxComputeCallOptions {
  /** Aborts the call; it rejects with `signal.reason`. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit of each attempt, in ms. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

/** Options of {@link MaxComputeClient.beginRunSql} and {@link MaxComputeClient.runSql}. */
export interface RunSqlOptions extends MaxComputeCallOptions, PollerSettings {
  /** SQL settings (`set k=v;`), e.g. `{ 'odps.sql.type.system.odps2': true }`; values are sent as text. @defaultValue none */
  hints?: Readonly<Record<string, string | number | boolean>> | undefined;
  /** Job priority, 0 (highest) to 9. @defaultValue 9 */
  priority?: number | undefined;
  /** The task name. @defaultValue `'AnonymousSQLTask'` */
  taskName?: string | undefined;
}

/** A project as listed. */
export interface ProjectInfo {
  /** The project name. */
  readonly name: string;
  /** Project type as MaxCompute reports it (e.g. `managed`); `undefined` when not listed. */
  readonly type: string | undefined;
  /** The project's description; `undefined` when it has none. */
  readonly comment: string | undefined;
  /** The owning account, as MaxCompute spells it (e.g. `ALIYUN$someone@example.com`); `undefined` when not listed. */
  readonly owner: string | undefined;
  /** Project state, e.g. `AVAILABLE`, `READONLY` or `FROZEN`; `undefined` when not listed. */
  readonly state: string | undefined;
  /** When the project was created; `undefined` when not listed. */
  readonly creationTime: Date | undefined;
  /** When the project's settings last changed; `undefined` when not listed. */
  readonly lastModifiedTime: Date | undefined;
}

/** A table as listed. */
export interface TableSummary {
  /** The table name. */
  readonly name: string;
  /** MaxCompute's internal id of the table; `undefined` when not listed. */
  readonly tableId: string | undefined;
  /** The owning account; `undefined` when not listed. */
  readonly owner: string | undefined;
  /** `MANAGED_TABLE`, `EXTERNAL_TABLE`, `VIRTUAL_VIEW`, ... */
  readonly type: string | undefined;
  /** When the table was created; `undefined` when not reported. */
  readonly creationTime: Date | undefined;
  /** When the table's data last changed; `undefined` when not reported. */
  readonly lastModifiedTime: Date | undefined;
}

/** A column of a table. */
export interface ColumnInfo {
  /** The column name. */
  readonly name: string;
  /** The MaxCompute type text, e.g. `bigint`, `decimal(18,2)`, `array<string>`. */
  readonly type: string;
  /** The column comment; `undefined` when it has none. */
  readonly comment: string | undefined;
  /** `false` only for columns declared `NOT NULL`. */
  readonly nullable: boolean;
}

/** A table's metadata. */
export interface TableInfo extends TableSummary {
  /** The project the table belongs to. */
  readonly project: string;
  /** The table comment; `undefined` when it has none. */
  readonly comment: string | undefined;
  /** Data columns in order. */
  readonly columns: readonly ColumnInfo[];
  /** Partition columns in order (empty for an unpartitioned table). */
  readonly partitionKeys: readonly ColumnInfo[];
  /** Size in bytes. */
  readonly size: number | undefined;
  /** Rows, when known. */
  readonly recordCount: number | undefined;
  /** Lifecycle in days; `undefined` when the table has none. */
  readonly lifecycle: number | undefined;
  /** `true` for a view (`VIRTUAL_VIEW`), which holds no data of its own. */
  readonly isVirtualView: boolean;
  /** When the table's schema last changed (last DDL); `undefined` when not reported. */
  readonly lastDdlTime: Date | undefined;
}

/** A partition as listed. */
export interface PartitionInfo {
  /** Partition values by partition column, in column order. */
  readonly spec: Readonly<Record<string, string>>;
  /** When the partition was created; `undefined` when not reported. */
  readonly creationTime: Date | undefined;
  /** When the partition's data last changed; `undefined` when not reported. */
  readonly lastModifiedTime: Date | undefined;
  /** Size in bytes. */
  readonly size: number | undefined;
  /** Rows in the partition, when MaxCompute reports it; `undefined` otherwise. */
  readonly recordCount: number | undefined;
}

/** A partition given by the caller: `{ dt: '20240101' }` or the text `dt='20240101'` / `dt=20240101`. */
export type PartitionSpecInput = Readonly<Record<string, string | number>> | string;

/** Options of the list methods. */
export interface ListOptions extends MaxComputeCallOptions {
  /** The project to list in. @defaultValue the client's project */
  project?: string | undefined;
}

/** Options of {@link MaxComputeClient.listTables}. */
export interface ListTablesOptions extends ListOptions {
  /** Only tables whose name starts with this. @defaultValue all */
  prefix?: string | undefined;
}

/** Options of {@link MaxComputeClient.listPartitions}. */
export interface ListPartitionsOptions extends ListOptions {
  /** Only partitions matching this leading part of the spec. @defaultValue all */
  partition?: PartitionSpecInput | undefined;
}

/** Options of table metadata calls. */
export interface TableCallOptions extends MaxComputeCallOptions {
  /** The table's project. @defaultValue the client's project */
  project?: string | undefined;
}

/** Options of {@link MaxComputeClient.downloadTable}. */
export interface DownloadTableOptions extends TableCallOptions {
  /** The partition to read; required for a partitioned table. Its values are added to every row, as text. @defaultValue none */
  partition?: PartitionSpecInput | undefined;
  /** Only these data columns, in this order. @defaultValue all */
  columns?: readonly string[] | undefined;
  /** Rows per data request. @defaultValue 10_000 */
  rangeSize?: number | undefined;
  /** Data requests in flight at once. @defaultValue 4 */
  concurrency?: number | undefined;
  /** Times one range is re-requested from its first missing row after a broken body. @defaultValue 5 */
  maxResumes?: number | undefined;
}

/** Options of {@link MaxComputeClient.uploadTable}. */
export interface UploadTableOptions extends TableCallOptions {
  /** The partition to write; required for a partitioned table. @defaultValue none */
  partition?: PartitionSpecInput | undefined;
  /** Replace the table's (or partition's) data on commit instead of appending. @defaultValue false */
  overwrite?: boolean | undefined;
  /** Create the partition when it does not exist. @defaultValue true when `partition` is given */
  createPartition?: boolean | undefined;
  /** Encoded bytes per block (one request each). @defaultValue 16 MiB */
  blockBytes?: number | undefined;
  /** Blocks uploaded at once. @defaultValue 2 */
  concurrency?: number | undefined;
}

/** What {@link MaxComputeClient.uploadTable} wrote. */
export interface UploadResult {
  /** The upload session id. */
  readonly uploadId: string;
  /** Rows written and committed. */
  readonly recordCount: number;
  /** Blocks written. */
  readonly blockCount: number;
}

/** Options of {@link MaxComputeClient.readInstanceResult}. */
export interface ReadInstanceResultOptions extends MaxComputeCallOptions {
  /** Rows per data request. @defaultValue 10_000 */
  rangeSize?: number | undefined;
  /** Data requests in flight at once. @defaultValue 4 */
  concurrency?: number | undefined;
  /** Use the limited mode (at most 10,000 rows; needs only instance read permission). @defaultValue false */
  limited?: boolean | undefined;
}

const DEFAULT_TASK = 'AnonymousSQLTask';
const NAME_PATTERN = /^[A-Za-z0-9_$][A-Za-z0-9_$.-]{0,254}$/;
const TUNNEL_HEADERS: Readonly<Record<string, string>> = {
  'x-odps-tunnel-version': '6',
  'odps-tunnel-date-transform': 'v1',
  'odps-tunnel-sdk-support-schema-evolution': 'true',
};
/** Tunnel answers on which SQL results are read from `?result` instead (spec 3.9). */
const CSV_FALLBACK_CODES = new Set([
  'InvalidProjectTable',
  'InvalidArgument',
  'NoSuchProject',
  'InstanceTypeNotSupported',
  'InternalServerError',
  'NotImplemented',
  'MethodNotAllowed',
]);

/**
 * A client for MaxCompute (ODPS): SQL jobs with pollers and typed results, table and partition
 * metadata, and the table and instance tunnels, over `fetch` with MaxCompute request signing.
 * Construction does no I/O.
 *
 * @example
 * ```ts
 * const mc = new MaxComputeClient({ region: 'cn-hangzhou', project: 'my_project' });
 * const result = await mc.runSql('SELECT dt, COUNT(*) AS n FROM user_behavior GROUP BY dt;');
 * for await (const row of result.rows()) console.log(row.dt, row.n);
 * ```
 */
export class MaxComputeClient {
  /** The service endpoint requests go to. */
  readonly endpoint: string;
  /** The default project. */
  readonly project: string;
  /** The schema of a three-tier project, when configured. */
  readonly schema: string | undefined;
  /** The region, when known. */
  readonly region: string | undefined;
  readonly #transport: Transport;
  readonly #tunnelEndpoint: string | undefined;
  readonly #discovered = new Map<string, Promise<string>>();
  readonly #instanceTunnel: boolean;
  readonly #logview: boolean;
  readonly #poller: PollerSettings;
  readonly #operation: PollOperation<SqlJobState, SqlResult>;

  /**
   * @throws TypeError when neither `endpoint` nor `region` is given, for a malformed endpoint,
   *   region, project or schema, or an `http:` endpoint to a remote host without
   *   `allowInsecureConnection`.
   */
  constructor(options: MaxComputeClientOptions) {
    if (typeof options !== 'object' || options === null)
      throw new TypeError('MaxComputeClient takes an options object');
    const { region, project, schema } = options;
    if (region !== undefined && (typeof region !== 'string' || !REGION_ID_PATTERN.test(region))) {
      throw new TypeError(`region must be a region id such as 'cn-hangzhou', got ${JSON.stringify(region)}`);
    }
    checkName('project', project);
    if (schema !== undefined) checkName('schema', schema);
    let endpoint: string;
    if (options.endpoint !== undefined) {
      endpoint = checkEndpoint('endpoint', options.endpoint);
    } else if (region !== undefined) {
      endpoint = maxComputeEndpoint(region).url;
    } else {
      throw new TypeError('MaxComputeClient needs an endpoint or a region: pass { endpoint } or { region }');
    }
    this.endpoint = endpoint;
    this.project = project;
    this.schema = schema;
    this.region = region ?? maxComputeRegionFromEndpoint(endpoint);
    this.#tunnelEndpoint =
      options.tunnelEndpoint === undefined ? undefined : checkEndpoint('tunnelEndpoint', options.tunnelEndpoint);
    this.#instanceTunnel = options.instanceTunnel !== false;
    this.#logview = options.logview !== false;
    this.#poller = { intervalMs: 1_000, maxIntervalMs: 30_000, ...options.poller };
    this.#transport = new Transport({
      serviceEndpoint: endpoint,
      project,
      region: this.region,
      credentials: options.credentials,
      retry: options.retry,
      logger: options.logger,
      timeoutMs: options.timeoutMs,
      fetch: options.fetch,
      allowInsecureConnection: options.allowInsecureConnection,
      signatureVersion: options.signatureVersion,
    });
    this.#operation = sqlJobOperation({
      poll: (state, callOptions) => this.#pollJob(state, callOptions),
      terminate: (instanceId, callOptions) => this.#terminate(instanceId, callOptions),
      failureText: (state) => this.#resultText(state.instanceId, state.taskName, {}),
      result: (state) => this.#sqlResult(state),
    });
  }

  // ------------------------------------------------------------------------------------------
  // SQL
  // ------------------------------------------------------------------------------------------

  /**
   * Submits SQL as a job and resolves, once MaxCompute accepted it, with a poller whose state
   * carries the instance id, the task status, the progress and the Logview URL.
   * `pollUntilDone()` resolves with the {@link SqlResult} or throws an `SdkError` carrying the
   * failed task's message (code `ODPS-NNNNNNN` when the message has one); `cancel()` terminates
   * the instance.
   *
   * @example
   * ```ts
   * const job = await mc.beginRunSql('SELECT 1;', { hints: { 'odps.sql.type.system.odps2': true } });
   * job.onProgress((s) => console.log(s.taskStatus, s.progress));
   * const result = await job.pollUntilDone();
   * ```
   * @throws TypeError / RangeError for empty SQL, bad hints or priority, before any request.
   * @throws SdkError from the submission (`NoSuchObject`, `NoPermission`, ...).
   */
  async beginRunSql(sql: string, options: RunSqlOptions = {}): Promise<SqlJobPoller> {
    if (typeof sql !== 'string' || sql.trim() === '') throw new TypeError('sql must be a non-empty string');
    const { hints, priority, taskName = DEFAULT_TASK, signal, timeoutMs, ...settings } = options;
    const settingsJson = checkHints(hints);
    if (priority !== undefined && (!Number.isInteger(priority) || priority < 0)) {
      throw new RangeError(`priority must be an integer >= 0 (0 is highest), got ${String(priority)}`);
    }
    checkName('taskName', taskName);
    if (this.schema !== undefined) {
      settingsJson['odps.namespace.schema'] = 'true';
      settingsJson['odps.sql.allow.namespace.schema'] = 'true';
      settingsJson['odps.default.schema'] = this.schema;
    }
    let query = sql.trim();
    if (!query.endsWith(';')) query += ';';
    const body =
      '<?xml version="1.0" encoding="utf-8"?>\n<Instance><Job>' +
      `<Priority>${priority ?? 9}</Priority>` +
      `<Guid>${randomUUID()}</Guid>` +
      `<Tasks><SQL><Name>${escapeXmlText(taskName)}</Name><Config>` +
      `<Property><Name>settings</Name><Value>${escapeXmlText(JSON.stringify(settingsJson))}</Value></Property>` +
      `<Property><Name>uuid</Name><Value>${randomUUID()}</Value></Property>` +
      `</Config><Query>${cdata(query)}</Query></SQL></Tasks>` +
      '<DAG><RunMode>Sequence</RunMode></DAG></Job></Instance>';
    const res = await this.#call({
      operation: 'CreateInstance',
      method: 'POST',
      path: `/projects/${this.project}/instances`,
      headers: { 'Content-Type': 'application/xml' },
      body,
      // The job carries a Guid, so the service deduplicates a repeated submission.
      idempotent: true,
      signal,
      timeoutMs,
    });
    const location = res.headers.get('location');
    const instanceId = location?.split('/').filter(Boolean).pop()?.split('?')[0];
    if (!instanceId) {
      throw createSdkError(sdkErrorCodes.ERR_PARSE, {
        service: 'maxcompute',
        operation: 'CreateInstance',
        status: res.status,
        requestId: res.requestId,
        reason: 'the answer has no Location header with the instance id (check proxies between you and MaxCompute)',
      });
    }
    const state: SqlJobState = {
      instanceId,
      status: 'Running',
      taskName,
      taskStatus: 'Waiting',
      progress: undefined,
      logviewUrl: this.#logview ? await this.#logviewUrl(instanceId, signal) : undefined,
    };
    return createPoller({ ...this.#poller, ...settings, operation: this.#operation, state });
  }

  /**
   * A poller for an instance submitted elsewhere (or serialized with `poller.serialize()`).
   * No I/O until it polls.
   * @throws TypeError for a malformed instance id or serialized poller.
   */
  sqlJobPoller(
    instanceIdOrSerialized: string,
    settings: PollerSettings & { taskName?: string | undefined } = {},
  ): SqlJobPoller {
    const { taskName = DEFAULT_TASK, ...pollerSettings } = settings;
    if (typeof instanceIdOrSerialized === 'string' && instanceIdOrSerialized.trimStart().startsWith('{')) {
      return createPoller({
        ...this.#poller,
        ...pollerSettings,
        operation: this.#operation,
        resumeFrom: instanceIdOrSerialized,
      });
    }
    checkName('instanceId', instanceIdOrSerialized);
    const state: SqlJobState = {
      instanceId: instanceIdOrSerialized,
      status: 'Running',
      taskName,
      taskStatus: 'Unknown',
      progress: undefined,
      logviewUrl: undefined,
    };
    return createPoller({ ...this.#poller, ...pollerSettings, operation: this.#operation, state });
  }

  /**
   * Runs SQL and waits for it: {@link MaxComputeClient.beginRunSql} + `pollUntilDone()`.
   * @throws SdkError carrying the task's message when the SQL fails.
   */
  async runSql(sql: string, options: RunSqlOptions = {}): Promise<SqlResult> {
    const poller = await this.beginRunSql(sql, options);
    return poller.pollUntilDone({ signal: options.signal });
  }

  /**
   * Reads a finished SELECT instance's rows through the instance tunnel, in parallel ranges.
   * @throws SdkError `InstanceNotTerminate`, `InstanceTypeNotSupported`, `NoPermission`, ...
   */
  async *readInstanceResult(
    instanceId: string,
    options: ReadInstanceResultOptions = {},
  ): AsyncGenerator<MaxComputeRow> {
    checkName('instanceId', instanceId);
    const rangeSize = positiveInt('rangeSize', options.rangeSize ?? 10_000);
    const concurrency = positiveInt('concurrency', options.concurrency ?? 4);
    const { signal } = options;
    const endpoint = await this.#tunnel(signal);
    const path = `/projects/${this.project}/instances/${instanceId}`;
    const session = await this.#call({
      operation: 'CreateInstanceDownloadSession',
      method: 'POST',
      endpoint,
      path,
      query: { downloads: null, instance_tunnel_limit_enabled: options.limited ? null : undefined },
      headers: TUNNEL_HEADERS,
      idempotent: true,
      signal,
      timeoutMs: options.timeoutMs,
    });
    const answer = session.json<{ DownloadID?: string; RecordCount?: number; Schema?: unknown; Status?: string }>();
    const downloadId = requireString(answer.DownloadID, 'DownloadID', 'CreateInstanceDownloadSession');
    const schema = readSessionSchema(answer.Schema, 'CreateInstanceDownloadSession');
    yield* readRowRanges({
      operation: 'ReadInstanceResult',
      schema: schema.columns,
      recordCount: Number(answer.RecordCount ?? 0),
      rangeSize,
      concurrency,
      maxResumes: 5,
      extra: {},
      signal,
      fetchRange: async (start, count, rangeSignal) =>
        (
          await this.#call({
            operation: 'ReadInstanceResult',
            method: 'GET',
            endpoint,
            path,
            query: { data: null, downloadid: downloadId, rowrange: `(${start},${count})` },
            headers: { 'x-odps-tunnel-version': '6' },
            signal: rangeSignal,
            timeoutMs: options.timeoutMs,
          })
        ).body,
    });
  }

  async #pollJob(state: SqlJobState, options: PollCallOptions): Promise<SqlJobState> {
    const res = await this.#call({
      operation: 'GetTaskStatus',
      method: 'GET',
      path: `/projects/${this.project}/instances/${state.instanceId}`,
      query: { taskstatus: null },
      signal: options.signal,
    });
    const root = parseXmlBody(res, 'GetTaskStatus');
    const status = childText(root, 'Status') ?? state.status;
    const tasks = child(root, 'Tasks')?.children ?? [];
    const task = tasks.find((t) => childText(t, 'Name') === state.taskName) ?? tasks[0];
    const taskName = task ? (childText(task, 'Name') ?? state.taskName) : state.taskName;
    const taskStatus = task ? (childText(task, 'Status') ?? state.taskStatus) : state.taskStatus;
    let progress = state.progress;
    if (status.toLowerCase() === 'terminated') {
      if (taskStatus.toLowerCase() === 'success') progress = 100;
    } else {
      progress = (await this.#progress(state.instanceId, taskName, options.signal)) ?? progress;
    }
    return { ...state, status, taskName, taskStatus, progress };
  }

  async #progress(instanceId: string, taskName: string, signal: AbortSignal | undefined): Promise<number | undefined> {
    try {
      const res = await this.#call({
        operation: 'GetTaskProgress',
        method: 'GET',
        path: `/projects/${this.project}/instances/${instanceId}`,
        query: { instanceprogress: taskName, taskname: taskName },
        signal,
      });
      const stages = childrenNamed(parseXmlBody(res, 'GetTaskProgress'), 'Stage');
      if (stages.length === 0) return undefined;
      const total = stages.reduce((sum, s) => sum + (Number(childText(s, 'FinishedPercentage')) || 0), 0);
      return Math.round(total / stages.length);
    } catch (error) {
      if (signal?.aborted) throw error;
      // Progress is informational: a service without it must not fail the job's poller.
      return undefined;
    }
  }

  async #terminate(instanceId: string, options: PollCallOptions): Promise<void> {
    await this.#call({
      operation: 'TerminateInstance',
      method: 'PUT',
      path: `/projects/${this.project}/instances/${instanceId}`,
      headers: { 'Content-Type': 'application/xml' },
      body: '<?xml version="1.0" encoding="utf-8"?>\n<Instance><Status>Terminated</Status></Instance>',
      signal: options.signal,
    });
  }

  async #logviewUrl(instanceId: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    let host = 'http://logview.aliyun.com';
    try {
      const res = await this.#call({ operation: 'GetLogviewHost', method: 'GET', path: '/logview/host', signal });
      const text = res.text().trim();
      if (/^https?:\/\//.test(text)) host = text.replace(/\/+$/, '');
    } catch (error) {
      if (signal?.aborted) throw error;
    }
    try {
      const policy = {
        expires_in_hours: 720,
        policy: {
          Statement: [
            {
              Action: ['odps:Read'],
              Effect: 'Allow',
              Resource: `acs:odps:*:projects/${this.project}/instances/${instanceId}`,
            },
          ],
          Version: '1',
        },
      };
      const res = await this.#call({
        operation: 'CreateLogviewToken',
        method: 'POST',
        path: `/projects/${this.project}/authorization`,
        query: { sign_bearer_token: null },
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(policy),
        idempotent: true,
        signal,
      });
      const token = childText(parseXmlBody(res, 'CreateLogviewToken'), 'Result');
      if (!token) return undefined;
      return `${host}/logview/?h=${this.endpoint}&p=${this.project}&i=${instanceId}&token=${token}`;
    } catch (error) {
      if (signal?.aborted) throw error;
      return undefined;
    }
  }

  async #resultText(instanceId: string, taskName: string, options: MaxComputeCallOptions): Promise<string> {
    const { text } = await this.#resultDocument(instanceId, taskName, options);
    return text;
  }

  async #resultDocument(
    instanceId: string,
    taskName: string,
    options: MaxComputeCallOptions,
  ): Promise<{ text: string; descriptor: unknown }> {
    const res = await this.#call({
      operation: 'GetInstanceResult',
      method: 'GET',
      path: `/projects/${this.project}/instances/${instanceId}`,
      query: { result: null },
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    const tasks = child(parseXmlBody(res, 'GetInstanceResult'), 'Tasks')?.children ?? [];
    const task = tasks.find((t) => childText(t, 'Name') === taskName) ?? tasks[0];
    if (!task) return { text: '', descriptor: undefined };
    const result = child(task, 'Result');
    let text = result?.text ?? '';
    if (result?.attributes.Transform?.toLowerCase() === 'base64') text = Buffer.from(text, 'base64').toString('utf8');
    let descriptor: unknown;
    const descriptorText = childText(task, 'ResultDescriptor');
    if (descriptorText) {
      try {
        descriptor = JSON.parse(descriptorText);
      } catch {
        descriptor = undefined;
      }
    }
    return { text, descriptor };
  }

  #sqlResult(state: SqlJobState): SqlResult {
    const { instanceId, taskName, logviewUrl } = state;
    return {
      instanceId,
      taskName,
      logviewUrl,
      rows: (options = {}) => this.#resultRows(instanceId, taskName, options.signal),
      text: (options = {}) => this.#resultText(instanceId, taskName, options),
    };
  }

  async *#resultRows(
    instanceId: string,
    taskName: string,
    signal: AbortSignal | undefined,
  ): AsyncGenerator<MaxComputeRow> {
    if (this.#instanceTunnel) {
      let started = false;
      try {
        for await (const row of this.readInstanceResult(instanceId, { signal })) {
          started = true;
          yield row;
        }
        return;
      } catch (error) {
        if (started || !isCsvFallback(error)) throw error;
      }
    }
    yield* await this.#csvRows(instanceId, taskName, signal);
  }

  async #csvRows(instanceId: string, taskName: string, signal: AbortSignal | undefined): Promise<MaxComputeRow[]> {
    const { text, descriptor } = await this.#resultDocument(instanceId, taskName, { signal });
    const records = parseCsv(text);
    const header = (records.shift() ?? []).map((h) => h ?? '');
    const declared = (descriptor as { Schema?: { Columns?: { Name?: unknown; Type?: unknown }[] } } | undefined)?.Schema
      ?.Columns;
    let types: TunnelColumn[] | undefined;
    if (Array.isArray(declared) && declared.length === header.length) {
      try {
        types = [...createTunnelSchema(declared.map((c) => ({ name: String(c.Name), type: String(c.Type) }))).columns];
      } catch {
        types = undefined;
      }
    }
    return records.map((record) => {
      const row: MaxComputeRow = {};
      header.forEach((name, i) => {
        const value = record[i] ?? null;
        const column = types?.[i];
        row[name] = column ? csvValue(column.type, value) : (value as MaxComputeValue);
      });
      return row;
    });
  }

  // ------------------------------------------------------------------------------------------
  // Metadata
  // ------------------------------------------------------------------------------------------

  /**
   * Lists the projects the caller can see, as an async iterable, or page by page with
   * `.byPage({ continuationToken, maxPageSize })`.
   */
  listProjects(options: MaxComputeCallOptions = {}): PagedAsyncIterable<ProjectInfo> {
    return this.#list('ListProjects', '/projects', {}, 'Project', toProject, options);
  }

  /**
   * Lists the tables of the project (optionally by name prefix), as an async iterable, or page
   * by page with `.byPage({ continuationToken, maxPageSize })`.
   * @throws TypeError for a malformed project name.
   */
  listTables(options: ListTablesOptions = {}): PagedAsyncIterable<TableSummary> {
    const project = this.#project(options.project);
    return this.#list(
      'ListTables',
      `/projects/${project}/tables`,
      { name: options.prefix, curr_schema: this.schema },
      'Table',
      toTableSummary,
      options,
    );
  }

  /**
   * Gets a table's schema, partition keys, size, lifecycle and times.
   * @throws SdkError `NoSuchObject` (404) when the table does not exist.
   */
  async getTable(table: string, options: TableCallOptions = {}): Promise<TableInfo> {
    checkName('table', table);
    const project = this.#project(options.project);
    const res = await this.#call({
      operation: 'GetTable',
      method: 'GET',
      path: `/projects/${project}/tables/${table}`,
      query: { curr_schema: this.schema },
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    });
    return toTableInfo(parseXmlBody(res, 'GetTable'), project, res);
  }

  /**
   * Tells whether a table exists.
   * @throws SdkError for failures other than "not found".
   */
  async tableExists(table: string, options: TableCallOptions = {}): Promise<boolean> {
    try {
      await this.getTable(table, options);
      return true;
    } catch (error) {
      if (isServiceError(error) && (error.status === 404 || /^NoSuch/.test(error.code))) return false;
      throw error;
    }
  }

  /**
   * Lists a partitioned table's partitions (optionally those matching a leading spec).
   * @throws TypeError for a malformed table name or partition spec.
   */
  listPartitions(table: string, options: ListPartitionsOptions = {}): PagedAsyncIterable<PartitionInfo> {
    checkName('table', table);
    const project = this.#project(options.project);
    return this.#list(
      'ListPartitions',
      `/projects/${project}/tables/${table}`,
      {
        partitions: null,
        partition: options.partition === undefined ? undefined : formatPartition(options.partition, true),
        curr_schema: this.schema,
      },
      'Partition',
      toPartition,
      options,
    );
  }

  #list<T>(
    operation: string,
    path: string,
    query: Readonly<Record<string, string | null | undefined>>,
    element: string,
    convert: (e: XmlElement) => T,
    options: MaxComputeCallOptions,
  ): PagedAsyncIterable<T> {
    return createPagedAsyncIterable<T, { items: T[]; continuationToken: string | undefined }>({
      maxPageSize: 1000,
      fetchPage: async (marker, pageSize) => {
        const res = await this.#call({
          operation,
          method: 'GET',
          path,
          query: { ...query, expectmarker: 'true', marker, maxitems: pageSize },
          signal: options.signal,
          timeoutMs: options.timeoutMs,
        });
        const root = parseXmlBody(res, operation);
        const next = childText(root, 'Marker');
        return { items: childrenNamed(root, element).map(convert), continuationToken: next ? next : undefined };
      },
      itemsOf: (page) => page.items,
    });
  }

  // ------------------------------------------------------------------------------------------
  // Tunnel
  // ------------------------------------------------------------------------------------------

  /**
   * Reads a table (or one partition of it) through the table tunnel: one download session, the
   * rows fetched in parallel ranges and yielded in table order, with the partition values added
   * to every row. A range whose connection breaks or whose body fails its checksum is requested
   * again from its first missing row, so no row is lost or repeated.
   *
   * @throws TypeError / RangeError for bad options, before any request.
   * @throws SdkError `NoSuchPartition`, `MissingPartitionSpec`, `NoSuchObject`, `ERR_CHECKSUM` after
   *   `maxResumes` failed attempts of one range, ...
   */
  async *downloadTable(table: string, options: DownloadTableOptions = {}): AsyncGenerator<MaxComputeRow> {
    checkName('table', table);
    const project = this.#project(options.project);
    const rangeSize = positiveInt('rangeSize', options.rangeSize ?? 10_000);
    const concurrency = positiveInt('concurrency', options.concurrency ?? 4);
    const maxResumes = nonNegativeInt('maxResumes', options.maxResumes ?? 5);
    const partition = options.partition === undefined ? undefined : formatPartition(options.partition, false);
    const columns = options.columns;
    if (columns !== undefined && (!Array.isArray(columns) || columns.some((c) => typeof c !== 'string' || c === ''))) {
      throw new TypeError('columns must be an array of column names');
    }
    const { signal, timeoutMs } = options;
    const endpoint = await this.#tunnel(signal);
    const path = this.#tunnelTablePath(project, table);
    const res = await this.#call({
      operation: 'CreateDownloadSession',
      method: 'POST',
      endpoint,
      path,
      query: { downloads: null, partition },
      headers: TUNNEL_HEADERS,
      idempotent: true,
      signal,
      timeoutMs,
    });
    const answer = res.json<{ DownloadID?: string; RecordCount?: number; Schema?: unknown }>();
    const downloadId = requireString(answer.DownloadID, 'DownloadID', 'CreateDownloadSession');
    const schema = readSessionSchema(answer.Schema, 'CreateDownloadSession');
    let wire = schema.columns;
    if (columns !== undefined) {
      const byName = new Map(schema.columns.columns.map((c) => [c.name.toLowerCase(), c]));
      wire = {
        columns: columns.map((name) => {
          const column = byName.get(name.toLowerCase());
          if (!column) throw new TypeError(`downloadTable: table ${table} has no data column "${name}"`);
          return column;
        }),
      };
    }
    yield* readRowRanges({
      operation: 'DownloadTable',
      schema: wire,
      recordCount: Number(answer.RecordCount ?? 0),
      rangeSize,
      concurrency,
      maxResumes,
      extra: partition === undefined ? {} : partitionValues(options.partition as PartitionSpecInput),
      signal,
      fetchRange: async (start, count, rangeSignal) =>
        (
          await this.#call({
            operation: 'DownloadTable',
            method: 'GET',
            endpoint,
            path,
            query: {
              data: null,
              downloadid: downloadId,
              rowrange: `(${start},${count})`,
              columns: columns?.join(','),
              partition,
            },
            headers: { 'x-odps-tunnel-version': '6' },
            signal: rangeSignal,
            timeoutMs,
          })
        ).body,
    });
  }

  /**
   * Writes rows from any (async) iterable into a table or partition through the table tunnel:
   * one upload session, the rows encoded into blocks that are uploaded in parallel (a failed
   * block is retried as a whole), then the session is committed after checking that the service
   * holds exactly the blocks written. Rows are objects keyed by data column name (a missing key is
   * NULL; partition columns come from `partition`) or arrays in column order.
   *
   * @throws TypeError / RangeError naming the row and column of a value that does not fit its
   *   column, or for bad options.
   * @throws SdkError `NoSuchPartition`, `MissingPartitionSpec`, `StatusConflict`, ...
   */
  async uploadTable(
    table: string,
    rows: AsyncIterable<unknown> | Iterable<unknown>,
    options: UploadTableOptions = {},
  ): Promise<UploadResult> {
    checkName('table', table);
    const project = this.#project(options.project);
    if (rows === null || typeof rows !== 'object' || !(Symbol.asyncIterator in rows || Symbol.iterator in rows)) {
      throw new TypeError('rows must be an iterable or async iterable of rows');
    }
    const blockBytes = positiveInt('blockBytes', options.blockBytes ?? 16 * 1024 * 1024);
    const concurrency = positiveInt('concurrency', options.concurrency ?? 2);
    const partition = options.partition === undefined ? undefined : formatPartition(options.partition, false);
    const createPartition = options.createPartition ?? partition !== undefined;
    const { signal, timeoutMs } = options;
    const endpoint = await this.#tunnel(signal);
    const path = this.#tunnelTablePath(project, table);
    const res = await this.#call({
      operation: 'CreateUploadSession',
      method: 'POST',
      endpoint,
      path,
      query: {
        uploads: null,
        partition,
        overwrite: options.overwrite ? 'true' : undefined,
        create_partition: createPartition && partition !== undefined ? 'true' : undefined,
      },
      headers: TUNNEL_HEADERS,
      signal,
      timeoutMs,
    });
    const answer = res.json<{ UploadID?: string; Schema?: unknown }>();
    const uploadId = requireString(answer.UploadID, 'UploadID', 'CreateUploadSession');
    const schema: SessionSchema = readSessionSchema(answer.Schema, 'CreateUploadSession');
    const written: number[] = [];
    let recordCount = 0;
    let blockId = 0;
    const blocks = (async function* () {
      for await (const block of encodeBlocks(schema.columns, rows, blockBytes, 'uploadTable')) {
        if (blockId >= 20_000) throw new RangeError('uploadTable: more than 20,000 blocks; raise blockBytes');
        yield { id: blockId++, block };
      }
    })();
    await runLimited(blocks, concurrency, async ({ id, block }) => {
      await this.#call({
        operation: 'WriteBlock',
        method: 'PUT',
        endpoint,
        path,
        query: { uploadid: uploadId, blockid: String(id), partition },
        headers: { 'Content-Type': 'application/octet-stream', ...TUNNEL_HEADERS },
        body: block.body,
        signal,
        timeoutMs,
      });
      written.push(id);
      recordCount += block.recordCount;
    });
    await this.#commitUpload(endpoint, path, uploadId, partition, written, { signal, timeoutMs });
    return { uploadId, recordCount, blockCount: written.length };
  }

  async #commitUpload(
    endpoint: string,
    path: string,
    uploadId: string,
    partition: string | undefined,
    written: readonly number[],
    options: MaxComputeCallOptions,
  ): Promise<void> {
    const status = async () =>
      (
        await this.#call({
          operation: 'GetUploadSession',
          method: 'GET',
          endpoint,
          path,
          query: { uploadid: uploadId, partition },
          headers: TUNNEL_HEADERS,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
        })
      ).json<{ Status?: string; UploadedBlockList?: { BlockID?: unknown }[] }>();
    const before = await status();
    const server = new Set((before.UploadedBlockList ?? []).map((b) => Number(b.BlockID)));
    const missing = written.filter((id) => !server.has(id));
    if (missing.length > 0 || server.size !== written.length) {
      throw createSdkError(sdkErrorCodes.ERR_CHECKSUM, {
        service: 'maxcompute',
        operation: 'CommitUpload',
        reason: `the service holds blocks [${[...server].sort((a, b) => a - b).join(',')}] but the client wrote [${[...written].sort((a, b) => a - b).join(',')}]; upload ${uploadId} was not committed`,
        retryable: false,
      });
    }
    try {
      await this.#call({
        operation: 'CommitUpload',
        method: 'POST',
        endpoint,
        path,
        query: { uploadid: uploadId, partition },
        headers: TUNNEL_HEADERS,
        // A repeated commit after a lost answer is recognised below by the session's status.
        idempotent: true,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      if (isServiceError(error, 'StatusConflict')) {
        const after = await status().catch(() => undefined);
        if (after?.Status?.toLowerCase() === 'closed') return;
      }
      throw error;
    }
  }

  #tunnelTablePath(project: string, table: string): string {
    return this.schema === undefined
      ? `/projects/${project}/tables/${table}`
      : `/projects/${project}/schemas/${this.schema}/tables/${table}`;
  }

  /** The tunnel endpoint: configured, or discovered once per project. */
  #tunnel(signal: AbortSignal | undefined): Promise<string> {
    if (this.#tunnelEndpoint !== undefined) return Promise.resolve(this.#tunnelEndpoint);
    const cached = this.#discovered.get(this.project);
    if (cached) return cached;
    const discovery = (async () => {
      const res = await this.#call({
        operation: 'GetTunnelEndpoint',
        method: 'GET',
        path: `/projects/${this.project}/tunnel`,
        query: { service: null },
        signal,
      });
      const host = res.text().trim().replace(/\/+$/, '');
      if (host === '') {
        throw createSdkError(sdkErrorCodes.ERR_PARSE, {
          service: 'maxcompute',
          operation: 'GetTunnelEndpoint',
          reason: 'the service answered no tunnel host; pass tunnelEndpoint',
        });
      }
      if (/^https?:\/\//.test(host)) return host;
      return `${new URL(this.endpoint).protocol}//${host}`;
    })();
    this.#discovered.set(this.project, discovery);
    discovery.catch(() => this.#discovered.delete(this.project));
    return discovery;
  }

  #project(project: string | undefined): string {
    if (project === undefined) return this.project;
    checkName('project', project);
    return project;
  }

  #call(input: Omit<CallInput, 'endpoint'> & { endpoint?: string | undefined }): Promise<HttpResponse> {
    return this.#transport.send({ ...input, endpoint: input.endpoint ?? this.endpoint });
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

function checkName(what: string, name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    throw new TypeError(`${what} must be a MaxCompute name (letters, digits, _ and $), got ${JSON.stringify(name)}`);
  }
}

function checkEndpoint(what: string, value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`${what} must be a URL string`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${what} must be an absolute http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new TypeError(`${what} must be an http(s) URL, got ${JSON.stringify(value)}`);
  }
  if (url.search || url.hash) throw new TypeError(`${what} must not carry a query or fragment`);
  return value.replace(/\/+$/, '');
}

function checkHints(hints: RunSqlOptions['hints']): Record<string, string> {
  const out: Record<string, string> = {};
  if (hints === undefined) return out;
  if (typeof hints !== 'object' || hints === null || Array.isArray(hints)) {
    throw new TypeError('hints must be an object of setting names to values');
  }
  for (const [name, value] of Object.entries(hints)) {
    if (name === '' || !['string', 'number', 'boolean'].includes(typeof value)) {
      throw new TypeError(`hint ${JSON.stringify(name)} must have a string, number or boolean value`);
    }
    out[name] = String(value);
  }
  return out;
}

function positiveInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a whole number from 1, got ${String(value)}`);
  }
  return value;
}

function nonNegativeInt(name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a whole number from 0, got ${String(value)}`);
  }
  return value;
}

function requireString(value: unknown, field: string, operation: string): string {
  if (typeof value === 'string' && value !== '') return value;
  throw createSdkError(sdkErrorCodes.ERR_PARSE, {
    service: 'maxcompute',
    operation,
    reason: `the answer has no ${field}`,
  });
}

function isCsvFallback(error: unknown): boolean {
  return isServiceError(error) && CSV_FALLBACK_CODES.has(error.code);
}

const PARTITION_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Partition values by column from a spec object or text. */
function partitionValues(spec: PartitionSpecInput): Record<string, string> {
  if (typeof spec === 'string') {
    const out: Record<string, string> = {};
    for (const part of spec.split(',')) {
      const eq = part.indexOf('=');
      const key = part.slice(0, eq).trim();
      let value = part.slice(eq + 1).trim();
      if (eq <= 0 || !PARTITION_KEY.test(key)) {
        throw new TypeError(`partition must look like "dt='20240101',region='hz'", got ${JSON.stringify(spec)}`);
      }
      if (/^'.*'$|^".*"$/.test(value)) value = value.slice(1, -1);
      out[key] = value;
    }
    return out;
  }
  if (typeof spec !== 'object' || spec === null || Object.keys(spec).length === 0) {
    throw new TypeError('partition must be a non-empty object such as { dt: "20240101" } or spec text');
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(spec)) {
    if (!PARTITION_KEY.test(key)) throw new TypeError(`partition column name ${JSON.stringify(key)} is not valid`);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new TypeError(`partition value of ${key} must be a string or number`);
    }
    out[key] = String(value);
  }
  return out;
}

/** Spec text: `k='v'` for REST calls, `k=v` for tunnel calls. */
function formatPartition(spec: PartitionSpecInput, quoted: boolean): string {
  const values = partitionValues(spec);
  for (const [key, value] of Object.entries(values)) {
    if (/[,'=]/.test(value)) throw new TypeError(`partition value of ${key} must not contain , ' or =`);
  }
  return Object.entries(values)
    .map(([k, v]) => (quoted ? `${k}='${v}'` : `${k}=${v}`))
    .join(',');
}

function parseXmlBody(res: HttpResponse, operation: string): XmlElement {
  try {
    return parseXml(res.text());
  } catch (cause) {
    throw createSdkError(sdkErrorCodes.ERR_PARSE, {
      service: 'maxcompute',
      operation,
      status: res.status,
      requestId: res.requestId,
      reason: `the answer is not XML: ${(cause as Error).message}`,
      cause,
    });
  }
}

function httpDate(text: string | undefined): Date | undefined {
  if (!text) return undefined;
  const d = new Date(text);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function epochSeconds(value: unknown): Date | undefined {
  const n = Number(value);
  return value === undefined || value === null || value === '' || !Number.isFinite(n) ? undefined : new Date(n * 1000);
}

function optionalNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

function toProject(e: XmlElement): ProjectInfo {
  return {
    name: childText(e, 'Name') ?? '',
    type: childText(e, 'Type'),
    comment: childText(e, 'Comment'),
    owner: childText(e, 'Owner'),
    state: childText(e, 'State'),
    creationTime: httpDate(childText(e, 'CreationTime')),
    lastModifiedTime: httpDate(childText(e, 'LastModifiedTime')),
  };
}

function toTableSummary(e: XmlElement): TableSummary {
  return {
    name: childText(e, 'Name') ?? '',
    tableId: childText(e, 'TableId'),
    owner: childText(e, 'Owner'),
    type: childText(e, 'Type'),
    creationTime: httpDate(childText(e, 'CreationTime')),
    lastModifiedTime: httpDate(childText(e, 'LastModifiedTime')),
  };
}

interface SchemaJson {
  comment?: string;
  owner?: string;
  createTime?: number;
  lastDDLTime?: number;
  lastModifiedTime?: number;
  lifecycle?: number;
  size?: number;
  recordNum?: number;
  isVirtualView?: boolean;
  columns?: { name?: string; type?: string; comment?: string; isNullable?: boolean }[];
  partitionKeys?: { name?: string; type?: string; comment?: string; isNullable?: boolean }[];
}

function toColumns(list: SchemaJson['columns']): ColumnInfo[] {
  return (list ?? []).map((c) => ({
    name: String(c.name ?? ''),
    type: String(c.type ?? '').toLowerCase(),
    comment: c.comment ? c.comment : undefined,
    nullable: c.isNullable !== false,
  }));
}

function toTableInfo(e: XmlElement, project: string, res: HttpResponse): TableInfo {
  const summary = toTableSummary(e);
  let schema: SchemaJson = {};
  const text = childText(e, 'Schema');
  if (text) {
    try {
      schema = JSON.parse(text) as SchemaJson;
    } catch (cause) {
      throw createSdkError(sdkErrorCodes.ERR_PARSE, {
        service: 'maxcompute',
        operation: 'GetTable',
        status: res.status,
        requestId: res.requestId,
        reason: 'the table Schema is not JSON',
        cause,
      });
    }
  }
  const lifecycle = optionalNumber(schema.lifecycle);
  return {
    ...summary,
    project,
    owner: summary.owner ?? schema.owner,
    comment: childText(e, 'Comment') || schema.comment || undefined,
    columns: toColumns(schema.columns),
    partitionKeys: toColumns(schema.partitionKeys),
    size: optionalNumber(schema.size),
    recordCount: optionalNumber(schema.recordNum),
    lifecycle: lifecycle === undefined || lifecycle < 0 ? undefined : lifecycle,
    isVirtualView: schema.isVirtualView === true || summary.type === 'VIRTUAL_VIEW',
    creationTime: summary.creationTime ?? epochSeconds(schema.createTime),
    lastModifiedTime: summary.lastModifiedTime ?? epochSeconds(schema.lastModifiedTime),
    lastDdlTime: epochSeconds(schema.lastDDLTime),
  };
}

function toPartition(e: XmlElement): PartitionInfo {
  const spec: Record<string, string> = {};
  for (const column of childrenNamed(e, 'Column')) {
    const name = column.attributes.Name;
    if (name !== undefined) spec[name] = column.attributes.Value ?? '';
  }
  return {
    spec,
    creationTime: epochSeconds(childText(e, 'CreationTime')),
    lastModifiedTime: epochSeconds(childText(e, 'LastModifiedTime')),
    size: optionalNumber(childText(e, 'PartitionSize')),
    recordCount: optionalNumber(childText(e, 'PartitionRecordCount')),
  };
}
