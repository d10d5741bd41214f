import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** Every source file the main entry reaches through relative imports. */
function reachable(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = readFileSync(file, 'utf8');
  for (const m of text.matchAll(/from '(\.[^']+)'/g)) reachable(`${resolve(dirname(file), m[1] as string)}.ts`, seen);
  return seen;
}

describe('entry points', () => {
  it('keeps the main entry free of the OpenTelemetry subpath and its peers', () => {
    const files = reachable(join(here, 'index.ts'));
    expect(files.size).toBeGreaterThan(5);
    for (const file of files) {
      expect(file).not.toContain(`${join(here, 'otel')}`);
      expect(readFileSync(file, 'utf8')).not.toMatch(/from '@opentelemetry\//);
    }
  });
});
