import { registerSecret } from '../logging/redact';
import type { CredentialProvider, Credentials } from './types';

/** Options of {@link fromStatic}. */
export interface StaticCredentialsOptions {
  /** The AccessKey ID. */
  accessKeyId: string;
  /** The AccessKey secret. */
  accessKeySecret: string;
  /** The STS security token, for temporary credentials. @defaultValue none (long-term AccessKey) */
  securityToken?: string | undefined;
  /** When temporary credentials stop working. @defaultValue none */
  expiration?: Date | undefined;
  /**
   * The `source` the credentials report.
   * @defaultValue `static_sts` with a security token, `static_ak` without (the official names)
   */
  source?: string | undefined;
}

/**
 * A provider that always returns the credentials it was given (as a fresh copy, so a caller that
 * changes the object cannot change the next answer).
 *
 * @example
 * ```ts
 * const client = new OssClient({ region: 'cn-hangzhou', credentials: fromStatic({ accessKeyId, accessKeySecret }) });
 * ```
 *
 * @throws TypeError when `accessKeyId` or `accessKeySecret` is missing or empty, when
 * `securityToken` is given but empty, or when `expiration` is not a valid `Date`
 */
export function fromStatic(options: StaticCredentialsOptions): CredentialProvider {
  if (typeof options !== 'object' || options === null) throw new TypeError('fromStatic: options must be an object');
  const { accessKeyId, accessKeySecret, securityToken, expiration, source } = options;
  requireText('accessKeyId', accessKeyId);
  requireText('accessKeySecret', accessKeySecret);
  if (securityToken !== undefined) requireText('securityToken', securityToken);
  if (expiration !== undefined && !(expiration instanceof Date && !Number.isNaN(expiration.getTime()))) {
    throw new TypeError('fromStatic: expiration must be a valid Date');
  }
  if (source !== undefined) requireText('source', source);
  registerSecret(accessKeySecret);
  registerSecret(securityToken);
  const name = source ?? (securityToken === undefined ? 'static_ak' : 'static_sts');
  const expiresAt = expiration?.getTime();
  return async (): Promise<Credentials> => ({
    accessKeyId,
    accessKeySecret,
    ...(securityToken === undefined ? {} : { securityToken }),
    ...(expiresAt === undefined ? {} : { expiration: new Date(expiresAt) }),
    source: name,
  });
}

function requireText(name: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new TypeError(`fromStatic: ${name} must be a non-empty string`);
  }
}
