import type { ServiceError } from '../../shared/service-error';
import { popError } from '../errors';

/** The CloudMonitor API version the emulator serves. */
export const CMS_VERSION = '2019-01-01';

/** The statistics a pre-aggregated (Type 1) value may carry, and that queries answer with. */
export const CMS_STATISTICS: ReadonlySet<string> = new Set([
  'Sum',
  'Average',
  'Maximum',
  'Minimum',
  'SampleCount',
  'SumPerSecond',
  'CountPerSecond',
  'LastValue',
  'P10',
  'P20',
  'P30',
  'P40',
  'P50',
  'P60',
  'P70',
  'P75',
  'P80',
  'P90',
  'P95',
  'P98',
  'P99',
]);

/** The aggregation periods CloudMonitor keeps custom metrics at, in seconds. */
export const CMS_PERIODS: ReadonlySet<number> = new Set([60, 300]);

const EPOCH_MS = /^\d{1,16}$/;
const BASIC_TIME = /^(\d{4})(\d{2})(\d{2})[Tt](\d{2})(\d{2})(\d{2})(?:\.(\d{1,3}))?(?:([+-])(\d{2}):?(\d{2})|Z)?$/;
const QUERY_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
/** `YYYY-MM-DD hh:mm:ss` carries no zone; CloudMonitor's console and docs mean Beijing time. */
const QUERY_TIME_OFFSET_MS = 8 * 3_600_000;

/**
 * Reads a PutCustomMetric / PutCustomEvent `Time`: epoch milliseconds (`1508136760000`) or
 * `YYYYMMDDThhmmss.SSS+zzzz` (`20171012T132456.888+0800`).
 * @throws ServiceError `InvalidParameter` naming `name` for anything else.
 */
export function parseReportTime(value: string, name: string): number {
  if (EPOCH_MS.test(value)) return Number(value);
  const m = BASIC_TIME.exec(value);
  if (m) {
    const [, y, mo, d, h, mi, s, ms = '0', sign, oh = '0', om = '0'] = m;
    const utc = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h),
      Number(mi),
      Number(s),
      Number(ms.padEnd(3, '0')),
    );
    const offset = sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
    if (Number.isFinite(utc)) return utc - offset;
  }
  throw invalid(name, value);
}

/**
 * Reads a DescribeMetric* `StartTime` / `EndTime`: epoch milliseconds or `YYYY-MM-DD hh:mm:ss`
 * (read as Beijing time, UTC+8).
 * @throws ServiceError `InvalidParameter` naming `name` for anything else.
 */
export function parseQueryTime(value: string, name: string): number {
  if (EPOCH_MS.test(value)) return Number(value);
  const m = QUERY_TIME.exec(value);
  if (m) {
    const [, y, mo, d, h, mi, s] = m;
    const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    if (Number.isFinite(utc)) return utc - QUERY_TIME_OFFSET_MS;
  }
  throw invalid(name, value);
}

/** The `InvalidParameter` answer for one parameter. */
export function invalid(name: string, value: string, why = 'is not valid'): ServiceError {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return popError('InvalidParameter', {
    message: `The specified parameter "${name}" ${why}: ${JSON.stringify(shown)}.`,
  });
}

/** The `MissingParameter` answer for one parameter, worded as POP words it. */
export function missing(name: string): ServiceError {
  return popError('MissingParameter', {
    message: `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  });
}

/** The 1-based indexes `N` present among parameters named `<prefix>.N.<field>`, ascending. */
export function listIndexes(params: Readonly<Record<string, string>>, prefix: string): number[] {
  const found = new Set<number>();
  const pattern = new RegExp(`^${prefix}\\.(\\d{1,6})\\.`);
  for (const name of Object.keys(params)) {
    const m = pattern.exec(name);
    if (m) found.add(Number(m[1]));
  }
  return [...found].filter((n) => n >= 1).sort((a, b) => a - b);
}
