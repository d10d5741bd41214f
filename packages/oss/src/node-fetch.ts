import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';

/**
 * A minimal `fetch` over `node:http` with keep-alive agents, for the requests this package signs
 * itself (multipart parts, copies). Undici's fetch spends noticeably more CPU per byte on large
 * bodies; this sends a `Uint8Array` body in one write. It supports what core's HTTP client uses:
 * method, headers, a bytes or stream body, `signal`, and no redirects.
 */
export function createNodeFetch(): typeof globalThis.fetch {
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  const nodeFetch = (input: string | URL | Request, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
      const secure = url.protocol === 'https:';
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, name) => {
        headers[name] = value;
      });
      const body = init.body as Uint8Array | ReadableStream<Uint8Array> | null | undefined;
      if (body instanceof Uint8Array) headers['content-length'] = String(body.byteLength);
      else if (body == null && init.method && !['GET', 'HEAD'].includes(init.method)) headers['content-length'] = '0';
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const req = (secure ? https : http).request(url, {
        method: init.method ?? 'GET',
        headers,
        agent: secure ? httpsAgent : httpAgent,
      });
      const onAbort = () => req.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      const fail = (error: unknown) => {
        signal?.removeEventListener('abort', onAbort);
        reject(signal?.aborted ? signal.reason : new TypeError('fetch failed', { cause: error }));
      };
      req.on('error', fail);
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('aborted', () => fail(Object.assign(new Error('response aborted'), { code: 'ECONNRESET' })));
        res.on('end', () => {
          signal?.removeEventListener('abort', onAbort);
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
            else if (value !== undefined) responseHeaders.set(name, value);
          }
          const status = res.statusCode ?? 0;
          const nullBody = status === 204 || status === 304 || init.method === 'HEAD';
          resolve(
            new Response(nullBody ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage ?? '',
              headers: responseHeaders,
            }),
          );
        });
      });
      if (body instanceof Uint8Array) req.end(body);
      else if (body instanceof ReadableStream) {
        const stream = Readable.fromWeb(body as import('node:stream/web').ReadableStream<Uint8Array>);
        stream.on('error', (error) => req.destroy(error));
        stream.pipe(req);
      } else req.end();
    });
  return nodeFetch as typeof globalThis.fetch;
}
