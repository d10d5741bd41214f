/** The response headers in which each Alibaba Cloud service puts its request id. */
export const REQUEST_ID_HEADERS: readonly string[] = Object.freeze([
  'x-acs-request-id', // POP (RPC, ROA, ACS3), STS
  'x-oss-request-id', // OSS
  'x-log-requestid', // SLS
  'x-ots-requestid', // Tablestore
  'x-ots-request-id', // Tablestore, older spelling the npm SDK also reads
  'x-odps-request-id', // MaxCompute
]);

/** The service's request id from the response headers, or `undefined` when none is present. */
export function requestIdFromHeaders(headers: Headers): string | undefined {
  for (const name of REQUEST_ID_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value) return value;
  }
  return undefined;
}

/**
 * Checks and copies caller-supplied request headers into a plain object.
 *
 * @throws TypeError when a name or value is not a string, or a value contains CR/LF (header injection).
 */
export function copyRequestHeaders(headers: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  if (typeof headers !== 'object' || headers === null) throw new TypeError('headers must be an object of strings');
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') throw new TypeError(`header ${name} must be a string, got ${typeof value}`);
    if (/[\r\n]/.test(value)) throw new TypeError(`header ${name} must not contain CR or LF`);
    out[name] = value;
  }
  return out;
}
