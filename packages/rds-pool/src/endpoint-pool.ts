import { setMaxListeners } from 'node:events';
import type { Logger, SdkError } from '@alikit/core';
import * as genericPool from 'generic-pool';
import { ConnectBackoff } from './backoff';
import { openConnection } from './connection-factory';
import { poolError, rdsErrorCodes, toRdsError } from './errors';
import type { EventSink } from './events';
import { LatencyRecorder } from './latency-recorder';
import type { RdsEndpointMetrics } from './metrics';
import type { ResolvedEndpoint, ResolvedSettings } from './options';
import type { EvictReason, PooledConnection } from './pooled-connection';
import { sleep } from './sleep';
import { type QueueEntry, WaiterQueue } from './waiter-queue';

/** What one acquisition asks for. */
export interface AcquireRequest {
  /** `Date.now()` after which the caller stops waiting. */
  deadlineAt: number;
  signal: AbortSignal | undefined;
  /** The borrower's stack, for leak reports. */
  stack: string | undefined;
  /** The public operation, for error messages (`query`, `transaction`, …). */
  operation: string;
}

/**
 * A failed connection attempt, handed to generic-pool as if it were a resource. generic-pool
 * retries `factory.create` at once whenever it rejects while anyone waits, which spins on a down
 * server; resolving with this marker instead ends that loop, and whoever receives it learns the
 * failure at once instead of waiting out its deadline.
 */
class FailedAttempt {
  constructor(readonly error: SdkError) {}
}

type Slot = PooledConnection | FailedAttempt;

interface Waiter extends QueueEntry {
  resolve(connection: PooledConnection): void;
  reject(error: unknown): void;
  request: AcquireRequest;
  startedAt: number;
  onAbort: (() => void) | undefined;
}

/** The parts of generic-pool's `PooledResource` the evictor reads. */
interface PooledResourceView {
  obj: Slot;
  lastIdleTime: number | null;
}

/** generic-pool's constructor, which (unlike `createPool`) accepts a custom evictor. */
type GenericPoolConstructor = new (
  evictor: new () => { evict(config: unknown, resource: PooledResourceView, available: number): boolean },
  deque: unknown,
  priorityQueue: unknown,
  factory: genericPool.Factory<Slot>,
  options: genericPool.Options,
) => genericPool.Pool<Slot>;

const internals = genericPool as unknown as { Pool: GenericPoolConstructor; Deque: unknown; PriorityQueue: unknown };

/** After a failover, further read-only errors for this long retire only their own connection. */
const FAILOVER_COOLDOWN_MS = 1000;

/** A connection idle this close to the server's `wait_timeout` is about to be dropped by it. */
const SERVER_IDLE_MARGIN_MS = 5000;

function ignore(): void {}

/**
 * The pool of one endpoint (the primary, or one read replica): generic-pool keeps the connections
 * (idle list, loans, `min`, the housekeeping timer with our evictor), and this class adds what it
 * lacks for a database: a queue of callers with real deadlines and abort, fail-fast and paced
 * retries when connecting fails, validation with an alive-bypass window, lifetime and failover
 * retirement, leak detection and metrics.
 *
 * Callers queue here, never inside generic-pool: generic-pool is asked for a connection only when
 * a waiter needs one (`#supplyRequests` never exceeds the waiters), and whatever it hands over goes
 * to whoever is first in line then. A caller who gives up simply leaves the queue.
 */
