/**
 * One log entry: a timestamp and ordered key/value pairs, as carried by the SLS `Log` message.
 */
export interface Log {
  /** Unix time in whole seconds (protobuf `Time`, uint32). */
  time: number;
  /** Nanosecond part of the timestamp, 0..999 999 999 (protobuf `TimeNs`, fixed32); omitted when unset. */
  timeNs?: number;
  /** Key/value pairs in wire order; keys may repeat. */
  contents: Array<[string, string]>;
}

/** A key/value tag attached to every log in a group (protobuf `LogTag`), e.g. `['__pack_id__', '…']`. */
export type LogTag = [string, string];

/**
 * A batch of logs sharing topic, source and tags: the body of one PutLogs request (protobuf `LogGroup`).
 */
export interface LogGroup {
  /** The logs, in order. */
  logs: Log[];
  /** Log topic (protobuf `Topic`); omitted from the wire when undefined. */
  topic?: string;
  /** Log source, usually the client IP (protobuf `Source`); omitted from the wire when undefined. */
  source?: string;
  /** Group tags (protobuf `LogTags`). */
  logTags?: LogTag[];
  /** Reserved `Category` field; SLS ignores it, kept so decoding and re-encoding is lossless. */
  category?: string;
  /** Machine id (protobuf `MachineUUID`, Go SDK only); kept so decoding and re-encoding is lossless. */
  machineUuid?: string;
}
