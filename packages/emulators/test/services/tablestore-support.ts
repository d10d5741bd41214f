import { signTablestore } from '@alikit/core';
import {
  type CellValueInput,
  type ComparatorType,
  type CreateTableRequest,
  decodeErrorMessage,
  decodeRow,
  decodeRows,
  encodeCreateTableRequest,
  encodeFilter,
  encodeRow,
  encodeSingleColumnValueFilter,
  type PlainBufferRow,
  type PrimaryKeyColumn,
  type PrimaryKeySchema,
  type PrimaryKeyValueInput,
} from '@alikit/tablestore/protocol';
import type { Emulators } from '../../src/index';
import { send } from '../helpers';

/** A raw Tablestore response: status, body, and the decoded protobuf `Error` on failure. */
export interface OtsResponse {
  status: number;
  body: Uint8Array;
  headers: Record<string, string | string[] | undefined>;
  error?: { code: string; message?: string | undefined } | undefined;
}

/** Sends one signed Tablestore request with a protobuf body. */
export async function ots(
  emu: Emulators<'tablestore'>,
  operation: string,
  body: Uint8Array,
  options: { date?: Date; instanceName?: string } = {},
): Promise<OtsResponse> {
  const signed = signTablestore({
    endpoint: emu.tablestore.endpoint,
    instanceName: options.instanceName ?? emu.tablestore.instanceName,
    operation,
    body,
    credentials: emu.credentials,
    date: options.date ?? new Date(),
  });
  const res = await send(signed.url, {
    method: 'POST',
    headers: { ...signed.headers, 'x-ots-signature': signed.signature },
    body,
  });
  const bytes = new Uint8Array(res.body);
  return {
    status: res.status,
    body: bytes,
    headers: res.headers,
    error: res.status === 200 ? undefined : decodeErrorMessage(bytes),
  };
}

/** Like {@link ots} but fails unless the call succeeded, then decodes the body. */
export async function otsOk<T>(
  emu: Emulators<'tablestore'>,
  operation: string,
  body: Uint8Array,
  decode: (bytes: Uint8Array) => T,
  options: { date?: Date } = {},
): Promise<T> {
  const res = await ots(emu, operation, body, options);
  if (res.status !== 200) {
    throw new Error(`${operation} failed: ${res.status} ${res.error?.code}: ${res.error?.message ?? ''}`);
  }
  return decode(res.body);
}

/** A primary key from name/value pairs in order. */
export function pk(...pairs: [string, PrimaryKeyValueInput][]): PrimaryKeyColumn<PrimaryKeyValueInput>[] {
  return pairs.map(([name, value]) => ({ name, value }));
}

/** A PlainBuffer primary-key row. */
export function keyBytes(...pairs: [string, PrimaryKeyValueInput][]): Uint8Array {
  return encodeRow({ primaryKey: pk(...pairs) });
}

/** A PlainBuffer put row with attribute columns (latest-only, server timestamps unless given). */
export function putBytes(
  key: [string, PrimaryKeyValueInput][],
  attributes: [string, CellValueInput, number?][],
): Uint8Array {
  return encodeRow({
    primaryKey: pk(...key),
    attributes: attributes.map(([name, value, timestamp]) =>
      timestamp === undefined ? { name, value } : { name, value, timestamp },
    ),
  });
}

/** A serialized single-column filter / condition. */
export function singleFilter(
  columnName: string,
  comparator: ComparatorType,
  value: Uint8Array,
  options: { filterIfMissing?: boolean; latestVersionOnly?: boolean } = {},
): Uint8Array {
  return encodeFilter({
    type: 'singleColumnValue',
    filter: encodeSingleColumnValueFilter({
      comparator,
      columnName,
      columnValue: value,
      filterIfMissing: options.filterIfMissing ?? false,
      latestVersionOnly: options.latestVersionOnly ?? true,
    }),
  });
}

/** PlainBuffer variant bytes (tablestore.md §3.7) for filter operands. */
export const variant = {
  string(value: string): Uint8Array {
    const bytes = Buffer.from(value, 'utf8');
    const out = Buffer.alloc(5 + bytes.length);
    out[0] = 0x03;
    out.writeUInt32LE(bytes.length, 1);
    bytes.copy(out, 5);
    return new Uint8Array(out);
  },
  integer(value: bigint): Uint8Array {
    const out = Buffer.alloc(9);
    out[0] = 0x00;
    out.writeBigInt64LE(value, 1);
    return new Uint8Array(out);
  },
  boolean(value: boolean): Uint8Array {
    return new Uint8Array([0x02, value ? 1 : 0]);
  },
};

/** A CreateTable request body with sensible defaults. */
export function createTableBody(
  tableName: string,
  primaryKey: PrimaryKeySchema[],
  extra: Partial<Omit<CreateTableRequest, 'tableMeta'>> & {
    definedColumn?: CreateTableRequest['tableMeta']['definedColumn'];
  } = {},
): Uint8Array {
  const { definedColumn, ...rest } = extra;
  return encodeCreateTableRequest({
    tableMeta: { tableName, primaryKey, ...(definedColumn ? { definedColumn } : {}) },
    reservedThroughput: { capacityUnit: { read: 0, write: 0 } },
    tableOptions: { timeToLive: -1, maxVersions: 1 },
    ...rest,
  });
}

/** Decodes a single-row field; `undefined` for empty bytes (a missing row). */
export function rowOf(bytes: Uint8Array | undefined): PlainBufferRow | undefined {
  return bytes === undefined || bytes.byteLength === 0 ? undefined : decodeRow(bytes);
}

/** Decodes a GetRange block. */
export function rowsOf(bytes: Uint8Array): PlainBufferRow[] {
  return decodeRows(bytes);
}

/** The latest value of an attribute column of a decoded row. */
export function attributeValue(row: PlainBufferRow | undefined, name: string): unknown {
  return row?.attributes.find((a) => a.name === name)?.value?.value;
}
