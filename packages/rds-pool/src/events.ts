import type { SdkError } from '@alikit/core';
import type { EvictReason } from './pooled-connection';

/** Common fields: which endpoint (`primary`, `replica-0`, …) the event is about. */
export interface RdsEndpointEvent {
  endpoint: string;
}

/** A new connection logged in. */
export interface RdsConnectEvent extends RdsEndpointEvent {
  connectionId: number;
  /** Connections open on this endpoint, this one included. */
  total: number;
}

/** A connection attempt failed; attempts pause for `retryInMs`. */
export interface RdsConnectErrorEvent extends RdsEndpointEvent {
  error: SdkError;
  retryInMs: number;
  /** Consecutive failures so far. */
  failures: number;
}

/** A caller got a connection. */
export interface RdsAcquireEvent extends RdsEndpointEvent {
  connectionId: number;
  /** How long it waited, validation included. */
  waitMs: number;
}

/** A caller gave a connection back. */
export interface RdsReleaseEvent extends RdsEndpointEvent {
  connectionId: number;
  heldMs: number;
}

/** A caller had to queue for a connection. */
export interface RdsEnqueueEvent extends RdsEndpointEvent {
  /** Callers waiting, this one included. */
  pending: number;
}

/** A caller's acquire deadline passed while it waited. */
export interface RdsTimeoutEvent extends RdsEndpointEvent {
  waitedMs: number;
  pending: number;
}

/** A connection was closed by the pool. */
export interface RdsEvictEvent extends RdsEndpointEvent {
  connectionId: number;
  reason: EvictReason;
}

/** A connection was held longer than `leakDetectionMs`. */
export interface RdsLeakEvent extends RdsEndpointEvent {
  connectionId: number;
  heldMs: number;
  /** Where it was borrowed: the stack of the call that took it. */
  stack: string;
}

/** A read-only error showed the endpoint switched over: every connection is being replaced. */
export interface RdsFailoverEvent extends RdsEndpointEvent {
  /** The MySQL error that revealed it (e.g. `ER_OPTION_PREVENTS_STATEMENT`). */
  code: string;
  errno: number | undefined;
  /** Connections marked for replacement (idle ones close now, borrowed ones when returned). */
  evicted: number;
}

/** Every event an {@link RdsPool} emits, with its arguments. */
export interface RdsPoolEventMap {
  connect: [RdsConnectEvent];
  connectError: [RdsConnectErrorEvent];
  acquire: [RdsAcquireEvent];
  release: [RdsReleaseEvent];
  enqueue: [RdsEnqueueEvent];
  timeout: [RdsTimeoutEvent];
  evict: [RdsEvictEvent];
  leak: [RdsLeakEvent];
  failover: [RdsFailoverEvent];
  close: [];
}

/** Emits an event of the pool; `wants` tells whether anyone listens (to skip building it). */
export interface EventSink {
  emit<K extends keyof RdsPoolEventMap>(name: K, ...args: RdsPoolEventMap[K]): void;
  wants(name: keyof RdsPoolEventMap): boolean;
}
