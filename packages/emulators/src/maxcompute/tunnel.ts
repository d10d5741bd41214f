import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { deflateSync, inflateSync } from 'node:zlib';
import {
  createRecordWriter,
  createTunnelSchema,
  decodeRecords,
  type TunnelRecord,
  type TunnelType,
} from '@alikit/maxcompute/tunnel';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { odpsError } from './errors';
import type { InstanceRegistry } from './instances';
import {
  CatalogError,
  type MaxComputeCatalog,
  type MaxComputeTable,
  parsePartitionSpec,
  partitionKey,
} from './table-store';
import { fromStored, type StoredValue } from './values';

/** The most rows `?result` and the limited instance tunnel return. */
export const RESULT_ROW_LIMIT = 10_000;
/** `MaxFieldSize` reported by upload sessions (8 MiB). */
const MAX_FIELD_SIZE = 8 * 1024 * 1024;
/** Block ids are integers in [0, 20000). */
const MAX_BLOCK_ID = 20_000;

interface SchemaColumn {
  readonly name: string;
  readonly type: string;
  readonly parsed: TunnelType;
  readonly comment?: string | undefined;
  readonly nullable?: boolean | undefined;
}

interface DownloadSession {
  readonly id: string;
  readonly project: string;
  readonly target: string;
  readonly spec: Array<[string, string]> | undefined;
  readonly columns: readonly SchemaColumn[];
  readonly partitionKeys: readonly SchemaColumn[];
  readonly rows: readonly StoredValue[][];
  readonly table: MaxComputeTable | undefined;
  readonly version: number;
}

interface UploadSession {
  readonly id: string;
  readonly project: string;
  readonly table: MaxComputeTable;
  readonly spec: Array<[string, string]> | undefined;
  readonly overwrite: boolean;
  readonly createPartition: boolean;
  status: 'NORMAL' | 'CLOSED';
  readonly blocks: Map<number, TunnelRecord[]>;
}

/** A planned mid-body connection drop (see {@link MaxComputeTunnel.interruptDownloads}). */
interface Interruption {
  afterBytes: number;
  remaining: number;
  operation: string | undefined;
}

/** Where the tunnel finds project catalogs and SQL instances. */
export interface TunnelBackend {
  /** The catalog of an existing project, or a `NoSuchProject` error. */
  catalog(project: string): MaxComputeCatalog;
  readonly instances: InstanceRegistry;
}

/** The operations the tunnel serves, as set on `ctx.operation` for fault matching. */
export type TunnelOperation =
  | 'CreateDownloadSession'
  | 'GetDownloadSession'
  | 'DownloadTableRecords'
  | 'CreateUploadSession'
  | 'GetUploadSession'
  | 'UploadBlock'
  | 'CommitUpload'
  | 'CreateInstanceDownloadSession'
  | 'GetInstanceDownloadSession'
  | 'DownloadInstanceRecords';

/** The parsed tunnel path: a table (two- or three-tier) or an instance of a project. */
export type TunnelTarget =
  | { kind: 'table'; project: string; table: string }
  | { kind: 'instance'; project: string; instanceId: string };

/** Recognises tunnel paths: `/projects/p/tables/t`, `/projects/p/schemas/s/tables/t`, `/projects/p/instances/i`. */
export function parseTunnelPath(path: string): TunnelTarget | undefined {
  const s = path.split('/');
  if (s[0] !== '' || s[1] !== 'projects' || !s[2]) return undefined;
  if (s.length === 5 && s[3] === 'tables' && s[4]) return { kind: 'table', project: s[2], table: s[4] };
  if (s.length === 7 && s[3] === 'schemas' && s[5] === 'tables' && s[6]) {
    return { kind: 'table', project: s[2], table: s[6] };
  }
  if (s.length === 5 && s[3] === 'instances' && s[4]) return { kind: 'instance', project: s[2], instanceId: s[4] };
  return undefined;
}

