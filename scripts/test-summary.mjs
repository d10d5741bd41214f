// Prints the plain closing line 'N passed, N failed' from vitest's JSON report.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.tmp/vitest-results.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
