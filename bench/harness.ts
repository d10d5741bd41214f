/**
 * A small benchmark harness: each comparison runs our implementation and a baseline in the same
 * process, interleaved in rounds (ours, baseline, ours, baseline, …) so that warm-up, GC and CPU
 * frequency changes hit both alike. Reports operations per second (median of rounds) and the ratio.
 */

export interface Comparison {
  /** What is measured, e.g. `POP RPC v1 sign`. */
  name: string;
  /** Our implementation: one operation per call. */
  ours: () => unknown;
  /**
   * The baseline (official SDK or raw driver): one operation per call. Leave it out when no
   * baseline exists in this runtime; the row then shows our figure only (baseline and ratio NaN).
   */
  baseline?: (() => unknown) | undefined;
  /** Name of the baseline, e.g. `@alicloud/pop-core 1.8.0`, or why there is none. */
  baselineName: string;
}

export interface Row {
  name: string;
  baseline: string;
  oursOpsPerSec: number;
  /** NaN when the comparison has no baseline. */
  baselineOpsPerSec: number;
  /** ours / baseline: above 1 means we are faster; NaN without a baseline. */
  ratio: number;
}

export interface RunOptions {
  /** Rounds per comparison. @defaultValue 7 */
  rounds?: number;
  /** Target duration of one side of one round, in ms. @defaultValue 100 */
  roundMs?: number;
}

let sink: unknown;

function calibrate(fn: () => unknown, targetMs: number): number {
  let iterations = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < iterations; i++) sink = fn();
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (ms >= targetMs / 4 || iterations > 1e8)
      return Math.max(1, Math.round((iterations * targetMs) / Math.max(ms, 1e-3)));
    iterations *= 4;
  }
}

function timeBatch(fn: () => unknown, iterations: number): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink = fn();
  const ns = Number(process.hrtime.bigint() - start);
  return (iterations * 1e9) / ns;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** Runs one comparison, interleaving the two sides round by round. */
export function compare(c: Comparison, options: RunOptions = {}): Row {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 100;
  const baseline = c.baseline;
  const nOurs = calibrate(c.ours, roundMs);
  const nBase = baseline ? calibrate(baseline, roundMs) : 0;
  const ours: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (!baseline) {
      ours.push(timeBatch(c.ours, nOurs));
    } else if (r % 2 === 0) {
      ours.push(timeBatch(c.ours, nOurs));
      base.push(timeBatch(baseline, nBase));
    } else {
      base.push(timeBatch(baseline, nBase));
      ours.push(timeBatch(c.ours, nOurs));
    }
  }
  if (sink === Symbol.for('never')) console.log(sink);
  const oursOpsPerSec = median(ours);
  const baselineOpsPerSec = baseline ? median(base) : Number.NaN;
  return {
    name: c.name,
    baseline: c.baselineName,
    oursOpsPerSec,
    baselineOpsPerSec,
    ratio: oursOpsPerSec / baselineOpsPerSec,
  };
}

function fmt(n: number): string {
  if (Number.isNaN(n)) return '—';
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** Renders rows as a Markdown table. */
export function formatTable(title: string, rows: Row[]): string {
  const lines = [
    `### ${title}`,
    '',
    '| what | ours (ops/s) | baseline | baseline (ops/s) | ratio |',
    '|---|---:|---|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.oursOpsPerSec)} | ${r.baseline} | ${fmt(r.baselineOpsPerSec)} | ${Number.isNaN(r.ratio) ? '—' : r.ratio.toFixed(2)} |`,
    ),
  ];
  return lines.join('\n');
}
