/** One step of a JSON path: an object key or an array index. */
export type JsonPathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * Formats a JSON path the way findings and errors show it: `$.Statement[1].Effect`, with keys that
 * are not plain identifiers quoted (`$.Statement[0].Condition.StringEquals["ecs:tag/Environment"]`).
 */
export function formatJsonPath(segments: readonly JsonPathSegment[]): string {
  let out = '$';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) out += `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
