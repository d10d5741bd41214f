import { type Agent, type IncomingHttpHeaders, request } from 'node:http';
import { createRequire } from 'node:module';

/** A response as the tests look at it. */
export interface SentResponse {
  status: number;
  headers: IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  text(): string;
  json(): unknown;
}

/** Options of {@link send}. */
export interface SendOptions {
  method?: string;
  /** Headers exactly as sent (names keep their case); a `host` entry replaces the URL's host. */
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  agent?: Agent;
}

/**
 * Sends one request with `node:http`, so header names, their case and the `Host` header go on the
 * wire exactly as the test wrote them (fetch would normalise them).
 */
export function send(url: string, options: SendOptions = {}): Promise<SentResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            rawHeaders: res.rawHeaders,
            body,
            text: () => body.toString('utf8'),
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Host and port of an endpoint URL (`127.0.0.1:1234`). */
export function hostOf(endpoint: string): string {
  return new URL(endpoint).host;
}

/** Port of an endpoint URL. */
export function portOf(endpoint: string): number {
  return Number(new URL(endpoint).port);
}

/** Loads an official SDK installed as a devDependency of packages/core. */
export const requireFromCore = createRequire(new URL('../../core/package.json', import.meta.url));
