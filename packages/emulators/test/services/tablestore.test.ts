import { createHash, createHmac } from 'node:crypto';
import { parseTablestoreError, signTablestore } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { requireFromCore, type SentResponse, send } from '../helpers';

let emu: Emulators<'tablestore'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['tablestore'] });
});
afterAll(() => emu.stop());
beforeEach(() => emu.faults.clear());

interface Call {
  operation?: string;
  instanceName?: string;
  secret?: string;
  accessKeyId?: string;
  date?: Date;
  method?: string;
  tamper?: (headers: Record<string, string>) => void;
}

function call(options: Call = {}): Promise<SentResponse> {
  const signed = signTablestore({
    endpoint: emu.tablestore.endpoint,
    instanceName: options.instanceName ?? emu.tablestore.instanceName,
    operation: options.operation ?? 'ListTable',
    body: new Uint8Array(0),
    credentials: {
      accessKeyId: options.accessKeyId ?? emu.credentials.accessKeyId,
      accessKeySecret: options.secret ?? emu.credentials.accessKeySecret,
    },
    date: options.date ?? new Date(),
  });
  const headers: Record<string, string> = { ...signed.headers, 'x-ots-signature': signed.signature };
  options.tamper?.(headers);
  return send(signed.url, { method: options.method ?? 'POST', headers });
}

/** Recomputes the response signature the Python/Java SDKs check (tablestore.md §1.3). */
function expectedResponseAuthorization(res: SentResponse, path: string): string {
  const canonical = Object.entries(res.headers)
    .filter(([name]) => name.startsWith('x-ots-') && name !== 'x-ots-signature')
    .map(([name, value]) => `${name}:${String(value).trim()}`)
    .sort()
    .join('\n');
  const signature = createHmac('sha1', emu.credentials.accessKeySecret)
    .update(`${canonical}\n${path}`)
    .digest('base64');
  return `OTS ${emu.credentials.accessKeyId}:${signature}`;
}

function expectOtsError(res: SentResponse, status: number, code: string, message?: string) {
  expect(res.status).toBe(status);
  expect(res.headers['x-ots-requestid']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(res.headers['x-ots-contentmd5']).toBe(createHash('md5').update(res.body).digest('base64'));
  const parsed = parseTablestoreError({
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: new Uint8Array(res.body),
    operation: 'ListTable',
  });
  expect(parsed.code).toBe(code);
  expect(parsed.requestId).toBe(res.headers['x-ots-requestid']);
  // The protobuf bytes: field 1 (code) then field 2 (message).
  expect(res.body[0]).toBe(0x0a);
  expect(res.body.subarray(2, 2 + code.length).toString()).toBe(code);
  if (message !== undefined) expect(res.body.toString()).toContain(message);
}

describe('tablestore emulator', () => {
  it('answers ListTable with an empty protobuf list and a signed response', async () => {
    const res = await call();
    expect(res.status).toBe(200);
    expect(res.body.byteLength).toBe(0);
    expect(res.headers['x-ots-contentmd5']).toBe('1B2M2Y8AsgTpgAmY7PhCfg==');
    expect(res.headers['x-ots-contenttype']).toBe('protocol buffer');
    expect(res.headers['x-ots-date']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    expect(res.headers['authorization']).toBe(expectedResponseAuthorization(res, '/ListTable'));
  });

  it('serves other instances, creating them on use', async () => {
    expect((await call({ instanceName: 'another-instance' })).status).toBe(200);
  });

  it('answers OTSAuthFailed (403) with a protobuf Error for a wrong secret', async () => {
    const res = await call({ secret: 'WrongSecret' });
    expectOtsError(res, 403, 'OTSAuthFailed', 'Signature mismatch.');
    expect(res.headers['authorization']).toBeUndefined();
  });

  it('answers OTSAuthFailed for a signed header changed after signing', async () => {
    const res = await call({
      tamper: (h) => {
        h['x-ots-apiversion'] = '2014-08-08';
      },
    });
    expectOtsError(res, 403, 'OTSAuthFailed', 'Signature mismatch.');
  });

  it('answers OTSAuthFailed for an unknown access key and for a stale date', async () => {
    expectOtsError(await call({ accessKeyId: 'LTAI5tUnknownKeyId' }), 403, 'OTSAuthFailed');
    expectOtsError(
      await call({ date: new Date(Date.now() - 20 * 60_000) }),
      403,
      'OTSAuthFailed',
      'Mismatch between system time',
    );
  });

  it('answers OTSMethodNotAllowed (405) for anything but POST', async () => {
    expectOtsError(await call({ method: 'GET' }), 405, 'OTSMethodNotAllowed');
  });

  it('answers OTSUnsupportOperation for an operation it does not implement', async () => {
    expectOtsError(await call({ operation: 'NoSuchApi' }), 400, 'OTSUnsupportOperation');
  });

  it('renders injected faults as protobuf errors', async () => {
    emu.faults.inject('tablestore', { status: 503, times: 1, match: { operation: 'ListTable' } });
    expectOtsError(await call(), 503, 'OTSServerBusy', 'Server is busy.');
  });
});

describe('official tablestore SDK against the tablestore emulator', () => {
  const TableStore = requireFromCore('tablestore') as {
    Client: new (
      config: Record<string, unknown>,
    ) => {
      listTable(params: Record<string, unknown>): Promise<{ tableNames: string[]; RequestId: string }>;
    };
  };

  it('listTable resolves with no tables and the request id', async () => {
    const client = new TableStore.Client({
      accessKeyId: emu.credentials.accessKeyId,
      secretAccessKey: emu.credentials.accessKeySecret,
      endpoint: emu.tablestore.endpoint,
      instancename: emu.tablestore.instanceName,
      maxRetries: 0,
    });
    const result = await client.listTable({});
    expect(result.tableNames).toEqual([]);
    expect(result.RequestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