/** Which tunnel operation a request is, or `undefined` when it is none. */
export function tunnelOperation(ctx: RequestContext, target: TunnelTarget): TunnelOperation | undefined {
  const m = ctx.method;
  if (target.kind === 'instance') {
    if (m === 'POST' && ctx.hasQuery('downloads')) return 'CreateInstanceDownloadSession';
    if (m === 'GET' && ctx.hasQuery('downloadid')) {
      return ctx.hasQuery('data') ? 'DownloadInstanceRecords' : 'GetInstanceDownloadSession';
    }
    return undefined;
  }
  if (m === 'POST' && ctx.hasQuery('downloads')) return 'CreateDownloadSession';
  if (m === 'GET' && ctx.hasQuery('downloadid'))
    return ctx.hasQuery('data') ? 'DownloadTableRecords' : 'GetDownloadSession';
  if (m === 'POST' && ctx.hasQuery('uploads')) return 'CreateUploadSession';
  if (m === 'GET' && ctx.hasQuery('uploadid')) return 'GetUploadSession';
  if (m === 'PUT' && ctx.hasQuery('uploadid') && ctx.hasQuery('blockid')) return 'UploadBlock';
  if (m === 'POST' && ctx.hasQuery('uploadid')) return 'CommitUpload';
  return undefined;
}

/**
 * The MaxCompute tunnel (spec §5): table download and upload sessions and the instance tunnel,
 * speaking the record stream of `@alikit/maxcompute/tunnel`. Errors are thrown as ServiceErrors
 * with the tunnel's codes; the service renders them as the tunnel's JSON.
 */
export class MaxComputeTunnel {
  readonly #backend: TunnelBackend;
  readonly #downloads = new Map<string, DownloadSession>();
  readonly #uploads = new Map<string, UploadSession>();
  #interruptions: Interruption[] = [];

  constructor(backend: TunnelBackend) {
    this.#backend = backend;
  }

