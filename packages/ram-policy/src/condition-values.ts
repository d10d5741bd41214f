import { type IpBlock, parseIpBlock } from './ip';

// How condition values are read, in policies and in requests alike.

const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** A number written as a JSON number or as decimal text (`"10"`, `"2.5"`), or undefined. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && DECIMAL.test(value.trim())) return Number(value.trim());
  return undefined;
}

/**
 * An ISO 8601 date-time with seconds and a zone (`2019-08-12T17:00:00+08:00`, `…Z`, optional
 * fraction), the form RAM's documentation uses, as epoch milliseconds; a `Date` is taken as is.
 * Dates without a time or a zone are not read: the documentation does not say how RAM treats them.
 */
export function readDateTime(value: unknown): number | undefined {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.getTime();
  if (typeof value !== 'string') return undefined;
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59)
    return undefined;
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[9]);
    const om = Number(m[10]);
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (m[8]?.startsWith('-') ? -1 : 1) * (oh * 60 + om);
  }
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, fraction);
  // Date.UTC maps years 0–99 to 1900–1999; set the year again to keep it literal.
  const fixed = new Date(utc);
  fixed.setUTCFullYear(year);
  return fixed.getTime() - offsetMinutes * 60_000;
}

/** `true`/`false` as JSON booleans or the exact strings `"true"`/`"false"`, or undefined. */
export function readBool(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** An IPv4/IPv6 address or CIDR block written as text, or undefined. */
export function readIpBlock(value: unknown): IpBlock | undefined {
  return typeof value === 'string' ? parseIpBlock(value.trim()) : undefined;
}
