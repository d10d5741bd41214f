import {
  formatHttpDate,
  ossSignatureVersionOf,
  percentDecode,
  type VerificationResult,
  verifyOssV1,
  verifyOssV4,
} from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import { acceptVerification, type VerificationFailed } from '../shared/authenticate';
import type { EmulatorResponse } from '../shared/http-server';
import type { RequestContext } from '../shared/request-context';
import { hexRequestId } from '../shared/request-id';
import type { ServiceError } from '../shared/service-error';
import type { ServiceModule } from '../shared/service-module';
import { leadingLabel } from '../shared/virtual-host';
import { renderXml, type XmlElement } from '../shared/xml';
import { type OssBucket, OssBucketStore } from './bucket-store';
import { ossCodeForStatus, ossError, renderOssError } from './errors';

/** The OSS emulator as tests and users see it. */
export interface OssEmulator {
  /** `http://127.0.0.1:<port>`; buckets are addressed path-style or virtual-hosted (see the README). */
  readonly endpoint: string;
  /** The region the emulator reports for its buckets (without `oss-`). */
  readonly region: string;
  /**
   * Creates a bucket (or returns the existing one of that name).
   * @throws TypeError when the name breaks the OSS naming rules.
   */
  createBucket(name: string, options?: { storageClass?: string }): OssBucket;
}

/** The bucket and key a request addresses; both absent for service-level requests. */
interface OssAddress {
  bucket: string | undefined;
  key: string | undefined;
}

/** Bare OSS endpoints carry no bucket: `oss-<region>[-internal].aliyuncs.com`, `<region>.oss.aliyuncs.com`, ... */
function isBareOssEndpoint(host: string): boolean {
  return /^(?:oss-[a-z0-9-]+|vpc100-oss-[a-z0-9-]+|[a-z0-9-]+\.oss|[a-z0-9-]+\.[a-z0-9-]+\.oss-cloudbox(?:-control)?)\.aliyuncs\.com$/.test(
    host,
  );
}

/**
 * Finds bucket and key (oss.md §1.2): a host `<bucket>.<anything>` other than an IP, `localhost` or
 * a bare OSS endpoint is virtual-hosted (the whole path is the key); otherwise the first path
 * segment is the bucket. ali-oss with an IP endpoint sends `Host: .<region>.aliyuncs.com` for
 * service-level calls, whose empty first label means "no bucket".
 */
