import { Agent } from 'node:http';
import { signPopRpc } from '@alikit/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_ACCESS_KEY_ID, type Emulators, SERVICE_NAMES, startEmulators } from '../src/index';
import { hostOf, portOf, send } from './helpers';

function signedRpcUrl(emu: Emulators<'pop'>): { url: string; headers: Record<string, string> } {
  const signed = signPopRpc({
    host: hostOf(emu.pop.endpoint),
    protocol: 'http',
    action: 'DescribeRegions',
    version: '2014-05-26',
    credentials: emu.credentials,
    date: new Date(),
    nonce: `n-${Math.random()}`,
  });
  return { url: signed.url, headers: signed.headers };
}

describe('startEmulators lifecycle', () => {
  it('starts every service on its own free loopback port and stops them', async () => {
    const emu = await startEmulators();
    try {
      expect(emu.services).toEqual(SERVICE_NAMES);
      const endpoints = [
        emu.oss.endpoint,
        emu.sls.endpoint,
        emu.tablestore.endpoint,
        emu.pop.endpoint,
        emu.maxcompute.endpoint,
        emu.metadata.endpoint,
      ];
      for (const endpoint of endpoints) expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+(\/api)?$/);
      expect(new Set(endpoints.map(portOf)).size).toBe(6);
      expect(emu.maxcompute.endpoint.endsWith('/api')).toBe(true);
      expect(emu.tablestore.instanceName).toBe('alikit-emulator');
      expect(emu.maxcompute.project).toBe('alikit_emulator');
      expect(emu.credentials.accessKeyId).toBe(process.env['ALIKIT_EMULATOR_ACCESS_KEY_ID'] || DEFAULT_ACCESS_KEY_ID);
    } finally {
      await emu.stop();
    }
  });

  it('starts only the requested services and explains the missing ones', async () => {
    const emu = await startEmulators({ services: ['pop'] });
    try {
      expect(emu.services).toEqual(['pop']);
      expect(Object.keys(emu)).toContain('pop');
      expect(Object.keys(emu)).not.toContain('oss');
      const loose = emu as unknown as Emulators;
      expect(() => loose.oss).toThrow(/the oss emulator is not running: pass services: \['pop', 'oss'\]/);
      expect(() => emu.faults.inject('oss', { status: 503 })).toThrow(RangeError);
    } finally {
      await emu.stop();
    }
  });

  it('refuses unknown service names before listening', async () => {
    await expect(startEmulators({ services: ['s3' as never] })).rejects.toThrow(TypeError);
  });

  it('accepts the accounts it is given; the first is the default', async () => {
    const emu = await startEmulators({
      services: ['pop'],
      accounts: [
        { accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' },
        { accessKeyId: 'LTAI5tSecondKeyId', accessKeySecret: 'SecondSecret' },
      ],
    });
    try {
      expect(emu.credentials).toEqual({ accessKeyId: 'LTAI5tExampleKeyId', accessKeySecret: 'ExampleSecret' });
      const second = signPopRpc({
        host: hostOf(emu.pop.endpoint),
        protocol: 'http',
        action: 'DescribeRegions',
        version: '2014-05-26',
        credentials: { accessKeyId: 'LTAI5tSecondKeyId', accessKeySecret: 'SecondSecret' },
        date: new Date(),
        nonce: 'n-second',
      });
      expect((await send(second.url, { headers: second.headers })).status).toBe(200);
      expect(emu.pop.calls[0]?.accessKeyId).toBe('LTAI5tSecondKeyId');
    } finally {
      await emu.stop();
    }
  });

  it('stop() closes idle keep-alive connections at once and is idempotent', async () => {
    const emu = await startEmulators({ services: ['pop'] });
    const agent = new Agent({ keepAlive: true, keepAliveMsecs: 60_000 });
    try {
      const { url, headers } = signedRpcUrl(emu);
      expect((await send(url, { headers, agent })).status).toBe(200);
      const sockets = Object.values(agent.freeSockets).flat();
      expect(sockets).toHaveLength(1);
      const closed = new Promise<void>((resolve) => sockets[0]?.once('close', () => resolve()));
      const started = Date.now();
      const first = emu.stop();
      expect(emu.stop()).toBe(first);
      await first;
      await closed;
      expect(Date.now() - started).toBeLessThan(500);
      await expect(send(url, { headers })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    } finally {
      agent.destroy();
      await emu.stop();
    }
  });

  it('stop() does not wait for a request held by an injected delay', async () => {
    const emu = await startEmulators({ services: ['pop'] });
    emu.faults.inject('pop', { delayMs: 30_000 });
    const { url, headers } = signedRpcUrl(emu);
    const pending = send(url, { headers }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await emu.stop();
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await pending).toBe('failed');
  });

  it('serves fixed ports when asked', async () => {
    const probe = await startEmulators({ services: ['pop'] });
    const port = portOf(probe.pop.endpoint);
    await probe.stop();
    const emu = await startEmulators({ services: ['pop'], ports: { pop: port } });
    try {
      expect(emu.pop.endpoint).toBe(`http://127.0.0.1:${port}`);
      await expect(startEmulators({ services: ['pop'], ports: { pop: port } })).rejects.toMatchObject({
        code: 'EADDRINUSE',
      });
    } finally {
      await emu.stop();
    }
  });
});
