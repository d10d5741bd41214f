import { type LogGroup, shardRangeStart } from '@alikit/sls-logger/protocol';

/** One log as the SLS emulator stored it, with the group fields it arrived with. */
export interface SlsStoredLog {
  /** Unix seconds. */
  readonly time: number;
  /** Nanosecond part, when the client sent one. */
  readonly timeNs: number | undefined;
  /** Key/value pairs in wire order. */
  readonly contents: ReadonlyArray<readonly [string, string]>;
  /** The group's topic (`''` when none). */
  readonly topic: string;
  /** The group's source (`''` when none). */
  readonly source: string;
  /** The group's tags. */
  readonly tags: ReadonlyArray<readonly [string, string]>;
  /** The shard the PutLogs request was routed to. */
  readonly shardId: number;
  /** Arrival order within the logstore, from 0. */
  readonly sequence: number;
  /** Request id of the PutLogs call that stored it. */
  readonly requestId: string;
}

/** A shard of a logstore: a `[inclusiveBeginKey, exclusiveEndKey)` slice of the MD5 key space. */
export interface SlsShard {
  /** The shard's id, from 0. */
  readonly shardID: number;
  /** Always `'readwrite'`: every shard of the emulator takes reads and writes. */
  readonly status: 'readwrite';
  /** First MD5 hash of the shard's range, as 32 lower-case hex digits. */
  readonly inclusiveBeginKey: string;
  /** End of the shard's range (not included), as 32 lower-case hex digits. */
  readonly exclusiveEndKey: string;
  /** When the shard was created, in unix seconds (with its logstore). */
  readonly createTime: number;
}

/** Settings of a logstore, in the wire's field names. */
export interface SlsLogstoreConfig {
  logstoreName: string;
  ttl: number;
  shardCount: number;
  autoSplit: boolean;
  maxSplitShard: number;
  appendMeta: boolean;
  enable_tracking: boolean;
  telemetryType: string;
  mode: string;
}

/** Write statistics of a logstore. */
export interface SlsLogstoreStats {
  /** Logs stored. */
  logs: number;
  /** Accepted PutLogs requests. */
  putRequests: number;
  /** Sum of `x-log-bodyrawsize` of accepted requests. */
  rawBytes: number;
  /** Sum of body bytes as they arrived (after compression) of accepted requests. */
  wireBytes: number;
  /** Accepted requests by `x-log-compresstype` (`none` when absent). */
  byCompression: Record<string, number>;
  /** Logs per shard id. */
  logsPerShard: number[];
}

/** A logstore: configuration, shards, and every log written to it (in memory). */
export class SlsLogstore {
  readonly config: SlsLogstoreConfig;
  readonly createTime: number;
  lastModifyTime: number;
  readonly shards: readonly SlsShard[];
  readonly logs: SlsStoredLog[] = [];
  readonly stats: SlsLogstoreStats;
  #roundRobin = 0;

  constructor(config: SlsLogstoreConfig, createTime: number) {
    this.config = config;
    this.createTime = createTime;
    this.lastModifyTime = createTime;
    const count = config.shardCount;
    this.shards = Array.from({ length: count }, (_, i) => ({
      shardID: i,
      status: 'readwrite' as const,
      inclusiveBeginKey: shardRangeStart(i, count),
      exclusiveEndKey: shardRangeStart(i + 1, count),
      createTime,
    }));
    this.stats = {
      logs: 0,
      putRequests: 0,
      rawBytes: 0,
      wireBytes: 0,
      byCompression: {},
      logsPerShard: new Array<number>(count).fill(0),
    };
  }

  /** The shard a normalized (32 lower-case hex) hash key routes to; round-robin without a key. */
  shardFor(hashKey: string | undefined): number {
    if (hashKey === undefined) {
      const shard = this.#roundRobin % this.shards.length;
      this.#roundRobin++;
      return shard;
    }
    // The last shard's end key is ffff…, which it owns inclusively.
    for (const shard of this.shards) if (hashKey < shard.exclusiveEndKey) return shard.shardID;
    return this.shards.length - 1;
  }

  /** Stores a decoded LogGroup routed to `shardId`. */
  append(
    group: LogGroup,
    shardId: number,
    requestId: string,
    wire: { rawBytes: number; wireBytes: number; compressType: string },
  ): void {
    const topic = group.topic ?? '';
    const source = group.source ?? '';
    const tags = group.logTags ?? [];
    for (const log of group.logs) {
      this.logs.push({
        time: log.time,
        timeNs: log.timeNs,
        contents: log.contents,
        topic,
        source,
        tags,
        shardId,
        sequence: this.logs.length,
        requestId,
      });
    }
    const stats = this.stats;
    stats.logs += group.logs.length;
    stats.putRequests++;
    stats.rawBytes += wire.rawBytes;
    stats.wireBytes += wire.wireBytes;
    stats.byCompression[wire.compressType] = (stats.byCompression[wire.compressType] ?? 0) + 1;
    stats.logsPerShard[shardId] = (stats.logsPerShard[shardId] ?? 0) + group.logs.length;
  }
}

const LOGSTORE_NAME = /^[a-z0-9][a-z0-9_-]{1,61}[a-z0-9]$/;

/** True when `name` is a valid logstore name (3–63 lower-case letters, digits, `_`, `-`). */
export function isLogstoreName(name: unknown): name is string {
  return typeof name === 'string' && LOGSTORE_NAME.test(name);
}

/** Logstores of every project, by project then name. */
export class SlsLogstoreStore {
  readonly #byProject = new Map<string, Map<string, SlsLogstore>>();

  /** The logstore, if it exists. */
  get(project: string, name: string): SlsLogstore | undefined {
    return this.#byProject.get(project)?.get(name);
  }

  /** Adds a logstore; returns false when the name is taken. */
  add(project: string, logstore: SlsLogstore): boolean {
    let stores = this.#byProject.get(project);
    if (!stores) {
      stores = new Map();
      this.#byProject.set(project, stores);
    }
    if (stores.has(logstore.config.logstoreName)) return false;
    stores.set(logstore.config.logstoreName, logstore);
    return true;
  }

  /** Removes a logstore; returns whether it existed. */
  delete(project: string, name: string): boolean {
    return this.#byProject.get(project)?.delete(name) ?? false;
  }

  /** Logstore names of a project, sorted. */
  names(project: string): string[] {
    return [...(this.#byProject.get(project)?.keys() ?? [])].sort();
  }
}
