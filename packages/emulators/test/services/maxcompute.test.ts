import { parseMaxComputeError, signMaxCompute } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../../src/index';
import { type SentResponse, send } from '../helpers';

let emu: Emulators<'maxcompute'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['maxcompute'] });
});
afterAll(() => emu.stop());
beforeEach(() => emu.faults.clear());

interface Call {
  project?: string;
  secret?: string;
  accessKeyId?: string;
  date?: Date;
  signatureVersion?: 'v4' | 'legacy';
  tamper?: (headers: Record<string, string>) => void;
}

function call(options: Call = {}): Promise<SentResponse> {
  const project = options.project ?? emu.maxcompute.project;
  const signed = signMaxCompute({
    method: 'GET',
    endpoint: emu.maxcompute.endpoint,
    path: `/projects/${project}`,
    query: { curr_project: emu.maxcompute.project },
    credentials: {
      accessKeyId: options.accessKeyId ?? emu.credentials.accessKeyId,
      accessKeySecret: options.secret ?? emu.credentials.accessKeySecret,
    },
    date: options.date ?? new Date(),
    signatureVersion: options.signatureVersion ?? 'legacy',
    region: emu.maxcompute.region,
    userAgent: 'alikit-test',
  });
  const headers: Record<string, string> = { ...signed.headers, Authorization: signed.authorization };
  options.tamper?.(headers);
  return send(signed.url, { headers });
}

function expectOdpsError(res: SentResponse, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toBe('application/xml');
  expect(res.headers['x-odps-request-id']).toMatch(/^[0-9A-F]{24}$/);
  const text = res.text();
  expect(text).toMatch(
    new RegExp(
      `^<\\?xml version="1\\.0" encoding="UTF-8"\\?>\\n<Error><Code>${code.replace('.', '\\.')}</Code><Message>[^<]*</Message><RequestId>${res.headers['x-odps-request-id']}</RequestId><HostId>[^<]+</HostId></Error>$`,
    ),
  );
  const parsed = parseMaxComputeError({
    status: res.status,
    headers: res.headers as Record<string, string>,
    body: res.body,
    operation: 'GetProject',
  });
  expect(parsed.code).toBe(code);
  expect(parsed.requestId).toBe(res.headers['x-odps-request-id']);
  return text;
}

describe('maxcompute emulator', () => {
  it('answers GetProject signed with the legacy and the v4 form', async () => {
    for (const signatureVersion of ['legacy', 'v4'] as const) {
      const res = await call({ signatureVersion });
      expect(res.status).toBe(200);
      expect(res.headers['x-odps-request-id']).toMatch(/^[0-9A-F]{24}$/);
      expect(res.headers['x-odps-owner']).toBe('ALIYUN$emulator@example.com');
      const xml = res.text();
      expect(xml).toContain(`<Name>${emu.maxcompute.project}</Name>`);
      expect(xml).toContain('<State>AVAILABLE</State>');
      expect(xml).toMatch(/<CreationTime>\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT<\/CreationTime>/);
    }
  });

  it('answers NoSuchObject (404) for an unknown project, and serves created ones', async () => {
    const text = expectOdpsError(await call({ project: 'other_project' }), 404, 'NoSuchObject');
    expect(text).toContain('ODPS-0420111');
    emu.maxcompute.createProject('other_project');
    expect((await call({ project: 'other_project' })).status).toBe(200);
  });

  it('answers SignatureNotMatch (401) for a wrong secret and for a header changed after signing', async () => {
    const text = expectOdpsError(await call({ secret: 'WrongSecret' }), 401, 'SignatureNotMatch');
    expect(text).toContain('ODPS-0410042');
    const tampered = await call({
      tamper: (h) => {
        h['x-odps-user-agent'] = 'someone-else';
      },
    });
    expectOdpsError(tampered, 401, 'SignatureNotMatch');
  });

  it('answers Unauthorized for an unknown key and RequestTimeTooSkewed for a stale date', async () => {
    expectOdpsError(await call({ accessKeyId: 'LTAI5tUnknownKeyId' }), 401, 'Unauthorized');
    expectOdpsError(await call({ date: new Date(Date.now() - 20 * 60_000) }), 403, 'RequestTimeTooSkewed');
  });

  it('answers AuthorizationRequired (401) without an Authorization header', async () => {
    const res = await send(`${emu.maxcompute.endpoint}/projects/${emu.maxcompute.project}`, {
      headers: { Date: new Date().toUTCString() },
    });
    const text = expectOdpsError(res, 401, 'AuthorizationRequired');
    expect(text).toContain('invalid or missing');
  });

  it('renders injected faults as MaxCompute XML errors', async () => {
    emu.faults.inject('maxcompute', { status: 503, times: 1, match: { operation: 'GetProject' } });
    expectOdpsError(await call(), 503, 'ServiceUnavailable');
  });
});
