import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsFor, type PopEmulators, startCms, T0 } from './support';

let emu: PopEmulators;
beforeAll(async () => {
  emu = await startCms();
});
afterAll(() => emu.stop());

type Kind = 'counter' | 'gauge' | 'histogram';
const SERIES: ReadonlyArray<{ kind: Kind; name: string; dimensions?: Record<string, string> }> = [
  { kind: 'counter', name: 'requests', dimensions: { route: '/a' } },
  { kind: 'gauge', name: 'depth' },
  { kind: 'histogram', name: 'latency', dimensions: { route: '/a' } },
  { kind: 'histogram', name: 'latency', dimensions: { route: '/b' } },
];

interface Sample {
  time: number;
  series: number;
  value: number;
  flushAfter: boolean;
}

/** The statistics a window of raw samples must report, computed directly from the samples. */
function reference(samples: readonly Sample[], periods: readonly number[]): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const period of periods) {
    const groups = new Map<string, Sample[]>();
    for (const s of samples) {
      const start = Math.floor(s.time / (period * 1000)) * period * 1000;
      const key = `${s.series}|${period}|${start}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const [key, group] of groups) {
      const values = group.map((s) => s.value);
      const sum = values.reduce((a, b) => a + b, 0);
      const stats: Record<string, number> = {
        Sum: sum,
        SampleCount: values.length,
        Average: sum / values.length,
        Maximum: Math.max(...values),
        Minimum: Math.min(...values),
      };
      const kind = SERIES[group[0]?.series as number]?.kind;
      if (kind === 'counter') stats.SumPerSecond = sum / period;
      if (kind === 'gauge') stats.LastValue = values[values.length - 1] as number;
      out.set(key, stats);
    }
  }
  return out;
}

const samplesArbitrary = fc
  .array(
    fc.record({
      step: fc.integer({ min: 0, max: 45_000 }),
      series: fc.integer({ min: 0, max: SERIES.length - 1 }),
      // Quarters keep every sum exact, whichever way the windows are added up.
      quarters: fc.integer({ min: -4000, max: 4000 }),
      flushAfter: fc.boolean(),
    }),
    { minLength: 1, maxLength: 60 },
  )
  .chain((steps) =>
    fc.record({
      start: fc.integer({ min: 0, max: 299_999 }),
      periods: fc.constantFrom([60], [300], [60, 300]),
      steps: fc.constant(steps),
    }),
  );

describe('aggregates reaching the emulator', () => {
  it('equal a reference computed from the raw samples, across window boundaries, each window once', async () => {
    await fc.assert(
      fc.asyncProperty(samplesArbitrary, async ({ start, periods, steps }) => {
        emu.pop.cms.reset();
        let now = T0 + start;
        const metrics = metricsFor(emu, { clock: () => now, periods: [...periods] as Array<60 | 300> });
        const samples: Sample[] = [];
        for (const step of steps) {
          now += step.step;
          const series = SERIES[step.series] as (typeof SERIES)[number];
          const value = (series.kind === 'counter' ? Math.abs(step.quarters) : step.quarters) / 4;
          samples.push({ time: now, series: step.series, value, flushAfter: step.flushAfter });
          if (series.kind === 'counter') metrics.counter(series.name, series.dimensions).add(value);
          else if (series.kind === 'gauge') metrics.gauge(series.name, series.dimensions).set(value);
          else metrics.histogram(series.name, series.dimensions).record(value);
          if (step.flushAfter) await metrics.flush();
        }
        const closed = await metrics.close();
        expect(closed.pendingEntries).toBe(0);

        const expected = reference(samples, periods);
        const received = new Map<string, Record<string, number>>();
        for (const entry of emu.pop.cms.entries) {
          const series = SERIES.findIndex(
            (s) =>
              s.name === entry.metricName &&
              JSON.stringify(s.dimensions ?? {}) === JSON.stringify(Object.fromEntries(entry.dimensions)),
          );
          const key = `${series}|${entry.period}|${entry.time}`;
          expect(received.has(key), `window ${key} reported twice`).toBe(false);
          expect(entry.type).toBe(1);
          received.set(key, { ...entry.values });
        }
        expect(Object.fromEntries(received)).toEqual(Object.fromEntries(expected));
      }),
      { numRuns: 250 },
    );
  }, 60_000);
});
