import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import slsPinoTransport from '../../src/pino/index';
import { startSls } from '../emulator/helpers';

type Env = Awaited<ReturnType<typeof startSls>>;
let env: Env | undefined;
afterEach(async () => {
  await env?.emu.stop();
  env = undefined;
});

const target = fileURLToPath(new URL('./fixtures/transport-entry.mjs', import.meta.url));

function ids(e: Env): string[] {
  return e.emu.sls
    .records(e.project, e.logstore)
    .map((log) => log.contents.find(([k]) => k === 'id')?.[1] ?? '')
    .sort();
}

describe('pino.transport with @alikit/sls-logger/pino', () => {
  it('runs in pino’s worker thread, delivers on logger.flush() and on transport end', async () => {
    env = await startSls();
    const e = env;
    const transport = pino.transport({
      target,
      options: {
        project: e.project,
        logstore: e.logstore,
        endpoint: e.endpoint,
        credentials: { accessKeyId: e.credentials.accessKeyId, accessKeySecret: e.credentials.accessKeySecret },
        batch: { lingerMs: 60_000 },
      },
    });
    const log = pino({ base: undefined }, transport);
    log.info({ id: 't1', user: { name: 'ann' } }, 'from the worker');
    log.warn({ id: 't2' }, 'second');
    // The linger is a minute: only the flush can have sent these.
    await new Promise<void>((resolve, reject) => log.flush((err) => (err ? reject(err) : resolve())));
    expect(ids(e)).toEqual(['t1', 't2']);
    const first = Object.fromEntries(
      e.emu.sls.records(e.project, e.logstore).find((r) => r.contents.some(([, v]) => v === 't1'))?.contents ?? [],
    );
    expect(first).toMatchObject({ level: 'INFO', message: 'from the worker', user: '{"name":"ann"}' });

    // Nothing is left to send, so ending does not wait on the emulator, which shares this thread
    // with pino's blocking end (see the exit test for delivery on end).
    const closed = new Promise<void>((resolve) => transport.once('close', () => resolve()));
    transport.end();
    await closed;
    expect(ids(e)).toEqual(['t1', 't2']);
  }, 15_000);

  it('delivers what is buffered when the process exits normally (pino ends the transport)', async () => {
    env = await startSls();
    const e = env;
    const fixture = fileURLToPath(new URL('./fixtures/exit-child.mjs', import.meta.url));
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [fixture, e.endpoint, e.project, e.logstore, e.credentials.accessKeyId, e.credentials.accessKeySecret, '50'],
        { stdio: ['ignore', 'inherit', 'inherit'] },
      );
      child.on('error', reject);
      child.on('exit', resolve);
    });
    expect(code).toBe(0);
    expect(ids(e)).toEqual(Array.from({ length: 50 }, (_, i) => `x${i}`).sort());
  }, 15_000);

  it('is a function from options to a destination, and rejects wrong options before any I/O', async () => {
    expect(typeof slsPinoTransport).toBe('function');
    expect(() => slsPinoTransport({ project: 'p', logstore: '' } as never)).toThrow(/logstore/);
    env = await startSls();
    const destination = slsPinoTransport({
      project: env.project,
      logstore: env.logstore,
      endpoint: env.endpoint,
      credentials: env.credentials,
      pinoWillSendConfig: true,
    } as never);
    destination.write(`{"level":30,"time":${Date.now()},"msg":"direct","id":"d1"}\n`);
    await destination.flush();
    expect(ids(env)).toEqual(['d1']);
    await destination.closeLogs({ timeoutMs: 1000 });
  });
});
