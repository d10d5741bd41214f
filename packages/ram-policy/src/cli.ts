#!/usr/bin/env node
// `alikit-ram-policy`: lints RAM policies and simulates requests against them. See cli/usage.ts.
import { readFile } from 'node:fs/promises';
import { main } from './cli/main';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readFile: (path) => readFile(path, 'utf8'),
  readStdin,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`alikit-ram-policy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
