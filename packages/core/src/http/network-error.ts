/** What a failed `fetch` tells about retrying. */
export interface NetworkFailure {
  /** The system or undici error code found on the error or its causes (`ECONNRESET`, `UND_ERR_SOCKET`, ...). */
  code: string | undefined;
  /** A readable description for the error message (already free of URLs). */
  description: string;
  /** The connection was never established, so the server cannot have seen the request. */
  notSent: boolean;
  /** Repeating cannot help (unknown host, certificate problems). */
  permanent: boolean;
}

// Failures while connecting: no byte of the request reached the server.
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

// A wrong host name or a certificate the client refuses will fail the same way next time.
const PERMANENT = new Set([
  'ENOTFOUND',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

const DESCRIPTIONS: Record<string, string> = {
  ECONNRESET: 'connection reset by the server',
  ECONNREFUSED: 'connection refused',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed temporarily',
  UND_ERR_SOCKET: 'connection closed by the server',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'no response headers in time',
  UND_ERR_BODY_TIMEOUT: 'response body stalled',
};

/**
 * Reads the error a `fetch` (or reading its body) rejected with. Node's fetch wraps the system
 * error as `TypeError('fetch failed', { cause })`, other fetch implementations put `code` on the
 * error itself, so the cause chain (and an `AggregateError`'s members) is searched.
 *
 * Returns `undefined` for an error that is not about the network: a bare `TypeError` without cause
 * or code is fetch refusing its arguments, which no retry can fix.
 */
export function classifyNetworkError(error: unknown): NetworkFailure | undefined {
  const code = findCode(error, 0);
  const hasCause = error instanceof Error && error.cause !== undefined;
  if (code === undefined && !hasCause) return undefined;
  const detail = code ? (DESCRIPTIONS[code] ?? lastMessage(error)) : lastMessage(error);
  return {
    code,
    description: code ? `${detail} (${code})` : detail,
    notSent: code !== undefined && NOT_SENT.has(code),
    permanent: code !== undefined && (PERMANENT.has(code) || code.startsWith('CERT_')),
  };
}

function findCode(error: unknown, depth: number): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const own = (error as { code?: unknown }).code;
  // Search the cause first: the innermost code is the precise one.
  const inner = findCode((error as { cause?: unknown }).cause, depth + 1);
  if (inner) return inner;
  const members = (error as { errors?: unknown }).errors;
  if (Array.isArray(members)) {
    for (const member of members) {
      const found = findCode(member, depth + 1);
      if (found) return found;
    }
  }
  return typeof own === 'string' && own.length > 0 ? own : undefined;
}

function lastMessage(error: unknown): string {
  let current: unknown = error;
  let message = 'network error';
  for (let i = 0; i < 5 && current instanceof Error; i++) {
    if (current.message) message = current.message;
    current = current.cause;
  }
  // Messages of network errors can quote the address; keep only the first line and no URL.
  return message.split('\n')[0]!.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '<url>');
}
