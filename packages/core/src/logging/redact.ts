/**
 * Redaction by allow-list. Structured values keep only the keys known to be safe; every other
 * string value is replaced by `[REDACTED]`. Free text (messages, URLs) is scrubbed of the
 * parameters, headers and patterns that carry secrets, and of every secret value registered with
 * {@link registerSecret}, in plain, percent-encoded and hex form.
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
    'serviceMessage',
    'status',
    'statusCode',
    'method',
    'url',
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
    'bucketName',
    'key',
    'uploadId',
    'project',
    'logstore',
    'instanceName',
    'tableName',
    'attempt',
    'attempts',
    'durationMs',
    'elapsedMs',
    'delayMs',
    'timeoutMs',
    'retryable',
    'retryAfterMs',
    'contentType',
    'contentLength',
    'date',
    'xOssRequestId',
    'xLogRequestid',
    'xAcsRequestId',
    'xOtsRequestid',
    'xOtsRequestId',
    'xOdpsRequestId',
    'xOdpsRequestid',
    'recommend',
    'ec',
    'argumentName',
    'condition',
    'nextAppendPosition',
    'authAction',
    'noPermissionType',
    'policyType',
    'authPrincipalType',
    'source',
    'name',
    'type',
    'expiration',
    // Credentials resolution reports: provider names and their (already scrubbed) one-line reasons.
    'provider',
    'outcome',
    'reason',
    'winner',
  ].map(normaliseKey),
);

function normaliseKey(key: string): string {
  return key.replace(/[-_]/g, '').toLowerCase();
}

/** True when the value under `key` may be shown. */
export function isSafeKey(key: string): boolean {
  return SAFE_KEYS.has(normaliseKey(String(key)));
}

/**
 * Names whose value is a secret, matched as the end of a parameter, header or property name, so
 * `SecurityToken`, `x-oss-security-token`, `AccessKeySecret`, `SourceEndpointPassword`,
 * `x-oss-signature` and `x-odps-bearer-token` are all covered (paging tokens are hidden too: a
 * harmless over-reach).
 */
const SECRET_NAME_ENDINGS = 'password|passwd|secret|signature|token|private[-_]?key|api[-_]?key';
const NAME_CHARS = 'A-Za-z0-9_.\\-';

/**
 * `name=value`, `name: value`, `"name":"value"`, `'name': 'value'`, `?name=value&`. A quoted value
 * without its closing quote (a body snippet cut short, as in a JSON `SyntaxError` message) is
 * hidden up to the end of the text.
 */
const SECRET_PAIR = new RegExp(
  `(?<![${NAME_CHARS}])([${NAME_CHARS}]*?(?:${SECRET_NAME_ENDINGS})["']?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"?|'[^']*'?|[^\\s,;&}"'#]+)`,
  'gi',
);

/** The same inside a percent-encoded string (a POP string-to-sign): `%26SecurityToken%3D…%26`. */
const ENCODED_SECRET_PAIR = new RegExp(
  `((?:%26|%2526|%3F|%253F)[${NAME_CHARS}]*?(?:${SECRET_NAME_ENDINGS})(?:%3D|%253D))((?:(?!%26|%2526)[^&\\s"'#])+)`,
  'gi',
);

/** `Authorization: OSS LTAI…:sig`, `authorization=Bearer …`, `"Authorization":"acs …"`. */
const AUTHORIZATION = new RegExp(
  `(?<![${NAME_CHARS}])((?:proxy-)?authorization["']?\\s*[:=]\\s*)("(?:[^"\\\\]|\\\\.)*"?|'[^']*'?|[^\\s,;&}"'#]+(?:[ \\t]+[^\\s,;&}"'#]+)?)`,
  'gi',
);

/** Some services quote the signature they received: `signature EUqPKQ…= not match`. */
const QUOTED_SIGNATURE = /(\bsignature\s+)([A-Za-z0-9+/_-]{16,}={0,2})/gi;

const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]+:)[^@/\s]+@/gi;

/** Known secret values (oldest first) with their encoded spellings. */
const knownSecrets = new Map<string, readonly string[]>();
/** Every spelling of every known secret, longest first so a longer form wins; rebuilt lazily. */
let knownForms: string[] | undefined = [];
const MAX_SECRETS = 1000;
const MIN_SECRET_LENGTH = 8;

