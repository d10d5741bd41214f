// `pnpm release [--dry-run]`: the release flow.
//   1. build every package;
//   2. validate: pack + publint + arethetypeswrong + load with import/require (check-packages.mjs),
//      and the API reports must match the committed ones (api-report.mjs --check);
//   3. print what would be published, at which version, from the pending changesets;
//   4. without --dry-run: `changeset version` (bumps versions, writes CHANGELOG.md files) must already
//      have been run and committed (`pnpm version-packages`); then `changeset publish`.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { publishedPackages } from './published-packages.mjs';

const root = process.cwd();
const dryRun = process.argv.includes('--dry-run');
const run = (cmd, args) => {
  console.log(`\n$ ${[cmd, ...args].join(' ')}`);
  execFileSync(cmd, args, { cwd: root, stdio: 'inherit' });
};
const pnpm = ['--yes', 'pnpm@10'];

run('npx', [...pnpm, 'run', 'build']);
run('node', ['scripts/check-packages.mjs']);
run('node', ['scripts/api-report.mjs', '--check']);

// What the pending changesets would do.
const statusFile = join(root, '.tmp', 'changeset-status.json');
rmSync(statusFile, { force: true });
execFileSync(join(root, 'node_modules', '.bin', 'changeset'), ['status', `--output=${relative(root, statusFile)}`], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
const status = existsSync(statusFile) ? JSON.parse(readFileSync(statusFile, 'utf8')) : { releases: [], changesets: [] };
const planned = new Map(status.releases.map((r) => [r.name, r]));

const rows = publishedPackages(root).map((pkg) => {
  const release = planned.get(pkg.name);
  const changelog = existsSync(join(pkg.dir, 'CHANGELOG.md')) ? 'yes' : 'no';
  return release && release.type !== 'none'
    ? [pkg.name, pkg.version, release.newVersion, release.type, changelog]
    : [pkg.name, pkg.version, '(unchanged)', '', changelog];
});
const header = ['package', 'current', 'next', 'bump', 'CHANGELOG.md'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ');
console.log(`\n${status.changesets.length} pending changeset(s); would publish:\n`);
console.log(line(header));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of rows) console.log(line(row));

if (dryRun) {
  console.log('\nDry run: nothing was versioned or published.');
  console.log('To release: `pnpm version-packages` (versions + CHANGELOGs), review and commit, then `pnpm release`.');
  process.exit(0);
}
if (status.changesets.length > 0) {
  console.error(
    '\nPending changesets: run `pnpm version-packages`, review the versions and CHANGELOGs, commit, then release.',
  );
  process.exit(1);
}
run('npx', [...pnpm, 'exec', 'changeset', 'publish']);
