/**
 * Admits at most `limit` requests in any sliding second, per key (CloudMonitor limits each API of an
 * account and region separately).
 */
export class QpsLimiter {
  readonly #admitted = new Map<string, number[]>();

  /** Whether a request for `key` at `nowMs` fits; an admitted one is counted, a refused one is not. */
  tryAdmit(key: string, nowMs: number, limit: number | undefined): boolean {
    if (limit === undefined) return true;
    let times = this.#admitted.get(key);
    if (!times) {
      times = [];
      this.#admitted.set(key, times);
    }
    while (times.length > 0 && (times[0] as number) <= nowMs - 1000) times.shift();
    if (times.length >= limit) return false;
    times.push(nowMs);
    return true;
  }

  /** Forgets the requests counted so far. */
  reset(): void {
    this.#admitted.clear();
  }
}