export function resolveOssRequestAddress(host: string, rawPath: string): OssAddress {
  const path = rawPath.replace(/^\//, '');
  const virtual = leadingLabel(host, isBareOssEndpoint);
  if (virtual !== undefined) {
    const key = percentDecode(path);
    return { bucket: virtual, key: key === '' ? undefined : key };
  }
  if (path === '') return { bucket: undefined, key: undefined };
  const slash = path.indexOf('/');
  if (slash < 0) return { bucket: percentDecode(path), key: undefined };
  const key = percentDecode(path.slice(slash + 1));
  return { bucket: percentDecode(path.slice(0, slash)), key: key === '' ? undefined : key };
}

const OWNER_ID = 'alikit-emulator-owner';

/** The OSS service module: V1/V4 (header and presigned) verification, XML errors, ListBuckets. */
export class OssService implements ServiceModule {
  readonly service = 'oss' as const;
  readonly requestIdHeader = 'x-oss-request-id';
  readonly buckets = new OssBucketStore();
  readonly region: string;
  readonly #accounts: AccountStore;
  readonly #now: () => Date;

  constructor(accounts: AccountStore, now: () => Date, region = 'cn-hangzhou') {
    this.#accounts = accounts;
    this.#now = now;
    this.region = region;
  }

  /** Creates a bucket dated by the emulator clock (see {@link OssEmulator.createBucket}). */
  createBucket(name: string, options?: { storageClass?: string }): OssBucket {
    return this.buckets.create(name, options, this.#now());
  }

  newRequestId(): string {
    return hexRequestId();
  }

  route(ctx: RequestContext): void {
    const { bucket } = resolveOssRequestAddress(ctx.host, ctx.rawPath);
    if (bucket === undefined && ctx.method === 'GET') ctx.operation = 'ListBuckets';
  }

  handle(ctx: RequestContext): EmulatorResponse {
    const address = resolveOssRequestAddress(ctx.host, ctx.rawPath);
    this.#authenticate(ctx, address);
    if (ctx.operation === 'ListBuckets') return this.#listBuckets(ctx);
    if (address.bucket !== undefined && !this.buckets.get(address.bucket)) {
      throw ossError('NoSuchBucket', { fields: [['BucketName', address.bucket]] });
    }
    throw ossError('NotImplemented', { message: `The emulator does not implement ${ctx.method} ${ctx.path} yet.` });
  }

  renderError(error: ServiceError, ctx: RequestContext): EmulatorResponse {
    return renderOssError(error, ctx, ctx.host || `oss-${this.region}.aliyuncs.com`);
  }

  faultError(status: number, code: string | undefined, message: string | undefined): ServiceError {
    return ossError(code ?? ossCodeForStatus(status), { status, ...(message === undefined ? {} : { message }) });
  }

  internalError(cause: unknown): ServiceError {
    return ossError('InternalError', {
      message: `The emulator failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    });
  }

  finishResponse(response: EmulatorResponse): EmulatorResponse {
    return { ...response, headers: { server: 'AliyunOSS', ...response.headers } };
  }

  #authenticate(ctx: RequestContext, address: OssAddress): void {
    const options = { now: this.#now, bucket: address.bucket ?? null, key: address.key ?? null };
    const result: VerificationResult =
      ossSignatureVersionOf(ctx.received) === 'v4'
        ? verifyOssV4(ctx.received, this.#accounts.lookup, options)
        : verifyOssV1(ctx.received, this.#accounts.lookup, options);
    acceptVerification(ctx, result, this.#accounts, {
      verification: (failure) => ossVerificationError(failure, ctx, this.#now()),
      securityToken: ossSecurityTokenError,
    });
  }

  #listBuckets(ctx: RequestContext): EmulatorResponse {
    const prefix = ctx.queryParam('prefix') ?? undefined;
    const marker = ctx.queryParam('marker') ?? undefined;
    const maxKeysText = ctx.queryParam('max-keys') ?? undefined;
    const maxKeys = maxKeysText === undefined ? 100 : Number(maxKeysText);
    if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 1000) {
      throw ossError('InvalidArgument', {
        message: 'Argument max-keys must be an integer from 1 to 1000.',
        fields: [
          ['ArgumentName', 'max-keys'],
          ['ArgumentValue', maxKeysText ?? ''],
        ],
      });
    }
    const matching = this.buckets
      .list()
      .filter((b) => (prefix === undefined || b.name.startsWith(prefix)) && (marker === undefined || b.name > marker));
    const page = matching.slice(0, maxKeys);
    const truncated = matching.length > page.length;
    const paging: XmlElement[] = [];
    if (prefix !== undefined || marker !== undefined || maxKeysText !== undefined) {
      paging.push(['Prefix', prefix ?? ''], ['Marker', marker ?? ''], ['MaxKeys', maxKeys], ['IsTruncated', truncated]);
      if (truncated) paging.push(['NextMarker', (page[page.length - 1] as OssBucket).name]);
    }
    const body = renderXml([
      'ListAllMyBucketsResult',
      [
        ...paging,
        [
          'Owner',
          [
            ['ID', OWNER_ID],
            ['DisplayName', OWNER_ID],
          ],
        ],
        ['Buckets', page.map((b) => this.#bucketXml(b))],
      ],
    ]);
    return { status: 200, headers: { 'content-type': 'application/xml' }, body };
  }

  #bucketXml(bucket: OssBucket): XmlElement {
    return [
      'Bucket',
      [
        ['CreationDate', bucket.creationDate.toISOString()],
        ['ExtranetEndpoint', `oss-${this.region}.aliyuncs.com`],
        ['IntranetEndpoint', `oss-${this.region}-internal.aliyuncs.com`],
        ['Location', `oss-${this.region}`],
        ['Name', bucket.name],
        ['Region', this.region],
        ['StorageClass', bucket.storageClass],
      ],
    ];
  }
}

/** Hex bytes of the UTF-8 string to sign, as OSS puts them in `<StringToSignBytes>`. */
function hexBytes(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
}

function ossVerificationError(failure: VerificationFailed, ctx: RequestContext, now: Date): ServiceError {
  const accessKeyId = failure.accessKeyId ?? '';
  switch (failure.reason) {
    case 'MissingSignature':
      return ossError('AccessDenied', { message: 'Anonymous access is forbidden for this operation.' });
    case 'InvalidAuthorization':
      return ossError('InvalidArgument', { message: `Authorization header is invalid. ${failure.message}` });
    case 'InvalidAccessKeyId':
      return ossError('InvalidAccessKeyId', { fields: [['OSSAccessKeyId', accessKeyId]] });
    case 'RequestTimeTooSkewed':
      return ossError('RequestTimeTooSkewed', {
        fields: [
          ['RequestTime', ctx.header('x-oss-date') ?? ctx.header('date') ?? ''],
          ['ServerTime', formatHttpDate(now)],
          ['MaxAllowedSkewMilliseconds', '900000'],
        ],
      });
    case 'RequestExpired':
      return ossError('AccessDenied', {
        message: 'Request has expired.',
        fields: [
          ['Expires', ctx.queryParam('Expires') ?? ctx.queryParam('x-oss-expires') ?? ''],
          ['ServerTime', now.toISOString()],
        ],
      });
    case 'ContentDigestMismatch':
      return ossError('InvalidDigest');
    case 'SignatureDoesNotMatch': {
      const fields: Array<[string, string]> = [['OSSAccessKeyId', accessKeyId]];
      const provided = providedSignature(ctx);
      if (provided !== undefined) fields.push(['SignatureProvided', provided]);
      if (failure.expectedStringToSign !== undefined) {
        fields.push(['StringToSign', failure.expectedStringToSign]);
        fields.push(['StringToSignBytes', hexBytes(failure.expectedStringToSign)]);
      }
      return ossError('SignatureDoesNotMatch', { fields });
    }
  }
}

/** The signature the caller sent (OSS echoes it back so the caller can compare). */
function providedSignature(ctx: RequestContext): string | undefined {
  const auth = ctx.header('authorization')?.trim();
  if (auth?.startsWith('OSS ')) return auth.slice(auth.lastIndexOf(':') + 1);
  if (auth?.startsWith('OSS4-HMAC-SHA256')) return /Signature=([0-9a-f]+)/.exec(auth)?.[1];
  return ctx.queryParam('Signature') ?? ctx.queryParam('x-oss-signature') ?? undefined;
}

function ossSecurityTokenError(problem: SecurityTokenProblem, accessKeyId: string): ServiceError {
  switch (problem) {
    case 'MissingSecurityToken':
      // A temporary key does not exist without its token.
      return ossError('InvalidAccessKeyId', { fields: [['OSSAccessKeyId', accessKeyId]] });
    case 'InvalidSecurityToken':
      return ossError('InvalidSecurityToken');
    case 'SecurityTokenExpired':
      return ossError('SecurityTokenExpired');
  }
}