function encodedForms(secret: string): string[] {
  const forms = new Set([secret]);
  const once = encodeURIComponent(secret);
  forms.add(once);
  forms.add(encodeURIComponent(once));
  // RFC 3986-strict encoding (used by the POP signers) also escapes !'()*.
  forms.add(once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`));
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  const spaced = hex.replace(/(..)(?!$)/g, '$1 ');
  forms.add(spaced);
  forms.add(spaced.toUpperCase());
  return [...forms];
}

function allForms(): string[] {
  knownForms ??= [...knownSecrets.values()].flat().sort((a, b) => b.length - a.length);
  return knownForms;
}

/**
 * Registers a secret value so that {@link redactText} removes it wherever it appears, also
 * percent-encoded (once or twice) or as hex bytes. Credential providers call this for every
 * AccessKeySecret and SecurityToken they hand out. Values shorter than 8 characters are ignored
 * (they would match ordinary text); the registry keeps the 1000 most recent values.
 */
export function registerSecret(value: string | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) return;
  // Re-adding moves the value to the newest end, so a long-lived secret is not evicted.
  const forms = knownSecrets.get(value) ?? encodedForms(value);
  const isNew = !knownSecrets.delete(value);
  knownSecrets.set(value, forms);
  while (knownSecrets.size > MAX_SECRETS) {
    const oldest = knownSecrets.keys().next().value;
    if (oldest === undefined) break;
    knownSecrets.delete(oldest);
  }
  if (isNew) knownForms = undefined;
}

/**
 * Scrubs free text: secret-named parameters, headers and properties (also percent-encoded),
 * Authorization values, quoted signatures, `user:password@` in URLs, and registered secrets.
 */
export function redactText(text: string): string {
  let out = String(text);
  for (const form of allForms()) {
    if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out
    .replace(AUTHORIZATION, keepQuotes)
    .replace(SECRET_PAIR, keepQuotes)
    .replace(ENCODED_SECRET_PAIR, `$1${REDACTED}`)
    .replace(QUOTED_SIGNATURE, `$1${REDACTED}`)
    .replace(URL_CREDENTIALS, `$1${REDACTED}@`);
}

/** Replaces the value of a matched pair, keeping its quotes so quoted JSON stays well-formed. */
function keepQuotes(_whole: string, head: string, value: string): string {
  const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
  return `${head}${quote}${REDACTED}${quote}`;
}

const MAX_DEPTH = 6;

/**
 * Copies a structured value keeping only allow-listed keys' values; other strings become
 * `[REDACTED]`. Numbers and booleans are kept (they carry no secret); bigints become decimal text
 * so the result always survives `JSON.stringify`. Bytes are summarised by length, errors keep
 * their name and redacted message, `Map`/`Set`/`Headers` are walked like objects and arrays, and
 * a `URL` keeps its scrubbed text. Cycles and nesting deeper than 6 levels are cut off.
 */
export function redactValue(value: unknown, depth = 0): unknown {
  return redactInner(value, depth, new WeakSet());
}

function redactInner(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (value === null || value === undefined) return value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return REDACTED;
  if (typeof value === 'symbol' || typeof value === 'function') return undefined;
  if (typeof value !== 'object') return REDACTED;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (value instanceof URL) return redactText(value.href);
  if (ArrayBuffer.isView(value)) return `[${value.byteLength} bytes]`;
  if (value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return REDACTED;
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) {
      return [...value].slice(0, 100).map((v) => redactInner(v, depth + 1, seen));
    }
    if (value instanceof Map) return redactEntries([...value.entries()], depth, seen);
    if (isHeadersLike(value)) return redactEntries([...value.entries()], depth, seen);
    const entries = Object.entries(value);
    if (value instanceof Error) {
      const out = redactEntries(entries, depth, seen);
      const cause = (value as { cause?: unknown }).cause;
      return {
        name: value.name,
        message: redactText(value.message),
        ...out,
        ...(cause === undefined ? {} : { cause: redactInner(cause, depth + 1, seen) }),
      };
    }
    return redactEntries(entries, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function redactEntries(entries: [unknown, unknown][], depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [rawKey, v] of entries.slice(0, 200)) {
    const k = String(rawKey);
    if (typeof v === 'string') out[k] = isSafeKey(k) ? redactText(v) : REDACTED;
    else out[k] = redactInner(v, depth + 1, seen);
  }
  return out;
}

function isHeadersLike(value: object): value is { entries(): Iterable<[string, unknown]> } {
  return (
    typeof (value as { get?: unknown }).get === 'function' &&
    typeof (value as { entries?: unknown }).entries === 'function' &&
    typeof (value as { has?: unknown }).has === 'function'
  );
}

const SECRET_KEY = new RegExp(`${SECRET_NAME_ENDINGS}|authorization`, 'i');

/**
 * Copies a value keeping it readable but without secrets: values under secret-named keys
 * (any name containing `secret`, `token`, `signature`, `password` or `authorization`) become `[REDACTED]`, every
 * other string goes through {@link redactText}, bytes are summarised by length. Used for the raw
 * `details` of an error, which (unlike logs) keep fields that are not on the allow-list.
 */
export function scrubValue(value: unknown): unknown {
  return scrubInner(value, 0, new WeakSet());
}

function scrubInner(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (value instanceof Date) return value;
  if (value instanceof URL) return redactText(value.href);
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return REDACTED;
  seen.add(value);
  try {
    if (Array.isArray(value) || value instanceof Set) return [...value].map((v) => scrubInner(v, depth + 1, seen));
    const entries =
      value instanceof Map || isHeadersLike(value)
        ? [...(value as Map<unknown, unknown>).entries()]
        : Object.entries(value);
    const out: Record<string, unknown> = {};
    if (value instanceof Error) {
      out.name = value.name;
      out.message = redactText(value.message);
    }
    for (const [rawKey, v] of entries) {
      const key = String(rawKey);
      out[key] = SECRET_KEY.test(key) && v !== null && v !== undefined ? REDACTED : scrubInner(v, depth + 1, seen);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}
