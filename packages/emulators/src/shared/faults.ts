import type { ServiceName } from './service-name';

/** Which requests a {@link FaultRule} applies to; every given field must match. */
export interface FaultMatch {
  /** HTTP method, compared case-insensitively. @defaultValue any */
  method?: string | undefined;
  /** The decoded request path: a string matches exactly, a RegExp is tested. @defaultValue any */
  path?: string | RegExp | undefined;
  /** The service's operation name (`ListBuckets`, `GetProject`, `ListTable`, a POP action, ...). @defaultValue any */
  operation?: string | undefined;
}

/**
 * A failure to inject into a service, applied before authentication and rendered in that service's
 * own error format. At least one of `status`, `delayMs` and `resetConnection` must be given; a
 * rule with only `delayMs` delays matching requests and then serves them normally.
 */
export interface FaultRule {
  /** HTTP status of the injected error (400–599). @defaultValue no error response */
  status?: number | undefined;
  /** The service error code. @defaultValue the service's usual code for `status` (e.g. `ServiceUnavailable`) */
  code?: string | undefined;
  /** The error message. @defaultValue the service's usual message for `code` */
  message?: string | undefined;
  /** How many matching requests the rule fires for, then it is spent. @defaultValue Infinity */
  times?: number | undefined;
  /** The chance (0–1) that the rule fires for a matching request; a request it skips does not use up `times`. @defaultValue 1 */
  probability?: number | undefined;
  /** Milliseconds to wait before answering (or resetting). @defaultValue 0 */
  delayMs?: number | undefined;
  /** Reset the TCP connection instead of answering. @defaultValue false */
  resetConnection?: boolean | undefined;
  /** Which requests the rule applies to. @defaultValue every request of the service */
  match?: FaultMatch | undefined;
}

/** An injected rule, to inspect or remove. */
export interface FaultHandle {
  /** How many requests the rule has fired for. */
  readonly hits: number;
  /** Whether the rule can still fire (not removed, `times` not used up). */
  readonly active: boolean;
  /** Removes the rule. */
  remove(): void;
}

/** What a fault is matched against. */
export interface FaultTarget {
  method: string;
  path: string;
  operation?: string | undefined;
}

interface ActiveRule {
  readonly service: ServiceName;
  readonly rule: Readonly<FaultRule>;
  hits: number;
  removed: boolean;
}

/** Options of {@link FaultInjector}. */
export interface FaultInjectorOptions {
  /** The services that are running; injecting into another one is an error. */
  services: readonly ServiceName[];
  /** Random source for `probability`, returning [0, 1). @defaultValue `Math.random` */
  random?: (() => number) | undefined;
}

/**
 * Holds the fault rules of an emulator set: `inject` adds one, `clear` removes them, and each
 * service asks {@link FaultInjector.take} which rule (if any) applies to an incoming request.
 * Rules are tried in the order they were injected; the first that fires wins.
 */
export class FaultInjector {
  readonly #rules: ActiveRule[] = [];
  readonly #services: ReadonlySet<ServiceName>;
  readonly #random: () => number;

  constructor(options: FaultInjectorOptions) {
    this.#services = new Set(options.services);
    this.#random = options.random ?? Math.random;
  }

  /**
   * Adds a fault rule for one service.
   * @example emu.faults.inject('oss', { status: 503, code: 'ServiceUnavailable', times: 3 })
   * @throws RangeError when the service is not running or a number is out of range.
   * @throws TypeError when the rule has no effect or a field has the wrong type.
   */
  inject(service: ServiceName, rule: FaultRule): FaultHandle {
    if (!this.#services.has(service)) {
      throw new RangeError(
        `cannot inject a fault into '${String(service)}': it is not running (running: ${[...this.#services].join(', ') || 'none'})`,
      );
    }
    validateRule(rule);
    const active: ActiveRule = {
      service,
      rule: { ...rule, match: rule.match ? { ...rule.match } : undefined },
      hits: 0,
      removed: false,
    };
    this.#rules.push(active);
    return {
      get hits() {
        return active.hits;
      },
      get active() {
        return !active.removed && active.hits < (active.rule.times ?? Number.POSITIVE_INFINITY);
      },
      remove: () => {
        active.removed = true;
        const i = this.#rules.indexOf(active);
        if (i >= 0) this.#rules.splice(i, 1);
      },
    };
  }

