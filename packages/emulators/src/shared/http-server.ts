import { setMaxListeners } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReceivedRequest } from '@alikit/core';

/** What a service answers: status, headers and a body (bytes or UTF-8 text). */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string> | undefined;
  body?: string | Uint8Array | undefined;
  /**
   * A body streamed to the client instead of `body` (large objects); `contentLength` must then
   * give its exact length.
   */
  bodyStream?: Readable | undefined;
  /**
   * The `Content-Length` to announce when it is not the length of `body`: with `bodyStream`, and for
   * HEAD answers, which describe a body they do not send. @defaultValue the length of `body`
   */
  contentLength?: number | undefined;
}

/** Returned by a listener to reset the TCP connection instead of answering. */
export const RESET_CONNECTION: unique symbol = Symbol('alikit.emulators.resetConnection');

/**
 * Handles one request. `signal` aborts when the server stops, so long waits (injected delays) end
 * promptly. The body has been read whole into `request.body`, unless `streamsBody` chose to stream
 * it: then `request.body` is `undefined` and the listener reads `bodyStream` itself.
 */
export interface RequestListener {
  (
    request: ReceivedRequest,
    signal: AbortSignal,
    bodyStream?: Readable | undefined,
  ): Promise<EmulatorResponse | typeof RESET_CONNECTION>;
  /**
   * Called with the request line and headers before the body is read; `true` hands the body to the
   * listener as a stream (large uploads go to disk instead of memory). @defaultValue every body is read whole
   */
  streamsBody?: ((request: Omit<ReceivedRequest, 'body'>) => boolean) | undefined;
}

/** Options of {@link EmulatorHttpServer.start}. */
export interface HttpServerOptions {
  /** Interface to listen on. @defaultValue `'127.0.0.1'` */
  host?: string | undefined;
  /** Port to listen on; 0 picks a free one. @defaultValue 0 */
  port?: number | undefined;
  /** How long `stop()` lets in-flight requests finish before closing their connections. @defaultValue 1000 */
  stopGraceMs?: number | undefined;
  listener: RequestListener;
}

/**
 * A `node:http` server on loopback that reads each request body whole (or, when the listener's
 * `streamsBody` asks for it, hands the body over as a stream), passes the request to a listener as
 * a core `ReceivedRequest`, and tracks its sockets so `stop()` does not wait for idle keep-alive
 * connections to time out.
 */
export class EmulatorHttpServer {
  /** `http://<host>:<port>`, the base URL clients use. */
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly #server: Server;
  readonly #sockets: Set<Socket>;
  readonly #abort: AbortController;
  readonly #stopGraceMs: number;
  #stopping: Promise<void> | undefined;

  private constructor(server: Server, sockets: Set<Socket>, abort: AbortController, host: string, graceMs: number) {
    this.#server = server;
    this.#sockets = sockets;
    this.#abort = abort;
    this.#stopGraceMs = graceMs;
    this.host = host;
    this.port = (server.address() as AddressInfo).port;
    this.endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${this.port}`;
  }

  /**
   * Starts listening and resolves once the port is bound.
   * @throws RangeError when the port is not an integer from 0 to 65535.
   */
  static async start(options: HttpServerOptions): Promise<EmulatorHttpServer> {
    const host = options.host ?? '127.0.0.1';
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`port must be an integer from 0 to 65535, got ${String(port)}`);
    }
    const sockets = new Set<Socket>();
    const abort = new AbortController();
    // Every request that waits (an injected delay) listens on this one signal; any number may wait at once.
    setMaxListeners(0, abort.signal);
    const server = createServer((req, res) => {
      void serve(req, res, options.listener, abort.signal);
    });
    // Clients of a stopping server get `Connection: close`, so their sockets go away after the answer.
    server.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    server.on('clientError', (_err, socket) => {
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      else socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new EmulatorHttpServer(server, sockets, abort, host, options.stopGraceMs ?? 1000);
  }

  /** Whether `stop()` has been called. */
  get stopped(): boolean {
    return this.#stopping !== undefined;
  }

  /**
   * Stops accepting connections, closes idle keep-alive sockets at once, lets in-flight requests
   * finish (up to the grace period) and resolves when every socket is closed. Calling it again
   * returns the same promise.
   */
  stop(): Promise<void> {
    this.#stopping ??= new Promise<void>((resolve) => {
      this.#abort.abort(new Error('emulator stopped'));
      this.#server.close(() => resolve());
      this.#server.closeIdleConnections();
      const timer = setTimeout(() => {
        for (const socket of this.#sockets) socket.destroy();
      }, this.#stopGraceMs);
      timer.unref();
      this.#server.once('close', () => clearTimeout(timer));
    });
    return this.#stopping;
  }
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  listener: RequestListener,
  signal: AbortSignal,
): Promise<void> {
  try {
    const head = { method: req.method ?? 'GET', url: req.url ?? '/', rawHeaders: req.rawHeaders };
    const streamed = listener.streamsBody?.(head) === true;
    const received: ReceivedRequest = { ...head, body: streamed ? undefined : await readBody(req) };
    const outcome = await listener(received, signal, streamed ? req : undefined);
    if (outcome === RESET_CONNECTION) {
      // A streamed body is still arriving: take some of it first, so the reset lands mid-upload.
      if (streamed && !req.readableEnded) await firstChunk(req, 2000);
      req.socket.resetAndDestroy();
      return;
    }
    await writeResponse(res, outcome, signal.aborted);
  } catch (error) {
    if (res.headersSent || req.socket.destroyed) {
      req.socket.destroy();
      return;
    }
    // Only reached for bugs in a listener: services render their own errors.
    const text = `emulator failure: ${error instanceof Error ? error.message : String(error)}`;
    await writeResponse(
      res,
      { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: text },
      true,
    );
  }
}

/** Resolves once the stream has delivered a chunk, ended, failed, or `timeoutMs` passed. */
function firstChunk(stream: Readable, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stream.off('data', done).off('end', done).off('error', done);
      stream.pause();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    stream.once('data', done).once('end', done).once('error', done);
  });
}

function readBody(req: IncomingMessage): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

async function writeResponse(res: ServerResponse, response: EmulatorResponse, close: boolean): Promise<void> {
  const body = typeof response.body === 'string' ? Buffer.from(response.body, 'utf8') : response.body;
  res.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers ?? {})) res.setHeader(name, value);
  res.setHeader('content-length', String(response.contentLength ?? body?.byteLength ?? 0));
  if (close) res.setHeader('connection', 'close');
  if (response.bodyStream) {
    // A client that goes away mid-download ends the stream; nothing is left to answer.
    await pipeline(response.bodyStream, res).catch(() => res.destroy());
    return;
  }
  res.end(body && body.byteLength > 0 ? body : undefined);
}
