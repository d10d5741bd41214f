import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ChainAttempt,
  type Credentials,
  type CredentialsReport,
  defaultCredentials,
  isSdkError,
  parseOssError,
  type SigningCredentials,
  signOssV4,
} from '@alikit/core';
import type { Emulators } from '@alikit/emulators';
import { send } from '../send';
import type { CheckResult, StepContext, TourStep } from '../step';

/** Step 2 of the tour: how `defaultCredentials()` finds credentials, and what it says when there are none. */
export const credentialsStep: TourStep = {
  name: 'credentials',
  title: 'Credentials: the default chain on an ECS instance, then on a machine with none',
  async run(context: StepContext): Promise<void> {
    // An empty home directory, so no real ~/.aliyun or ~/.alibabacloud file is read.
    const home = await mkdtemp(join(tmpdir(), 'alikit-tour-home-'));
    try {
      const credentials = await resolveOnEcs(context, home);
      await resolveWithNothing(context, home);
      if (credentials) await useTemporaryKeys(context, credentials);
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  },
};

/**
 * The chain as on an ECS instance with a RAM role: `ALIBABA_CLOUD_ECS_METADATA` names the role and
 * the metadata service is the emulator. Nothing else is configured (the real environment is not read).
 */
async function resolveOnEcs({ emulators, log, record }: StepContext, home: string): Promise<Credentials | undefined> {
  const { metadata } = emulators;
  log(`  On an ECS instance: ALIBABA_CLOUD_ECS_METADATA=${metadata.roleName}, metadata service ${metadata.endpoint}`);
  log('  (HOME is an empty temporary directory, shown as ~; no other variable is set)');
  const provider = defaultCredentials({
    env: { ALIBABA_CLOUD_ECS_METADATA: metadata.roleName },
    homeDir: home,
    metadataEndpoint: metadata.endpoint,
  });
  const base = { subject: 'default credentials', action: 'on ECS', expected: 'ecs_ram_role' };
  let credentials: Credentials;
  try {
    credentials = await provider();
  } catch (error) {
    record({ ...base, ok: false, outcome: errorCode(error), errorMessage: shownHome(errorText(error), home) });
    printReport(log, provider.lastReport, home);
    return undefined;
  }
  const report = provider.lastReport;
  const temporary = credentials.securityToken !== undefined && credentials.expiration !== undefined;
  const ok = report?.winner === 'ecs_ram_role' && credentials.source === 'default/ecs_ram_role' && temporary;
  record({
    ...base,
    ok,
    outcome: report?.winner ?? 'no report',
    errorMessage: ok ? undefined : `source ${credentials.source}, temporary: ${temporary}`,
  });
  printReport(log, report, home);
  log(`    source ${credentials.source}, access key id ${credentials.accessKeyId}`);
  if (credentials.expiration) {
    log(`    temporary (with a security token), expires ${describeExpiry(credentials.expiration)}`);
  }
  return credentials;
}

/** The chain with nothing configured: the error every provider contributed a line to. */
async function resolveWithNothing({ log, record }: StepContext, home: string): Promise<void> {
  log('');
  log('  On a machine with no credentials (empty environment, empty HOME, not an ECS instance):');
  // Off ECS the firmware check says no; fixing it keeps the tour the same on an ECS-hosted runner.
  const provider = defaultCredentials({ env: {}, homeDir: home, isEcsInstance: () => false });
  const base = { subject: 'default credentials', action: 'nothing configured', expected: 'ERR_CREDENTIALS' };
  try {
    const credentials = await provider();
    record({ ...base, ok: false, outcome: 'resolved', errorMessage: `unexpectedly resolved: ${credentials.source}` });
    return;
  } catch (error) {
    const report = provider.lastReport;
    const allSkipped = report?.providers.every((p) => p.outcome === 'skipped') === true;
    const ok = errorCode(error) === 'ERR_CREDENTIALS' && allSkipped;
    record({
      ...base,
      ok,
      outcome: errorCode(error),
      errorMessage: ok ? undefined : shownHome(errorText(error), home),
    });
    if (!ok) return;
    log('    error.message (one line, wrapped here before each provider):');
    for (const line of wrapChainMessage(shownHome(errorText(error), home), report)) log(`      ${line}`);
    printReport(log, report, home);
  }
}

/** Signs an OSS ListBuckets with the metadata-issued key and its token; then tries the key without its token. */
async function useTemporaryKeys({ emulators, log, record }: StepContext, credentials: Credentials): Promise<void> {
  log('');
  log('  The temporary key from the metadata service, used for a signed OSS call:');
  const withToken: SigningCredentials = credentials;
  const withoutToken: SigningCredentials = {
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret,
  };
  record(await listBuckets(emulators, withToken, 'with its security token', 'accepted'));
  record(await listBuckets(emulators, withoutToken, 'without its token', 'InvalidAccessKeyId'));
}

async function listBuckets(
  emulators: Emulators,
  keys: SigningCredentials,
  action: string,
  expected: string,
): Promise<CheckResult> {
  const base = { subject: 'OSS V4 (ECS role key)', action: `ListBuckets ${action}`, expected };
  const signed = signOssV4({
    method: 'GET',
    host: new URL(emulators.oss.endpoint).host,
    protocol: 'http',
    region: emulators.oss.region,
    credentials: keys,
    date: new Date(),
  });
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send({ url: signed.url, headers: { ...signed.headers, Authorization: signed.authorization } });
  } catch (error) {
    return { ...base, ok: false, outcome: 'ERR_NETWORK', errorMessage: errorText(error) };
  }
  const requestId = response.headers.get('x-oss-request-id') ?? undefined;
  if (response.status >= 200 && response.status < 300) {
    const buckets = new TextDecoder().decode(response.body).match(/<Bucket>/g)?.length ?? 0;
    return {
      ...base,
      ok: expected === 'accepted',
      outcome: 'accepted',
      status: response.status,
      requestId,
      summary: `${buckets} bucket${buckets === 1 ? '' : 's'}`,
    };
  }
  const error = parseOssError({ ...response, service: 'oss', operation: 'ListBuckets' });
  return {
    ...base,
    ok: error.code === expected,
    outcome: error.code,
    status: error.status,
    requestId: error.requestId,
    errorMessage: error.message,
  };
}

