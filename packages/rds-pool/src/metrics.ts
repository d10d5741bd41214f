import type { LatencySummary } from './latency-recorder';

/** Counters and gauges of one endpoint (the primary or a replica). */
export interface RdsEndpointMetrics {
  /** `primary`, `replica-0`, … */
  endpoint: string;
  /** `host:port` */
  address: string;
  /** Open connections. */
  total: number;
  /** Open connections not lent out. */
  idle: number;
  /** Connections lent to callers. */
  borrowed: number;
  /** Callers waiting for a connection. */
  pending: number;
  /** Connection attempts in progress. */
  connecting: number;
  /** The configured `min`: connections kept open even when idle (summed over the endpoints in the pool totals). */
  min: number;
  /** The configured `max`: the most connections open at once (summed over the endpoints in the pool totals). */
  max: number;
  /** Connections handed out since creation. */
  acquires: number;
  /** How long callers waited for a connection (ms), over the last 4096 acquisitions. */
  acquireWaitMs: LatencySummary;
  /** Callers whose acquire deadline passed. */
  timeouts: number;
  /** Callers turned away by `queueLimit`. */
  queueRejections: number;
  /** Loans held longer than `leakDetectionMs`. */
  leaks: number;
  /** Connections the pool closed for any reason other than shutdown. */
  evictions: number;
  /** Read-only switchovers detected. */
  failovers: number;
  /** Connections opened. */
  connects: number;
  /** Failed connection attempts. */
  connectErrors: number;
  /** Milliseconds until the next connection attempt may start (0 when not backing off). */
  backoffMs: number;
}

/** What {@link RdsPool.metrics} returns: totals over every endpoint, and each endpoint alone. */
export interface RdsPoolMetrics extends Omit<RdsEndpointMetrics, 'endpoint' | 'address' | 'backoffMs'> {
  /** Reads sent to the primary because the context had written recently. */
  stickyReads: number;
  /** Idempotent calls repeated after a transient failure. */
  retries: number;
  /** The primary first, then each replica. */
  endpoints: RdsEndpointMetrics[];
}
