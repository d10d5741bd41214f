import { verifyTablestore } from '@alikit/core';
import {
  type CapacityUnit,
  type CellValue,
  decodeBatchGetRowRequest,
  decodeCreateTableRequest,
  decodeDeleteRowRequest,
  decodeDeleteTableRequest,
  decodeDescribeTableRequest,
  decodeGetRangeRequest,
  decodeGetRowRequest,
  decodePutRowRequest,
  decodeRow,
  decodeUpdateRowRequest,
  decodeUpdateTableRequest,
  encodeBatchGetRowResponse,
  encodeBatchWriteRowResponse,
  encodeCreateTableResponse,
  encodeDeleteRowResponse,
  encodeDeleteTableResponse,
  encodeDescribeTableResponse,
  encodeGetRangeResponse,
  encodeGetRowResponse,
  encodeListTableResponse,
  encodePutRowResponse,
  encodeRow,
  encodeUpdateRowResponse,
  encodeUpdateTableResponse,
  type PlainBufferRow,
  type RowInBatchGetRowResponse,
  type RowInBatchWriteRowResponse,
  type TableInBatchGetRowResponse,
  type TableInBatchWriteRowResponse,
} from '@alikit/tablestore/protocol';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import { hmacSha1Base64, md5Base64 } from '../shared/digest';
import type { FaultHandle } from '../shared/faults';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { uuidRequestIdLower } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { decodeLenientBatchWriteRowRequest } from './batch-write-request';
import { otsCodeForStatus, otsDecodeError, otsError, otsInvalid, renderOtsError } from './errors';
import { checkPrimaryKey, compareKeys, keyId, type StoredKey } from './primary-key';
import { type RowFaultRule, RowFaults } from './row-faults';
import { applyRowWrite, capacityUnits, readOptions, readRow, rowError } from './row-operations';
import {
  createTable,
  deleteTable,
  describeTable,
  requireReadableTable,
  requireTable,
  updateTable,
} from './table-operations';
import { type StoredRow, TablestoreInstance, type TablestoreTable } from './table-store';

/** The per-call limits the emulator enforces; lower them in tests to exercise paging and chunking. */
export interface TablestoreEmulatorLimits {
  /** Most rows one GetRange response carries. @defaultValue 5000 */
  getRangeMaxRows: number;
  /** Most row bytes one GetRange response carries (it stops after the row that crosses it). @defaultValue 4 MB */
  getRangeMaxBytes: number;
  /** Most rows one BatchGetRow call may ask for. @defaultValue 100 */
  batchGetRowMaxRows: number;
  /** Most rows one BatchWriteRow call may carry. @defaultValue 200 */
  batchWriteRowMaxRows: number;
  /** Most row-change bytes one BatchWriteRow call may carry. @defaultValue 4 MB */
  batchWriteRowMaxBytes: number;
}

/** The service's real limits (tablestore.md §2.3). */
export function defaultTablestoreLimits(): TablestoreEmulatorLimits {
  return {
    getRangeMaxRows: 5000,
    getRangeMaxBytes: 4 * 1024 * 1024,
    batchGetRowMaxRows: 100,
    batchWriteRowMaxRows: 200,
    batchWriteRowMaxBytes: 4 * 1024 * 1024,
  };
}

/** A row as {@link TablestoreEmulator.rows} shows it: key and latest attribute values as plain JS values. */
export interface TablestoreEmulatorRow {
  /** Primary-key columns in schema order: INTEGER as `bigint`, BINARY as `Uint8Array`. */
  primaryKey: Record<string, bigint | string | Uint8Array>;
  /** The latest version of every attribute column. */
  attributes: Record<string, bigint | number | boolean | string | Uint8Array>;
}

