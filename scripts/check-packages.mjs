// Packs every published package, lints the tarballs with publint and @arethetypeswrong/cli,
// installs them into a scratch project and loads each with both `import` and `require`.
// Run through `pnpm check:packages` (which builds first).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const work = join(root, '.tmp', 'check-packages');
const packs = join(work, 'packs');
const scratch = join(work, 'scratch');
rmSync(work, { recursive: true, force: true });
mkdirSync(packs, { recursive: true });
mkdirSync(scratch, { recursive: true });

const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, cwd = root) => {
  console.log(`$ ${[cmd, ...args].join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit' });
};

const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => join(root, 'packages', d.name))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);

const failures = [];
const tarballs = [];
for (const { dir, manifest } of packages) {
  const before = new Set(readdirSync(packs));
  // pnpm pack rewrites workspace:^ ranges to real versions, as publishing does.
  run('npx', ['--yes', 'pnpm@10', 'pack', '--pack-destination', packs], dir);
  const tarball = readdirSync(packs).find((f) => !before.has(f));
  if (!tarball) throw new Error(`pnpm pack produced no tarball for ${manifest.name}`);
  const path = join(packs, tarball);
  tarballs.push({ name: manifest.name, path, manifest });
  for (const [cmd, args] of [
    [bin('publint'), ['run', path, '--strict']],
    [bin('attw'), [path, '--profile', 'node16', '--format', 'table-flipped']],
  ]) {
    try {
      run(cmd, args);
    } catch {
      failures.push(`${manifest.name}: ${cmd.split('/').pop()} failed`);
    }
  }
}

writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, version: '0.0.0' }));
// Optional peers (pop-core for @alikit/core/pop, OpenTelemetry for @alikit/cms-metrics/otel, …) are
// installed too, at the versions the packages are developed against, so that every subpath loads.
const peers = new Map();
for (const { manifest } of tarballs) {
  for (const [name, range] of Object.entries(manifest.peerDependencies ?? {})) {
    if (name.startsWith('@alikit/')) continue;
    peers.set(name, `${name}@${manifest.devDependencies?.[name] ?? range}`);
  }
}
run(
  'npm',
  ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => t.path), ...peers.values()],
  scratch,
);

for (const { name, manifest } of tarballs) {
  const subpaths = Object.keys(manifest.exports ?? { '.': null }).filter((k) => k !== './package.json');
  for (const sub of subpaths) {
    const spec = sub === '.' ? name : `${name}/${sub.slice(2)}`;
    const esm = `import(${JSON.stringify(spec)}).then((m) => { const n = Object.keys(m).length; if (!n) throw new Error('no exports'); console.log('import ${spec}:', n, 'exports'); })`;
    const cjs = `const m = require(${JSON.stringify(spec)}); const n = Object.keys(m).length; if (!n) throw new Error('no exports'); console.log('require ${spec}:', n, 'exports');`;
    for (const [kind, code, type] of [
      ['import', esm, 'module'],
      ['require', cjs, 'commonjs'],
    ]) {
      try {
        execFileSync('node', ['--input-type', type, '-e', code], { cwd: scratch, stdio: 'inherit' });
      } catch {
        failures.push(`${spec}: ${kind} failed`);
      }
    }
  }
  for (const binName of Object.keys(manifest.bin ?? {})) {
    const binPath = join(scratch, 'node_modules', '.bin', binName);
    try {
      readFileSync(binPath);
      console.log(`bin ${binName}: present`);
    } catch {
      failures.push(`${name}: bin ${binName} missing after install`);
    }
  }
}

if (failures.length) {
  console.error(`\ncheck:packages failed:\n- ${failures.join('\n- ')}`);
  process.exit(1);
}
console.log(`\ncheck:packages: ${tarballs.length} packages clean`);