  /** Removes every rule, or only those of one service. */
  clear(service?: ServiceName): void {
    for (let i = this.#rules.length - 1; i >= 0; i--) {
      const active = this.#rules[i] as ActiveRule;
      if (service === undefined || active.service === service) {
        active.removed = true;
        this.#rules.splice(i, 1);
      }
    }
  }

  /** The rule that fires for this request, counting the hit; `undefined` when none does. */
  take(service: ServiceName, target: FaultTarget): Readonly<FaultRule> | undefined {
    for (const active of this.#rules) {
      if (active.service !== service || active.removed) continue;
      const { rule } = active;
      if (active.hits >= (rule.times ?? Number.POSITIVE_INFINITY)) continue;
      if (!matches(rule.match, target)) continue;
      const probability = rule.probability ?? 1;
      if (probability < 1 && !(this.#random() < probability)) continue;
      active.hits++;
      return rule;
    }
    return undefined;
  }
}

function matches(match: FaultMatch | undefined, target: FaultTarget): boolean {
  if (!match) return true;
  if (match.method !== undefined && match.method.toUpperCase() !== target.method.toUpperCase()) return false;
  if (match.operation !== undefined && match.operation !== target.operation) return false;
  if (match.path !== undefined) {
    if (typeof match.path === 'string' ? match.path !== target.path : !testRegExp(match.path, target.path)) {
      return false;
    }
  }
  return true;
}

function testRegExp(re: RegExp, text: string): boolean {
  // A global or sticky RegExp keeps state between calls; reset it so every request is tested alike.
  re.lastIndex = 0;
  return re.test(text);
}

function validateRule(rule: FaultRule): void {
  if (typeof rule !== 'object' || rule === null) throw new TypeError('fault rule must be an object');
  const { status, code, message, times, probability, delayMs, resetConnection, match } = rule;
  if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
    throw new RangeError(`fault status must be an integer from 400 to 599, got ${String(status)}`);
  }
  if (code !== undefined && (typeof code !== 'string' || code === '')) {
    throw new TypeError('fault code must be a non-empty string');
  }
  if (code !== undefined && status === undefined) throw new TypeError('fault code needs a status');
  if (message !== undefined && typeof message !== 'string') throw new TypeError('fault message must be a string');
  if (times !== undefined && !(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new RangeError(`fault times must be a positive integer, got ${String(times)}`);
  }
  if (probability !== undefined && !(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
    throw new RangeError(`fault probability must be from 0 to 1, got ${String(probability)}`);
  }
  if (delayMs !== undefined && !(typeof delayMs === 'number' && Number.isFinite(delayMs) && delayMs >= 0)) {
    throw new RangeError(`fault delayMs must be a non-negative number, got ${String(delayMs)}`);
  }
  if (resetConnection !== undefined && typeof resetConnection !== 'boolean') {
    throw new TypeError('fault resetConnection must be a boolean');
  }
  if (resetConnection && status !== undefined) {
    throw new TypeError('a fault either resets the connection or answers with a status, not both');
  }
  if (status === undefined && !resetConnection && !delayMs) {
    throw new TypeError('a fault needs at least one of status, delayMs or resetConnection');
  }
  if (match !== undefined) {
    if (typeof match !== 'object' || match === null) throw new TypeError('fault match must be an object');
    if (match.method !== undefined && typeof match.method !== 'string') {
      throw new TypeError('fault match.method must be a string');
    }
    if (match.operation !== undefined && typeof match.operation !== 'string') {
      throw new TypeError('fault match.operation must be a string');
    }
    if (match.path !== undefined && typeof match.path !== 'string' && !(match.path instanceof RegExp)) {
      throw new TypeError('fault match.path must be a string or a RegExp');
    }
  }
}
