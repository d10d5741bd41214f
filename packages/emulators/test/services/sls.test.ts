import { parseSlsError, signSls } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { type SentResponse, send } from '../helpers';

let emu: Emulators<'sls'>;
const ENDPOINT_HOST = 'cn-hangzhou.log.aliyuncs.com';

beforeAll(async () => {
  emu = await startEmulators({ services: ['sls'] });
  emu.sls.createProject('demo-project', { description: 'made by the test' });
});
afterAll(() => emu.stop());
beforeEach(() => emu.faults.clear());

interface Call {
  project?: string;
  path?: string;
  query?: Record<string, string>;
  secret?: string;
  accessKeyId?: string;
  date?: Date;
  tamper?: (headers: Record<string, string>) => void;
}

async function call(options: Call = {}): Promise<SentResponse> {
  const host = options.project ? `${options.project}.${ENDPOINT_HOST}` : ENDPOINT_HOST;
  const signed = signSls({
    method: 'GET',
    host,
    path: options.path ?? '/',
    query: options.query ?? {},
    credentials: {
      accessKeyId: options.accessKeyId ?? emu.credentials.accessKeyId,
      accessKeySecret: options.secret ?? emu.credentials.accessKeySecret,
    },
    date: options.date ?? new Date(),
  });
  const headers: Record<string, string> = { ...signed.headers, authorization: signed.authorization, host };
  options.tamper?.(headers);
  const target = new URL(signed.url);
  return send(`${emu.sls.endpoint}${target.pathname}${target.search}`, { headers });
}

function expectSlsError(res: SentResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/json');
  expect(res.headers['x-log-requestid']).toMatch(/^[0-9A-F]{24}$/);
  const body = res.json() as Record<string, string>;
  expect(Object.keys(body)).toEqual(['errorCode', 'errorMessage']);
  expect(body.errorCode).toBe(code);
  const parsed = parseSlsError({
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: res.body,
    operation: 'GetProject',
  });
  expect(parsed.code).toBe(code);
  expect(parsed.requestId).toBe(res.headers['x-log-requestid']);
  return body;
}

describe('sls emulator', () => {
  it('answers GetProject for the project in the host name', async () => {
    const res = await call({ project: 'demo-project' });
    expect(res.status).toBe(200);
    expect(res.headers['x-log-requestid']).toMatch(/^[0-9A-F]{24}$/);
    expect(res.json()).toMatchObject({
      projectName: 'demo-project',
      description: 'made by the test',
      status: 'Normal',
      region: 'cn-hangzhou',
      createTime: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
    });
  });

  it('answers ListProject on the bare endpoint', async () => {
    const res = await call({ query: { offset: '0', size: '10' } });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ count: 1, total: 1, projects: [{ projectName: 'demo-project' }] });
  });

  it('answers ProjectNotExist (404) for an unknown project', async () => {
    const body = expectSlsError(await call({ project: 'no-such-project' }), 404, 'ProjectNotExist');
    expect(body.errorMessage).toContain('no-such-project');
  });

  it('answers SignatureNotMatch (401) for a wrong secret', async () => {
    const body = expectSlsError(
      await call({ project: 'demo-project', secret: 'WrongSecret' }),
      401,
      'SignatureNotMatch',
    );
    expect(body.errorMessage).not.toContain(emu.credentials.accessKeySecret);
  });

  it('answers SignatureNotMatch (401) for a signed header changed after signing', async () => {
    const res = await call({
      project: 'demo-project',
      tamper: (h) => {
        h['x-log-apiversion'] = '0.7.0';
      },
    });
    expectSlsError(res, 401, 'SignatureNotMatch');
  });

  it('answers Unauthorized (401) for an unknown access key', async () => {
    expectSlsError(await call({ project: 'demo-project', accessKeyId: 'LTAI5tUnknownKeyId' }), 401, 'Unauthorized');
  });

  it('answers RequestTimeExpired (400) for a stale date', async () => {
    expectSlsError(
      await call({ project: 'demo-project', date: new Date(Date.now() - 30 * 60_000) }),
      400,
      'RequestTimeExpired',
    );
  });

  it('renders injected faults as SLS JSON errors', async () => {
    emu.faults.inject('sls', { status: 503, times: 1, match: { operation: 'GetProject' } });
    const body = expectSlsError(await call({ project: 'demo-project' }), 503, 'ServerBusy');
    expect(body.errorMessage).toBe('The server is busy, please try again later.');
  });
});
