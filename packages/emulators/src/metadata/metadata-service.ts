import { randomBytes } from 'node:crypto';
import { formatIsoSeconds } from '@alikit/core';
import type { AccountStore, TemporaryKey } from '../shared/accounts';
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
/** How long issued role credentials live; a fresh key is issued once less than `REFRESH_MS` remains. */
const CREDENTIALS_TTL_MS = 6 * 3_600_000;
const REFRESH_MS = 15 * 60_000;

/**
 * The ECS metadata service module: IMDSv2 tokens, the RAM role name and its temporary credentials
 * (registered with the shared account store, so they sign requests to every other emulator).
 */
export class MetadataService implements ServiceModule {
  readonly service = 'metadata' as const;
  readonly requestIdHeader = undefined;
  readonly roleName: string;
  requireToken = false;
  readonly #tokens = new Map<string, number>();
  readonly #accounts: AccountStore;
  readonly #now: () => Date;
  #credentials: { key: TemporaryKey; issuedAt: Date } | undefined;

  constructor(accounts: AccountStore, now: () => Date, roleName = 'AliKitEmulatorRole') {
    this.#accounts = accounts;
    this.#now = now;
    this.roleName = roleName;
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
    if (ctx.operation === 'GetMetadataToken') {
      if (ctx.method !== 'PUT') throw metadataError(405, 'Method Not Allowed');
      return text(this.#issueToken(ctx));
    }
    if (ctx.method !== 'GET') throw metadataError(405, 'Method Not Allowed');
    if (ctx.operation === 'GetCredentialsUri') return json(this.#credentialsDocument());
    if (ctx.operation === undefined) throw metadataError(404, 'Not Found');
    this.#checkToken(ctx);
    if (ctx.operation === 'GetRoleName') return text(this.roleName);
    const role = ctx.path.slice(METADATA_ROLE_PATH.length);
    if (role !== this.roleName) throw metadataError(404, 'Not Found');
    return json(this.#credentialsDocument());
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
    const now = this.#now();
    if (!this.#credentials || this.#credentials.key.expiration.getTime() - now.getTime() < REFRESH_MS) {
      this.#credentials = { key: this.#accounts.issueTemporaryKey(CREDENTIALS_TTL_MS), issuedAt: now };
    }
    const { key, issuedAt } = this.#credentials;
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
