// `pnpm docs`: the API reference of every published package, generated from TSDoc into docs/api.
// Fails on a public export without documentation, a broken {@link}, a referenced type that is not
// exported, an entry point without its `@module` tag, or a broken relative link in docs/*.md and
// the package READMEs.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Application, LogLevel } from 'typedoc';
import { publishedPackages } from './published-packages.mjs';

const root = process.cwd();
const problems = [];

const entryPoints = [];
for (const pkg of publishedPackages(root)) {
  for (const entry of pkg.entries) {
    if (!existsSync(entry.source)) {
      problems.push(`${pkg.name}: exports ${entry.subpath} but ${relative(root, entry.source)} does not exist`);
      continue;
    }
    const head = readFileSync(entry.source, 'utf8').slice(0, 2000);
    if (!new RegExp(`@module ${entry.specifier.replace(/[/.]/g, '\\$&')}\\s`).test(head)) {
      problems.push(
        `${relative(root, entry.source)}: the first doc comment needs "@packageDocumentation" and "@module ${entry.specifier}"`,
      );
    }
    entryPoints.push(entry.source);
  }
}

// Relative links in the hand-written docs and READMEs must point at files that exist.
const markdown = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
  ...readdirSync(join(root, 'docs', 'adr'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', 'adr', f)),
  ...publishedPackages(root).map((p) => relative(root, join(p.dir, 'README.md'))),
];
for (const file of markdown) {
  const text = readFileSync(join(root, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
    const target = match[1];
    // docs/api is generated below, so links into it are checked by TypeDoc rather than here.
    if (/^[a-z]+:/i.test(target) || target.startsWith('#') || /^(\.\/)?api\//.test(target)) continue;
    const path = resolve(root, dirname(file), decodeURIComponent(target.split('#')[0]));
    if (!existsSync(path)) problems.push(`${file}: broken link ${target}`);
  }
}

// Package READMEs follow CONVENTIONS.md: install → quick start → authentication → … → errors →
// running offline. Packages that never call the cloud skip the sections that cannot apply.
const README_SECTIONS = [
  { heading: /^## Install$/, name: 'Install' },
  { heading: /^## Quick start$/, name: 'Quick start' },
  { heading: /^## Authentication$/, name: 'Authentication', unless: ['@alikit/emulators', '@alikit/ram-policy'] },
  { heading: /^## Errors/, name: 'Errors…' },
  { heading: /^## Running offline/, name: 'Running offline…', unless: ['@alikit/emulators', '@alikit/ram-policy'] },
];
for (const pkg of publishedPackages(root)) {
  const file = relative(root, join(pkg.dir, 'README.md'));
  const headings = readFileSync(join(root, file), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('## '));
  let at = -1;
  for (const section of README_SECTIONS) {
    if (section.unless?.includes(pkg.name)) continue;
    const index = headings.findIndex((h) => section.heading.test(h));
    if (index < 0) problems.push(`${file}: missing the "${section.name}" section`);
    else if (index < at) problems.push(`${file}: "${section.name}" comes too early (see CONVENTIONS.md for the order)`);
    else at = index;
  }
}

const out = join(root, 'docs', 'api');
rmSync(out, { recursive: true, force: true });
const app = await Application.bootstrapWithPlugins({
  name: 'alikit API reference',
  entryPoints,
  entryPointStrategy: 'resolve',
  tsconfig: join(root, 'tsconfig.json'),
  readme: 'none',
  out,
  disableGit: true,
  sourceLinkTemplate: 'https://github.com/alikit/alikit/blob/main/{path}#L{line}',
  // `pnpm typecheck` reports type errors; here they would only hide the documentation problems.
  skipErrorChecking: true,
  excludePrivate: true,
  excludeInternal: true,
  sort: ['kind', 'instance-first', 'alphabetical-ignoring-documents'],
  highlightLanguages: ['typescript', 'javascript', 'json', 'sh', 'bash', 'ini', 'xml', 'yaml', 'text'],
  // Members inherited from Node.js and OpenTelemetry classes link to their own documentation.
  externalSymbolLinkMappings: {
    '@types/node': { '*': 'https://nodejs.org/api/' },
    '@opentelemetry/sdk-metrics': {
      '*': 'https://open-telemetry.github.io/opentelemetry-js/modules/_opentelemetry_sdk-metrics.html',
    },
  },
  packagesRequiringDocumentation: publishedPackages(root).map((p) => p.name),
  validation: { notExported: true, invalidLink: true, notDocumented: true, rewrittenLink: true },
  treatValidationWarningsAsErrors: true,
  logLevel: LogLevel.Warn,
});
const project = await app.convert();
if (!project) {
  problems.push('TypeDoc could not convert the project (see the errors above)');
} else {
  const before = app.logger.warningCount;
  app.validate(project);
  const warnings = app.logger.warningCount - before + app.logger.validationWarningCount;
  if (app.logger.hasErrors() || warnings > 0) {
    problems.push(`TypeDoc validation found ${warnings} warning(s) and errors=${app.logger.hasErrors()} (see above)`);
  } else await app.generateDocs(project, out);
}

if (problems.length > 0) {
  console.error(`\ndocs: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`docs: API reference for ${entryPoints.length} entry points written to ${relative(root, out)}/`);
