import { describe, expect, it } from 'vitest';
import { createPageNumberIterable } from './create-page-number-iterable';

// A page-numbered service over `count` items, answering with `total` as its TotalCount.
function list(total: number | undefined, count = 7) {
  const requests: Array<[number, number]> = [];
  const items = Array.from({ length: count }, (_, i) => i);
  const iterable = createPageNumberIterable({
    fetchPage: async (page, size) => {
      requests.push([page, size]);
      return { items: items.slice((page - 1) * size, page * size), totalCount: total };
    },
    defaultPageSize: 3,
    maxPageSize: 5,
  });
  return { iterable, requests };
}

describe('createPageNumberIterable', () => {
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

  it('with a total, stops on the page that reaches it, and after an empty page', async () => {
    const exact = list(6, 6);
    const pages = [];
    for await (const page of exact.iterable.byPage()) pages.push(page);
    expect(pages.map((p) => p.continuationToken)).toEqual(['2', undefined]);
    expect(exact.requests).toHaveLength(2);

    // A total larger than what the service really serves must not loop forever.
    const overstated = list(100, 4);
    const seen = [];
    for await (const item of overstated.iterable) seen.push(item);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(overstated.requests.map(([p]) => p)).toEqual([1, 2, 3]);
  });

  it('checks its settings when called', () => {
    const { iterable, requests } = list(7);
    expect(() => iterable.byPage({ maxPageSize: 6 })).toThrow(RangeError);
    expect(() => iterable.byPage({ maxPageSize: 1.5 })).toThrow(RangeError);
    expect(() => iterable.byPage({ continuationToken: '0' })).toThrow(TypeError);
    expect(() => iterable.byPage({ continuationToken: 'x' })).toThrow(TypeError);
    expect(() => iterable.byPage({ continuationToken: '01' })).toThrow(TypeError);
    expect(() => iterable.byPage({ continuationToken: '1234567890' })).toThrow(TypeError);
    expect(() => iterable.byPage({ continuationToken: '' })).toThrow(/"" did not come from this list/);
    expect(requests).toEqual([]);
  });

  it('checks its own options', () => {
    const fetchPage = async () => ({ items: [], totalCount: 0 });
    expect(() => createPageNumberIterable({ fetchPage, defaultPageSize: 0, maxPageSize: 5 })).toThrow(RangeError);
    expect(() => createPageNumberIterable({ fetchPage, defaultPageSize: 6, maxPageSize: 5 })).toThrow(RangeError);
    expect(() => createPageNumberIterable({ fetchPage } as never)).toThrow(TypeError);
    expect(() => createPageNumberIterable({ defaultPageSize: 1, maxPageSize: 5 } as never)).toThrow(TypeError);
  });
});
