/** The version of the `serialize()` format; bumped if the envelope ever changes. */
const FORMAT_VERSION = 1;

/** What a serialized poller holds besides the operation's own state. */
interface Envelope {
  alikitPoller: number;
  /** `<service>/<name>` of the operation that wrote it. */
  operation: string;
  state: unknown;
}

/** The identity written into serialized pollers: `<service>/<name>`. */
export function operationKey(service: string, name: string): string {
  return `${service}/${name}`;
}

/**
 * Wraps a serialized state in the poller envelope, as one JSON string.
 * @throws TypeError when the state is not JSON-serialisable (a `bigint`, a cycle).
 */
export function encodePollerState(key: string, state: unknown): string {
  try {
    return JSON.stringify({ alikitPoller: FORMAT_VERSION, operation: key, state } satisfies Envelope);
  } catch (error) {
    throw new TypeError(
      `cannot serialize the ${key} poller: its state is not plain JSON (give the operation a serialize() function)`,
      { cause: error },
    );
  }
}

/**
 * Reads what {@link encodePollerState} wrote, checking it was written for the same operation.
 * @throws TypeError for a string that is not a serialized poller, or one of another operation.
 */
export function decodePollerState(key: string, text: string): unknown {
  if (typeof text !== 'string') throw new TypeError('resumeFrom must be a string from Poller.serialize()');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TypeError('resumeFrom is not a string from Poller.serialize(): it is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || !('alikitPoller' in parsed)) {
    throw new TypeError('resumeFrom is not a string from Poller.serialize()');
  }
  const envelope = parsed as Partial<Envelope>;
  if (envelope.alikitPoller !== FORMAT_VERSION) {
    throw new TypeError(
      `resumeFrom has format version ${String(envelope.alikitPoller)}; this version reads ${FORMAT_VERSION}`,
    );
  }
  if (envelope.operation !== key) {
    throw new TypeError(
      `resumeFrom was serialized by a ${String(envelope.operation)} poller and cannot resume a ${key} one`,
    );
  }
  if (!('state' in envelope) || envelope.state === undefined) throw new TypeError('resumeFrom holds no state');
  return envelope.state;
}
