import { describe, expect, it } from 'vitest';
import { pagedAsyncIterable } from './paged-async-iterable';

function list(total: number | undefined, count = 7) {
  const requests: Array<[number, number]> = [];
  const items = Array.from({ length: count }, (_, i) => i);
  const iterable = pagedAsyncIterable(
    async (page, size) => {
      requests.push([page, size]);
      return { items: items.slice((page - 1) * size, page * size), totalCount: total };
    },
    { defaultPageSize: 3, maxPageSize: 5 },
  );
  return { iterable, requests };
}

describe('pagedAsyncIterable', () => {
  it('iterates every item across pages', async () => {
    const { iterable, requests } = list(7);
    const seen = [];
    for await (const item of iterable) seen.push(item);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(requests).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('pages resume from a continuation token', async () => {
    const { iterable } = list(7);
    const pages = [];
    for await (const page of iterable.byPage({ continuationToken: '2', maxPageSize: 2 })) pages.push(page);
    expect(pages).toEqual([
      { items: [2, 3], continuationToken: '3' },
      { items: [4, 5], continuationToken: '4' },
      { items: [6], continuationToken: undefined },
    ]);
  });

  it('without a total, stops at the first short page', async () => {
    const { iterable, requests } = list(undefined, 6);
    const seen = [];
    for await (const item of iterable) seen.push(item);
    expect(seen).toHaveLength(6);
    expect(requests.map(([p]) => p)).toEqual([1, 2, 3]);
  });

  it('checks its settings when called', () => {
    const { iterable } = list(7);
    expect(() => iterable.byPage({ maxPageSize: 6 })).toThrow(RangeError);
    expect(() => iterable.byPage({ maxPageSize: 1.5 })).toThrow(RangeError);
    expect(() => iterable.byPage({ continuationToken: '0' })).toThrow(TypeError);
    expect(() => iterable.byPage({ continuationToken: 'x' })).toThrow(TypeError);
  });
});
