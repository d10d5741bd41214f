import { verifyAcs3, verifyPopRoa, verifyPopRpc } from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { uuidRequestIdUpper } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { type CmsEmulator, CmsService, cmsEmulatorView } from './cms/cms-service';
import { type DtsEmulator, DtsService, dtsEmulatorView } from './dts/dts-service';
import { popCodeForStatus, popError, renderPopError } from './errors';
import { type PaiEmulator, PaiStudioService, paiEmulatorView } from './pai/pai-studio-service';
import {
  lowerCaseHeaders,
  type PopCall,
  type PopRoute,
  type PopSignatureScheme,
  parseJsonBody,
  routePopRequest,
} from './pop-request';
import { type PopResponder, type PopResponseMatch, PopResponses } from './responses';
import { RoleSessions } from './sts/role-sessions';
import { type StsEmulator, StsService, stsEmulatorView } from './sts/sts-service';

/** The POP emulator as tests and users see it. */
export interface PopEmulator {
  /** `http://127.0.0.1:<port>`: the endpoint of every POP product (STS, CloudMonitor, PAI, DTS, ...). */
  readonly endpoint: string;
  /** Every authenticated call, oldest first. */
  readonly calls: readonly PopCall[];
  /**
   * Answers matching calls with `reply`: a JSON body, or a {@link PopResponder} computing one (it may
   * throw a `ServiceError` to answer with a POP error). Without a match a call is answered `{ RequestId }`.
   * @example emu.pop.setResponse('DescribeRegions', { Regions: { Region: [] } })
   * @example emu.pop.setResponse({ method: 'GET', path: '/api/v1/trainingjobs/{TrainingJobId}' }, (call) => ({ TrainingJobId: call.pathParams.TrainingJobId }))
   * @throws TypeError when the match is empty or malformed.
   */
  setResponse(match: PopResponseMatch, reply: PopResponder): void;
  /** Answers matching calls with `reply`, the same JSON body every time. */
  setResponse(match: PopResponseMatch, reply: unknown): void;
  /** Forgets the recorded calls. */
  clearCalls(): void;
  /** Removes every canned response. */
  clearResponses(): void;
  /**
   * STS (version 2015-04-01 on any host): AssumeRole, AssumeRoleWithOIDC and GetCallerIdentity
   * issue credentials every emulator of the set accepts until they expire. A canned response for
   * one of these actions takes precedence over STS.
   */
  readonly sts: StsEmulator;
  /** CloudMonitor (version 2019-01-01): custom metrics and events, stored and queryable, with an optional QPS limit. */
  readonly cms: CmsEmulator;
  /** PAI Studio (ROA, 2022-01-12): training jobs that advance with the clock, and scripted failures. */
  readonly pai: PaiEmulator;
  /** DTS (RPC, 2020-01-01 and 2016-08-01): migration jobs that advance with the clock, and scripted failures. */
  readonly dts: DtsEmulator;
}

const SIGNATURE_PARAMS = new Set(['Signature']);

/** The POP service module: verifies RPC v1, ROA v1 and ACS3 signatures and answers any action. */
export class PopService implements ServiceModule {
  readonly service = 'pop' as const;
  readonly requestIdHeader = 'x-acs-request-id';
  readonly calls: PopCall[] = [];
  readonly responses = new PopResponses();
  readonly sts: StsService;
  readonly cms: CmsService;
  readonly pai: PaiStudioService;
  readonly dts: DtsService;
  readonly #accounts: AccountStore;
  readonly #now: () => Date;
  readonly #routes = new WeakMap<RequestContext, PopRoute>();

  /** `sessions` is shared with the metadata emulator of the same set, so STS knows its instance-role keys. */
  constructor(accounts: AccountStore, now: () => Date, sessions: RoleSessions = new RoleSessions(accounts, now)) {
    this.#accounts = accounts;
    this.#now = now;
    this.sts = new StsService(sessions, now);
    this.cms = new CmsService(sessions.accountId, now);
    this.pai = new PaiStudioService(now);
    this.dts = new DtsService(now);
  }

  newRequestId(): string {
    return uuidRequestIdUpper();
  }

  route(ctx: RequestContext): void {
    const route = routePopRequest(ctx);
    this.#routes.set(ctx, route);
    ctx.operation = route.action ?? `${ctx.method} ${ctx.path}`;
  }