/** The Tablestore emulator as tests and users see it. */
export interface TablestoreEmulator {
  /** `http://127.0.0.1:<port>`; the instance travels in the `x-ots-instancename` header. */
  readonly endpoint: string;
  /** The instance served by default; requests naming another instance create it on first use. */
  readonly instanceName: string;
  /** The limits in force; assign fields to lower them in tests. */
  readonly limits: TablestoreEmulatorLimits;
  /** Table names of an instance, sorted. @param instanceName @defaultValue the default instance */
  tableNames(instanceName?: string): string[];
  /**
   * Number of rows stored in a table (or in the index table of a secondary index).
   * @throws RangeError when the table does not exist
   */
  rowCount(table: string, instanceName?: string): number;
  /**
   * The rows of a table in primary-key order, latest versions only.
   * @throws RangeError when the table does not exist
   */
  rows(table: string, instanceName?: string): TablestoreEmulatorRow[];
  /**
   * How many requests named this operation (`PutRow`, `BatchWriteRow`, ...), including ones
   * failed by faults or authentication; all requests when no operation is given.
   */
  requestCount(operation?: string): number;
  /** Sets every request count back to zero. */
  resetRequestCounts(): void;
  /**
   * Fails chosen rows of batch calls with a per-row error (default `OTSServerBusy` in
   * BatchWriteRow) while the call itself succeeds, as the service does under load.
   * @example emu.tablestore.failRows({ code: 'OTSServerBusy', probability: 0.2 })
   * @throws RangeError / TypeError for an out-of-range or mistyped field
   */
  failRows(rule: RowFaultRule): FaultHandle;
  /** Removes every {@link TablestoreEmulator.failRows} rule. */
  clearRowFaults(): void;
}

/** The `emu.tablestore` view of a running Tablestore service. */
export function tablestoreEmulatorView(tablestore: TablestoreService, endpoint: string): TablestoreEmulator {
  const table = (name: string, instanceName: string | undefined): TablestoreTable => {
    const instance = tablestore.instance(instanceName ?? tablestore.instanceName);
    const found = instance.tables.get(name) ?? instance.indexes.get(name);
    if (!found) {
      throw new RangeError(`table '${name}' does not exist in instance '${instanceName ?? tablestore.instanceName}'`);
    }
    return found;
  };
  return {
    endpoint,
    instanceName: tablestore.instanceName,
    limits: tablestore.limits,
    tableNames: (instanceName) =>
      [...tablestore.instance(instanceName ?? tablestore.instanceName).tables.keys()].sort(),
    rowCount: (name, instanceName) => table(name, instanceName).size,
    rows: (name, instanceName) => table(name, instanceName).rows().map(plainRow),
    requestCount: (operation) => tablestore.requestCount(operation),
    resetRequestCounts: () => tablestore.resetRequestCounts(),
    failRows: (rule) => tablestore.rowFaults.add(rule),
    clearRowFaults: () => tablestore.rowFaults.clear(),
  };
}

function plainValue(value: CellValue): bigint | number | boolean | string | Uint8Array {
  return value.value;
}

function plainRow(row: StoredRow): TablestoreEmulatorRow {
  const primaryKey: TablestoreEmulatorRow['primaryKey'] = {};
  for (const column of row.key) primaryKey[column.name] = column.value.value;
  const attributes: TablestoreEmulatorRow['attributes'] = {};
  for (const name of [...row.columns.keys()].sort()) {
    const latest = row.columns.get(name)?.[0];
    if (latest) attributes[name] = plainValue(latest.value);
  }
  return { primaryKey, attributes };
}

type BatchOperation = 'BatchWriteRow' | 'BatchGetRow';

/**
 * The Tablestore service module: `x-ots-signature` verification, protobuf errors, signed
 * responses (which the Python/Java/.NET SDKs check), the table operations and the row
 * operations on an in-memory store (PlainBuffer rows with CRC-8 checks).
 */
