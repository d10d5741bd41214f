import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the test server received it. */
export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Answers one request; `index` counts requests from 0. */
export type Step = (req: IncomingMessage, res: ServerResponse, recorded: RecordedRequest, index: number) => void;

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  url(path?: string): string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 (ephemeral port) that answers request n with step n (the last
 * step repeats), or with a function of the request index.
 */
export async function startScriptedServer(script: Step[] | Step): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      const index = requests.push(recorded) - 1;
      const step = typeof script === 'function' ? script : (script[Math.min(index, script.length - 1)] ?? reply(500));
      step(req, res, recorded, index);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    url: (path = '/') => `${origin}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers with a status, a body and headers. */
export function reply(status: number, body: string | Uint8Array = '', headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    res.writeHead(status, { 'content-length': String(Buffer.byteLength(body)), ...headers });
    res.end(body);
  };
}

/** Answers like `step`, `ms` later. */
export function delayed(ms: number, step: Step): Step {
  return (req, res, recorded, index) => {
    const timer = setTimeout(() => step(req, res, recorded, index), ms);
    res.on('close', () => clearTimeout(timer));
  };
}

/** Destroys the connection without answering (the client sees a reset / "other side closed"). */
export function resetConnection(): Step {
  return (req) => req.socket.destroy();
}

/** Sends the status line and part of the body, then never finishes. */
export function stallBody(status = 200): Step {
  return (_req, res) => {
    res.writeHead(status, { 'content-length': '100', 'content-type': 'application/octet-stream' });
    res.write('partial');
  };
}

/** A POP-style JSON error body. */
export function popError(code: string, message = `${code} happened`, requestId = 'POP-REQ-ID'): string {
  return JSON.stringify({ RequestId: requestId, HostId: 'sts.aliyuncs.com', Code: code, Message: message });
}

/** An OSS/MaxCompute-style XML error body. */
export function xmlError(code: string, message = `${code} happened`, requestId = '5C8F7B2CDDD9CB2E202D4FD8'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${requestId}</RequestId><HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId></Error>`;
}
