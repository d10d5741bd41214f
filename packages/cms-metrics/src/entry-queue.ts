import type { MetricEntry } from './metric-entry';

/**
 * The entries waiting to be sent, oldest first, bounded: when full, the oldest entry is dropped
 * and counted, so a long outage costs the oldest data, never memory.
 */
export class EntryQueue {
  readonly capacity: number;
  /** Entries dropped because the queue was full, since it was made. */
  dropped = 0;
  #items: MetricEntry[] = [];
  #head = 0;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** How many entries wait. */
  get size(): number {
    return this.#items.length - this.#head;
  }

  /** Adds an entry at the back, dropping the oldest one when full. */
  push(entry: MetricEntry): void {
    if (this.size >= this.capacity) {
      this.#head++;
      this.dropped++;
    }
    this.#items.push(entry);
    this.#compact();
  }

  /** Puts entries that could not be sent back at the front, in their order; what no longer fits is dropped from the oldest. */
  requeue(entries: readonly MetricEntry[]): void {
    const room = this.capacity - this.size;
    const kept = entries.length > room ? entries.slice(entries.length - Math.max(room, 0)) : entries;
    this.dropped += entries.length - kept.length;
    if (kept.length === 0) return;
    if (this.#head >= kept.length) {
      this.#head -= kept.length;
      for (let i = 0; i < kept.length; i++) this.#items[this.#head + i] = kept[i] as MetricEntry;
    } else {
      this.#items = [...kept, ...this.#items.slice(this.#head)];
      this.#head = 0;
    }
  }

  /** The next entry, without removing it. */
  peek(): MetricEntry | undefined {
    return this.#items[this.#head];
  }

  /** Removes and returns the next entry. */
  shift(): MetricEntry | undefined {
    if (this.size === 0) return undefined;
    const entry = this.#items[this.#head] as MetricEntry;
    this.#head++;
    this.#compact();
    return entry;
  }

  #compact(): void {
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    } else if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    }
  }
}
