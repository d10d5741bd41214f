import { randomBytes } from 'node:crypto';
import { formatIsoSeconds } from '@alikit/core';
import { type RoleSession, RoleSessions } from '../pop/sts/role-sessions';
import type { AccountStore } from '../shared/accounts';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';

/** The ECS instance-metadata emulator as tests and users see it. */
export interface MetadataEmulator {
  /** `http://127.0.0.1:<port>`: stands in for `http://100.100.100.200`. */
  readonly endpoint: string;
  /** A credentials URI (`ALIBABA_CLOUD_CREDENTIALS_URI`) answering the same document as the RAM role path. */
  readonly credentialsUri: string;
  /** The RAM role name the instance reports. */
  readonly roleName: string;
  /** When true, requests without a valid IMDSv2 token are refused (like `ALIBABA_CLOUD_IMDSV1_DISABLED`). @defaultValue false */
  requireToken: boolean;
  /**
   * Whether the instance has a RAM role. When false the role listing and the role's credentials
   * answer 404, as on an instance without a role (the credentials URI still serves a document).
   * @defaultValue true
   */
  roleAttached: boolean;
  /**
   * How long each set of role credentials is valid.
   * @defaultValue 21_600_000 (6 hours, as ECS)
   * @throws RangeError when set below one minute.
   */
  credentialsLifetimeMs: number;
  /**
   * How old the current set may get before the next request receives a new one, so callers that
   * refresh ahead of expiry (the official SDKs: one hour before) always find fresh credentials. A
   * set is also replaced once it has expired, so a value above the lifetime means "on expiry".
   * @defaultValue 3_600_000 (1 hour)
   * @throws RangeError when set to zero or below.
   */
  rotationIntervalMs: number;
  /** Makes the next credentials request receive a new set, whatever the age of the current one. */
  rotateCredentials(): void;
  /** Every set of role credentials handed out so far, oldest first. */
  readonly issued: readonly RoleSession[];
  /** What each request asked for and which IMDSv2 token it carried, oldest first (faulted requests excluded). */
  readonly requests: readonly MetadataRequest[];
  /** Forgets the recorded requests. */
  clearRequests(): void;
}

/** One request the metadata emulator served (or refused). */
export interface MetadataRequest {
  /** `GetMetadataToken`, `GetRoleName`, `GetRoleCredentials`, `GetCredentialsUri`, or `undefined` for an unknown path. */
  readonly operation: string | undefined;
  /** The HTTP method, e.g. `GET` (or `PUT` for a token request). */
  readonly method: string;
  /** The request path, e.g. `/latest/meta-data/ram/security-credentials/<role>`. */
  readonly path: string;
  /** The IMDSv2 token header: absent, a live token, or one that is unknown or expired. */
  readonly token: 'none' | 'valid' | 'invalid';
  /** The HTTP status it was answered with. */
  readonly status: number;
}

/** Path of the IMDSv2 token resource. */
export const METADATA_TOKEN_PATH = '/latest/api/token';
/** Path listing the instance's RAM role. */
export const METADATA_ROLE_PATH = '/latest/meta-data/ram/security-credentials/';
/** Path of the credentials URI document. */
export const CREDENTIALS_URI_PATH = '/credentials';

const TOKEN_TTL_HEADER = 'x-aliyun-ecs-metadata-token-ttl-seconds';
const TOKEN_HEADER = 'x-aliyun-ecs-metadata-token';
const MAX_TOKEN_TTL_SECONDS = 21_600;
/** How long issued role credentials live: six hours, as ECS. */
const DEFAULT_CREDENTIALS_TTL_MS = 6 * 3_600_000;
/** A new set is handed out once the current one is an hour old, well before the official SDKs' one-hour prefetch. */
const DEFAULT_ROTATION_MS = 3_600_000;
const MIN_CREDENTIALS_TTL_MS = 60_000;
/** The session name ECS reports for instance-role credentials (an instance id in real life). */
const INSTANCE_SESSION_NAME = 'i-emulator0000000000';

/**
 * The ECS metadata service module: IMDSv2 tokens, the RAM role name and its temporary credentials
 * (registered with the shared account store, so they sign requests to every other emulator).
 */
export class MetadataService implements ServiceModule {
  readonly service = 'metadata' as const;
  readonly requestIdHeader = undefined;
  readonly roleName: string;
  requireToken = false;
  roleAttached = true;
  readonly sessions: RoleSessions;
  readonly issued: RoleSession[] = [];
  readonly requests: MetadataRequest[] = [];
  readonly #tokens = new Map<string, number>();
  readonly #now: () => Date;
  #lifetimeMs = DEFAULT_CREDENTIALS_TTL_MS;
  #rotationMs = DEFAULT_ROTATION_MS;
  #current: RoleSession | undefined;

  /**
   * `sessions` is shared with the pop emulator of the same set, so its GetCallerIdentity knows the
   * instance role's keys.
   */
  constructor(
    accounts: AccountStore,
    now: () => Date,
    options: { roleName?: string | undefined; sessions?: RoleSessions | undefined } = {},
  ) {
    this.#now = now;
    this.roleName = options.roleName ?? 'AliKitEmulatorRole';
    this.sessions = options.sessions ?? new RoleSessions(accounts, now);
  }

  get credentialsLifetimeMs(): number {
    return this.#lifetimeMs;
  }

