import type { SdkError } from '@alikit/core';
import type { EvictReason } from './pooled-connection';

/** Common fields: which endpoint (`primary`, `replica-0`, …) the event is about. */
export interface RdsEndpointEvent {
  /** Which endpoint the event is about: `primary` or `replica-<n>`. */
  endpoint: string;
}

/** A new connection logged in. */
export interface RdsConnectEvent extends RdsEndpointEvent {
  /** The new session's server thread id (`CONNECTION_ID()`). */
  connectionId: number;
  /** Connections open on this endpoint, this one included. */
  total: number;
}

/** A connection attempt failed; attempts pause for `retryInMs`. */
export interface RdsConnectErrorEvent extends RdsEndpointEvent {
  /** Why the attempt failed (auth, network, TLS, too many connections, ...). */
  error: SdkError;
  /** Milliseconds until the next connection attempt may start (the backoff). */
  retryInMs: number;
  /** Consecutive failures so far. */
  failures: number;
}

/** A caller got a connection. */
export interface RdsAcquireEvent extends RdsEndpointEvent {
  /** The server thread id of the connection lent out. */
  connectionId: number;
  /** How long it waited, validation included. */
  waitMs: number;
}

/** A caller gave a connection back. */
export interface RdsReleaseEvent extends RdsEndpointEvent {
  /** The server thread id of the connection given back. */
  connectionId: number;
  /** How long the caller held the connection, in milliseconds. */
  heldMs: number;
}

/** A caller had to queue for a connection. */
export interface RdsEnqueueEvent extends RdsEndpointEvent {
  /** Callers waiting, this one included. */
  pending: number;
}

/** A caller's acquire deadline passed while it waited. */
export interface RdsTimeoutEvent extends RdsEndpointEvent {
  /** How long the caller waited before its deadline passed, in milliseconds. */
  waitedMs: number;
  /** Callers still waiting on this endpoint, the one that timed out excluded. */
  pending: number;
}

/** A connection was closed by the pool. */
export interface RdsEvictEvent extends RdsEndpointEvent {
  /** The server thread id of the closed connection. */
  connectionId: number;
  /** Why the pool closed it: `broken`, `validation`, `maxLifetime`, `idle`, `failover` or `recycle`. */
  reason: EvictReason;
}

/** A connection was held longer than `leakDetectionMs`. */
export interface RdsLeakEvent extends RdsEndpointEvent {
  /** The server thread id of the connection held too long. */
  connectionId: number;
  /** How long it had been held when the leak was reported, in milliseconds. */
  heldMs: number;
  /** Where it was borrowed: the stack of the call that took it. */
  stack: string;
}

/** A read-only error showed the endpoint switched over: every connection is being replaced. */
export interface RdsFailoverEvent extends RdsEndpointEvent {
  /** The MySQL error that revealed it (e.g. `ER_OPTION_PREVENTS_STATEMENT`). */
  code: string;
  /** The MySQL error number (e.g. 1290); `undefined` when the error carried none. */
  errno: number | undefined;
  /** Connections marked for replacement (idle ones close now, borrowed ones when returned). */
  evicted: number;
}

/** Every event an {@link RdsPool} emits, with its arguments. */
export interface RdsPoolEventMap {
  /** A new connection logged in. */
  connect: [RdsConnectEvent];
  /** A connection attempt failed; attempts pause for a backoff. */
  connectError: [RdsConnectErrorEvent];
  /** A caller got a connection. */
  acquire: [RdsAcquireEvent];
  /** A caller gave a connection back. */
  release: [RdsReleaseEvent];
  /** A caller had to queue because every connection was busy. */
  enqueue: [RdsEnqueueEvent];
  /** A caller's acquire deadline passed while it waited. */
  timeout: [RdsTimeoutEvent];
  /** The pool closed a connection. */
  evict: [RdsEvictEvent];
  /** A connection was held longer than `leakDetectionMs`. */
  leak: [RdsLeakEvent];
  /** A read-only error showed the endpoint switched over; its connections are being replaced. */
  failover: [RdsFailoverEvent];
  /** The pool finished closing; no arguments. */
  close: [];
}

/** Emits an event of the pool; `wants` tells whether anyone listens (to skip building it). */
export interface EventSink {
  emit<K extends keyof RdsPoolEventMap>(name: K, ...args: RdsPoolEventMap[K]): void;
  wants(name: keyof RdsPoolEventMap): boolean;
}
