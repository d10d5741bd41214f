import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHttpDate, formatIsoBasic, formatIsoMillis, formatIsoSeconds, formatYmd } from './time';

/** The formats written with the built-ins, which the field-by-field fast paths must equal. */
const reference = {
  formatIsoSeconds: (d: Date) => `${d.toISOString().slice(0, 19)}Z`,
  formatIsoMillis: (d: Date) => d.toISOString(),
  formatIsoBasic: (d: Date) => {
    const iso = d.toISOString();
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  },
  formatYmd: (d: Date) => {
    const iso = d.toISOString();
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}`;
  },
  formatHttpDate: (d: Date) => d.toUTCString(),
};
const ours = { formatIsoSeconds, formatIsoMillis, formatIsoBasic, formatYmd, formatHttpDate };

function outcome(fn: (d: Date) => string, d: Date): string {
  try {
    return fn(d);
  } catch (e) {
    return `throws ${(e as Error).name}`;
  }
}

function expectSame(d: Date): void {
  for (const name of Object.keys(ours) as Array<keyof typeof ours>) {
    expect(outcome(ours[name], d), `${name} ${d.getTime()}`).toBe(outcome(reference[name], d));
  }
}

describe('date formats', () => {
  it('equal the built-in formatting across four-digit years', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59.999Z') }), (d) =>
        expectSame(d),
      ),
      { numRuns: 300 },
    );
  });

  it('fall back to the built-ins outside them, invalid dates included', () => {
    for (const year of [-1, 0, 99, 999, 10000, 275000]) {
      const d = new Date(0);
      d.setUTCFullYear(year, 0, 1);
      expectSame(d);
    }
    expectSame(new Date('0999-12-31T23:59:59.999Z'));
    expectSame(new Date('1000-01-01T00:00:00.000Z'));
    expectSame(new Date('9999-12-31T23:59:59.999Z'));
    expectSame(new Date(Number.NaN));
  });

  it('writes the usual forms', () => {
    const d = new Date('2024-03-05T07:08:09.012Z');
    expect(formatHttpDate(d)).toBe('Tue, 05 Mar 2024 07:08:09 GMT');
    expect(formatIsoSeconds(d)).toBe('2024-03-05T07:08:09Z');
    expect(formatIsoMillis(d)).toBe('2024-03-05T07:08:09.012Z');
    expect(formatIsoBasic(d)).toBe('20240305T070809Z');
    expect(formatYmd(d)).toBe('20240305');
  });
});
