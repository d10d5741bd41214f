import { createHash, createHmac } from 'node:crypto';

// Core keeps these primitives in signing/crypto.ts but does not export them from its entry point,
// and the emulators may only import `@alikit/core`; these two are what response signing needs.

/** base64 MD5 of `data` (Tablestore `x-ots-contentmd5`). */
export function md5Base64(data: Uint8Array): string {
  return createHash('md5').update(data).digest('base64');
}

/** base64 HMAC-SHA1 of UTF-8 `data` under `key` (Tablestore response signature). */
export function hmacSha1Base64(key: string, data: string): string {
  return createHmac('sha1', key).update(data, 'utf8').digest('base64');
}
