import { parseSlsError, signSls } from '@alikit/core';
import { compressBody, encodeLogGroup, hashKeyFor, type LogGroup } from '@alikit/sls-logger/protocol';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { type SentResponse, send } from '../helpers';

let emu: Emulators<'sls'>;
const ENDPOINT_HOST = 'cn-hangzhou.log.aliyuncs.com';
const PROJECT = 'logs-project';
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  emu = await startEmulators({ services: ['sls'] });
  emu.sls.createProject(PROJECT);
  emu.sls.createLogstore(PROJECT, 'app', { shardCount: 2 });
  emu.sls.createLogstore(PROJECT, 'query', { shardCount: 1 });
});
afterAll(() => emu.stop());
beforeEach(() => emu.faults.clear());

interface Call {
  method?: string;
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  project?: string;
}

async function call(options: Call): Promise<SentResponse> {
  const host = `${options.project ?? PROJECT}.${ENDPOINT_HOST}`;
  const signed = signSls({
    method: options.method ?? 'GET',
    host,
    path: options.path,
    query: options.query,
    headers: options.headers,
    body: options.body,
    credentials: emu.credentials,
    date: new Date(),
  });
  const target = new URL(signed.url);
  return send(`${emu.sls.endpoint}${target.pathname}${target.search}`, {
    method: options.method ?? 'GET',
    headers: { ...signed.headers, authorization: signed.authorization, host },
    ...(options.body === undefined ? {} : { body: options.body }),
  });
}

function putLogs(
  logstore: string,
  group: LogGroup,
  options: { compression?: 'lz4' | 'deflate' | 'none'; rawSize?: string; hashKey?: string } = {},
) {
  const compressed = compressBody(encodeLogGroup(group), options.compression ?? 'none');
  const headers: Record<string, string> = {
    'content-type': 'application/x-protobuf',
    'x-log-bodyrawsize': options.rawSize ?? String(compressed.rawSize),
  };
  if (compressed.compressType) headers['x-log-compresstype'] = compressed.compressType;
  return call({
    method: 'POST',
    path: options.hashKey ? `/logstores/${logstore}/shards/route` : `/logstores/${logstore}/shards/lb`,
    ...(options.hashKey ? { query: { key: options.hashKey } } : {}),
    headers,
    body: compressed.body,
  });
}

function expectSlsError(res: SentResponse, status: number, code: string): void {
  expect(res.status, res.text()).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  const parsed = parseSlsError({
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: res.body,
    operation: 'PutLogs',
  });
  expect(parsed.code).toBe(code);
}

const group = (msgs: string[], extra: Partial<LogGroup> = {}): LogGroup => ({
  logs: msgs.map((m) => ({ time: now(), contents: [['msg', m]] })),
  ...extra,
});

describe('sls emulator: logstores', () => {
  it('creates, gets, lists, updates and deletes logstores', async () => {
    const body = JSON.stringify({ logstoreName: 'made-by-api', ttl: 7, shardCount: 4 });
    expect((await call({ method: 'POST', path: '/logstores', body })).status).toBe(200);
    expectSlsError(await call({ method: 'POST', path: '/logstores', body }), 400, 'LogStoreAlreadyExist');
    const got = await call({ path: '/logstores/made-by-api' });
    expect(got.json()).toMatchObject({ logstoreName: 'made-by-api', ttl: 7, shardCount: 4 });
    const listed = await call({ path: '/logstores', query: { logstoreName: '', offset: '', size: '' } });
    expect(listed.json()).toEqual({ count: 3, total: 3, logstores: ['app', 'made-by-api', 'query'] });
    const filtered = await call({ path: '/logstores', query: { logstoreName: 'made', offset: '0', size: '10' } });
    expect(filtered.json()).toEqual({ count: 1, total: 1, logstores: ['made-by-api'] });
    const shards = (await call({ path: '/logstores/made-by-api/shards' })).json() as Array<Record<string, unknown>>;
    expect(shards.map((s) => s.inclusiveBeginKey)).toEqual(['0', '4', '8', 'c'].map((d) => d + '0'.repeat(31)));
    const put = await call({ method: 'PUT', path: '/logstores/made-by-api', body: JSON.stringify({ ttl: 9 }) });
    expect(put.status).toBe(200);
    expect((await call({ path: '/logstores/made-by-api' })).json()).toMatchObject({ ttl: 9 });
    expect((await call({ method: 'DELETE', path: '/logstores/made-by-api' })).status).toBe(200);
    expectSlsError(await call({ path: '/logstores/made-by-api' }), 404, 'LogStoreNotExist');
  });

  it('validates CreateLogstore and unknown projects', async () => {
    const bad = JSON.stringify({ logstoreName: 'X', ttl: 7, shardCount: 1 });
    expectSlsError(await call({ method: 'POST', path: '/logstores', body: bad }), 400, 'ParameterInvalid');
    const ttl = JSON.stringify({ logstoreName: 'okname', ttl: 0, shardCount: 1 });
    expectSlsError(await call({ method: 'POST', path: '/logstores', body: ttl }), 400, 'ParameterInvalid');
    expectSlsError(await call({ path: '/logstores', project: 'no-such-project' }), 404, 'ProjectNotExist');
  });
});