  /**
   * Makes the next `times` record downloads (table or instance, or only `operation`) send their
   * headers and the first `afterBytes` bytes of the body, then drop the connection.
   * @throws RangeError for a negative byte count or a non-positive `times`.
   */
  interruptDownloads(afterBytes: number, times = 1, operation?: string): void {
    if (!Number.isInteger(afterBytes) || afterBytes < 0) {
      throw new RangeError(`afterBytes must be a non-negative integer, got ${String(afterBytes)}`);
    }
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`times must be a positive integer, got ${String(times)}`);
    this.#interruptions.push({ afterBytes, remaining: times, operation });
  }

  /** Serves one tunnel request. */
  async handle(ctx: RequestContext, target: TunnelTarget, operation: TunnelOperation): Promise<EmulatorResponse> {
    const catalog = this.#backend.catalog(target.project);
    switch (operation) {
      case 'CreateDownloadSession':
        return this.#createDownload(ctx, catalog, target as Extract<TunnelTarget, { kind: 'table' }>);
      case 'GetDownloadSession':
      case 'GetInstanceDownloadSession':
        return sessionJson(this.#download(ctx, target.project), 'DownloadID');
      case 'DownloadTableRecords':
      case 'DownloadInstanceRecords':
        return this.#readData(ctx, target.project, operation);
      case 'CreateUploadSession':
        return this.#createUpload(ctx, catalog, target as Extract<TunnelTarget, { kind: 'table' }>);
      case 'GetUploadSession':
        return uploadJson(this.#upload(ctx, target.project));
      case 'UploadBlock':
        return this.#writeBlock(ctx, target.project);
      case 'CommitUpload':
        return this.#commit(ctx, catalog, target.project);
      case 'CreateInstanceDownloadSession':
        return this.#createInstanceDownload(ctx, target as Extract<TunnelTarget, { kind: 'instance' }>);
    }
  }

  #spec(ctx: RequestContext, catalog: MaxComputeCatalog, table: MaxComputeTable): Array<[string, string]> | undefined {
    const raw = ctx.queryParam('partition');
    try {
      return catalog.normalizeSpec(table, raw ? parsePartitionSpec(raw) : undefined);
    } catch (error) {
      throw tunnelCatalogError(error);
    }
  }

  #table(catalog: MaxComputeCatalog, name: string): MaxComputeTable {
    const table = catalog.get(name);
    if (!table) {
      throw odpsError('NoSuchTable', {
        message: `The specified table does not exist: ${catalog.project}.${name.toLowerCase()}`,
      });
    }
    return table;
  }

  async #createDownload(
    ctx: RequestContext,
    catalog: MaxComputeCatalog,
    target: Extract<TunnelTarget, { kind: 'table' }>,
  ): Promise<EmulatorResponse> {
    const table = this.#table(catalog, target.table);
    const spec = this.#spec(ctx, catalog, table);
    if (spec && !table.partitions.has(partitionKey(spec))) {
      await catalog.syncPartitions(table);
      if (!table.partitions.has(partitionKey(spec))) {
        throw odpsError('NoSuchPartition', {
          message: `The specified partition does not exist: ${partitionKey(spec)}`,
        });
      }
    }
    const session: DownloadSession = {
      id: sessionId(),
      project: target.project,
      target: table.name,
      spec,
      columns: table.columns,
      partitionKeys: table.partitionKeys,
      rows: await catalog.readStored(table, spec),
      table,
      version: table.version,
    };
    this.#downloads.set(session.id, session);
    return sessionJson(session, 'DownloadID');
  }

  #createInstanceDownload(ctx: RequestContext, target: Extract<TunnelTarget, { kind: 'instance' }>): EmulatorResponse {
    const instance = this.#backend.instances.get(target.project, target.instanceId);
    if (!instance) {
      throw odpsError('NoSuchObject', { message: `The specified instance does not exist: ${target.instanceId}` });
    }
    if (instance.status !== 'Terminated') {
      throw odpsError('InstanceNotTerminate', { message: `The instance ${instance.id} is still running` });
    }
    if (instance.taskStatus !== 'Success' || instance.result?.kind !== 'select') {
      throw odpsError('InstanceTypeNotSupported', {
        message:
          instance.taskStatus !== 'Success'
            ? `The instance ${instance.id} did not succeed; its result cannot be downloaded`
            : `The instance ${instance.id} is not a SELECT; only query results can be downloaded`,
      });
    }
    const limited = ctx.hasQuery('instance_tunnel_limit_enabled');
    const rows = limited ? instance.result.rows.slice(0, RESULT_ROW_LIMIT) : instance.result.rows;
    const session: DownloadSession = {
      id: sessionId(),
      project: target.project,
      target: instance.id,
      spec: undefined,
      columns: instance.result.columns,
      partitionKeys: [],
      rows,
      table: undefined,
      version: 0,
    };
    this.#downloads.set(session.id, session);
    return sessionJson(session, 'DownloadID');
  }

  #download(ctx: RequestContext, project: string): DownloadSession {
    const id = ctx.queryParam('downloadid') ?? '';
    const session = this.#downloads.get(id);
    if (!session || session.project !== project) {
      throw odpsError('NoSuchDownload', { message: `The download session ${id} does not exist` });
    }
    return session;
  }

  #readData(ctx: RequestContext, project: string, operation: TunnelOperation): EmulatorResponse {
    const session = this.#download(ctx, project);
    if (
      session.table &&
      session.table.version !== session.version &&
      ctx.queryParam('disable_modified_check') !== 'true'
    ) {
      throw odpsError('TableModified', {
        message: `The table ${session.project}.${session.target} was modified after the download session was created`,
      });
    }
    const range = ctx.queryParam('rowrange') ?? `(0,${session.rows.length})`;
    const m = /^\((\d+),(\d+)\)$/.exec(range.replace(/\s/g, ''));
    const start = m ? Number(m[1]) : Number.NaN;
    const count = m ? Number(m[2]) : Number.NaN;
    if (!m || start + count > session.rows.length) {
      throw odpsError('InvalidRowRange', {
        message: `The row range ${range} is invalid: the session has ${session.rows.length} records`,
      });
    }
    let indexes = session.columns.map((_, i) => i);
    const columnsParam = ctx.queryParam('columns');
    if (columnsParam) {
      indexes = columnsParam.split(',').map((name) => {
        const at = session.columns.findIndex((c) => c.name === name.trim().toLowerCase());
        if (at < 0) {
          throw odpsError('InvalidColumnSpec', {
            message: `The column ${name.trim()} does not exist in the session schema`,
          });
        }
        return at;
      });
    }
    const columns = indexes.map((i) => session.columns[i] as SchemaColumn);
    const writer = createRecordWriter(createTunnelSchema(columns.map((c) => ({ name: c.name, type: c.parsed }))));
    const chunks: Uint8Array[] = [];
    for (let r = start; r < start + count; r++) {
      const row = session.rows[r] as StoredValue[];
      chunks.push(
        writer.write(indexes.map((i) => fromStored((session.columns[i] as SchemaColumn).parsed, row[i] ?? null))),
      );
    }
    chunks.push(writer.finish());
    let body: Uint8Array = Buffer.concat(chunks);
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
    const accept = (ctx.header('accept-encoding') ?? '').toLowerCase();
    if (/(^|[\s,])deflate($|[\s,;])/.test(accept)) {
      body = deflateSync(body, { level: 1 });
      headers['content-encoding'] = 'deflate';
    }
    const interruption = this.#interruptions.find(
      (i) => i.remaining > 0 && (!i.operation || i.operation === operation),
    );
    if (interruption && interruption.afterBytes < body.byteLength) {
      interruption.remaining--;
      this.#interruptions = this.#interruptions.filter((i) => i.remaining > 0);
      return {
        status: 200,
        headers,
        bodyStream: cutStream(body, interruption.afterBytes),
        contentLength: body.byteLength,
      };
    }
    return { status: 200, headers, body };
  }

  async #createUpload(
    ctx: RequestContext,
    catalog: MaxComputeCatalog,
    target: Extract<TunnelTarget, { kind: 'table' }>,
  ): Promise<EmulatorResponse> {
    const table = this.#table(catalog, target.table);
    const spec = this.#spec(ctx, catalog, table);
    const createPartition = ctx.queryParam('create_partition') === 'true';
    if (spec && !table.partitions.has(partitionKey(spec))) {
      await catalog.syncPartitions(table);
      if (!table.partitions.has(partitionKey(spec)) && !createPartition) {
        throw odpsError('NoSuchPartition', {
          message: `The specified partition does not exist: ${partitionKey(spec)}`,
        });
      }
    }
    const session: UploadSession = {
      id: sessionId(),
      project: target.project,
      table,
      spec,
      overwrite: ctx.queryParam('overwrite') === 'true',
      createPartition,
      status: 'NORMAL',
      blocks: new Map(),
    };
    this.#uploads.set(session.id, session);
    return uploadJson(session);
  }

  #upload(ctx: RequestContext, project: string): UploadSession {
    const id = ctx.queryParam('uploadid') ?? '';
    const session = this.#uploads.get(id);
    if (!session || session.project !== project) {
      throw odpsError('NoSuchUpload', { message: `The upload session ${id} does not exist` });
    }
    return session;
  }

  #writeBlock(ctx: RequestContext, project: string): EmulatorResponse {
    const session = this.#upload(ctx, project);
    if (session.status !== 'NORMAL') {
      throw odpsError('StatusConflict', { message: `The upload session ${session.id} is already committed` });
    }
    const blockText = ctx.queryParam('blockid') ?? '';
    const blockId = /^\d+$/.test(blockText) ? Number(blockText) : -1;
    if (blockId < 0 || blockId >= MAX_BLOCK_ID) {
      throw odpsError('InvalidBlockID', {
        message: `The block id ${blockText} is invalid: it must be an integer in [0, ${MAX_BLOCK_ID})`,
      });
    }
    let bytes: Uint8Array = ctx.received.body ?? new Uint8Array();
    const encoding = (ctx.header('content-encoding') ?? '').toLowerCase();
    if (encoding === 'deflate') {
      try {
        bytes = inflateSync(bytes);
      } catch {
        throw odpsError('MalformedDataStream', { message: 'The block body is not a valid deflate (zlib) stream' });
      }
    } else if (encoding !== '' && encoding !== 'identity') {
      throw odpsError('MalformedDataStream', { message: `The emulator cannot decode Content-Encoding ${encoding}` });
    }
    const schema = createTunnelSchema(session.table.columns.map((c) => ({ name: c.name, type: c.parsed })));
    let records: TunnelRecord[];
    try {
      records = decodeRecords(schema, bytes).records;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const checksum = (error as { code?: unknown }).code === 'ERR_CHECKSUM' && !/truncated/i.test(message);
      throw odpsError(checksum ? 'CorruptedDataStream' : 'MalformedDataStream', {
        message: `Block ${blockId} is invalid: ${message}`,
      });
    }
    for (const record of records) {
      session.table.columns.forEach((c, i) => {
        const value = record[i];
        const size =
          typeof value === 'string' ? Buffer.byteLength(value) : value instanceof Uint8Array ? value.byteLength : 0;
        if (size > MAX_FIELD_SIZE) {
          throw odpsError('MalformedDataStream', {
            message: `A value of column ${c.name} exceeds MaxFieldSize ${MAX_FIELD_SIZE}`,
          });
        }
      });
    }
    session.blocks.set(blockId, records);
    return {
      status: 200,
      headers: {
        'odps-tunnel-metrics': JSON.stringify({ ServerIOCost: 0, ServerTotalCost: 0, RecordCount: records.length }),
      },
    };
  }

  async #commit(ctx: RequestContext, catalog: MaxComputeCatalog, project: string): Promise<EmulatorResponse> {
    const session = this.#upload(ctx, project);
    if (session.status !== 'NORMAL') {
      throw odpsError('StatusConflict', { message: `The upload session ${session.id} is already committed` });
    }
    if (!catalog.get(session.table.name)) {
      throw odpsError('NoSuchTable', { message: `The table ${project}.${session.table.name} no longer exists` });
    }
    const ids = [...session.blocks.keys()].sort((a, b) => a - b);
    // Closed before the (asynchronous) insert, so a commit repeated meanwhile gets StatusConflict.
    session.status = 'CLOSED';
    try {
      await catalog.exclusive(async () => {
        if (session.overwrite) await catalog.deleteRows(session.table, session.spec);
        await catalog.insertRecords(
          session.table,
          session.spec,
          ids.flatMap((id) => session.blocks.get(id) as TunnelRecord[]),
        );
        if (session.spec) catalog.touchPartition(session.table, session.spec);
      });
    } catch (error) {
      session.status = 'NORMAL';
      throw error;
    }
    return uploadJson(session);
  }
}

