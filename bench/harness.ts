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

/** An asynchronous comparison: throughput with `concurrency` operations kept in flight. */
export interface AsyncComparison {
  /** What is measured, e.g. `SELECT 1, concurrency 16`. */
  name: string;
  /** Our implementation: one operation per call. */
  ours: () => Promise<unknown>;
  /** The baseline: one operation per call; leave it out when there is none (baseline and ratio NaN). */
  baseline?: (() => Promise<unknown>) | undefined;
  /** Name of the baseline, or why there is none. */
  baselineName: string;
  /** Operations in flight at once (that many loops, each awaiting its operation). @defaultValue 1 */
  concurrency?: number;
}

/** Operations per second of `concurrency` loops calling `fn` back to back for about `ms`. */
async function timeAsyncBatch(fn: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
  let ops = 0;
  const start = performance.now();
  const end = start + ms;
  const loop = async (): Promise<void> => {
    while (performance.now() < end) {
      sink = await fn();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  return (ops * 1000) / (performance.now() - start);
}

/**
 * The asynchronous counterpart of {@link compare}: after one warm-up round per side, runs the two
 * sides in alternating rounds (ours first in even rounds, the baseline first in odd ones) and
 * reports the median throughput of each.
 */
export async function compareAsync(c: AsyncComparison, options: RunOptions = {}): Promise<Row> {
  const rounds = options.rounds ?? 7;
  const roundMs = options.roundMs ?? 100;
  const concurrency = c.concurrency ?? 1;
  const baseline = c.baseline;
  await timeAsyncBatch(c.ours, concurrency, roundMs);
  if (baseline) await timeAsyncBatch(baseline, concurrency, roundMs);
  const ours: number[] = [];
  const base: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (!baseline) {
      ours.push(await timeAsyncBatch(c.ours, concurrency, roundMs));
    } else if (r % 2 === 0) {
      ours.push(await timeAsyncBatch(c.ours, concurrency, roundMs));
      base.push(await timeAsyncBatch(baseline, concurrency, roundMs));
    } else {
      base.push(await timeAsyncBatch(baseline, concurrency, roundMs));
      ours.push(await timeAsyncBatch(c.ours, concurrency, roundMs));
    }
  }
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
