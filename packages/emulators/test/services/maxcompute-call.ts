import { type MaxComputeQueryValue, signMaxCompute } from '@alikit/core';
import type { Emulators } from '../../src/index';
import { type SentResponse, send } from '../helpers';

/** One signed MaxCompute request for the tests. */
export interface OdpsCall {
  method?: string;
  /** Path relative to the endpoint, e.g. `/projects/p/tables`. */
  path: string;
  query?: Record<string, MaxComputeQueryValue>;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
  /** Send to the tunnel endpoint instead of the REST endpoint. */
  tunnel?: boolean;
  /** @defaultValue 'legacy' */
  signatureVersion?: 'legacy' | 'v4';
}

/** Signs (legacy `ODPS ak:sig`) and sends a request to the MaxCompute emulator. */
export function odps(emu: Emulators<'maxcompute'>, call: OdpsCall): Promise<SentResponse> {
  const method = call.method ?? 'GET';
  const endpoint = call.tunnel ? emu.maxcompute.tunnelEndpoint : emu.maxcompute.endpoint;
  const headers: Record<string, string> = { ...call.headers };
  if (call.contentType) headers['Content-Type'] = call.contentType;
  if (call.tunnel) headers['x-odps-tunnel-version'] = '6';
  const signed = signMaxCompute({
    method,
    endpoint,
    path: call.path,
    query: { ...call.query, curr_project: emu.maxcompute.project },
    headers,
    credentials: emu.credentials,
    date: new Date(),
    signatureVersion: call.signatureVersion ?? 'legacy',
    region: emu.maxcompute.region,
    userAgent: 'alikit-test',
  });
  return send(signed.url, {
    method,
    headers: { ...signed.headers, Authorization: signed.authorization },
    ...(call.body === undefined ? {} : { body: call.body }),
  });
}

/** The `<Instance><Job>` body that submits one SQL task. */
export function sqlJobXml(sql: string, options: { guid?: string; settings?: Record<string, string> } = {}): string {
  const settings = JSON.stringify(options.settings ?? { 'odps.sql.type.system.odps2': 'true' });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Instance><Job><Priority>9</Priority>',
    options.guid ? `<Guid>${options.guid}</Guid>` : '',
    '<Tasks><SQL><Name>AnonymousSQLTask</Name><Config>',
    `<Property><Name>settings</Name><Value>${settings.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</Value></Property>`,
    '<Property><Name>uuid</Name><Value>0b1f6a2c-1111-2222-3333-444455556666</Value></Property>',
    `</Config><Query><![CDATA[${sql}]]></Query></SQL></Tasks>`,
    '<DAG><RunMode>Sequence</RunMode></DAG></Job></Instance>',
  ].join('');
}

/** Submits SQL and returns the instance id from `Location`. */
export async function submitSql(
  emu: Emulators<'maxcompute'>,
  sql: string,
  options: { guid?: string } = {},
): Promise<string> {
  const res = await odps(emu, {
    method: 'POST',
    path: `/projects/${emu.maxcompute.project}/instances`,
    body: sqlJobXml(sql, options),
    contentType: 'application/xml',
  });
  if (res.status !== 201) throw new Error(`CreateInstance answered ${res.status}: ${res.text()}`);
  const location = String(res.headers.location);
  return location.slice(location.lastIndexOf('/') + 1);
}

/** Polls the instance until Terminated (5 ms apart, at most ~10 s). */
export async function waitTerminated(emu: Emulators<'maxcompute'>, id: string): Promise<void> {
  for (let i = 0; i < 2000; i++) {
    const res = await odps(emu, {
      path: `/projects/${emu.maxcompute.project}/instances/${id}`,
      query: { instancestatus: null },
    });
    if (res.text().includes('<Status>Terminated</Status>')) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`instance ${id} did not terminate`);
}

/** Runs SQL through the REST API and returns the `?result` XML of the terminated instance. */
export async function runSqlRest(
  emu: Emulators<'maxcompute'>,
  sql: string,
): Promise<{ id: string; result: string; taskStatus: string }> {
  const id = await submitSql(emu, sql);
  await waitTerminated(emu, id);
  const path = `/projects/${emu.maxcompute.project}/instances/${id}`;
  const status = await odps(emu, { path, query: { taskstatus: null } });
  const result = await odps(emu, { path, query: { result: null } });
  return { id, result: result.text(), taskStatus: status.text() };
}

/** The text inside the first `<Result>` (CDATA unwrapped). */
export function resultText(xml: string): string {
  const m = /<Result[^>]*>(?:<!\[CDATA\[([\s\S]*?)\]\]>)?<\/Result>|<Result[^>]*\/>/.exec(xml);
  return m?.[1] ?? '';
}
