import { verifySls } from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { hexRequestId } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { leadingLabel } from '../shared/virtual-host';
import { renderSlsError, slsCodeForStatus, slsError } from './errors';
import { getHistograms, getLogs, getLogsV2 } from './get-logs';
import {
  isLogstoreName,
  SlsLogstore,
  type SlsLogstoreConfig,
  type SlsLogstoreStats,
  SlsLogstoreStore,
  type SlsShard,
  type SlsStoredLog,
} from './logstore';
import { type SlsProject, SlsProjectStore } from './project-store';
import { defaultSlsLimits, readPutLogsBody, requestHashKey, type SlsEmulatorLimits, storePutLogs } from './put-logs';

/** Options of {@link SlsEmulator.createLogstore}. */
export interface CreateSlsLogstoreOptions {
  /** Number of shards; the MD5 key space is split evenly between them. @defaultValue 2 */
  shardCount?: number;
  /** Retention in days, 1–3650. @defaultValue 30 */
  ttl?: number;
}

/** The SLS emulator as tests and users see it. */
export interface SlsEmulator {
  /** `http://127.0.0.1:<port>`. Clients put the project in the host name (`<project>.<endpoint>`), see the README. */
  readonly endpoint: string;
  /** The region the emulator reports for its projects. */
  readonly region: string;
  /**
   * Creates a log project (or returns the existing one of that name).
   * @throws TypeError when the name is not a valid project name.
   */
  createProject(projectName: string, options?: { description?: string }): SlsProject;
  /**
   * Creates a logstore in an existing project, as CreateLogstore would.
   * @throws Error when the project does not exist or the logstore does; RangeError for bad options.
   */
  createLogstore(project: string, logstore: string, options?: CreateSlsLogstoreOptions): void;
  /** Every log stored in a logstore, in arrival order (`[]` when it does not exist). */
  records(project: string, logstore: string): readonly SlsStoredLog[];
  /**
   * How many stored logs carry each value of content key `key` (logs without it are not counted), for
   * exactly-once checks: a value seen twice was stored twice.
   */
  countBy(project: string, logstore: string, key: string): Map<string, number>;
  /** Write statistics of a logstore (logs, requests, raw and wire bytes, per compression and shard). */
  stats(project: string, logstore: string): SlsLogstoreStats | undefined;
  /** The shards of a logstore (`[]` when it does not exist). */
  shards(project: string, logstore: string): readonly SlsShard[];
  /** The PutLogs limits in force; assign fields to lower them in tests. */
  readonly limits: SlsEmulatorLimits;
}

