import { type ClientRequest, Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';

/**
 * The key under which a request's observer travels in the `http.request` options (added through
 * httpx's `beforeRequest` hook). pop-core hides the HTTP response from its caller; the agent hands
 * each request to its observer so the adapter sees the status and headers (request id, `Date` for
 * clock skew, `Retry-After`) even when pop-core reports only a body, or nothing.
 */
export const OBSERVE_REQUEST: unique symbol = Symbol('alikit.pop.observeRequest');

/** What the adapter learns about one response. */
export interface ObservedResponse {
  status: number;
  headers: Headers;
}

/** The undocumented but long-stable hook every Node agent implements (agent-base and proxies use it too). */
interface AgentInternals {
  addRequest?: (this: HttpAgent, request: ClientRequest, options: Record<string | symbol, unknown>) => void;
}

/**
 * A keep-alive agent that shows each request to the observer found in its options. One agent per
 * client keeps connections pooled while the pop-core client behind it is replaced at every
 * credential rotation.
 */
export function createObservingAgent(protocol: string): HttpAgent {
  const agent = protocol === 'https:' ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const internals = agent as unknown as AgentInternals;
  const addRequest = internals.addRequest;
  if (typeof addRequest === 'function') {
    internals.addRequest = function observe(request, options) {
      const observer = options?.[OBSERVE_REQUEST];
      if (typeof observer === 'function') (observer as (request: ClientRequest) => void)(request);
      addRequest.call(this, request, options);
    };
  }
  return agent;
}

/** Calls `onResponse` with the status and headers of the response to `request`. */
export function observeResponse(request: ClientRequest, onResponse: (response: ObservedResponse) => void): void {
  request.once('response', (res) => {
    onResponse({ status: res.statusCode ?? 0, headers: toHeaders(res.headers) });
  });
}

/** Node's header object as a WHATWG `Headers`, which the error parsers and clock-skew helpers read. */
export function toHeaders(raw: IncomingHttpHeaders | Readonly<Record<string, unknown>> | undefined): Headers {
  const headers = new Headers();
  if (!raw) return headers;
  for (const [name, value] of Object.entries(raw)) {
    try {
      if (Array.isArray(value)) for (const v of value) headers.append(name, String(v));
      else if (value !== undefined && value !== null) headers.set(name, String(value));
    } catch {
      // A header Headers refuses (invalid characters) is not one the adapter needs.
    }
  }
  return headers;
}
