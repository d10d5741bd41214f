// Extracts the ```ts code blocks of every package README into .tmp/readme-snippets/, so that
// `pnpm typecheck` compiles them against the packages' sources: README examples cannot rot.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const out = join(root, '.tmp', 'readme-snippets');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let count = 0;
for (const dir of readdirSync(join(root, 'packages'))) {
  const readme = join(root, 'packages', dir, 'README.md');
  if (!existsSync(readme)) continue;
  const text = readFileSync(readme, 'utf8');
  let n = 0;
  // A `<!-- ts-prelude … -->` comment gives the blocks after it the context a reader has from the
  // text around them (e.g. a running `emu`), without repeating it in every example.
  let prelude = '';
  for (const match of text.matchAll(/<!-- ts-prelude\n([\s\S]*?)-->|```ts\n([\s\S]*?)```/g)) {
    if (match[1] !== undefined) {
      prelude = match[1];
      continue;
    }
    n++;
    // `export {}` makes every snippet a module, so top-level await and repeated names are fine.
    const code = `// packages/${dir}/README.md, block ${n}\n${prelude}${match[2]}\nexport {};\n`;
    writeFileSync(join(out, `${dir}-${n}.ts`), code);
    count++;
  }
}
console.log(`readme-snippets: ${count} TypeScript blocks extracted`);