export class TablestoreService implements ServiceModule {
  readonly service = 'tablestore' as const;
  readonly requestIdHeader = 'x-ots-requestid';
  readonly instanceName: string;
  readonly limits: TablestoreEmulatorLimits = defaultTablestoreLimits();
  readonly rowFaults = new RowFaults();
  readonly #instances = new Map<string, TablestoreInstance>();
  readonly #requestCounts = new Map<string, number>();
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, instanceName = 'alikit-emulator') {
    this.#accounts = accounts;
    this.#now = now;
    this.instanceName = instanceName;
    this.instance(instanceName);
  }

  newRequestId(): string {
    return uuidRequestIdLower();
  }

  /** The named instance, created on first use. */
  instance(name: string): TablestoreInstance {
    let instance = this.#instances.get(name);
    if (!instance) {
      instance = new TablestoreInstance(name);
      this.#instances.set(name, instance);
    }
    return instance;
  }

  /** Requests routed to `operation` (or to any operation). */
  requestCount(operation?: string): number {
    if (operation !== undefined) return this.#requestCounts.get(operation) ?? 0;
    let total = 0;
    for (const n of this.#requestCounts.values()) total += n;
    return total;
  }

  /** Sets every request count back to zero. */
  resetRequestCounts(): void {
    this.#requestCounts.clear();
  }

  route(ctx: RequestContext): void {
    // Every API is `POST /<ApiName>`.
    const name = ctx.path.slice(1);
    if (/^[A-Za-z]+$/.test(name)) {
      ctx.operation = name;
      this.#requestCounts.set(name, (this.#requestCounts.get(name) ?? 0) + 1);
    }
  }

  handle(ctx: RequestContext): EmulatorResponse {
    if (ctx.method !== 'POST') throw otsError('OTSMethodNotAllowed');
    acceptVerification(ctx, verifyTablestore(ctx.received, this.#accounts.lookup, { now: this.#now }), this.#accounts, {
      verification: otsVerificationError,
      securityToken: otsSecurityTokenError,
    });
    const instanceName = ctx.header('x-ots-instancename');
    if (!instanceName) throw otsError('OTSParameterInvalid', { message: "Missing header: 'x-ots-instancename'." });
    const instance = this.instance(instanceName);
    const body = ctx.received.body ?? new Uint8Array(0);
    const nowMs = this.#now().getTime();
    switch (ctx.operation) {
      case 'ListTable':
        return protobuf(encodeListTableResponse({ tableNames: [...instance.tables.keys()].sort() }));
      case 'CreateTable':
        createTable(instance, decode(decodeCreateTableRequest, body, 'CreateTableRequest'), nowMs);
        return protobuf(encodeCreateTableResponse());
      case 'DescribeTable': {
        const request = decode(decodeDescribeTableRequest, body, 'DescribeTableRequest');
        return protobuf(encodeDescribeTableResponse(describeTable(requireReadableTable(instance, request.tableName))));
      }
      case 'UpdateTable': {
        const request = decode(decodeUpdateTableRequest, body, 'UpdateTableRequest');
        const table = requireTable(instance, request.tableName);
        return protobuf(encodeUpdateTableResponse(updateTable(table, request, nowMs)));
      }
      case 'DeleteTable': {
        const request = decode(decodeDeleteTableRequest, body, 'DeleteTableRequest');
        deleteTable(instance, request.tableName);
        return protobuf(encodeDeleteTableResponse());
      }
      case 'GetRow':
        return protobuf(this.#getRow(instance, body, nowMs));
      case 'PutRow': {
        const request = decode(decodePutRowRequest, body, 'PutRowRequest');
        const table = requireTable(instance, request.tableName);
        const result = applyRowWrite(
          table,
          {
            kind: 'put',
            row: decodeRowField(request.row, 'row'),
            condition: request.condition,
            returnContent: request.returnContent,
            bytes: request.row.byteLength,
          },
          nowMs,
        );
        return protobuf(encodePutRowResponse(writeResponse(result)));
      }
      case 'UpdateRow': {
        const request = decode(decodeUpdateRowRequest, body, 'UpdateRowRequest');
        const table = requireTable(instance, request.tableName);
        const result = applyRowWrite(
          table,
          {
            kind: 'update',
            row: decodeRowField(request.rowChange, 'row_change'),
            condition: request.condition,
            returnContent: request.returnContent,
            bytes: request.rowChange.byteLength,
          },
          nowMs,
        );
        return protobuf(encodeUpdateRowResponse(writeResponse(result)));
      }
      case 'DeleteRow': {
        const request = decode(decodeDeleteRowRequest, body, 'DeleteRowRequest');
        const table = requireTable(instance, request.tableName);
        const result = applyRowWrite(
          table,
          {
            kind: 'delete',
            row: decodeRowField(request.primaryKey, 'primary_key'),
            condition: request.condition,
            returnContent: request.returnContent,
            bytes: request.primaryKey.byteLength,
          },
          nowMs,
        );
        return protobuf(encodeDeleteRowResponse(writeResponse(result)));
      }
      case 'BatchGetRow':
        return protobuf(this.#batchGetRow(instance, body, nowMs));
      case 'BatchWriteRow':
        return protobuf(this.#batchWriteRow(instance, body, nowMs));
      case 'GetRange':
        return protobuf(this.#getRange(instance, body, nowMs));
      default:
        throw otsError('OTSUnsupportOperation', {
          message: `Unsupported operation: '${ctx.operation ?? ctx.path}'.`,
        });
    }
  }

  #getRow(instance: TablestoreInstance, body: Uint8Array, nowMs: number): Uint8Array {
    const request = decode(decodeGetRowRequest, body, 'GetRowRequest');
    const table = requireReadableTable(instance, request.tableName);
    const key = decodeRowField(request.primaryKey, 'primary_key').primaryKey;
    const problem = checkPrimaryKey(key, table.definition.primaryKey, 'read');
    if (problem) throw problem;
    const options = readOptions(request);
    const stored = table.get(key);
    const projected = stored ? readRow(table, stored, options, nowMs) : undefined;
    const row = projected ? encodeRow(projected) : new Uint8Array(0);
    return encodeGetRowResponse({ consumed: { capacityUnit: { read: capacityUnits(row.byteLength) } }, row });
  }

  #rowFault(operation: BatchOperation, table: string): { code: string; message: string } | undefined {
    const rule = this.rowFaults.take(operation, table);
    if (!rule) return undefined;
    const error = otsError(rule.code ?? 'OTSServerBusy', rule.message === undefined ? {} : { message: rule.message });
    return { code: error.code, message: error.message };
  }

  #batchGetRow(instance: TablestoreInstance, body: Uint8Array, nowMs: number): Uint8Array {
    const request = decode(decodeBatchGetRowRequest, body, 'BatchGetRowRequest');
    const tables = request.tables ?? [];
    const total = tables.reduce((n, t) => n + (t.primaryKey ?? []).length, 0);
    if (total > this.limits.batchGetRowMaxRows) {
      throw otsInvalid(`Rows count exceeds the upper limit: ${this.limits.batchGetRowMaxRows} (got ${total}).`);
    }
    if (total === 0) throw otsInvalid('BatchGetRow has no rows to get.');
    const seenTables = new Set<string>();
    const decoded = tables.map((t) => {
      if (seenTables.has(t.tableName)) throw otsInvalid(`Duplicated table name in BatchGetRow: '${t.tableName}'.`);
      seenTables.add(t.tableName);
      const keys = (t.primaryKey ?? []).map((bytes) => decodeRowField(bytes, 'primary_key').primaryKey);
      const ids = new Set<string>();
      for (const key of keys) {
        const id = keyId(key);
        if (ids.has(id))
          throw otsInvalid(`The input parameter is invalid: duplicated primary key in table '${t.tableName}'.`);
        ids.add(id);
      }
      // A bad version selection or filter fails the whole call, like any malformed request.
      return { request: t, keys, options: readOptions(t) };
    });
    const out: TableInBatchGetRowResponse[] = decoded.map(({ request: t, keys, options }) => {
      const table = instance.tables.get(t.tableName) ?? instance.indexes.get(t.tableName);
      const rows = keys.map((key): RowInBatchGetRowResponse => {
        const failed = (error: { code: string; message: string }): RowInBatchGetRowResponse => ({
          isOk: false,
          error,
        });
        if (!table) return failed(rowError(otsError('OTSObjectNotExist')));
        const problem = checkPrimaryKey(key, table.definition.primaryKey, 'read');
        if (problem) return failed(rowError(problem));
        const fault = this.#rowFault('BatchGetRow', t.tableName);
        if (fault) return failed(fault);
        const stored = table.get(key);
        const projected = stored ? readRow(table, stored, options, nowMs) : undefined;
        const row = projected ? encodeRow(projected) : new Uint8Array(0);
        return { isOk: true, consumed: { capacityUnit: { read: capacityUnits(row.byteLength) } }, row };
      });
      return { tableName: t.tableName, rows };
    });
    return encodeBatchGetRowResponse({ tables: out });
  }

  #batchWriteRow(instance: TablestoreInstance, body: Uint8Array, nowMs: number): Uint8Array {
    const request = decode(decodeLenientBatchWriteRowRequest, body, 'BatchWriteRowRequest');
    const total = request.tables.reduce((n, t) => n + t.rows.length, 0);
    if (total > this.limits.batchWriteRowMaxRows) {
      throw otsInvalid(`Rows count exceeds the upper limit: ${this.limits.batchWriteRowMaxRows} (got ${total}).`);
    }
    if (total === 0) throw otsInvalid('BatchWriteRow has no rows to write.');
    const bytes = request.tables.reduce((n, t) => n + t.rows.reduce((m, r) => m + r.rowChange.byteLength, 0), 0);
    if (bytes > this.limits.batchWriteRowMaxBytes) {
      throw otsInvalid(
        `The total data size of BatchWriteRow request exceeds the limit: ${this.limits.batchWriteRowMaxBytes} bytes (got ${bytes}).`,
      );
    }
    const seenTables = new Set<string>();
    const decoded = request.tables.map((t) => {
      if (seenTables.has(t.tableName)) throw otsInvalid(`Duplicated table name in BatchWriteRow: '${t.tableName}'.`);
      seenTables.add(t.tableName);
      const rows = t.rows.map((r) => ({ request: r, row: decodeRowField(r.rowChange, 'row_change') }));
      const ids = new Set<string>();
      for (const { row } of rows) {
        if (row.primaryKey.some((c) => c.value.type === 'autoIncrement')) continue;
        const id = keyId(row.primaryKey);
        if (ids.has(id))
          throw otsInvalid(`The input parameter is invalid: duplicated primary key in table '${t.tableName}'.`);
        ids.add(id);
      }
      return { tableName: t.tableName, rows };
    });
    const out: TableInBatchWriteRowResponse[] = decoded.map(({ tableName, rows }) => {
      let table: TablestoreTable | undefined;
      let tableError: { code: string; message: string } | undefined;
      try {
        table = requireTable(instance, tableName);
      } catch (error) {
        tableError = rowError(error);
      }
      const results = rows.map(({ request: r, row }): RowInBatchWriteRowResponse => {
        if (!table) return { isOk: false, error: tableError ?? rowError(otsError('OTSObjectNotExist')) };
        const fault = this.#rowFault('BatchWriteRow', tableName);
        if (fault) return { isOk: false, error: fault };
        try {
          const result = applyRowWrite(
            table,
            {
              kind: r.type,
              row,
              condition: r.condition,
              returnContent: r.returnContent,
              bytes: r.rowChange.byteLength,
            },
            nowMs,
          );
          const response: RowInBatchWriteRowResponse = { isOk: true, consumed: { capacityUnit: result.consumed } };
          if (result.row) response.row = result.row;
          return response;
        } catch (error) {
          return { isOk: false, error: rowError(error) };
        }
      });
      return { tableName, rows: results };
    });
    return encodeBatchWriteRowResponse({ tables: out });
  }

  #getRange(instance: TablestoreInstance, body: Uint8Array, nowMs: number): Uint8Array {
    const request = decode(decodeGetRangeRequest, body, 'GetRangeRequest');
    const table = requireReadableTable(instance, request.tableName);
    const schema = table.definition.primaryKey;
    const start = decodeRowField(request.inclusiveStartPrimaryKey, 'inclusive_start_primary_key').primaryKey;
    const end = decodeRowField(request.exclusiveEndPrimaryKey, 'exclusive_end_primary_key').primaryKey;
    const problem = checkPrimaryKey(start, schema, 'rangeBound') ?? checkPrimaryKey(end, schema, 'rangeBound');
    if (problem) throw problem;
    const forward = request.direction === 'forward';
    const order = compareKeys(start, end);
    if (forward && order >= 0) throw otsInvalid('Begin key must less than end key in FORWARD.');
    if (!forward && order <= 0) throw otsInvalid('Begin key must more than end key in BACKWARD.');
    if (request.limit !== undefined && request.limit <= 0) {
      throw otsInvalid(`The limit must be greater than 0, got ${request.limit}.`);
    }
    const options = readOptions(request);
    const maxRows = Math.min(request.limit ?? Number.POSITIVE_INFINITY, this.limits.getRangeMaxRows);
    const rows = table.rows();
    const inRange = (row: StoredRow): boolean =>
      forward ? compareKeys(row.key, end) < 0 : compareKeys(row.key, end) > 0;

    const out: Uint8Array[] = [];
    let outBytes = 0;
    let next: StoredKey | undefined;
    // Forward: from the first key ≥ start; backward: from the last key ≤ start.
    let i = forward ? table.seek(start) : table.seek(start, true) - 1;
    for (; forward ? i < rows.length : i >= 0; i += forward ? 1 : -1) {
      const row = rows[i] as StoredRow;
      if (!inRange(row)) break;
      if (out.length >= maxRows || outBytes >= this.limits.getRangeMaxBytes) {
        next = row.key;
        break;
      }
      const projected = readRow(table, row, options, nowMs);
      if (!projected) continue;
      // Each row on its own (header stripped) so the block is one header plus rows back to back.
      const encoded = encodeRow(projected).subarray(4);
      out.push(encoded);
      outBytes += encoded.byteLength;
    }
    let block = new Uint8Array(0);
    if (out.length > 0) {
      block = new Uint8Array(4 + outBytes);
      block.set([0x75, 0, 0, 0], 0);
      let at = 4;
      for (const row of out) {
        block.set(row, at);
        at += row.byteLength;
      }
    }
    const consumed: CapacityUnit = { read: capacityUnits(outBytes) };
    return encodeGetRangeResponse({
      consumed: { capacityUnit: consumed },
      rows: block,
      ...(next === undefined ? {} : { nextStartPrimaryKey: encodeRow({ primaryKey: next }) }),
    });
  }

  renderError(error: ServiceError): EmulatorResponse {
    return renderOtsError(error);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return otsError(code ?? otsCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return otsError('OTSInternalServerError', {
      message: `The emulator failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }

  /**
   * Adds the headers real Tablestore responses carry and the stricter SDKs check (spec:
   * tablestore.md §1.3): body digest, date with microseconds, content type, and — once the caller
   * is authenticated — `Authorization: OTS <AccessKeyId>:<signature>` over the `x-ots-*` headers.
   */
  finishResponse(response: EmulatorResponse, ctx: RequestContext): EmulatorResponse {
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : (response.body ?? new Uint8Array(0));
    const headers: Record<string, string> = {
      ...response.headers,
      'x-ots-contentmd5': md5Base64(body),
      'x-ots-date': formatMicroseconds(this.#now()),
      'x-ots-contenttype': 'protocol buffer',
    };
    const secret = ctx.identity ? this.#accounts.lookup(ctx.identity.accessKeyId) : undefined;
    if (ctx.identity && secret !== undefined) {
      const canonical = Object.entries(headers)
        .map(([name, value]): [string, string] => [name.toLowerCase(), value.trim()])
        .filter(([name]) => name.startsWith('x-ots-') && name !== 'x-ots-signature')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}:${value}`)
        .join('\n');
      const signature = hmacSha1Base64(secret, `${canonical}\n${ctx.path}`);
      headers['authorization'] = `OTS ${ctx.identity.accessKeyId}:${signature}`;
    }
    return { ...response, headers };
  }
}