  async handle(ctx: RequestContext): Promise<EmulatorResponse> {
    const route = this.#routes.get(ctx) ?? routePopRequest(ctx);
    const stsAction = this.sts.actionOf(route);
    // AssumeRoleWithOIDC needs no signature (the token proves who calls); a signed one is still checked.
    const anonymous = stsAction !== undefined && this.sts.isAnonymous(stsAction) && !isSigned(ctx, route);
    const scheme = anonymous ? 'none' : this.#authenticate(ctx, route);
    if (route.style === 'rpc' && !route.action) {
      throw popError('MissingParameter', {
        message: 'The input parameter "Action" that is mandatory for processing this request is not supplied.',
      });
    }
    const base = {
      style: route.style,
      signature: scheme,
      action: route.action,
      version: route.version,
      method: ctx.method,
      path: ctx.path,
      host: ctx.host,
      params: Object.fromEntries(route.params.filter(([k]) => !SIGNATURE_PARAMS.has(k))),
      headers: lowerCaseHeaders(ctx.received),
      body: ctx.received.body ?? new Uint8Array(0),
      json: parseJsonBody(ctx.received),
      accessKeyId: ctx.identity?.accessKeyId ?? '',
      requestId: ctx.requestId,
    };
    const found = this.responses.find(base);
    const call: PopCall = { ...base, pathParams: found?.pathParams ?? {} };
    this.calls.push(call);
    const cmsAction = found === undefined ? this.cms.actionOf(route) : undefined;
    if (cmsAction !== undefined) {
      const body = JSON.stringify(withRequestId(this.cms.respond(cmsAction, call), ctx.requestId));
      return { status: 200, headers: { 'content-type': 'application/json;charset=utf-8' }, body };
    }
    const product = found === undefined ? [this.pai, this.dts].find((p) => p.handles(call)) : undefined;
    const reply =
      product !== undefined
        ? product.respond(call)
        : found === undefined && stsAction !== undefined
          ? this.sts.respond(stsAction, call, ctx.identity)
          : typeof found?.reply === 'function'
            ? await (found.reply as PopResponder)(call)
            : found?.reply;
    return {
      status: 200,
      headers: { 'content-type': 'application/json;charset=utf-8' },
      body: JSON.stringify(withRequestId(reply, ctx.requestId)),
    };
  }

  renderError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
    return renderPopError(error, ctx);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return popError(code ?? popCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return popError('InternalError', { message: `The emulator failed: ${describe(cause)}` });
  }

  #authenticate(ctx: RequestContext, route: PopRoute): PopSignatureScheme {
    const authorization = ctx.header('authorization')?.trim() ?? '';
    const options = { now: this.#now };
    let scheme: PopSignatureScheme;
    if (authorization.startsWith('ACS3-')) scheme = 'acs3';
    else if (/^acs\s/i.test(authorization)) scheme = 'roa-v1';
    else if (route.params.some(([k]) => k === 'Signature')) scheme = 'rpc-v1';
    else {
      throw popError('IncompleteSignature', {
        message:
          'The request signature does not conform to Aliyun standards: it has neither an Authorization header nor a Signature parameter.',
      });
    }
    const result =
      scheme === 'acs3'
        ? verifyAcs3(ctx.received, this.#accounts.lookup, options)
        : scheme === 'roa-v1'
          ? verifyPopRoa(ctx.received, this.#accounts.lookup, options)
          : verifyPopRpc(ctx.received, this.#accounts.lookup, options);
    acceptVerification(ctx, result, this.#accounts, {
      verification: (failure) => popVerificationError(failure, scheme),
      securityToken: popSecurityTokenError,
    });
    return scheme;
  }
}

/** Maps a verifier's failure to the POP gateway's code. */
function popVerificationError(failure: VerificationFailed, scheme: PopSignatureScheme): ServiceError {
  switch (failure.reason) {
    case 'MissingSignature':
    case 'InvalidAuthorization':
      return popError('IncompleteSignature', {
        message: `The request signature does not conform to Aliyun standards: ${failure.message}.`,
      });
    case 'InvalidAccessKeyId':
      return popError('InvalidAccessKeyId.NotFound');
    case 'RequestTimeTooSkewed':
    case 'RequestExpired':
      return popError('InvalidTimeStamp.Expired', {
        message: `Specified time stamp or date value is expired: ${failure.message}.`,
      });
    case 'ContentDigestMismatch':
      // ACS3 signs the body hash, so a body that does not fit it is a signature mismatch.
      if (scheme === 'roa-v1') return popError('ContentMD5NotMatched');
      return signatureMismatch(failure);
    case 'SignatureDoesNotMatch':
      return signatureMismatch(failure);
  }
}

function signatureMismatch(failure: VerificationFailed): ServiceError {
  // Real POP quotes its string-to-sign so callers can find where their canonicalisation differs.
  const suffix =
    failure.expectedStringToSign === undefined ? '' : ` server string to sign is:${failure.expectedStringToSign}`;
  return popError('SignatureDoesNotMatch', {
    message: `Specified signature is not matched with our calculation.${suffix}`,
  });
}

function popSecurityTokenError(problem: SecurityTokenProblem): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      return popError('MissingSecurityToken');
    case 'InvalidSecurityToken':
      return popError('InvalidSecurityToken.MismatchWithAccessKey');
    case 'SecurityTokenExpired':
      return popError('InvalidSecurityToken.Expired');
  }
}

function isSigned(ctx: RequestContext, route: PopRoute): boolean {
  return ctx.header('authorization') !== undefined || route.params.some(([k]) => k === 'Signature');
}

function withRequestId(reply: unknown, requestId: string): unknown {
  if (reply === undefined || reply === null) return { RequestId: requestId };
  if (typeof reply === 'object' && !Array.isArray(reply) && !('RequestId' in reply)) {
    return { RequestId: requestId, ...reply };
  }
  return reply;
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

/** The public view of a running POP service. */
export function popEmulatorView(service: PopService, endpoint: string): PopEmulator {
  return {
    endpoint,
    get calls() {
      return service.calls;
    },
    setResponse: (match, reply) => service.responses.set(match, reply),
    clearCalls: () => {
      service.calls.length = 0;
    },
    clearResponses: () => service.responses.clear(),
    sts: stsEmulatorView(service.sts, () => service.calls),
    cms: cmsEmulatorView(service.cms, () => service.calls),
    pai: paiEmulatorView(service.pai),
    dts: dtsEmulatorView(service.dts),
  };
}
