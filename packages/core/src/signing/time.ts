/** Clock formats used by the signers (spec: signing.md §1.3). Milliseconds are truncated. */

// Formatting from the UTC fields is two to three times cheaper than `toISOString`/`toUTCString`
// and gives the same text for four-digit years; other years (and invalid dates) take the built-ins.
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const THREE = Array.from({ length: 1000 }, (_, i) => `${i}`.padStart(3, '0'));

function fourDigitYear(date: Date): number | undefined {
  const year = date.getUTCFullYear();
  return year >= 1000 && year <= 9999 ? year : undefined;
}

/** `YYYY-MM-DDTHH:MM:SS` of a date with a four-digit year. */
function isoPrefix(date: Date, year: number): string {
  return `${year}-${TWO[date.getUTCMonth() + 1]}-${TWO[date.getUTCDate()]}T${TWO[date.getUTCHours()]}:${TWO[date.getUTCMinutes()]}:${TWO[date.getUTCSeconds()]}`;
}

/** `2016-02-23T12:46:24Z` */
export function formatIsoSeconds(date: Date): string {
  const year = fourDigitYear(date);
  if (year !== undefined) return `${isoPrefix(date, year)}Z`;
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `2025-02-03T04:05:06.789Z` */
export function formatIsoMillis(date: Date): string {
  const year = fourDigitYear(date);
  if (year !== undefined) return `${isoPrefix(date, year)}.${THREE[date.getUTCMilliseconds()]}Z`;
  return date.toISOString();
}

/** `20241201T080910Z` */
export function formatIsoBasic(date: Date): string {
  const year = fourDigitYear(date);
  if (year !== undefined) {
    return `${year}${TWO[date.getUTCMonth() + 1]}${TWO[date.getUTCDate()]}T${TWO[date.getUTCHours()]}${TWO[date.getUTCMinutes()]}${TWO[date.getUTCSeconds()]}Z`;
  }
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** `20241201` */
export function formatYmd(date: Date): string {
  const year = fourDigitYear(date);
  if (year !== undefined) return `${year}${TWO[date.getUTCMonth() + 1]}${TWO[date.getUTCDate()]}`;
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

/** IMF-fixdate (RFC 7231): `Tue, 05 Mar 2024 07:08:09 GMT` */
export function formatHttpDate(date: Date): string {
  const year = fourDigitYear(date);
  if (year !== undefined) {
    return `${DAYS[date.getUTCDay()]}, ${TWO[date.getUTCDate()]} ${MONTHS[date.getUTCMonth()]} ${year} ${TWO[date.getUTCHours()]}:${TWO[date.getUTCMinutes()]}:${TWO[date.getUTCSeconds()]} GMT`;
  }
  return date.toUTCString();
}

/** Parses any of the formats above; returns `undefined` when the text is not a date. */
export function parseSigningDate(text: string): Date | undefined {
  const basic = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const ms = basic
    ? Date.UTC(+basic[1]!, +basic[2]! - 1, +basic[3]!, +basic[4]!, +basic[5]!, +basic[6]!)
    : Date.parse(text);
  return Number.isFinite(ms) ? new Date(ms) : undefined;
}
