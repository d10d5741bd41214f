/**
 * Runs every benchmark suite (`bench/<suite>/index.ts`, exporting `title` and `run()`), prints one
 * table per suite, and with `--json <file>` also writes all rows. `--only <suite>` runs one suite.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable, type Row } from './harness';

const args = process.argv.slice(2).filter((a) => a !== '--');
const jsonIndex = args.indexOf('--json');
const jsonFile = jsonIndex >= 0 ? args[jsonIndex + 1] : undefined;
const onlyIndex = args.indexOf('--only');
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;

const here = fileURLToPath(new URL('.', import.meta.url));
const suites = readdirSync(here)
  .filter((d) => !d.startsWith('.') && d !== 'node_modules' && statSync(join(here, d)).isDirectory())
  .filter((d) => !only || d === only)
  .sort();

const results: Record<string, Row[]> = {};
for (const suite of suites) {
  const mod = (await import(join(here, suite, 'index.ts'))) as { title: string; run: () => Promise<Row[]> | Row[] };
  const rows = await mod.run();
  results[suite] = rows;
  console.log(`${formatTable(mod.title, rows)}\n`);
}
if (jsonFile) {
  const out = resolve(process.env.INIT_CWD ?? process.cwd(), jsonFile);
  writeFileSync(
    out,
    `${JSON.stringify({ node: process.version, date: new Date().toISOString(), results }, null, 2)}\n`,
  );
  console.log(`results written to ${out}`);
}