/** Prints one line per provider asked: name, outcome, time spent, and what it said. */
function printReport(log: (line: string) => void, report: CredentialsReport | undefined, home: string): void {
  if (report === undefined) {
    log('    credentials.lastReport: none');
    return;
  }
  const winner = report.winner === undefined ? 'no winner' : `winner ${report.winner}`;
  const asked = `${report.providers.length} providers asked in ${report.elapsedMs.toFixed(1)} ms`;
  log(`    credentials.lastReport: ${winner}, ${asked}`);
  for (const attempt of report.providers) log(`      ${formatAttempt(attempt, home)}`);
}

/** One report line, e.g. `cli_profile    skipped     0.4 ms  no file at ~/.aliyun/config.json`. */
export function formatAttempt(attempt: ChainAttempt, home?: string): string {
  const elapsed = `${attempt.elapsedMs.toFixed(1)} ms`;
  const reason = home === undefined ? attempt.reason : shownHome(attempt.reason, home);
  return `${attempt.name.padEnd(14)} ${attempt.outcome.padEnd(8)} ${elapsed.padStart(8)}  ${reason}`;
}

/**
 * The chain's one-line error cut for reading: the head, then one line per provider, at the places
 * the message itself separates them.
 */
export function wrapChainMessage(message: string, report: CredentialsReport): string[] {
  const first = report.providers[0];
  const start = first === undefined ? -1 : message.indexOf(`${first.name} (`);
  if (start < 0) return [message];
  const parts = message.slice(start).split('; ');
  return [message.slice(0, start).trimEnd(), ...parts.map((part, i) => `  ${part}${i < parts.length - 1 ? ';' : ''}`)];
}

/** The text with the temporary home directory shown as `~`, as a user would see their own. */
function shownHome(text: string, home: string): string {
  return text.split(home).join('~');
}

function describeExpiry(expiration: Date): string {
  const hours = (expiration.getTime() - Date.now()) / 3_600_000;
  return `${expiration.toISOString().replace(/\.\d{3}Z$/, 'Z')} (in ${hours.toFixed(1)} h)`;
}

function errorCode(error: unknown): string {
  return isSdkError(error) ? error.code : 'ERR_UNEXPECTED';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
