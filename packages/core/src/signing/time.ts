/** Clock formats used by the signers (spec: signing.md §1.3). Milliseconds are truncated. */

/** `2016-02-23T12:46:24Z` */
export function formatIsoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** `2025-02-03T04:05:06.789Z` */
export function formatIsoMillis(date: Date): string {
  return date.toISOString();
}

/** `20241201T080910Z` */
export function formatIsoBasic(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** `20241201` */
export function formatYmd(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
}

/** IMF-fixdate (RFC 7231): `Tue, 05 Mar 2024 07:08:09 GMT` */
export function formatHttpDate(date: Date): string {
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
