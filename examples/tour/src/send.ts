/** A signed request, ready to go on the wire. */
export interface OutgoingCall {
  /** HTTP method. @defaultValue `'GET'` */
  method?: string | undefined;
  /** The full URL, query included. */
  url: string;
  /** Headers to send, `Authorization` included. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Request body, if any. */
  body?: Uint8Array | string | undefined;
}

/** A response with its body read. */
export interface ReceivedResponse {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** How long one demo call may take before it counts as failed. */
const CALL_TIMEOUT_MS = 10_000;

/** Sends a signed request with the platform `fetch`, as an application would, and reads the whole body. */
export async function send(call: OutgoingCall): Promise<ReceivedResponse> {
  const response = await fetch(call.url, {
    method: call.method ?? 'GET',
    headers: { ...call.headers },
    // fetch wants an ArrayBuffer-backed view; copying also keeps the caller's bytes untouched.
    body: typeof call.body === 'string' ? call.body : call.body === undefined ? undefined : new Uint8Array(call.body),
    signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
  });
  return { status: response.status, headers: response.headers, body: new Uint8Array(await response.arrayBuffer()) };
}
