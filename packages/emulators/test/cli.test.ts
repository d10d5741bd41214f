import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signPopRpc } from '@alikit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { hostOf, send } from './helpers';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  // The CLI runs under npx → tsx → node; it was started in its own process group, so end that group.
  if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  child = undefined;
});

function firstLine(proc: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stdout?.setEncoding('utf8');
    proc.stderr?.setEncoding('utf8');
    proc.stderr?.on('data', (chunk: string) => {
      err += chunk;
    });
    proc.stdout?.on('data', (chunk: string) => {
      out += chunk;
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve(out.slice(0, nl));
    });
    proc.once('exit', (code) => reject(new Error(`CLI exited with ${code} before printing: ${err}`)));
  });
}

describe('alikit-emulators CLI', () => {
  it('prints endpoints and credentials as one JSON line, serves them, and stops on SIGTERM', async () => {
    child = spawn('npx', ['tsx', 'packages/emulators/src/cli.ts', '--services', 'pop'], {
      cwd: repoRoot,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        ALIKIT_EMULATOR_ACCESS_KEY_ID: 'LTAI5tExampleKeyId',
        ALIKIT_EMULATOR_ACCESS_KEY_SECRET: 'ExampleSecret',
      },
    });
    const info = JSON.parse(await firstLine(child)) as {
      credentials: { accessKeyId: string; accessKeySecret: string };
      services: Record<string, { endpoint: string }>;
    };
    expect(info.credentials).toEqual({ accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' });
    expect(Object.keys(info.services)).toEqual(['pop']);
    const endpoint = info.services['pop']?.endpoint as string;
    expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const signed = signPopRpc({
      host: hostOf(endpoint),
      protocol: 'http',
      action: 'DescribeRegions',
      version: '2014-05-26',
      credentials: info.credentials,
      date: new Date(),
      nonce: 'cli-test',
    });
    const res = await send(signed.url, { headers: signed.headers });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ RequestId: res.headers['x-acs-request-id'] });

    // npx does not forward signals, so the whole group gets SIGTERM, as a terminal's Ctrl-C would; the
    // output pipe closes once every process holding it (npx, tsx, the CLI) has exited.
    const proc = child;
    const pipeClosed = new Promise<void>((resolve) => proc.stdout?.once('close', () => resolve()));
    const started = Date.now();
    process.kill(-(proc.pid as number), 'SIGTERM');
    await pipeClosed;
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect(send(signed.url, { headers: signed.headers })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  }, 30_000);
});
