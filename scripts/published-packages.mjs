// The published workspace packages and their public entry points, read from each package.json.
// Shared by the docs, API report and release scripts so they never disagree about what is public.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * @typedef {{ subpath: string, specifier: string, source: string, dts: string }} EntryPoint
 * @typedef {{ name: string, version: string, dir: string, entries: EntryPoint[] }} PublishedPackage
 */

/** @returns {PublishedPackage[]} every package under packages/ that is not private, sorted by name */
export function publishedPackages(root = process.cwd()) {
  const out = [];
  for (const dirName of readdirSync(join(root, 'packages')).sort()) {
    const dir = join(root, 'packages', dirName);
    const manifestPath = join(dir, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.private) continue;
    const entries = [];
    for (const key of Object.keys(manifest.exports ?? {})) {
      if (key === './package.json') continue;
      const sub = key === '.' ? '' : key.slice(2);
      entries.push({
        subpath: key,
        specifier: sub ? `${manifest.name}/${sub}` : manifest.name,
        source: join(dir, 'src', sub, 'index.ts'),
        dts: join(dir, 'dist', sub, 'index.d.ts'),
      });
    }
    out.push({ name: manifest.name, version: manifest.version, dir, entries });
  }
  return out;
}