  set credentialsLifetimeMs(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < MIN_CREDENTIALS_TTL_MS) {
      throw new RangeError(`credentialsLifetimeMs must be at least ${MIN_CREDENTIALS_TTL_MS} ms, got ${String(value)}`);
    }
    this.#lifetimeMs = value;
  }

  get rotationIntervalMs(): number {
    return this.#rotationMs;
  }

  set rotationIntervalMs(value: number) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`rotationIntervalMs must be a positive number of milliseconds, got ${String(value)}`);
    }
    this.#rotationMs = value;
  }

  /** Makes the next credentials request issue a new set. */
  rotateCredentials(): void {
    this.#current = undefined;
  }

  newRequestId(): string {
    return '';
  }

  route(ctx: RequestContext): void {
    if (ctx.path === METADATA_TOKEN_PATH) ctx.operation = 'GetMetadataToken';
    else if (ctx.path === METADATA_ROLE_PATH) ctx.operation = 'GetRoleName';
    else if (ctx.path.startsWith(METADATA_ROLE_PATH)) ctx.operation = 'GetRoleCredentials';
    else if (ctx.path === CREDENTIALS_URI_PATH) ctx.operation = 'GetCredentialsUri';
  }

  handle(ctx: RequestContext): EmulatorResponse {
    let status = 500;
    try {
      const response = this.#serve(ctx);
      status = response.status;
      return response;
    } catch (error) {
      status = error instanceof ServiceError ? error.status : 500;
      throw error;
    } finally {
      this.requests.push({
        operation: ctx.operation,
        method: ctx.method,
        path: ctx.path,
        token: this.#tokenState(ctx),
        status,
      });
    }
  }

  #serve(ctx: RequestContext): EmulatorResponse {
    if (ctx.operation === 'GetMetadataToken') {
      if (ctx.method !== 'PUT') throw metadataError(405, 'Method Not Allowed');
      return text(this.#issueToken(ctx));
    }
    if (ctx.method !== 'GET') throw metadataError(405, 'Method Not Allowed');
    if (ctx.operation === 'GetCredentialsUri') return json(this.#credentialsDocument());
    if (ctx.operation === undefined) throw metadataError(404, 'Not Found');
    this.#checkToken(ctx);
    if (!this.roleAttached) throw metadataError(404, 'Not Found');
    if (ctx.operation === 'GetRoleName') return text(this.roleName);
    const role = ctx.path.slice(METADATA_ROLE_PATH.length);
    if (role !== this.roleName) throw metadataError(404, 'Not Found');
    return json(this.#credentialsDocument());
  }

  #tokenState(ctx: RequestContext): MetadataRequest['token'] {
    const token = ctx.header(TOKEN_HEADER);
    if (token === undefined) return 'none';
    const expiry = this.#tokens.get(token);
    return expiry !== undefined && expiry > ctx.receivedAt.getTime() ? 'valid' : 'invalid';
  }

  renderError(error: ServiceError): EmulatorResponse {
    return { status: error.status, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: error.message };
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return new ServiceError(status, code ?? String(status), message ?? code ?? `Error ${status}`);
  }

  internalError(cause: unknown): ServiceError {
    return metadataError(500, `Internal Server Error: ${cause instanceof Error ? cause.message : String(cause)}`);
  }

  #issueToken(ctx: RequestContext): string {
    const ttlText = ctx.header(TOKEN_TTL_HEADER);
    const ttl = ttlText === undefined ? Number.NaN : Number(ttlText);
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_TOKEN_TTL_SECONDS) {
      throw metadataError(400, `${TOKEN_TTL_HEADER} must be an integer from 1 to ${MAX_TOKEN_TTL_SECONDS}`);
    }
    const token = randomBytes(32).toString('base64url');
    this.#tokens.set(token, this.#now().getTime() + ttl * 1000);
    return token;
  }

  #checkToken(ctx: RequestContext): void {
    const token = ctx.header(TOKEN_HEADER);
    if (token === undefined) {
      if (this.requireToken) throw metadataError(401, 'Unauthorized: a metadata token is required');
      return;
    }
    const expiry = this.#tokens.get(token);
    if (expiry === undefined || expiry <= this.#now().getTime()) {
      throw metadataError(401, 'Unauthorized: the metadata token is invalid or has expired');
    }
  }

  #credentialsDocument(): Record<string, string> {
    const now = this.#now().getTime();
    const current = this.#current;
    if (
      !current ||
      now - current.issuedAt.getTime() >= this.#rotationMs ||
      now >= current.credentials.expiration.getTime()
    ) {
      this.#current = this.sessions.issue({
        origin: 'EcsRamRole',
        role: {
          arn: `acs:ram::${this.sessions.accountId}:role/${this.roleName.toLowerCase()}`,
          accountId: this.sessions.accountId,
          roleName: this.roleName,
        },
        sessionName: INSTANCE_SESSION_NAME,
        durationMs: this.#lifetimeMs,
      });
      this.issued.push(this.#current);
    }
    const { credentials: key, issuedAt } = this.#current as RoleSession;
    return {
      Code: 'Success',
      AccessKeyId: key.accessKeyId,
      AccessKeySecret: key.accessKeySecret,
      SecurityToken: key.securityToken,
      Expiration: formatIsoSeconds(key.expiration),
      LastUpdated: formatIsoSeconds(issuedAt),
    };
  }
}

function metadataError(status: number, message: string): ServiceError {
  return new ServiceError(status, String(status), message);
}

function text(body: string): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body };
}

function json(value: unknown): EmulatorResponse {
  return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(value) };
}
