/** One entry of a {@link WaiterQueue}; `queued` is false once it left the queue. */
export interface QueueEntry {
  prev: QueueEntry | undefined;
  next: QueueEntry | undefined;
  queued: boolean;
}

/**
 * A FIFO of waiting callers with O(1) removal from the middle (a caller whose deadline passed or
 * whose signal aborted leaves without a scan) and O(1) re-insertion at the head (a caller whose
 * connection failed validation keeps its place).
 */
export class WaiterQueue<T extends QueueEntry> {
  #head: T | undefined;
  #tail: T | undefined;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(entry: T): void {
    entry.prev = this.#tail;
    entry.next = undefined;
    if (this.#tail) this.#tail.next = entry;
    else this.#head = entry;
    this.#tail = entry;
    entry.queued = true;
    this.#length++;
  }

  unshift(entry: T): void {
    entry.next = this.#head;
    entry.prev = undefined;
    if (this.#head) this.#head.prev = entry;
    else this.#tail = entry;
    this.#head = entry;
    entry.queued = true;
    this.#length++;
  }

  shift(): T | undefined {
    const entry = this.#head;
    if (entry) this.remove(entry);
    return entry;
  }

  /** Iterates from head to tail; entries must not be removed while iterating. */
  *[Symbol.iterator](): Iterator<T> {
    for (let entry = this.#head; entry; entry = entry.next as T | undefined) yield entry;
  }

  remove(entry: T): void {
    if (!entry.queued) return;
    if (entry.prev) entry.prev.next = entry.next;
    else this.#head = entry.next as T | undefined;
    if (entry.next) entry.next.prev = entry.prev;
    else this.#tail = entry.prev as T | undefined;
    entry.prev = undefined;
    entry.next = undefined;
    entry.queued = false;
    this.#length--;
  }
}
