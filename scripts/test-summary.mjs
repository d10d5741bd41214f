// Prints 'N passed, N failed' from one or more vitest JSON reports. Each argument is a report path,
// optionally labelled as `label=path`; with several reports, one line per report comes first and
// the last line is the total.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length === 0) args.push('.tmp/vitest-results.json');

const line = (c) => `${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ''}`;
const total = { passed: 0, failed: 0, skipped: 0 };
for (const arg of args) {
  const eq = arg.indexOf('=');
  const [label, file] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [undefined, arg];
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const counts = {
    passed: report.numPassedTests ?? 0,
    failed: report.numFailedTests ?? 0,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
  // A run whose files failed to load reports no failed tests; count it as a failure.
  if (report.success === false && counts.failed === 0) counts.failed = 1;
  total.passed += counts.passed;
  total.failed += counts.failed;
  total.skipped += counts.skipped;
  if (args.length > 1) console.log(`${label ?? file}: ${line(counts)}`);
}
console.log(line(total));
process.exit(total.failed > 0 ? 1 : 0);
