// Runs every example program in order, each against its own emulators, and prints one result line
// per program (its own output indented above it). Exits non-zero when any program fails.
// Run: pnpm examples   (or: npx tsx examples/programs/src/run-all.ts)
// In this repository tsx maps @alikit/* to each package's source through the root tsconfig paths, so no
// build is needed; in your own project the same code imports the published packages.
import { pathToFileURL } from 'node:url';
import { main as cmsMetrics } from './cms-metrics';
import { main as core } from './core';
import { main as dts } from './dts';
import { main as emulators } from './emulators';
import { main as maxcompute } from './maxcompute';
import { main as oss } from './oss';
import { main as pai } from './pai';
import { main as ramPolicy } from './ram-policy';
import { main as rdsPool } from './rds-pool';
import { main as slsLogger } from './sls-logger';
import { main as tablestore } from './tablestore';

/** One example program: its name (the file under src/) and its entry point. */
export interface ExampleProgram {
  name: string;
  main: (out: (line: string) => void) => Promise<void>;
}

/** Every program, in the order they run; adding a program is one line here. */
export const PROGRAMS: readonly ExampleProgram[] = [
  { name: 'core', main: core },
  { name: 'emulators', main: emulators },
  { name: 'rds-pool', main: rdsPool },
  { name: 'sls-logger', main: slsLogger },
  { name: 'cms-metrics', main: cmsMetrics },
  { name: 'pai', main: pai },
  { name: 'dts', main: dts },
  { name: 'ram-policy', main: ramPolicy },
  { name: 'oss', main: oss },
  { name: 'tablestore', main: tablestore },
  { name: 'maxcompute', main: maxcompute },
];

/** How one program ended. */
export interface ProgramResult {
  name: string;
  ok: boolean;
  elapsedMs: number;
  /** The error's message, when the program threw. */
  error?: string | undefined;
}

/**
 * Runs the programs one after another (a failure does not stop the rest), printing each one's
 * lines indented and then `✔ name (N ms)` or `✘ name: message`.
 */
export async function runAll(
  out: (line: string) => void = console.log,
  programs: readonly ExampleProgram[] = PROGRAMS,
): Promise<ProgramResult[]> {
  const results: ProgramResult[] = [];
  for (const { name, main } of programs) {
    out(`▶ ${name}`);
    const started = performance.now();
    let error: string | undefined;
    try {
      await main((line) => out(`  ${line}`));
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const elapsedMs = Math.round(performance.now() - started);
    out(error === undefined ? `✔ ${name} (${elapsedMs} ms)` : `✘ ${name}: ${error}`);
    results.push({ name, ok: error === undefined, elapsedMs, error });
  }
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  out(failed.length === 0 ? `all ${results.length} programs passed` : `${failed.length} failed: ${failed.join(', ')}`);
  return results;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  runAll().then(
    (results) => {
      if (results.some((r) => !r.ok)) process.exitCode = 1;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