function sessionId(): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  return `${stamp}${randomBytes(9).toString('hex')}`;
}

function schemaJson(columns: readonly SchemaColumn[], partitionKeys: readonly SchemaColumn[]) {
  return {
    columns: columns.map((c, i) => ({
      name: c.name,
      type: c.type,
      comment: c.comment ?? '',
      nullable: c.nullable ?? true,
      column_id: String(i + 1),
    })),
    partitionKeys: partitionKeys.map((c) => ({ name: c.name, type: c.type, comment: c.comment ?? '' })),
  };
}

function json(body: unknown): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function sessionJson(session: DownloadSession, idKey: 'DownloadID'): EmulatorResponse {
  return json({
    [idKey]: session.id,
    Status: 'normal',
    RecordCount: session.rows.length,
    Schema: schemaJson(session.columns, session.partitionKeys),
    QuotaName: '',
    SupportReadByRawSize: false,
  });
}

function uploadJson(session: UploadSession): EmulatorResponse {
  return json({
    UploadID: session.id,
    Status: session.status.toLowerCase(),
    Schema: schemaJson(session.table.columns, session.table.partitionKeys),
    UploadedBlockList: [...session.blocks.keys()].sort((a, b) => a - b).map((id) => ({ BlockID: id })),
    MaxFieldSize: MAX_FIELD_SIZE,
    QuotaName: '',
  });
}

function tunnelCatalogError(error: unknown): unknown {
  if (!(error instanceof CatalogError)) return error;
  switch (error.reason) {
    case 'MissingPartitionSpec':
      return odpsError('MissingPartitionSpec', { message: error.message });
    case 'InvalidPartitionSpec':
      return odpsError('InvalidPartitionSpec', { message: error.message });
    default:
      return odpsError('InvalidArgument', { message: error.message });
  }
}

/** A body stream that delivers the first `afterBytes` bytes and then fails, so the server drops the connection. */
function cutStream(body: Uint8Array, afterBytes: number): Readable {
  const head = body.subarray(0, afterBytes);
  return Readable.from(
    (async function* () {
      if (head.byteLength > 0) yield Buffer.from(head);
      // Let the bytes reach the socket before the connection goes away.
      await new Promise((resolve) => setTimeout(resolve, 20));
      throw new Error('injected connection drop mid-body');
    })(),
  );
}
