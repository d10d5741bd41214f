import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type QueueEntry, WaiterQueue } from './waiter-queue';

interface Item extends QueueEntry {
  id: number;
}

function item(id: number): Item {
  return { id, prev: undefined, next: undefined, queued: false };
}

describe('WaiterQueue', () => {
  it('behaves like an array under any mix of push, unshift, shift and remove', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const) }),
      fc.record({ kind: fc.constant('unshift' as const) }),
      fc.record({ kind: fc.constant('shift' as const) }),
      fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const queue = new WaiterQueue<Item>();
        let model: Item[] = [];
        let next = 0;
        for (const o of ops) {
          if (o.kind === 'push') {
            const it = item(next++);
            queue.push(it);
            model.push(it);
          } else if (o.kind === 'unshift') {
            const it = item(next++);
            queue.unshift(it);
            model.unshift(it);
          } else if (o.kind === 'shift') {
            expect(queue.shift()).toBe(model.shift());
          } else if (model.length > 0) {
            const victim = model[o.pick % model.length] as Item;
            queue.remove(victim);
            queue.remove(victim); // twice is harmless
            model = model.filter((m) => m !== victim);
          }
          expect(queue.length).toBe(model.length);
        }
        const drained: Item[] = [];
        for (let it = queue.shift(); it; it = queue.shift()) drained.push(it);
        expect(drained).toEqual(model);
        expect(drained.every((d) => !d.queued)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
