import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeHttpFetch } from './node-http-fetch';

let server: Server;
let base: string;
beforeAll(async () => {
  // Echoes the method, the content-length it saw and the body.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      res.setHeader('x-method', req.method ?? '');
      res.setHeader('x-length', req.headers['content-length'] ?? 'none');
      res.setHeader('set-cookie', ['a=1', 'b=2']);
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('createNodeHttpFetch', () => {
  const fetch = createNodeHttpFetch({ maxSockets: 4 });

  it('sends byte and string bodies with their length and reads the whole answer', async () => {
    const res = await fetch(`${base}/x`, { method: 'PUT', body: new Uint8Array([1, 2, 3]) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-length')).toBe('3');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([1, 2, 3]);
    const text = await fetch(`${base}/x`, { method: 'POST', body: 'héllo' });
    expect(text.headers.get('x-length')).toBe('6');
    expect(await text.text()).toBe('héllo');
  });

  it('streams a ReadableStream body', async () => {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('part one, '));
        controller.enqueue(new TextEncoder().encode('part two'));
        controller.close();
      },
    });
    const res = await fetch(`${base}/s`, { method: 'PUT', body, duplex: 'half' } as RequestInit);
    expect(await res.text()).toBe('part one, part two');
  });

  it('gives HEAD an empty body, an empty POST a zero length, and keeps repeated headers', async () => {
    const head = await fetch(`${base}/h`, { method: 'HEAD' });
    expect(head.headers.get('x-method')).toBe('HEAD');
    expect((await head.arrayBuffer()).byteLength).toBe(0);
    const post = await fetch(`${base}/p`, { method: 'POST' });
    expect(post.headers.get('x-length')).toBe('0');
    expect(post.headers.get('set-cookie')).toBe('a=1, b=2');
  });

  it('rejects with the signal reason when aborted, and with fetch failed when nothing listens', async () => {
    const reason = new Error('stop');
    await expect(fetch(`${base}/a`, { signal: AbortSignal.abort(reason) })).rejects.toBe(reason);
    await expect(fetch('http://127.0.0.1:1/')).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
  });
});