/** The `emu.sls` view of a running SLS service. */
export function slsEmulatorView(sls: SlsService, endpoint: string): SlsEmulator {
  const store = (project: string, logstore: string) => sls.logstores.get(project, logstore);
  return {
    endpoint,
    region: sls.region,
    limits: sls.limits,
    createProject: (name, options) => sls.createProject(name, options),
    createLogstore: (project, logstore, options) => sls.createLogstore(project, logstore, options),
    records: (project, logstore) => store(project, logstore)?.logs ?? [],
    countBy: (project, logstore, key) => {
      const counts = new Map<string, number>();
      for (const log of store(project, logstore)?.logs ?? []) {
        for (const [k, v] of log.contents) if (k === key) counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      return counts;
    },
    stats: (project, logstore) => store(project, logstore)?.stats,
    shards: (project, logstore) => store(project, logstore)?.shards ?? [],
  };
}

/** Bare SLS endpoints carry no project: `<region>[-net].log.aliyuncs.com`, `log-global.aliyuncs.com`. */
function isBareSlsEndpoint(host: string): boolean {
  return /^[a-z0-9-]+\.log\.aliyuncs\.com$/.test(host) || host === 'log-global.aliyuncs.com';
}

/** The SLS service module: `LOG ak:sig` verification, project from the host name, GetProject and ListProject. */
export class SlsService implements ServiceModule {
  readonly service = 'sls' as const;
  readonly requestIdHeader = 'x-log-requestid';
  readonly projects = new SlsProjectStore();
  readonly logstores = new SlsLogstoreStore();
  readonly limits: SlsEmulatorLimits = defaultSlsLimits();
  readonly region: string;
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, region = 'cn-hangzhou') {
    this.#accounts = accounts;
    this.#now = now;
    this.region = region;
  }

  /** Creates a project dated by the emulator clock (see {@link SlsEmulator.createProject}). */
  createProject(projectName: string, options?: { description?: string }): SlsProject {
    return this.projects.create(projectName, options?.description ?? '', this.#now());
  }

  /** Creates a logstore (see {@link SlsEmulator.createLogstore}). */
  createLogstore(project: string, logstore: string, options: CreateSlsLogstoreOptions = {}): void {
    if (!this.projects.get(project)) throw new Error(`the SLS project ${project} does not exist`);
    const config = logstoreConfig({ logstoreName: logstore, ...options }, (message) => new RangeError(message));
    if (!this.logstores.add(project, new SlsLogstore(config, this.#nowSeconds()))) {
      throw new Error(`the logstore ${logstore} already exists in ${project}`);
    }
  }

  #nowSeconds(): number {
    return Math.floor(this.#now().getTime() / 1000);
  }

  newRequestId(): string {
    return hexRequestId();
  }

  route(ctx: RequestContext): void {
    const project = projectOf(ctx);
    if (ctx.method === 'GET' && ctx.path === '/') ctx.operation = project ? 'GetProject' : 'ListProject';
    else if (project) ctx.operation = logstoreOperation(ctx);
  }

  handle(ctx: RequestContext): EmulatorResponse {
    acceptVerification(ctx, verifySls(ctx.received, this.#accounts.lookup, { now: this.#now }), this.#accounts, {
      verification: slsVerificationError,
      securityToken: slsSecurityTokenError,
    });
    const project = projectOf(ctx);
    switch (ctx.operation) {
      case 'GetProject':
        return json(this.#describe(this.#project(project as string)));
      case 'ListProject':
        return this.#listProjects(ctx);
      case 'ListLogStores':
        this.#project(project as string);
        return this.#listLogstores(ctx, project as string);
      case 'CreateLogstore':
        return this.#createLogstoreCall(ctx, project as string);
      case 'GetLogStore':
        return json(this.#describeLogstore(this.#logstore(ctx, project as string)));
      case 'UpdateLogStore':
        return this.#updateLogstore(ctx, project as string);
      case 'DeleteLogStore':
        this.#logstore(ctx, project as string);
        this.logstores.delete(project as string, logstoreName(ctx));
        return { status: 200 };
      case 'ListShards':
        return json(this.#logstore(ctx, project as string).shards);
      case 'PutLogs':
        return this.#putLogs(ctx, project as string);
      case 'GetLogs':
        return getLogs(ctx, this.#logstore(ctx, project as string));
      case 'GetLogsV2':
        return getLogsV2(ctx, this.#logstore(ctx, project as string));
      case 'GetHistograms':
        return getHistograms(ctx, this.#logstore(ctx, project as string));
      default:
        throw slsError('NotImplemented', {
          message: `The emulator does not implement ${ctx.method} ${ctx.path} yet.`,
        });
    }
  }

  renderError(error: ServiceError): EmulatorResponse {
    return renderSlsError(error);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return slsError(code ?? slsCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return slsError('InternalServerError', {
      message: `The emulator failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }

  #project(name: string): SlsProject {
    const project = this.projects.get(name);
    if (!project) throw slsError('ProjectNotExist', { message: `The Project does not exist : ${name}` });
    return project;
  }

  #logstore(ctx: RequestContext, project: string): SlsLogstore {
    this.#project(project);
    const name = logstoreName(ctx);
    const logstore = this.logstores.get(project, name);
    if (!logstore) throw slsError('LogStoreNotExist', { message: `logstore ${name} does not exist` });
    return logstore;
  }

  #putLogs(ctx: RequestContext, project: string): EmulatorResponse {
    const logstore = this.#logstore(ctx, project);
    const hashKey = requestHashKey(ctx, ctx.path.endsWith('/shards/route'));
    const parsed = readPutLogsBody(ctx, this.limits, this.#nowSeconds());
    storePutLogs(logstore, hashKey, ctx.requestId, parsed);
    return { status: 200 };
  }

  #createLogstoreCall(ctx: RequestContext, project: string): EmulatorResponse {
    this.#project(project);
    const body = jsonBody(ctx);
    const config = logstoreConfig(body, (message) => slsError('ParameterInvalid', { message }));
    if (!this.logstores.add(project, new SlsLogstore(config, this.#nowSeconds()))) {
      throw slsError('LogStoreAlreadyExist', { message: `logstore ${config.logstoreName} already exists` });
    }
    return { status: 200 };
  }

  #updateLogstore(ctx: RequestContext, project: string): EmulatorResponse {
    const logstore = this.#logstore(ctx, project);
    const body = jsonBody(ctx);
    const ttl = body.ttl ?? logstore.config.ttl;
    if (!Number.isInteger(ttl) || (ttl as number) < 1 || (ttl as number) > 3650) {
      throw slsError('ParameterInvalid', { message: 'ttl must be an integer from 1 to 3650' });
    }
    logstore.config.ttl = ttl as number;
    logstore.lastModifyTime = this.#nowSeconds();
    return { status: 200 };
  }

  #describeLogstore(logstore: SlsLogstore): Record<string, unknown> {
    return { ...logstore.config, createTime: logstore.createTime, lastModifyTime: logstore.lastModifyTime };
  }

  #listLogstores(ctx: RequestContext, project: string): EmulatorResponse {
    const nameFilter = ctx.queryParam('logstoreName') ?? '';
    const offset = Number(ctx.queryParam('offset') || 0);
    const size = Number(ctx.queryParam('size') || 100);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(size) || size < 0 || size > 500) {
      throw slsError('ParameterInvalid', { message: 'offset must be >= 0 and size from 0 to 500' });
    }
    const matching = this.logstores.names(project).filter((name) => name.includes(nameFilter));
    const page = matching.slice(offset, offset + size);
    return json({ count: page.length, total: matching.length, logstores: page });
  }

  #describe(project: SlsProject): Record<string, unknown> {
    return {
      projectName: project.projectName,
      status: 'Normal',
      owner: '',
      description: project.description,
      region: this.region,
      createTime: formatSlsTime(project.createTime),
      lastModifyTime: formatSlsTime(project.lastModifyTime),
    };
  }

  #listProjects(ctx: RequestContext): EmulatorResponse {
    const nameFilter = ctx.queryParam('projectName') ?? '';
    const offset = Number(ctx.queryParam('offset') || 0);
    const size = Number(ctx.queryParam('size') || 100);
    if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(size) || size < 0 || size > 500) {
      throw slsError('ParameterInvalid', { message: 'offset must be >= 0 and size from 0 to 500' });
    }
    const matching = this.projects.list().filter((p) => p.projectName.includes(nameFilter));
    const page = matching.slice(offset, offset + size);
    return json({ count: page.length, total: matching.length, projects: page.map((p) => this.#describe(p)) });
  }
}

const LOGSTORE_PATH = /^\/logstores\/([^/]+)(\/.*)?$/;

function logstoreName(ctx: RequestContext): string {
  return LOGSTORE_PATH.exec(ctx.path)?.[1] ?? '';
}

/** Names the logstore-level operation of a project request (undefined when there is none). */
function logstoreOperation(ctx: RequestContext): string | undefined {
  const { method, path } = ctx;
  if (path === '/logstores')
    return method === 'GET' ? 'ListLogStores' : method === 'POST' ? 'CreateLogstore' : undefined;
  const match = LOGSTORE_PATH.exec(path);
  if (!match) return undefined;
  const rest = match[2] ?? '';
  if (rest === '' || rest === '/') {
    if (method === 'POST') return 'PutLogs';
    if (method === 'PUT') return 'UpdateLogStore';
    if (method === 'DELETE') return 'DeleteLogStore';
    if (method !== 'GET') return undefined;
    const type = ctx.queryParam('type');
    if (type === 'log') return 'GetLogs';
    if (type === 'histogram') return 'GetHistograms';
    return 'GetLogStore';
  }
  if (method === 'POST' && (rest === '/shards/lb' || rest === '/shards/route')) return 'PutLogs';
  if (method === 'POST' && rest === '/logs') return 'GetLogsV2';
  if (method === 'GET' && rest === '/shards') return 'ListShards';
  return undefined;
}

function jsonBody(ctx: RequestContext): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(ctx.bodyText());
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw slsError('ParameterInvalid', { message: 'the request body must be a JSON object' });
}

/** Validates CreateLogstore settings; `fail` builds the error (a ServiceError on the wire, a RangeError for hooks). */
function logstoreConfig(body: Record<string, unknown>, fail: (message: string) => Error): SlsLogstoreConfig {
  const name = body.logstoreName;
  if (!isLogstoreName(name)) throw fail('logstoreName must be 3-63 lower-case letters, digits, _ or -');
  const ttl = body.ttl ?? 30;
  if (!Number.isInteger(ttl) || (ttl as number) < 1 || (ttl as number) > 3650) {
    throw fail('ttl must be an integer from 1 to 3650');
  }
  const shardCount = body.shardCount ?? 2;
  if (!Number.isInteger(shardCount) || (shardCount as number) < 1 || (shardCount as number) > 256) {
    throw fail('shardCount must be an integer from 1 to 256');
  }
  return {
    logstoreName: name,
    ttl: ttl as number,
    shardCount: shardCount as number,
    autoSplit: body.autoSplit === true,
    maxSplitShard: typeof body.maxSplitShard === 'number' ? body.maxSplitShard : 64,
    appendMeta: body.appendMeta === true,
    enable_tracking: body.enable_tracking === true,
    telemetryType: typeof body.telemetryType === 'string' ? body.telemetryType : '',
    mode: typeof body.mode === 'string' && body.mode !== '' ? body.mode : 'standard',
  };
}

function projectOf(ctx: RequestContext): string | undefined {
  return leadingLabel(ctx.host, isBareSlsEndpoint);
}

function json(value: unknown): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}

/** SLS writes times as `YYYY-MM-DD HH:mm:ss` (UTC here). */
function formatSlsTime(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

function slsVerificationError(failure: VerificationFailed): ServiceError {
  switch (failure.reason) {
    case 'MissingSignature':
    case 'InvalidAuthorization':
      return slsError('Unauthorized', {
        message: `The Authorization header is missing or malformed: ${failure.message}.`,
      });
    case 'InvalidAccessKeyId':
      return slsError('Unauthorized', { message: `AccessKeyId not found: ${failure.accessKeyId ?? ''}` });
    case 'RequestTimeTooSkewed':
    case 'RequestExpired':
      return slsError('RequestTimeExpired', { message: `Request time has been expired: ${failure.message}.` });
    case 'ContentDigestMismatch':
      // Content-MD5 is part of the string to sign, so a body that does not fit it fails the signature.
      return slsError('SignatureNotMatch', { message: 'Content-MD5 does not match the request body.' });
    case 'SignatureDoesNotMatch':
      return slsError('SignatureNotMatch', {
        message: 'Signature not matched: the server computed a different signature for this request.',
      });
  }
}

function slsSecurityTokenError(problem: SecurityTokenProblem): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      return slsError('Unauthorized', { message: 'The security token is missing for a temporary AccessKeyId.' });
    case 'InvalidSecurityToken':
      return slsError('Unauthorized', { message: 'The security token is invalid.' });
    case 'SecurityTokenExpired':
      return slsError('Unauthorized', { message: 'The security token has expired.' });
  }
}
