/**
 * Dimensions of a time series: up to 10 pairs, keys and values 1–64 characters of
 * `A–Z a–z 0–9 . _ - / \`.
 */
export type Dimensions = Readonly<Record<string, string>>;

/** The most dimension pairs CloudMonitor keeps for one series. */
export const MAX_DIMENSIONS = 10;
/** The longest metric name, dimension key or dimension value CloudMonitor keeps (longer ones are cut). */
export const MAX_NAME_LENGTH = 64;

const METRIC_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const DIMENSION_TEXT = /^[A-Za-z0-9._\-/\\]+$/;
const RESERVED = /[=&,]/;

/**
 * Checks a metric name against CloudMonitor's rules (letters, digits and `_`, starting with a
 * letter, at most 64 characters), which the service would otherwise apply by silently rewriting it.
 *
 * @throws TypeError naming the metric and what the service would have stored instead.
 */
export function checkMetricName(name: unknown): string {
  if (typeof name !== 'string' || name === '') {
    throw new TypeError(`metric name must be a non-empty string, got ${describe(name)}`);
  }
  if (name.length > MAX_NAME_LENGTH || !METRIC_NAME.test(name)) {
    const why =
      name.length > MAX_NAME_LENGTH
        ? `is longer than ${MAX_NAME_LENGTH} characters`
        : !/^[A-Za-z]/.test(name)
          ? 'must start with a letter'
          : 'may hold only letters, digits and "_"';
    throw new TypeError(
      `metric name ${JSON.stringify(name)} ${why}; CloudMonitor would store it as ${JSON.stringify(sanitizeMetricName(name))}`,
    );
  }
  return name;
}

/**
 * Checks one dimension key or value (1–64 characters of `A–Z a–z 0–9 . _ - / \`; `=`, `&` and `,`
 * are reserved).
 * @throws TypeError naming the metric, the key and the rule broken.
 */
export function checkDimensionText(text: unknown, role: 'key' | 'value', subject: string, key: string): string {
  const where = role === 'key' ? `dimension key ${JSON.stringify(text)}` : `dimension ${JSON.stringify(key)}`;
  if (typeof text !== 'string') {
    throw new TypeError(`${subject}: ${where} must be a string, got ${describe(text)}`);
  }
  if (text === '') throw new TypeError(`${subject}: ${where} must not be empty`);
  if (text.length > MAX_NAME_LENGTH) {
    throw new TypeError(
      `${subject}: ${where} is longer than ${MAX_NAME_LENGTH} characters (CloudMonitor would cut it)`,
    );
  }
  if (!DIMENSION_TEXT.test(text)) {
    const reserved = RESERVED.exec(text)?.[0];
    const why =
      reserved !== undefined
        ? `holds the reserved character ${JSON.stringify(reserved)}`
        : 'may hold only letters, digits and . _ - / \\';
    const what = role === 'key' ? where : `${where} value ${JSON.stringify(text)}`;
    throw new TypeError(
      `${subject}: ${what} ${why}; CloudMonitor would store ${JSON.stringify(sanitizeDimensionText(text))}`,
    );
  }
  return text;
}

/**
 * Checks a dimension map and returns its pairs sorted by key, the canonical form a series is known by.
 * `subject` starts every message (`metric "orders"`, `defaultDimensions`).
 * @throws TypeError for a map that is not a plain object, more than 10 pairs, or a bad key or value.
 */
export function checkDimensions(dimensions: unknown, subject: string): Array<[string, string]> {
  if (dimensions === undefined) return [];
  if (typeof dimensions !== 'object' || dimensions === null || Array.isArray(dimensions)) {
    throw new TypeError(`${subject}: dimensions must be an object of strings, got ${describe(dimensions)}`);
  }
  const keys = Object.keys(dimensions);
  if (keys.length > MAX_DIMENSIONS) {
    throw new TypeError(
      `${subject}: ${keys.length} dimensions (${keys.join(', ')}); CloudMonitor allows at most ${MAX_DIMENSIONS}`,
    );
  }
  const pairs: Array<[string, string]> = [];
  for (const key of keys) {
    checkDimensionText(key, 'key', subject, key);
    pairs.push([key, checkDimensionText((dimensions as Record<string, unknown>)[key], 'value', subject, key)]);
  }
  return pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** How messages about one metric begin. */
export function metricSubject(name: string): string {
  return `metric ${JSON.stringify(name)}`;
}

/**
 * Checks a sample value: a finite number.
 * @throws TypeError when it is not a number; RangeError for NaN and ±Infinity, naming the metric.
 */
export function checkValue(value: unknown, metric: string): number {
  if (typeof value !== 'number') {
    throw new TypeError(`metric ${JSON.stringify(metric)}: value must be a number, got ${describe(value)}`);
  }
  if (!Number.isFinite(value)) {
    throw new RangeError(`metric ${JSON.stringify(metric)}: value must be a finite number, got ${String(value)}`);
  }
  return value;
}

/**
 * CloudMonitor's own rewriting of a metric name (invalid characters become `_`, a first character
 * that is not a letter becomes `A`, cut to 64 characters), for names from elsewhere (OpenTelemetry).
 */
export function sanitizeMetricName(name: string): string {
  let out = name.replace(/[^A-Za-z0-9_]/gu, '_');
  if (!/^[A-Za-z]/.test(out)) out = `A${out.slice(1)}`;
  return out.slice(0, MAX_NAME_LENGTH);
}

/** CloudMonitor's own rewriting of a dimension key or value (invalid characters become `_`, cut to 64). */
export function sanitizeDimensionText(text: string): string {
  return text.replace(/[^A-Za-z0-9._\-/\\]/gu, '_').slice(0, MAX_NAME_LENGTH);
}

/** The canonical JSON of sorted dimension pairs: the `Dimensions` parameter and the series key. */
export function dimensionsJson(pairs: ReadonlyArray<readonly [string, string]>): string {
  // Joined rather than concatenated: a series keeps this string for good, and a join is one flat
  // string where `+=` leaves a tree of string pieces several times its size.
  const parts: string[] = ['{'];
  for (let i = 0; i < pairs.length; i++) {
    const [k, v] = pairs[i] as readonly [string, string];
    parts.push(i === 0 ? '' : ',', JSON.stringify(k), ':', JSON.stringify(v));
  }
  parts.push('}');
  return parts.join('');
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}
