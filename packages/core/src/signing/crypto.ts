import * as nodeCrypto from 'node:crypto';

const { createHash, createHmac, createSecretKey } = nodeCrypto;

export type BinaryLike = string | Uint8Array;

/** An HMAC key: text (taken as UTF-8), bytes, or a secret KeyObject holding the same bytes. */
export type HmacKey = BinaryLike | nodeCrypto.KeyObject;

// Per credentials object: its secret and, from the second signature on, a KeyObject of it.
const secretKeys = new WeakMap<object, { secret: string; key: nodeCrypto.KeyObject | undefined }>();

/**
 * The HMAC key for `credentials.accessKeySecret`. A client signs many requests with one
 * credentials object, and Node converts a text key to bytes on every HMAC; from the second use on,
 * this returns a KeyObject of the same bytes, held in a WeakMap entry of that object, so it lives
 * no longer than the credentials themselves. A changed secret is noticed; one-off objects get the
 * text back.
 */
export function secretHmacKey(credentials: { readonly accessKeySecret: string }): HmacKey {
  const secret = credentials.accessKeySecret;
  const cached = secretKeys.get(credentials);
  if (cached !== undefined && cached.secret === secret) {
    cached.key ??= createSecretKey(Buffer.from(secret, 'utf8'));
    return cached.key;
  }
  secretKeys.set(credentials, { secret, key: undefined });
  return secret;
}

/**
 * `crypto.hash` (Node 20.12+/21.7+) digests in one call without a Hash object, which for the short
 * inputs signers hash is markedly cheaper; same bytes in, same text out. Older Node uses `createHash`.
 * A namespace import, because a named import of a missing export would fail to load there.
 */
const oneShotHash = (
  nodeCrypto as { hash?: (algorithm: string, data: BinaryLike, encoding: 'hex' | 'base64') => string }
).hash;

function digestText(algorithm: string, data: BinaryLike, encoding: 'hex' | 'base64'): string {
  return oneShotHash ? oneShotHash(algorithm, data, encoding) : createHash(algorithm).update(data).digest(encoding);
}

/** HMAC-SHA1 of `data` under `key`, base64. Strings are taken as UTF-8. */
export function hmacSha1Base64(key: HmacKey, data: BinaryLike): string {
  return createHmac('sha1', key).update(data).digest('base64');
}

/** HMAC-SHA256 of `data` under `key`, raw bytes. */
export function hmacSha256(key: BinaryLike, data: BinaryLike): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** HMAC-SHA256 of `data` under `key`, lower-case hex. */
export function hmacSha256Hex(key: HmacKey, data: BinaryLike): string {
  return createHmac('sha256', key).update(data).digest('hex');
}

/** SHA-256 of `data`, lower-case hex. */
export function sha256Hex(data: BinaryLike): string {
  return digestText('sha256', data, 'hex');
}

/** MD5 of `data`, base64 (Content-MD5). */
export function md5Base64(data: BinaryLike): string {
  return digestText('md5', data, 'base64');
}

/** MD5 of `data`, upper-case hex (SLS Content-MD5). */
export function md5HexUpper(data: BinaryLike): string {
  return digestText('md5', data, 'hex').toUpperCase();
}

/**
 * Derives the `aliyun_v4` signing key used by OSS V4 and MaxCompute V4:
 * HMAC-SHA256 chain over `prefix + secret` → date → region → product → `aliyun_v4_request`.
 */
export function deriveAliyunV4Key(
  secret: string,
  date: string,
  region: string,
  product: string,
  prefix = 'aliyun_v4',
): Buffer {
  const kDate = hmacSha256(prefix + secret, date);
  const kRegion = hmacSha256(kDate, region);
  const kProduct = hmacSha256(kRegion, product);
  return hmacSha256(kProduct, 'aliyun_v4_request');
}

/** Compares two strings in constant time for their common length (signature checks). */
export function timingSafeEqualString(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
