import type { FaultHandle } from '../shared/faults';

/**
 * Per-row failures inside a batch call: the call itself succeeds, and each matching row is
 * answered with `is_ok = false` and the given error instead of being written or read.
 */
export interface RowFaultRule {
  /** The batch operation whose rows fail. @defaultValue `'BatchWriteRow'` */
  operation?: 'BatchWriteRow' | 'BatchGetRow' | undefined;
  /** Only rows of this table. @defaultValue every table */
  table?: string | undefined;
  /** The per-row error code. @defaultValue `'OTSServerBusy'` */
  code?: string | undefined;
  /** The per-row error message. @defaultValue the service's usual message for `code` */
  message?: string | undefined;
  /** The chance (0–1) that a matching row fails; a row it skips does not use up `times`. @defaultValue 1 */
  probability?: number | undefined;
  /** How many rows fail, then the rule is spent. @defaultValue Infinity */
  times?: number | undefined;
}

interface ActiveRowRule {
  readonly rule: Readonly<RowFaultRule>;
  hits: number;
  removed: boolean;
}

/** Holds {@link RowFaultRule}s; the batch handlers ask {@link RowFaults.take} for each row. */
export class RowFaults {
  readonly #rules: ActiveRowRule[] = [];
  readonly #random: () => number;

  constructor(random: () => number = Math.random) {
    this.#random = random;
  }

  /**
   * Adds a rule.
   * @throws RangeError / TypeError for out-of-range or mistyped fields
   */
  add(rule: RowFaultRule): FaultHandle {
    validate(rule);
    const active: ActiveRowRule = { rule: { ...rule }, hits: 0, removed: false };
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

  /** Removes every rule. */
  clear(): void {
    for (const r of this.#rules) r.removed = true;
    this.#rules.length = 0;
  }

  /** The rule that fails this row (counting the hit), or `undefined`. */
  take(operation: 'BatchWriteRow' | 'BatchGetRow', table: string): Readonly<RowFaultRule> | undefined {
    for (const active of this.#rules) {
      const { rule } = active;
      if (active.removed || active.hits >= (rule.times ?? Number.POSITIVE_INFINITY)) continue;
      if ((rule.operation ?? 'BatchWriteRow') !== operation) continue;
      if (rule.table !== undefined && rule.table !== table) continue;
      const probability = rule.probability ?? 1;
      if (probability < 1 && !(this.#random() < probability)) continue;
      active.hits++;
      return rule;
    }
    return undefined;
  }
}

function validate(rule: RowFaultRule): void {
  if (typeof rule !== 'object' || rule === null) throw new TypeError('row fault rule must be an object');
  const { operation, table, code, message, probability, times } = rule;
  if (operation !== undefined && operation !== 'BatchWriteRow' && operation !== 'BatchGetRow') {
    throw new TypeError(`row fault operation must be 'BatchWriteRow' or 'BatchGetRow', got ${String(operation)}`);
  }
  if (table !== undefined && (typeof table !== 'string' || table === '')) {
    throw new TypeError('row fault table must be a non-empty string');
  }
  if (code !== undefined && (typeof code !== 'string' || code === '')) {
    throw new TypeError('row fault code must be a non-empty string');
  }
  if (message !== undefined && typeof message !== 'string') throw new TypeError('row fault message must be a string');
  if (probability !== undefined && !(typeof probability === 'number' && probability >= 0 && probability <= 1)) {
    throw new RangeError(`row fault probability must be from 0 to 1, got ${String(probability)}`);
  }
  if (times !== undefined && !(times === Number.POSITIVE_INFINITY || (Number.isInteger(times) && times > 0))) {
    throw new RangeError(`row fault times must be a positive integer, got ${String(times)}`);
  }
}
