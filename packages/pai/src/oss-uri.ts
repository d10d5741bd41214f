/** The parts of an `oss://` URI. */
export interface OssUri {
  /** The bucket name. */
  bucket: string;
  /** The endpoint written after the bucket (`oss-cn-hangzhou-internal.aliyuncs.com`), when there is one. */
  endpoint: string | undefined;
  /** The object key or prefix after the bucket, without the leading `/` (may be empty: the bucket root). */
  key: string;
}

const BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
const MAX_KEY_BYTES = 1023;

/**
 * Reads an `oss://<bucket>[.<endpoint>]/<key>` URI, the form PAI takes for channel data.
 *
 * @example
 * ```ts
 * parseOssUri('oss://example-bucket.oss-cn-hangzhou-internal.aliyuncs.com/datasets/mnist/');
 * // { bucket: 'example-bucket', endpoint: 'oss-cn-hangzhou-internal.aliyuncs.com', key: 'datasets/mnist/' }
 * ```
 * @throws TypeError naming what is wrong: another scheme, a bucket name OSS would refuse, a
 *   malformed endpoint, no `/` after the bucket, whitespace or control characters, a query or
 *   fragment, or a key longer than 1023 bytes.
 */
export function parseOssUri(uri: string): OssUri {
  if (typeof uri !== 'string') throw new TypeError('an oss:// URI must be a string');
  const shown = JSON.stringify(uri.length > 80 ? `${uri.slice(0, 80)}…` : uri);
  if (!uri.startsWith('oss://')) {
    throw new TypeError(`${shown} is not an oss:// URI (expected oss://<bucket>/<path>)`);
  }
  if (/[\s\u0000-\u001f\u007f\\]/.test(uri)) {
    throw new TypeError(`${shown} contains whitespace, a control character or a backslash`);
  }
  if (/[?#]/.test(uri))
    throw new TypeError(`${shown} has a query or fragment; an oss:// URI names an object or prefix`);
  const rest = uri.slice('oss://'.length);
  const slash = rest.indexOf('/');
  if (slash < 0) throw new TypeError(`${shown} has no path: write oss://<bucket>/ for the bucket root`);
  const authority = rest.slice(0, slash);
  const key = rest.slice(slash + 1);
  const dot = authority.indexOf('.');
  const bucket = dot < 0 ? authority : authority.slice(0, dot);
  const endpoint = dot < 0 ? undefined : authority.slice(dot + 1);
  if (!BUCKET.test(bucket)) {
    throw new TypeError(
      `${shown} has bucket ${JSON.stringify(bucket)}: bucket names are 3–63 lower-case letters, digits and hyphens, ` +
        'starting and ending with a letter or digit',
    );
  }
  if (endpoint !== undefined && !endpoint.split('.').every((label) => HOST_LABEL.test(label))) {
    throw new TypeError(`${shown} has a malformed endpoint ${JSON.stringify(endpoint)}`);
  }
  if (key.startsWith('/')) throw new TypeError(`${shown} has an empty path segment after the bucket`);
  if (Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES) {
    throw new TypeError(`${shown} has a path longer than ${MAX_KEY_BYTES} bytes`);
  }
  return { bucket, endpoint, key };
}

/** Writes an {@link OssUri} back as `oss://<bucket>[.<endpoint>]/<key>`. */
export function formatOssUri(parts: OssUri): string {
  return `oss://${parts.bucket}${parts.endpoint === undefined ? '' : `.${parts.endpoint}`}/${parts.key}`;
}
