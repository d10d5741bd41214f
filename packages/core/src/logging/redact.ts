/**
 * Redaction by allow-list. Structured values keep only the keys known to be safe; every other
 * string value is replaced by `[REDACTED]`. Free text (messages, URLs) is scrubbed of the
 * parameters, headers and patterns that carry secrets.
 */

const REDACTED = '[REDACTED]';

/** Keys whose values are safe to show in logs and errors (compared lower-case, without `-`/`_`). */
const SAFE_KEYS = new Set(
  [
    'accessKeyId',
    'requestId',
    'hostId',
    'code',
    'errorCode',
    'message',
    'errorMessage',
    'status',
    'statusCode',
    'method',
    'host',
    'hostname',
    'path',
    'operation',
    'service',
    'action',
    'version',
    'region',
    'regionId',
    'endpoint',
    'bucket',
    'key',
    'project',
    'logstore',
    'instanceName',
    'tableName',
    'attempt',
    'attempts',
    'durationMs',
    'elapsedMs',
    'delayMs',
    'retryable',
    'retryAfterMs',
    'contentType',
    'contentLength',
    'date',
    'xOssRequestId',
    'xLogRequestid',
    'xAcsRequestId',
    'xOtsRequestid',
    'xOdpsRequestId',
    'recommend',
    'ec',
    'source',
    'name',
    'type',
    'expiration',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/** True when the value under `key` may be shown. */
export function isSafeKey(key: string): boolean {
  return SAFE_KEYS.has(normaliseKey(key));
}

/** Query parameters and header names whose values are secrets. */
const SECRET_PARAMS =
  'Signature|signature|x-oss-signature|SecurityToken|security-token|x-oss-security-token|AccessKeySecret|accessKeySecret|OSSAccessKeySecret|password|Password|token|Token|x-acs-security-token|x-ots-signature|x-ots-ststoken|authorization-sts-token';

const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_PARAMS})=)[^&#\\s"']*`, 'g');
const SECRET_HEADER_LINE = new RegExp(
  `((?:authorization|${SECRET_PARAMS}|x-acs-security-token|x-oss-security-token)\\s*[:=]\\s*)("[^"]*"|[^,;\\s}]+(?:\\s+[^,;\\s}]+)?)`,
  'gi',
);
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@/\s]+@/gi;

/** Extra strings (a known secret value) that must never be printed. */
const knownSecrets = new Set<string>();

/**
 * Registers a secret value so that {@link redactText} removes it wherever it appears. Credential
 * providers call this for every AccessKeySecret and SecurityToken they hand out.
 */
export function registerSecret(value: string | undefined): void {
  if (value && value.length >= 8) knownSecrets.add(value);
  if (knownSecrets.size > 1000) {
    const first = knownSecrets.values().next().value;
    if (first !== undefined) knownSecrets.delete(first);
  }
}

/** Scrubs free text: signature and token parameters, Authorization values, user:password@ in URLs, known secrets. */
export function redactText(text: string): string {
  let out = text
    .replace(SECRET_QUERY, `$1${REDACTED}`)
    .replace(SECRET_HEADER_LINE, `$1${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
  for (const secret of knownSecrets) {
    if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/**
 * Copies a structured value keeping only allow-listed keys' values; other strings become
 * `[REDACTED]`. Numbers and booleans are kept (they carry no secret). Depth-limited.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (typeof value === 'string') return REDACTED;
  if (depth > 5) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (typeof v === 'string') out[k] = isSafeKey(k) ? redactText(v) : REDACTED;
      else out[k] = redactValue(v, depth + 1);
    }
    return out;
  }
  return REDACTED;
}
