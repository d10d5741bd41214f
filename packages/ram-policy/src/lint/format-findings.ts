import { hasFindingsAtOrAbove } from './lint-policy';
import { type Finding, SEVERITIES, type Severity } from './types';

/** Findings of one file, as {@link formatFindings} takes them. */
export interface FileFindings {
  /** The name to show, e.g. the path given on the command line. */
  file: string;
  /** The findings for the file, as {@link lintPolicy} returns them. */
  findings: readonly Finding[];
}

/** Options of {@link formatFindings}. */
export interface FormatFindingsOptions {
  /** The severity at or above which the run fails. @defaultValue `'error'` */
  failOn?: Severity;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}

/**
 * Renders lint findings the way `alikit-ram-policy lint` prints them: `file:line:col: severity code
 * at path`, the message indented below, and a closing summary line with the verdict.
 */
export function formatFindings(results: readonly FileFindings[], options: FormatFindingsOptions = {}): string[] {
  const failOn = options.failOn ?? 'error';
  const lines: string[] = [];
  for (const { file, findings } of results) {
    if (findings.length === 0) {
      lines.push(`${file}: no findings`);
      continue;
    }
    for (const f of findings) {
      const where = f.line === undefined ? file : `${file}:${f.line}:${f.column}`;
      lines.push(`${where}: ${f.severity} ${f.code} at ${f.path}`, `    ${f.message}`);
    }
  }
  const all = results.flatMap((r) => r.findings);
  const failed = hasFindingsAtOrAbove(all, failOn);
  const counts = SEVERITIES.map((s) => plural(all.filter((f) => f.severity === s).length, s)).join(', ');
  const verdict = failed
    ? `fails at --fail-on ${failOn}`
    : all.length > 0
      ? `passes: nothing at or above ${failOn}`
      : 'passes';
  lines.push(`${plural(all.length, 'finding')} (${counts}); ${verdict}`);
  return lines;
}