describe('sls emulator: PutLogs', () => {
  it.each(['none', 'lz4', 'deflate'] as const)('stores a %s LogGroup with its group fields', async (compression) => {
    const before = emu.sls.records(PROJECT, 'app').length;
    const res = await putLogs(
      'app',
      group([`hello-${compression}`, 'second'], { topic: 'tp', source: '10.1.1.1', logTags: [['env', 'ci']] }),
      { compression },
    );
    expect(res.status, res.text()).toBe(200);
    expect(res.body.length).toBe(0);
    expect(res.headers['x-log-requestid']).toMatch(/^[0-9A-F]{24}$/);
    const stored = emu.sls.records(PROJECT, 'app').slice(before);
    expect(stored.map((r) => r.contents)).toEqual([[['msg', `hello-${compression}`]], [['msg', 'second']]]);
    expect(stored[0]).toMatchObject({ topic: 'tp', source: '10.1.1.1', tags: [['env', 'ci']] });
    expect(emu.sls.stats(PROJECT, 'app')?.byCompression[compression]).toBeGreaterThanOrEqual(1);
  });

  it('routes by hash key to the owning shard and round-robins without one', async () => {
    const low = '0'.repeat(32);
    const high = `9${'0'.repeat(31)}`;
    const before = emu.sls.records(PROJECT, 'app').length;
    expect((await putLogs('app', group(['low']), { hashKey: low })).status).toBe(200);
    expect((await putLogs('app', group(['high']), { hashKey: high })).status).toBe(200);
    expect((await putLogs('app', group(['max']), { hashKey: 'f'.repeat(32) })).status).toBe(200);
    expect((await putLogs('app', group(['user']), { hashKey: 'user-1' })).status).toBe(200);
    const shards = emu.sls
      .records(PROJECT, 'app')
      .slice(before)
      .map((r) => r.shardId);
    expect(shards.slice(0, 3)).toEqual([0, 1, 1]);
    expect(shards[3]).toBe(hashKeyFor('user-1') < `8${'0'.repeat(31)}` ? 0 : 1);
    const rr: number[] = [];
    for (let i = 0; i < 4; i++) {
      const start = emu.sls.records(PROJECT, 'app').length;
      await putLogs('app', group([`rr${i}`]));
      rr.push(emu.sls.records(PROJECT, 'app')[start]?.shardId ?? -1);
    }
    expect(new Set(rr)).toEqual(new Set([0, 1]));
  });

  it('checks x-log-bodyrawsize, compression and body', async () => {
    const g = group(['x']);
    expectSlsError(await putLogs('app', g, { rawSize: 'abc' }), 400, 'InvalidBodyRawSize');
    expectSlsError(await putLogs('app', g, { rawSize: '3' }), 400, 'InvalidBodyRawSize');
    expectSlsError(await putLogs('app', g, { compression: 'lz4', rawSize: '400' }), 400, 'PostBodyUncompressError');
    const raw = encodeLogGroup(g);
    const headers = { 'content-type': 'application/x-protobuf', 'x-log-bodyrawsize': String(raw.length) };
    const zstd = await call({
      method: 'POST',
      path: '/logstores/app/shards/lb',
      headers: { ...headers, 'x-log-compresstype': 'zstd' },
      body: raw,
    });
    expectSlsError(zstd, 400, 'InvalidCompressType');
    const missing = await call({
      method: 'POST',
      path: '/logstores/app',
      headers: { 'content-type': 'application/x-protobuf' },
      body: raw,
    });
    expectSlsError(missing, 400, 'MissingBodyRawSize');
    const json = await call({
      method: 'POST',
      path: '/logstores/app',
      headers: { 'x-log-bodyrawsize': '3' },
      body: '{}',
    });
    expectSlsError(json, 415, 'InvalidContentType');
    const garbage = Buffer.from('0a20', 'hex');
    const bad = await call({
      method: 'POST',
      path: '/logstores/app',
      headers: { 'content-type': 'application/x-protobuf', 'x-log-bodyrawsize': '2' },
      body: garbage,
    });
    expectSlsError(bad, 400, 'PostBodyInvalid');
    expectSlsError(await putLogs('missing-store', g), 404, 'LogStoreNotExist');
  });

  it('enforces the PutLogs limits, keys and time window', async () => {
    const saved = { ...emu.sls.limits };
    try {
      emu.sls.limits.maxLogsPerRequest = 2;
      expectSlsError(await putLogs('app', group(['a', 'b', 'c'])), 400, 'PostBodyTooLarge');
      emu.sls.limits.maxValueBytes = 10;
      expectSlsError(await putLogs('app', group(['x'.repeat(11)])), 400, 'PostBodyTooLarge');
      emu.sls.limits.maxRawBodyBytes = 5;
      expectSlsError(await putLogs('app', group(['a'])), 400, 'PostBodyTooLarge');
    } finally {
      Object.assign(emu.sls.limits, saved);
    }
    const old = { logs: [{ time: now() - 8 * 86400, contents: [['msg', 'old']] as Array<[string, string]> }] };
    expectSlsError(await putLogs('app', old), 499, 'PostBodyInvalid');
    const reserved = { logs: [{ time: now(), contents: [['__topic__', 'x']] as Array<[string, string]> }] };
    expectSlsError(await putLogs('app', reserved), 400, 'InvalidKey');
  });

  it('verifies the signature over the compressed body', async () => {
    const raw = encodeLogGroup(group(['sig']));
    const host = `${PROJECT}.${ENDPOINT_HOST}`;
    const signed = signSls({
      method: 'POST',
      host,
      path: '/logstores/app/shards/lb',
      headers: { 'content-type': 'application/x-protobuf', 'x-log-bodyrawsize': String(raw.length) },
      body: raw,
      credentials: { ...emu.credentials, accessKeySecret: 'wrong-secret' },
      date: new Date(),
    });
    const res = await send(`${emu.sls.endpoint}/logstores/app/shards/lb`, {
      method: 'POST',
      headers: { ...signed.headers, authorization: signed.authorization, host },
      body: raw,
    });
    expectSlsError(res, 401, 'SignatureNotMatch');
  });

  it('counts stored values for exactly-once checks and honours injected faults', async () => {
    emu.sls.createLogstore(PROJECT, 'counted', { shardCount: 1 });
    await putLogs('counted', group(['id-1', 'id-2']));
    await putLogs('counted', group(['id-2']));
    emu.faults.inject('sls', { status: 503, times: 1, match: { operation: 'PutLogs' } });
    expectSlsError(await putLogs('counted', group(['id-3'])), 503, 'ServerBusy');
    expect([...emu.sls.countBy(PROJECT, 'counted', 'msg')]).toEqual([
      ['id-1', 1],
      ['id-2', 2],
    ]);
    expect(emu.sls.stats(PROJECT, 'counted')).toMatchObject({ logs: 3, putRequests: 2 });
  });
});

