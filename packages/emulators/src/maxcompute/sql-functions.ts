import type { Database } from 'sql.js';
import { formatDatetime, parseTemporalMs } from './values';

type Arg = number | bigint | string | Uint8Array | null;

const UNIT_MS: Record<string, number> = {
  dd: 86_400_000,
  day: 86_400_000,
  hh: 3_600_000,
  hour: 3_600_000,
  mi: 60_000,
  ss: 1000,
};

/**
 * Registers the MaxCompute built-ins SQLite lacks: `nvl`, `regexp` (for `RLIKE`), `getdate`,
 * `array` / `map` / `named_struct` (JSON text, as complex columns are stored), and the date
 * functions `to_char`, `to_date`, `datediff`, `dateadd`, `datetrunc`, `unix_timestamp`,
 * `from_unixtime` (all in UTC, on `yyyy-mm-dd hh:mi:ss` text).
 */
export function registerFunctions(db: Database, now: () => Date): void {
  const fn = (name: string, arity: number, body: (...args: Arg[]) => Arg) =>
    db.create_function(name, withArity(arity, body as (...args: unknown[]) => unknown));
  fn('nvl', 2, (a, b) => (a === null ? b : a));
  fn('regexp', 2, (pattern, value) =>
    value === null || pattern === null ? null : new RegExp(String(pattern)).test(String(value)) ? 1 : 0,
  );
  fn('getdate', 0, () => formatDatetime(now().getTime()).slice(0, 19));
  const json = (v: Arg) =>
    typeof v === 'bigint' ? Number(v) : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v;
  const pairs = (args: Arg[]) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < args.length; i += 2) out[String(args[i])] = json(args[i + 1] ?? null);
    return JSON.stringify(out);
  };
  for (let n = 0; n <= 16; n++) {
    fn('array', n, (...args) => JSON.stringify(args.map(json)));
    if (n % 2 === 0) {
      fn('map', n, (...args) => pairs(args));
      fn('named_struct', n, (...args) => pairs(args));
    }
  }
  const ms = (v: Arg) => parseTemporalMs(String(v));
  const text = (t: number) => formatDatetime(t).slice(0, 19);
  fn('to_char', 2, (d, format) => (d === null || format === null ? null : formatPattern(ms(d), String(format))));
  fn('to_date', 1, (s) => (s === null ? null : text(ms(s))));
  fn('to_date', 2, (s, format) =>
    s === null || format === null ? null : text(parsePattern(String(s), String(format))),
  );
  fn('datediff', 3, (a, b, unit) => (a === null || b === null ? null : diff(ms(a), ms(b), String(unit ?? 'dd'))));
  fn('datediff', 2, (a, b) => (a === null || b === null ? null : diff(ms(a), ms(b), 'dd')));
  fn('dateadd', 3, (d, delta, unit) =>
    d === null || delta === null ? null : text(add(ms(d), Number(delta), String(unit))),
  );
  fn('datetrunc', 2, (d, unit) => (d === null ? null : text(truncate(ms(d), String(unit)))));
  fn('unix_timestamp', 1, (d) => (d === null ? null : Math.floor(ms(d) / 1000)));
  fn('unix_timestamp', 0, () => Math.floor(now().getTime() / 1000));
  fn('from_unixtime', 1, (s) => (s === null ? null : text(Number(s) * 1000)));
}

/** sql.js registers a function with `fn.length` arguments; this gives a rest-parameter function a fixed arity. */
function withArity(n: number, body: (...args: unknown[]) => unknown): (...args: unknown[]) => never {
  const wrapped = (...args: unknown[]) => body(...args) as never;
  Object.defineProperty(wrapped, 'length', { value: n });
  return wrapped;
}

const FIELDS = /yyyy|mm|dd|hh|mi|ss|ff3/gi;

function formatPattern(t: number, format: string): string {
  const iso = new Date(t).toISOString();
  const parts: Record<string, string> = {
    yyyy: iso.slice(0, 4),
    mm: iso.slice(5, 7),
    dd: iso.slice(8, 10),
    hh: iso.slice(11, 13),
    mi: iso.slice(14, 16),
    ss: iso.slice(17, 19),
    ff3: iso.slice(20, 23),
  };
  return format.replace(FIELDS, (f) => parts[f.toLowerCase()] as string);
}

function parsePattern(value: string, format: string): number {
  const fields: string[] = [];
  const source = format.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(FIELDS, (f) => {
    fields.push(f.toLowerCase());
    return f.toLowerCase() === 'yyyy' ? '(\\d{4})' : f.toLowerCase() === 'ff3' ? '(\\d{3})' : '(\\d{2})';
  });
  const m = new RegExp(`^${source}$`).exec(value);
  if (!m) throw new TypeError(`to_date: '${value}' does not match the format '${format}'`);
  const get = (f: string, fallback: number) => {
    const at = fields.indexOf(f);
    return at < 0 ? fallback : Number(m[at + 1]);
  };
  const date = new Date(0);
  date.setUTCFullYear(get('yyyy', 1970), get('mm', 1) - 1, get('dd', 1));
  date.setUTCHours(get('hh', 0), get('mi', 0), get('ss', 0), get('ff3', 0));
  return date.getTime();
}

function unitOf(unit: string): string {
  const u = unit.toLowerCase();
  if (u === 'month' || u === 'mon' || u === 'mm') return 'mm';
  if (u === 'year' || u === 'yyyy') return 'yyyy';
  if (u === 'day' || u === 'dd') return 'dd';
  if (u === 'hour' || u === 'hh') return 'hh';
  if (u === 'minute' || u === 'mi') return 'mi';
  if (u === 'second' || u === 'ss') return 'ss';
  throw new TypeError(`unsupported date unit '${unit}'`);
}

function add(t: number, delta: number, unit: string): number {
  const u = unitOf(unit);
  if (u === 'mm' || u === 'yyyy') {
    const d = new Date(t);
    d.setUTCMonth(d.getUTCMonth() + (u === 'yyyy' ? 12 * delta : delta));
    return d.getTime();
  }
  return t + delta * (UNIT_MS[u] as number);
}

function truncate(t: number, unit: string): number {
  const u = unitOf(unit);
  const d = new Date(t);
  if (u === 'yyyy') return Date.UTC(d.getUTCFullYear(), 0, 1);
  if (u === 'mm') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return t - (((t % (UNIT_MS[u] as number)) + (UNIT_MS[u] as number)) % (UNIT_MS[u] as number));
}

function diff(a: number, b: number, unit: string): number {
  const u = unitOf(unit);
  if (u === 'mm' || u === 'yyyy') {
    const x = new Date(a);
    const y = new Date(b);
    const months = (x.getUTCFullYear() - y.getUTCFullYear()) * 12 + x.getUTCMonth() - y.getUTCMonth();
    return u === 'yyyy' ? Math.trunc(months / 12) : months;
  }
  const size = UNIT_MS[u] as number;
  return Math.floor(a / size) - Math.floor(b / size);
}
