// API reports: one Markdown file per public entry point (packages/<pkg>/api/<entry>.api.md), made by
// API Extractor from the built .d.ts. Committed, so every change to a public signature shows up in
// review. `--check` (CI) fails when a report is out of date; without it the reports are rewritten.
// Run after `pnpm build`.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Extractor, ExtractorConfig } from '@microsoft/api-extractor';
import { publishedPackages } from './published-packages.mjs';

const root = process.cwd();
const check = process.argv.includes('--check');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const temp = join(root, '.tmp', 'api-report');
rmSync(temp, { recursive: true, force: true });
mkdirSync(temp, { recursive: true });

const stale = [];
let count = 0;
for (const pkg of publishedPackages(root)) {
  if (only && pkg.name !== only) continue;
  const reportFolder = join(pkg.dir, 'api');
  mkdirSync(reportFolder, { recursive: true });
  for (const entry of pkg.entries) {
    if (!existsSync(entry.dts)) {
      console.error(`${relative(root, entry.dts)} is missing: run \`pnpm build\` first`);
      process.exit(1);
    }
    const reportName = `${entry.specifier.replace('@alikit/', '').replace('/', '-')}.api.md`;
    const config = ExtractorConfig.prepare({
      configObject: {
        projectFolder: pkg.dir,
        mainEntryPointFilePath: entry.dts,
        compiler: {
          overrideTsconfig: {
            compilerOptions: {
              strict: true,
              target: 'ES2022',
              module: 'NodeNext',
              moduleResolution: 'NodeNext',
              skipLibCheck: true,
              types: ['node'],
            },
            files: [entry.dts],
          },
          skipLibCheck: true,
        },
        apiReport: { enabled: true, reportFileName: reportName, reportFolder, reportTempFolder: temp },
        docModel: { enabled: false },
        dtsRollup: { enabled: false },
        tsdocMetadata: { enabled: false },
        messages: {
          compilerMessageReporting: { default: { logLevel: 'warning' } },
          extractorMessageReporting: {
            default: { logLevel: 'none' },
            'ae-missing-release-tag': { logLevel: 'none', addToApiReportFile: false },
          },
          tsdocMessageReporting: { default: { logLevel: 'none' } },
        },
      },
      configObjectFullPath: join(pkg.dir, 'api-extractor.json'),
      packageJsonFullPath: join(pkg.dir, 'package.json'),
    });
    const result = Extractor.invoke(config, {
      localBuild: !check,
      showVerboseMessages: false,
      messageCallback: (m) => {
        if (m.logLevel === 'none') m.handled = true;
      },
    });
    count++;
    if (!result.succeeded || result.apiReportChanged) {
      stale.push(
        `${relative(root, join(reportFolder, reportName))}${result.succeeded ? '' : ` (${result.errorCount} errors)`}`,
      );
    }
  }
}

if (check && stale.length > 0) {
  console.error(
    `API reports out of date:\n${stale.map((s) => `  - ${s}`).join('\n')}\n` +
      'A public signature changed. Run `pnpm build && pnpm api-report`, review the diff and commit it.',
  );
  process.exit(1);
}
console.log(
  `api-report: ${count} entry points${check ? ' match their committed reports' : ' written'}${stale.length && !check ? ` (${stale.length} changed)` : ''}`,
);