describe('sls emulator: GetLogs and GetHistograms', () => {
  const t0 = now() - 600;
  beforeAll(async () => {
    const logs: LogGroup['logs'] = [
      {
        time: t0,
        contents: [
          ['level', 'INFO'],
          ['msg', 'user login ok'],
          ['ms', '12'],
        ],
      },
      {
        time: t0 + 10,
        contents: [
          ['level', 'ERROR'],
          ['msg', 'db timeout'],
          ['ms', '900'],
        ],
      },
      {
        time: t0 + 70,
        contents: [
          ['level', 'WARN'],
          ['msg', 'slow login'],
          ['ms', '450'],
        ],
      },
      {
        time: t0 + 130,
        contents: [
          ['level', 'INFO'],
          ['msg', 'logout'],
          ['ms', '3'],
        ],
      },
    ];
    const res = await putLogs('query', { logs, topic: 'web', source: '1.2.3.4', logTags: [['host', 'h1']] });
    expect(res.status).toBe(200);
  });

  async function search(query: string, extra: Record<string, string> = {}) {
    const res = await call({
      path: '/logstores/query',
      query: { type: 'log', from: String(t0), to: String(t0 + 300), query, ...extra },
    });
    expect(res.status, res.text()).toBe(200);
    return { res, rows: res.json() as Array<Record<string, string>> };
  }

  it('answers rows with string values and progress headers', async () => {
    const { res, rows } = await search('*');
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual({
      __time__: String(t0),
      __source__: '1.2.3.4',
      __topic__: 'web',
      '__tag__:host': 'h1',
      level: 'INFO',
      msg: 'user login ok',
      ms: '12',
    });
    expect(res.headers['x-log-progress']).toBe('Complete');
    expect(res.headers['x-log-count']).toBe('4');
  });

  it.each([
    ['login', ['user login ok', 'slow login']],
    ['LOGIN and not slow', ['user login ok']],
    ['level: ERROR or level: WARN', ['db timeout', 'slow login']],
    ['log*', ['user login ok', 'slow login', 'logout']],
    ['ms > 100 and not level: ERROR', ['slow login']],
    ['(login or timeout) and ms >= 12', ['user login ok', 'db timeout', 'slow login']],
    ['"db timeout"', ['db timeout']],
    ['__tag__:host: h1 and logout', ['logout']],
    ['__topic__: other', []],
    ['', ['user login ok', 'db timeout', 'slow login', 'logout']],
  ])('query %j', async (query, expected) => {
    const { rows } = await search(query);
    expect(rows.map((r) => r.msg)).toEqual(expected);
  });

  it('pages with line/offset/reverse and filters by time and topic', async () => {
    expect((await search('*', { line: '2', offset: '1' })).rows.map((r) => r.msg)).toEqual([
      'db timeout',
      'slow login',
    ]);
    expect((await search('*', { reverse: 'true', line: '1' })).rows.map((r) => r.msg)).toEqual(['logout']);
    expect((await search('*', { topic: 'nope' })).rows).toEqual([]);
    const window = await call({
      path: '/logstores/query',
      query: { type: 'log', from: String(t0 + 10), to: String(t0 + 70), query: '*' },
    });
    expect((window.json() as Array<Record<string, string>>).map((r) => r.msg)).toEqual(['db timeout']);
  });

  it('serves the POST /logs (v2) form', async () => {
    const body = JSON.stringify({ from: t0, to: t0 + 300, query: 'login', line: 10, offset: 0, reverse: false });
    const res = await call({ method: 'POST', path: '/logstores/query/logs', body });
    expect(res.status).toBe(200);
    const parsed = res.json() as { meta: { progress: string; count: number }; data: Array<Record<string, string>> };
    expect(parsed.meta).toMatchObject({ progress: 'Complete', count: 2 });
    expect(parsed.data.map((r) => r.msg)).toEqual(['user login ok', 'slow login']);
  });

  it('rejects bad parameters with SLS codes', async () => {
    const bad = (query: Record<string, string>) =>
      call({ path: '/logstores/query', query: { type: 'log', from: String(t0), to: String(t0 + 300), ...query } });
    expectSlsError(await bad({ query: '(login' }), 400, 'InvalidQueryString');
    expectSlsError(await bad({ query: '* | select count(*)' }), 400, 'InvalidQueryString');
    expectSlsError(await bad({ line: '101' }), 400, 'InvalidLine');
    expectSlsError(await bad({ offset: '-1' }), 400, 'InvalidOffset');
    expectSlsError(await bad({ reverse: 'maybe' }), 400, 'InvalidReverse');
    expectSlsError(await bad({ to: String(t0 - 1) }), 400, 'InvalidTimeRange');
  });

  it('counts per bucket in GetHistograms', async () => {
    const res = await call({
      path: '/logstores/query',
      query: { type: 'histogram', from: String(t0), to: String(t0 + 180), query: '*', interval: '60' },
    });
    expect(res.status).toBe(200);
    expect(res.headers['x-log-count']).toBe('4');
    expect(res.json()).toEqual([
      { from: t0, to: t0 + 60, count: 2, progress: 'Complete' },
      { from: t0 + 60, to: t0 + 120, count: 1, progress: 'Complete' },
      { from: t0 + 120, to: t0 + 180, count: 1, progress: 'Complete' },
    ]);
    const auto = await call({
      path: '/logstores/query',
      query: { type: 'histogram', from: String(t0), to: String(t0 + 300), query: 'login' },
    });
    const buckets = auto.json() as Array<{ count: number }>;
    expect(buckets.length).toBeLessThanOrEqual(60);
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(2);
  });
});
