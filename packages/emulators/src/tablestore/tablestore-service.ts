import { verifyTablestore } from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import { hmacSha1Base64, md5Base64 } from '../shared/digest';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { uuidRequestIdLower } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { otsCodeForStatus, otsError, renderOtsError } from './errors';
import { encodeListTableResponse } from './protobuf';

/** The Tablestore emulator as tests and users see it. */
export interface TablestoreEmulator {
  /** `http://127.0.0.1:<port>`; the instance travels in the `x-ots-instancename` header. */
  readonly endpoint: string;
  /** The instance served by default; requests naming another instance create it on first use. */
  readonly instanceName: string;
}

/** Tables of one instance (schemas and rows arrive with later operations). */
interface TablestoreInstance {
  readonly tables: Map<string, unknown>;
}

/**
 * The Tablestore service module: `x-ots-signature` verification, protobuf errors, signed
 * responses (which the Python/Java/.NET SDKs check), and ListTable.
 */
export class TablestoreService implements ServiceModule {
  readonly service = 'tablestore' as const;
  readonly requestIdHeader = 'x-ots-requestid';
  readonly instanceName: string;
  readonly #instances = new Map<string, TablestoreInstance>();
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, instanceName = 'alikit-emulator') {
    this.#accounts = accounts;
    this.#now = now;
    this.instanceName = instanceName;
    this.instance(instanceName);
  }

  newRequestId(): string {
    return uuidRequestIdLower();
  }

  /** The named instance, created on first use. */
  instance(name: string): TablestoreInstance {
    let instance = this.#instances.get(name);
    if (!instance) {
      instance = { tables: new Map() };
      this.#instances.set(name, instance);
    }
    return instance;
  }

  route(ctx: RequestContext): void {
    // Every API is `POST /<ApiName>`.
    const name = ctx.path.slice(1);
    if (/^[A-Za-z]+$/.test(name)) ctx.operation = name;
  }

  handle(ctx: RequestContext): EmulatorResponse {
    if (ctx.method !== 'POST') throw otsError('OTSMethodNotAllowed');
    acceptVerification(ctx, verifyTablestore(ctx.received, this.#accounts.lookup, { now: this.#now }), this.#accounts, {
      verification: otsVerificationError,
      securityToken: otsSecurityTokenError,
    });
    const instanceName = ctx.header('x-ots-instancename');
    if (!instanceName) throw otsError('OTSParameterInvalid', { message: "Missing header: 'x-ots-instancename'." });
    const instance = this.instance(instanceName);
    switch (ctx.operation) {
      case 'ListTable':
        return protobuf(encodeListTableResponse([...instance.tables.keys()].sort()));
      default:
        throw otsError('OTSUnsupportOperation', {
          message: `Unsupported operation: '${ctx.operation ?? ctx.path}' (not implemented by the emulator yet).`,
        });
    }
  }

  renderError(error: ServiceError): EmulatorResponse {
    return renderOtsError(error);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return otsError(code ?? otsCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return otsError('OTSInternalServerError', {
      message: `The emulator failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }

  /**
   * Adds the headers real Tablestore responses carry and the stricter SDKs check (spec:
   * tablestore.md §1.3): body digest, date with microseconds, content type, and — once the caller
   * is authenticated — `Authorization: OTS <AccessKeyId>:<signature>` over the `x-ots-*` headers.
   */
  finishResponse(response: EmulatorResponse, ctx: RequestContext): EmulatorResponse {
    const body = typeof response.body === 'string' ? Buffer.from(response.body) : (response.body ?? new Uint8Array(0));
    const headers: Record<string, string> = {
      ...response.headers,
      'x-ots-contentmd5': md5Base64(body),
      'x-ots-date': formatMicroseconds(this.#now()),
      'x-ots-contenttype': 'protocol buffer',
    };
    const secret = ctx.identity ? this.#accounts.lookup(ctx.identity.accessKeyId) : undefined;
    if (ctx.identity && secret !== undefined) {
      const canonical = Object.entries(headers)
        .map(([name, value]): [string, string] => [name.toLowerCase(), value.trim()])
        .filter(([name]) => name.startsWith('x-ots-') && name !== 'x-ots-signature')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => `${name}:${value}`)
        .join('\n');
      const signature = hmacSha1Base64(secret, `${canonical}\n${ctx.path}`);
      headers['authorization'] = `OTS ${ctx.identity.accessKeyId}:${signature}`;
    }
    return { ...response, headers };
  }
}

function protobuf(body: Uint8Array): EmulatorResponse {
  return { status: 200, headers: {}, body };
}

/** `2020-09-09T08:37:11.680000Z`: the service writes microseconds; the clock has milliseconds. */
function formatMicroseconds(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

function otsVerificationError(failure: VerificationFailed): ServiceError {
  switch (failure.reason) {
    case 'MissingSignature':
      return otsError('OTSParameterInvalid', { message: "Missing header: 'x-ots-signature'." });
    case 'InvalidAuthorization':
      return otsError('OTSParameterInvalid', { message: `Invalid authorization headers: ${failure.message}.` });
    case 'InvalidAccessKeyId':
      return otsError('OTSAuthFailed', { message: 'The AccessKeyID does not exist.' });
    case 'RequestTimeTooSkewed':
    case 'RequestExpired':
      return otsError('OTSAuthFailed', { message: `Mismatch between system time and x-ots-date: ${failure.message}.` });
    case 'ContentDigestMismatch':
      return otsError('OTSAuthFailed', { message: 'MD5 mismatch.' });
    case 'SignatureDoesNotMatch':
      return otsError('OTSAuthFailed', { message: 'Signature mismatch.' });
  }
}

function otsSecurityTokenError(problem: SecurityTokenProblem): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      return otsError('OTSAuthFailed', { message: "Missing header: 'x-ots-ststoken'." });
    case 'InvalidSecurityToken':
      return otsError('OTSAuthFailed', { message: 'The STS token is invalid.' });
    case 'SecurityTokenExpired':
      return otsError('OTSAuthFailed', { message: 'The STS token has expired.' });
  }
}
