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
import { type SlsProject, SlsProjectStore } from './project-store';

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

  newRequestId(): string {
    return hexRequestId();
  }

  route(ctx: RequestContext): void {
    const project = projectOf(ctx);
    if (ctx.method === 'GET' && ctx.path === '/') ctx.operation = project ? 'GetProject' : 'ListProject';
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