export class EndpointPool {
  readonly name: string;
  readonly address: string;
  readonly #endpoint: ResolvedEndpoint;
  readonly #settings: ResolvedSettings;
  readonly #events: EventSink;
  readonly #logger: Logger;
  readonly #gp: genericPool.Pool<Slot>;
  readonly #waiters = new WaiterQueue<Waiter>();
  /** Connections holding a generic-pool loan: lent to callers, or being validated for one. */
  readonly #out = new Set<PooledConnection>();
  #supplyRequests = 0;
  #live = 0;
  #connecting = 0;
  #generation = 0;
  #generationReason: EvictReason = 'recycle';
  #lastFailoverAt = Number.NEGATIVE_INFINITY;
  readonly #backoff: ConnectBackoff;
  #wakeTimer: ReturnType<typeof setTimeout> | undefined;
  #sweepTimer: ReturnType<typeof setTimeout> | undefined;
  #sweepAt = Number.POSITIVE_INFINITY;
  readonly #stop = new AbortController();
  #idleWatchers: (() => void)[] = [];
  readonly #waits = new LatencyRecorder();
  readonly #counts = {
    acquires: 0,
    timeouts: 0,
    queueRejections: 0,
    leaks: 0,
    evictions: 0,
    failovers: 0,
    connects: 0,
    connectErrors: 0,
  };

  readonly #poolWaits: LatencyRecorder;

  constructor(
    endpoint: ResolvedEndpoint,
    settings: ResolvedSettings,
    events: EventSink,
    logger: Logger,
    poolWaits: LatencyRecorder,
  ) {
    this.#poolWaits = poolWaits;
    this.name = endpoint.name;
    this.address = `${endpoint.host}:${endpoint.port}`;
    this.#endpoint = endpoint;
    this.#settings = settings;
    this.#events = events;
    this.#logger = logger;
    this.#backoff = new ConnectBackoff(settings.backoffInitialMs, settings.backoffMaxMs, settings.random);
    // Every connection attempt in progress listens to it.
    setMaxListeners(0, this.#stop.signal);
    const shouldEvict = (resource: PooledResourceView): boolean => this.#shouldEvict(resource);
    class Evictor {
      evict(_config: unknown, resource: PooledResourceView): boolean {
        return shouldEvict(resource);
      }
    }
    this.#gp = new internals.Pool(
      Evictor,
      internals.Deque,
      internals.PriorityQueue,
      { create: () => this.#create(), destroy: (slot) => this.#destroySlot(slot) },
      {
        max: endpoint.max,
        min: endpoint.min,
        // No I/O before the first call; `min` connections open then.
        autostart: false,
        // Reuse the most recently returned connection, so that spare ones go idle and age out.
        fifo: false,
        testOnBorrow: false,
        evictionRunIntervalMillis: housekeepingInterval(settings),
        numTestsPerEvictionRun: endpoint.max,
      },
    );
  }

  /** True unless connecting is failing and there is no open connection to fall back on. */
  get usable(): boolean {
    return !this.#stop.signal.aborted && !(this.#live === 0 && this.#backoff.remaining(Date.now()) > 0);
  }

  /**
   * Lends a connection: from the idle list, a new one, or one returned by another caller, in the
   * order callers asked. Validates it first unless it answered within the alive-bypass window.
   *
   * @throws SdkError `ERR_TIMEOUT` when `deadlineAt` passes, `ERR_POOL_QUEUE_FULL`, `ERR_POOL_CLOSED`,
   *   or the connection failure (e.g. `ER_ACCESS_DENIED_ERROR`, `ERR_NETWORK`) while none can be opened
   */
  async acquire(request: AcquireRequest): Promise<PooledConnection> {
    const startedAt = performance.now();
    for (let retry = false; ; retry = true) {
      // After a connection failed validation, the caller keeps its place at the head of the line.
      const connection = await this.#obtain(request, startedAt, retry);
      const now = Date.now();
      const reason = this.#retireReason(connection, now);
      if (reason !== undefined) {
        this.#discard(connection, reason);
        continue;
      }
      if (this.#settings.validateOnBorrow && now - connection.lastUsedAt > this.#settings.aliveBypassWindowMs) {
        const remaining = request.deadlineAt - now;
        if (remaining <= 0) {
          this.#recirculate(connection);
          this.#counts.timeouts++;
          throw this.#timeoutError(request, performance.now() - startedAt);
        }
        try {
          await connection.ping(Math.min(this.#settings.validationTimeoutMs, remaining));
        } catch {
          this.#discard(connection, 'validation');
          continue;
        }
      }
      if (this.#stop.signal.aborted) {
        this.#discard(connection, 'closed');
        throw this.#closedError(request.operation);
      }
      if (request.signal?.aborted) {
        this.#recirculate(connection);
        throw request.signal.reason;
      }
      this.#lend(connection, request, performance.now() - startedAt);
      return connection;
    }
  }

  /** Takes back a lent connection: to the next waiter, the idle list, or closed if it must retire. */
  release(connection: PooledConnection): void {
    if (connection.borrowedAt === 0) return;
    const heldMs = Date.now() - connection.borrowedAt;
    connection.borrowedAt = 0;
    if (connection.leakTimer !== undefined) {
      clearTimeout(connection.leakTimer);
      connection.leakTimer = undefined;
    }
    if (connection.leakReported) {
      connection.leakReported = false;
      this.#logger.info(
        `rds ${this.name}: connection ${connection.threadId} reported as a possible leak was returned after ${heldMs} ms`,
      );
    }
    connection.borrowStack = undefined;
    if (this.#events.wants('release')) {
      this.#events.emit('release', { endpoint: this.name, connectionId: connection.threadId, heldMs });
    }
    this.#recirculate(connection);
  }

  /**
   * Marks every connection for replacement: idle ones close now, lent ones when returned (a
   * statement running on one is never interrupted). Returns how many were marked.
   */
  evictAll(reason: 'failover' | 'recycle'): number {
    const marked = this.#live;
    this.#generation++;
    this.#generationReason = reason;
    this.#gp.clear().catch(ignore);
    return marked;
  }

  /**
   * Handles a read-only error from `connection`. The first one replaces every connection: they
   * reconnect through DNS, which after an RDS HA switchover points at the new primary. While the
   * switchover settles (within {@link FAILOVER_COOLDOWN_MS} of the last replacement, or from a
   * connection that was already marked), a read-only error retires only its own connection, so a
   * slow DNS flip does not churn the whole pool on every write.
   */
  failover(connection: PooledConnection, error: SdkError): void {
    const now = Date.now();
    if (connection.generation < this.#generation || now - this.#lastFailoverAt < FAILOVER_COOLDOWN_MS) {
      connection.retireReason ??= 'failover';
      connection.markBroken(error);
      return;
    }
    this.#lastFailoverAt = now;
    connection.retireReason ??= 'failover';
    const evicted = this.evictAll('failover');
    this.#counts.failovers++;
    const errno = typeof error.details?.errno === 'number' ? error.details.errno : undefined;
    this.#logger.warn(
      `rds ${this.name} (${this.address}) is read-only (${error.code}), most likely after an HA switchover; replacing its ${evicted} connection(s)`,
      { code: error.code, endpoint: this.name },
    );
    this.#events.emit('failover', { endpoint: this.name, code: error.code, errno, evicted });
  }

  /** Counters and gauges of this endpoint. */
  metrics(): RdsEndpointMetrics {
    return {
      endpoint: this.name,
      address: this.address,
      total: this.#live,
      idle: Math.max(0, this.#live - this.#out.size),
      borrowed: this.#out.size,
      pending: this.#waiters.length,
      connecting: this.#connecting,
      min: this.#endpoint.min,
      max: this.#endpoint.max,
      ...this.#counts,
      acquireWaitMs: this.#waits.summary(),
      backoffMs: Math.round(this.#backoff.remaining(Date.now())),
    };
  }

  /**
   * Waits until no caller waits and no connection is lent (or `deadlineAt`), then fails whoever is
   * left, closes lent connections, and ends every connection.
   */
  async close(deadlineAt: number): Promise<void> {
    await this.#whenIdle(deadlineAt);
    if (this.#waiters.length > 0 || this.#out.size > 0) {
      this.#failWaiters(this.#closedError('acquire', 'the pool closed before a connection became free'));
      const error = this.#closedError('query', 'the pool closed while the statement was running');
      for (const connection of [...this.#out]) {
        connection.borrowedAt = 0;
        if (connection.leakTimer !== undefined) clearTimeout(connection.leakTimer);
        connection.kill(error);
        this.#discard(connection, 'closed');
      }
    }
    this.#stop.abort();
    if (this.#wakeTimer !== undefined) clearTimeout(this.#wakeTimer);
    if (this.#sweepTimer !== undefined) clearTimeout(this.#sweepTimer);
    await this.#gp.drain();
    await this.#gp.clear();
  }

  // --- acquisition ------------------------------------------------------------------------------

  #obtain(request: AcquireRequest, startedAt: number, front = false): Promise<PooledConnection> {
    if (this.#stop.signal.aborted) return Promise.reject(this.#closedError(request.operation));
    if (request.signal?.aborted) return Promise.reject(request.signal.reason);
    const now = Date.now();
    if (now >= request.deadlineAt) {
      this.#counts.timeouts++;
      return Promise.reject(this.#timeoutError(request, performance.now() - startedAt));
    }
    if (this.#waiters.length === 0 && this.#supplyRequests === 0 && this.#gp.available > 0) {
      // generic-pool hands an idle connection over synchronously when nobody queues inside it.
      return this.#gp.acquire().then((slot) => {
        if (slot instanceof FailedAttempt) {
          this.#gp.destroy(slot).catch(ignore);
          return this.#obtain(request, startedAt, front);
        }
        this.#out.add(slot);
        return slot;
      });
    }
    const failFast = this.#failFastError();
    if (failFast) return Promise.reject(failFast);
    if (this.#waiters.length >= this.#settings.queueLimit) {
      this.#counts.queueRejections++;
      return Promise.reject(
        poolError(
          rdsErrorCodes.ERR_POOL_QUEUE_FULL,
          request.operation,
          `${this.#waiters.length} callers already wait for a connection to ${this.name} (queueLimit ${this.#settings.queueLimit})`,
          { details: { endpoint: this.name, pending: this.#waiters.length, queueLimit: this.#settings.queueLimit } },
        ),
      );
    }
    return new Promise<PooledConnection>((resolve, reject) => {
      const waiter: Waiter = {
        prev: undefined,
        next: undefined,
        queued: false,
        resolve,
        reject,
        request,
        startedAt,
        onAbort: undefined,
      };
      if (front) this.#waiters.unshift(waiter);
      else this.#waiters.push(waiter);
      if (request.deadlineAt < this.#sweepAt) this.#armSweep(request.deadlineAt, now);
      const signal = request.signal;
      if (signal) {
        waiter.onAbort = () => {
          if (!waiter.queued) return;
          this.#leaveQueue(waiter);
          reject(signal.reason);
          this.#checkIdle();
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      if (this.#events.wants('enqueue')) {
        this.#events.emit('enqueue', { endpoint: this.name, pending: this.#waiters.length });
      }
      this.#pump();
    });
  }

  /** Asks generic-pool for as many connections as there are waiters not yet provided for. */
  #pump(): void {
    while (this.#waiters.length > this.#supplyRequests) {
      if (this.#gp.available === 0) {
        // Nothing idle: a new connection is needed, unless every slot is taken (then a release will come).
        if (this.#gp.spareResourceCapacity <= 0) return;
        const pause = this.#backoff.remaining(Date.now());
        if (pause > 0) {
          const failFast = this.#failFastError();
          if (failFast) this.#failWaiters(failFast);
          else this.#wakeAfter(pause);
          return;
        }
      }
      this.#supplyRequests++;
      this.#gp.acquire().then(
        (slot) => {
          this.#supplyRequests--;
          this.#supply(slot);
        },
        () => {
          // Only while closing (generic-pool is draining); the waiters were failed already.
          this.#supplyRequests--;
        },
      );
    }
  }

  /** A connection (or a failed attempt) arrived from generic-pool for the queue. */
  #supply(slot: Slot): void {
    if (slot instanceof FailedAttempt) {
      this.#gp.destroy(slot).catch(ignore);
      const failFast = this.#failFastError();
      if (failFast) this.#failWaiters(failFast);
      this.#pump();
      return;
    }
    this.#out.add(slot);
    const waiter = this.#waiters.shift();
    if (waiter) {
      this.#handOver(waiter, slot);
      return;
    }
    this.#out.delete(slot);
    this.#gp.release(slot).catch(ignore);
    this.#checkIdle();
  }

  #handOver(waiter: Waiter, connection: PooledConnection): void {
    this.#leaveQueue(waiter);
    waiter.resolve(connection);
  }

  /** Sends a connection on: retired if due, else to the first waiter, else back to the idle list. */
  #recirculate(connection: PooledConnection): void {
    const reason = this.#retireReason(connection, Date.now());
    if (reason !== undefined) {
      this.#discard(connection, reason);
      this.#pump();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) {
      // Handed over directly: it keeps its generic-pool loan.
      this.#handOver(waiter, connection);
      return;
    }
    this.#out.delete(connection);
    this.#gp.release(connection).catch(ignore);
    this.#checkIdle();
  }

  #lend(connection: PooledConnection, request: AcquireRequest, waitMs: number): void {
    connection.borrowedAt = Date.now();
    this.#counts.acquires++;
    this.#waits.record(waitMs);
    this.#poolWaits.record(waitMs);
    const leakMs = this.#settings.leakDetectionMs;
    if (leakMs > 0) {
      connection.borrowStack = request.stack;
      connection.leakReported = false;
      connection.leakTimer = setTimeout(() => this.#reportLeak(connection), leakMs);
      connection.leakTimer.unref?.();
    }
    if (this.#events.wants('acquire')) {
      this.#events.emit('acquire', { endpoint: this.name, connectionId: connection.threadId, waitMs });
    }
  }

  #reportLeak(connection: PooledConnection): void {
    connection.leakTimer = undefined;
    if (connection.borrowedAt === 0) return;
    const heldMs = Date.now() - connection.borrowedAt;
    const leakMs = this.#settings.leakDetectionMs;
    if (heldMs < leakMs) {
      // Timers run on a monotonic clock that can fire a millisecond before the wall clock agrees;
      // wait out the remainder so a reported loan is never shorter than the threshold.
      connection.leakTimer = setTimeout(() => this.#reportLeak(connection), leakMs - heldMs);
      connection.leakTimer.unref?.();
      return;
    }
    connection.leakReported = true;
    this.#counts.leaks++;
    const stack = connection.borrowStack ?? '(stack not captured)';
    this.#logger.warn(
      `rds ${this.name}: connection ${connection.threadId} has been borrowed for ${heldMs} ms without being returned ` +
        `(leakDetectionMs ${this.#settings.leakDetectionMs}), possible leak; borrowed at:\n${stack}`,
      { endpoint: this.name },
    );
    this.#events.emit('leak', { endpoint: this.name, connectionId: connection.threadId, heldMs, stack });
  }

  #expire(waiter: Waiter): void {
    if (!waiter.queued) return;
    this.#leaveQueue(waiter);
    this.#counts.timeouts++;
    const waitedMs = performance.now() - waiter.startedAt;
    if (this.#events.wants('timeout')) {
      this.#events.emit('timeout', { endpoint: this.name, waitedMs, pending: this.#waiters.length });
    }
    waiter.reject(this.#timeoutError(waiter.request, waitedMs));
    this.#checkIdle();
  }

  /**
   * One timer per pool watches the waiters' deadlines (set for the earliest one), rather than a
   * timer per waiter: queued acquisitions are the hot path under load, and deadlines mostly come
   * in queue order.
   */
  #armSweep(at: number, now: number): void {
    if (this.#sweepTimer !== undefined) clearTimeout(this.#sweepTimer);
    this.#sweepAt = at;
    this.#sweepTimer = setTimeout(() => this.#sweep(), Math.max(1, at - now));
  }

  #sweep(): void {
    this.#sweepTimer = undefined;
    this.#sweepAt = Number.POSITIVE_INFINITY;
    const now = Date.now();
    const expired: Waiter[] = [];
    let earliest = Number.POSITIVE_INFINITY;
    for (const waiter of this.#waiters) {
      if (waiter.request.deadlineAt <= now) expired.push(waiter);
      else if (waiter.request.deadlineAt < earliest) earliest = waiter.request.deadlineAt;
    }
    for (const waiter of expired) this.#expire(waiter);
    if (earliest !== Number.POSITIVE_INFINITY && this.#waiters.length > 0) this.#armSweep(earliest, now);
  }

  #leaveQueue(waiter: Waiter): void {
    this.#waiters.remove(waiter);
    if (this.#waiters.length === 0 && this.#sweepTimer !== undefined) {
      clearTimeout(this.#sweepTimer);
      this.#sweepTimer = undefined;
      this.#sweepAt = Number.POSITIVE_INFINITY;
    }
    if (waiter.onAbort !== undefined) waiter.request.signal?.removeEventListener('abort', waiter.onAbort);
    waiter.onAbort = undefined;
  }

  #failWaiters(error: SdkError): void {
    for (let waiter = this.#waiters.shift(); waiter; waiter = this.#waiters.shift()) {
      this.#leaveQueue(waiter);
      waiter.reject(error);
    }
    this.#checkIdle();
  }

  /** Re-runs the queue when a connection-attempt pause ends. */
  #wakeAfter(ms: number): void {
    if (this.#wakeTimer !== undefined) return;
    this.#wakeTimer = setTimeout(() => {
      this.#wakeTimer = undefined;
      this.#pump();
    }, ms);
    this.#wakeTimer.unref?.();
  }

  /** The error to fail callers with at once: connecting fails and no connection is open or opening. */
  #failFastError(): SdkError | undefined {
    if (this.#stop.signal.aborted) return this.#closedError('acquire');
    if (this.#live > 0 || this.#connecting > 0) return undefined;
    const pause = this.#backoff.remaining(Date.now());
    if (pause <= 0) return undefined;
    const cause = this.#backoff.lastError as SdkError | undefined;
    const code = cause?.code ?? 'ERR_NETWORK';
    return poolErrorFrom(cause, code, `could not connect to ${this.name} (${this.address})`, {
      endpoint: this.name,
      retryAfterMs: Math.ceil(pause),
      failures: this.#backoff.failures,
    });
  }

  // --- connections ------------------------------------------------------------------------------

  async #create(): Promise<Slot> {
    const pause = this.#backoff.remaining(Date.now());
    if (pause > 0) await sleep(pause, this.#stop.signal);
    if (this.#stop.signal.aborted) return new FailedAttempt(this.#closedError('connect'));
    this.#connecting++;
    const startedAt = Date.now();
    try {
      const connection = await openConnection({
        endpoint: this.#endpoint,
        driverOptions: this.#settings.driverOptions,
        sessionInit: this.#settings.sessionInit,
        connectTimeoutMs: this.#settings.connectTimeoutMs,
        maxLifetimeMs: this.#settings.maxLifetimeMs,
        generation: this.#generation,
        random: this.#settings.random,
        signal: this.#stop.signal,
      });
      this.#backoff.succeed();
      this.#live++;
      this.#counts.connects++;
      if (this.#events.wants('connect')) {
        this.#events.emit('connect', { endpoint: this.name, connectionId: connection.threadId, total: this.#live });
      }
      return connection;
    } catch (cause) {
      if (this.#stop.signal.aborted) return new FailedAttempt(this.#closedError('connect'));
      const error = toRdsError(cause, 'connect', { endpoint: this.name });
      const retryInMs = this.#backoff.fail(Date.now(), error, startedAt);
      this.#counts.connectErrors++;
      this.#logger.warn(
        `rds ${this.name} (${this.address}): connection attempt failed: ${error.message}; next attempt in ${Math.round(retryInMs)} ms`,
        { code: error.code, endpoint: this.name },
      );
      this.#events.emit('connectError', {
        endpoint: this.name,
        error,
        retryInMs,
        failures: this.#backoff.failures,
      });
      return new FailedAttempt(error);
    } finally {
      this.#connecting--;
    }
  }

  /** generic-pool's `factory.destroy`: closes the connection and reports why. */
  #destroySlot(slot: Slot): Promise<void> {
    if (slot instanceof FailedAttempt) return Promise.resolve();
    this.#live--;
    this.#out.delete(slot);
    const reason =
      slot.retireReason ?? this.#retireReason(slot, Date.now()) ?? (this.#stop.signal.aborted ? 'closed' : 'recycle');
    if (reason !== 'closed') this.#counts.evictions++;
    if (this.#events.wants('evict')) {
      this.#events.emit('evict', { endpoint: this.name, connectionId: slot.threadId, reason });
    }
    return slot.close();
  }

  /** Closes a connection that holds a loan. */
  #discard(connection: PooledConnection, reason: EvictReason): void {
    connection.retireReason ??= reason;
    this.#out.delete(connection);
    this.#gp.destroy(connection).catch(ignore);
    this.#checkIdle();
  }

  #retireReason(connection: PooledConnection, now: number): EvictReason | undefined {
    if (connection.broken !== undefined) return connection.retireReason ?? 'broken';
    if (connection.generation < this.#generation) return this.#generationReason;
    if (now >= connection.expiresAt) return 'maxLifetime';
    return undefined;
  }

  /** The evictor generic-pool runs over idle connections every housekeeping interval. */
  #shouldEvict(resource: PooledResourceView): boolean {
    const slot = resource.obj;
    if (slot instanceof FailedAttempt) return true;
    const now = Date.now();
    let reason = this.#retireReason(slot, now);
    if (reason === undefined) {
      const idleMs = now - (resource.lastIdleTime ?? now);
      const { idleTimeoutMs } = this.#settings;
      if (idleTimeoutMs > 0 && idleMs >= idleTimeoutMs && this.#live > this.#endpoint.min) reason = 'idle';
      else if (
        slot.serverWaitTimeoutMs !== undefined &&
        now - slot.lastUsedAt >= slot.serverWaitTimeoutMs - SERVER_IDLE_MARGIN_MS
      ) {
        reason = 'idle';
      }
    }
    if (reason !== undefined) {
      slot.retireReason ??= reason;
      return true;
    }
    const { keepAliveMs } = this.#settings;
    if (keepAliveMs > 0 && now - slot.lastUsedAt >= keepAliveMs) slot.keepAlive(this.#settings.validationTimeoutMs);
    return false;
  }

  // --- closing ----------------------------------------------------------------------------------

  #whenIdle(deadlineAt: number): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#idleWatchers = this.#idleWatchers.filter((w) => w !== done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, deadlineAt - Date.now()));
      this.#idleWatchers.push(done);
    });
  }

  #isIdle(): boolean {
    return this.#waiters.length === 0 && this.#out.size === 0;
  }

  #checkIdle(): void {
    if (this.#idleWatchers.length === 0 || !this.#isIdle()) return;
    for (const done of [...this.#idleWatchers]) done();
  }

  // --- errors -----------------------------------------------------------------------------------

  #timeoutError(request: AcquireRequest, waitedMs: number): SdkError {
    const last = this.#backoff.failures > 0 ? (this.#backoff.lastError as SdkError | undefined) : undefined;
    const state = `${this.#out.size} of ${this.#endpoint.max} connection(s) lent, ${this.#waiters.length} caller(s) waiting`;
    return poolError(
      'ERR_TIMEOUT',
      'acquire',
      `no connection to ${this.name} (${this.address}) within ${Math.round(waitedMs)} ms: ${state}` +
        (last ? `; the last connection attempt failed with ${last.code}` : ''),
      {
        details: {
          endpoint: this.name,
          operation: request.operation,
          waitedMs: Math.round(waitedMs),
          borrowed: this.#out.size,
          pending: this.#waiters.length,
          max: this.#endpoint.max,
        },
        cause: last,
      },
    );
  }

  #closedError(operation: string, reason = 'the pool is closed'): SdkError {
    return poolError(rdsErrorCodes.ERR_POOL_CLOSED, operation, reason, { details: { endpoint: this.name } });
  }
}

/** The error callers get while connecting fails: the connection failure's code, operation `acquire`. */
function poolErrorFrom(
  cause: SdkError | undefined,
  code: string,
  what: string,
  details: Record<string, unknown>,
): SdkError {
  const reason = cause?.message.replace(/^rds connect failed: [^:]*: ?/, '') ?? 'connection failed';
  // The code is the connection failure's own (`ER_ACCESS_DENIED_ERROR`, `ERR_NETWORK`), so that
  // callers branch on the cause, not on whether the pool had seen it already.
  return poolError(code, 'acquire', `${what}: ${reason}; the next attempt is in ${details.retryAfterMs} ms`, {
    retryable: cause?.retryable ?? true,
    details: { ...cause?.details, ...details },
    cause,
  });
}

function housekeepingInterval(settings: ResolvedSettings): number {
  const periods = [settings.idleTimeoutMs, settings.maxLifetimeMs, settings.keepAliveMs].filter((p) => p > 0);
  const shortest = periods.length > 0 ? Math.min(...periods) : 30_000;
  return Math.round(Math.min(30_000, Math.max(25, shortest / 4)));
}
