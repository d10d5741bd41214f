import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { VectorChecker, VectorFile } from './vector-types';

// Every `*.json` in the folder is a vector set; other sets with the same schema can be
// pointed at with ALIKIT_VECTORS_DIR. Nothing here depends on case ids or counts.
const dir = process.env.ALIKIT_VECTORS_DIR ?? fileURLToPath(new URL('./vectors', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();

const checkers = new Map<string, VectorChecker>();
const adapterDir = fileURLToPath(new URL('./vector-adapters', import.meta.url));
for (const f of readdirSync(adapterDir).filter((n) => n.endsWith('.ts'))) {
  const mod = (await import(join(adapterDir, f))) as { algorithm: string; check: VectorChecker };
  checkers.set(mod.algorithm, mod.check);
}

describe('signing vectors', () => {
  it('found vector files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    const set = JSON.parse(readFileSync(join(dir, file), 'utf8')) as VectorFile;
    describe(`${file} (${set.algorithm}, set ${set.set})`, () => {
      it('is a known schema and algorithm', () => {
        expect(set.schema).toBe('alicloud-signing-vectors/1');
        expect(checkers.has(set.algorithm), `no checker for algorithm ${set.algorithm}`).toBe(true);
        expect(set.cases.length).toBe(set.caseCount);
      });
      const check = checkers.get(set.algorithm);
      for (const c of set.cases) {
        it(`${c.id}: ${c.description}`, () => {
          expect(check, `no checker for algorithm ${set.algorithm}`).toBeDefined();
          check?.(c);
        });
      }
    });
  }
});
