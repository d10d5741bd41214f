import { formatHttpDate, verifyMaxCompute } from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { hexRequestId } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { renderXml } from '../shared/xml';
import { odpsCodeForStatus, odpsError, renderOdpsError } from './errors';
import { type MaxComputeProject, MaxComputeProjectStore } from './project-store';

/** The path the service endpoint ends with; clients sign URLs relative to it. */
export const MAXCOMPUTE_API_PATH = '/api';

/** The MaxCompute emulator as tests and users see it. */
export interface MaxComputeEmulator {
  /** The service endpoint clients configure: `http://127.0.0.1:<port>/api`. */
  readonly endpoint: string;
  /** The project served by default. */
  readonly project: string;
  /** The region the emulator reports (and accepts in v4 signatures). */
  readonly region: string;
  /**
   * Creates a project (or returns the existing one of that name).
   * @throws TypeError when the name is not a valid project name.
   */
  createProject(name: string, options?: { comment?: string }): MaxComputeProject;
}

/** The MaxCompute service module: `ODPS` (legacy and v4) verification, XML errors, GetProject. */
export class MaxComputeService implements ServiceModule {
  readonly service = 'maxcompute' as const;
  readonly requestIdHeader = 'x-odps-request-id';
  readonly projects = new MaxComputeProjectStore();
  readonly project: string;
  readonly region: string;
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, project = 'alikit_emulator', region = 'cn-hangzhou') {
    this.#accounts = accounts;
    this.#now = now;
    this.project = project;
    this.region = region;
    this.projects.create(project, { comment: 'default project of the alikit emulator' }, now());
  }

  /** Creates a project dated by the emulator clock (see {@link MaxComputeEmulator.createProject}). */
  createProject(name: string, options?: { comment?: string }): MaxComputeProject {
    return this.projects.create(name, options, this.#now());
  }

  newRequestId(): string {
    return hexRequestId();
  }

  route(ctx: RequestContext): void {
    const segments = relativePath(ctx)?.split('/') ?? [];
    if (ctx.method === 'GET' && segments.length === 3 && segments[1] === 'projects' && segments[2]) {
      ctx.operation = 'GetProject';
    }
  }

  handle(ctx: RequestContext): EmulatorResponse {
    acceptVerification(
      ctx,
      verifyMaxCompute(ctx.received, this.#accounts.lookup, { now: this.#now, pathPrefix: MAXCOMPUTE_API_PATH }),
      this.#accounts,
      { verification: odpsVerificationError, securityToken: odpsSecurityTokenError },
    );
    if (relativePath(ctx) === undefined) {
      throw odpsError('NoSuchObject', {
        message: `The service endpoint path is ${MAXCOMPUTE_API_PATH}; got ${ctx.path}`,
      });
    }
    switch (ctx.operation) {
      case 'GetProject':
        return this.#getProject((relativePath(ctx) as string).split('/')[2] as string);
      default:
        throw odpsError('NotImplemented', {
          message: `The emulator does not implement ${ctx.method} ${ctx.path} yet.`,
        });
    }
  }

  renderError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
    return renderOdpsError(error, ctx);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return odpsError(code ?? odpsCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return odpsError('InternalServerError', {
      message: `ODPS-0010000:System internal error - the emulator failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }

  #getProject(name: string): EmulatorResponse {
    const project = this.projects.get(name);
    if (!project) throw odpsError('NoSuchObject', { message: `ODPS-0420111: Project not found - '${name}'.` });
    const created = formatHttpDate(project.creationTime);
    const modified = formatHttpDate(project.lastModifiedTime);
    const body = renderXml([
      'Project',
      [
        ['Name', project.name],
        ['Type', 'managed'],
        ['Comment', project.comment],
        ['Owner', project.owner],
        ['SuperAdministrator', project.owner],
        ['State', 'AVAILABLE'],
        ['CreationTime', created],
        ['LastModifiedTime', modified],
        ['ProjectGroupName', ''],
        [
          'Properties',
          [
            [
              'Property',
              [
                ['Name', 'odps.sql.type.system.odps2'],
                ['Value', 'true'],
              ],
            ],
          ],
        ],
        ['Region', this.region],
      ],
    ]);
    return {
      status: 200,
      headers: {
        'content-type': 'application/xml',
        'x-odps-owner': project.owner,
        'x-odps-creation-time': created,
        'last-modified': modified,
      },
      body,
    };
  }
}

/** The decoded path relative to the service endpoint (`/projects/p`), or `undefined` outside it. */
function relativePath(ctx: RequestContext): string | undefined {
  if (ctx.path === MAXCOMPUTE_API_PATH) return '/';
  if (!ctx.path.startsWith(`${MAXCOMPUTE_API_PATH}/`)) return undefined;
  return ctx.path.slice(MAXCOMPUTE_API_PATH.length);
}

function odpsVerificationError(failure: VerificationFailed): ServiceError {
  switch (failure.reason) {
    case 'MissingSignature':
    case 'InvalidAuthorization':
      return odpsError('AuthorizationRequired', {
        message: `The request authorization header is invalid or missing: ${failure.message}.`,
      });
    case 'InvalidAccessKeyId':
      return odpsError('Unauthorized');
    case 'RequestTimeTooSkewed':
    case 'RequestExpired':
      return odpsError('RequestTimeTooSkewed', { message: `The request time is too skewed: ${failure.message}.` });
    case 'ContentDigestMismatch':
      // Content-MD5 is signed, so a body that does not fit it fails the signature check.
      return odpsError('SignatureNotMatch', {
        message: 'ODPS-0410042:Invalid signature value - Content-MD5 does not match the body',
      });
    case 'SignatureDoesNotMatch':
      return odpsError('SignatureNotMatch');
  }
}

function odpsSecurityTokenError(problem: SecurityTokenProblem): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      return odpsError('Unauthorized', { message: 'ODPS-0410051:Invalid credentials - the STS token is missing' });
    case 'InvalidSecurityToken':
      return odpsError('Unauthorized', { message: 'ODPS-0410051:Invalid credentials - the STS token is invalid' });
    case 'SecurityTokenExpired':
      return odpsError('AuthenticationRequestExpired', {
        message: 'ODPS-0410041:Authentication request expired - the STS token has expired',
      });
  }
}