function protobuf(body: Uint8Array): EmulatorResponse {
  return { status: 200, headers: {}, body };
}

/** Decodes a request message; malformed bytes become 400 `OTSParameterInvalid`. */
function decode<T>(decoder: (bytes: Uint8Array) => T, body: Uint8Array, what: string): T {
  try {
    return decoder(body);
  } catch (error) {
    throw otsDecodeError(error, what);
  }
}

/** Decodes a PlainBuffer row field; a bad CRC-8 or malformed bytes become 400 `OTSParameterInvalid`. */
function decodeRowField(bytes: Uint8Array, field: string): PlainBufferRow {
  try {
    return decodeRow(bytes);
  } catch (error) {
    throw otsDecodeError(error, `PlainBuffer of ${field}`);
  }
}

function writeResponse(result: { consumed: CapacityUnit; row?: Uint8Array | undefined }): {
  consumed: { capacityUnit: CapacityUnit };
  row?: Uint8Array;
} {
  return result.row === undefined
    ? { consumed: { capacityUnit: result.consumed } }
    : { consumed: { capacityUnit: result.consumed }, row: result.row };
}

/** `2020-09-09T08:37:11.680000Z`: the service writes microseconds; the clock has milliseconds. */
function formatMicroseconds(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

function otsVerificationError(failure: VerificationFailed): ServiceError {
  switch (failure.reason) {
    case 'MissingSignature':
      return otsError('OTSParameterInvalid', { message: "Missing header: 'x-ots-signature'." });
    case 'InvalidAuthorization':
      return otsError('OTSParameterInvalid', { message: `Invalid authorization headers: ${failure.message}.` });
    case 'InvalidAccessKeyId':
      return otsError('OTSAuthFailed', { message: 'The AccessKeyID does not exist.' });
    case 'RequestTimeTooSkewed':
    case 'RequestExpired':
      return otsError('OTSAuthFailed', { message: `Mismatch between system time and x-ots-date: ${failure.message}.` });
    case 'ContentDigestMismatch':
      return otsError('OTSAuthFailed', { message: 'MD5 mismatch.' });
    case 'SignatureDoesNotMatch':
      return otsError('OTSAuthFailed', { message: 'Signature mismatch.' });
  }
}

function otsSecurityTokenError(problem: SecurityTokenProblem): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      return otsError('OTSAuthFailed', { message: "Missing header: 'x-ots-ststoken'." });
    case 'InvalidSecurityToken':
      return otsError('OTSAuthFailed', { message: 'The STS token is invalid.' });
    case 'SecurityTokenExpired':
      return otsError('OTSAuthFailed', { message: 'The STS token has expired.' });
  }
}
