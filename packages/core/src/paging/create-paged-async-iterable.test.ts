import { describe, expect, it } from 'vitest';
import { createPagedAsyncIterable } from './create-paged-async-iterable';

interface LetterPage {
  letters: string[];
  continuationToken: string | undefined;
  requestId: string;
}

/**
 * A token-paged service over the letters a–g: the token is the index to continue at, and the last
 * page's token is `lastToken` (services say "no more" with a missing or an empty NextToken).
 */
function letters(options: { lastToken?: '' | undefined; signal?: AbortSignal; failOn?: string } = {}) {
  const all = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const requests: Array<[string | undefined, number | undefined]> = [];
  const iterable = createPagedAsyncIterable({
    fetchPage: async (token, pageSize): Promise<LetterPage> => {
      requests.push([token, pageSize]);
      options.signal?.throwIfAborted();
      if (token !== undefined && token === options.failOn) throw new Error(`page ${token} failed`);
      const start = token === undefined ? 0 : Number(token);
      const end = start + (pageSize ?? 3);
      return {
        letters: all.slice(start, end),
        continuationToken: end < all.length ? String(end) : options.lastToken,
        requestId: `req-${requests.length}`,
      };
    },
    itemsOf: (page) => page.letters,
    maxPageSize: 4,
  });
  return { iterable, requests };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('createPagedAsyncIterable', () => {
  it('iterates every item, following tokens until there is none', async () => {
    const { iterable, requests } = letters();
    expect(await collect(iterable)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    // No maxPageSize and no default: the service chooses the page size.
    expect(requests).toEqual([
      [undefined, undefined],
      ['3', undefined],
      ['6', undefined],
    ]);
  });

  it('treats an empty token as the end of the list', async () => {
    const { iterable, requests } = letters({ lastToken: '' });
    expect(await collect(iterable)).toHaveLength(7);
    expect(requests).toHaveLength(3);
  });

  it('yields the pages as the service shaped them, and resumes from a token', async () => {
    const { iterable, requests } = letters();
    const pages = await collect(iterable.byPage({ maxPageSize: 2 }));
    expect(pages.map((p) => [p.letters.join(''), p.continuationToken])).toEqual([
      ['ab', '2'],
      ['cd', '4'],
      ['ef', '6'],
      ['g', undefined],
    ]);
    expect(pages[0]?.requestId).toBe('req-1');
    const resumed = await collect(iterable.byPage({ continuationToken: pages[1]?.continuationToken, maxPageSize: 4 }));
    expect(resumed.map((p) => p.letters.join(''))).toEqual(['efg']);
    expect(requests.at(-1)).toEqual(['4', 4]);
  });

  it('sends the default page size when the caller sets none', async () => {
    const requests: Array<number | undefined> = [];
    const iterable = createPagedAsyncIterable({
      fetchPage: async (_token, pageSize) => {
        requests.push(pageSize);
        return { items: [1], continuationToken: undefined };
      },
      itemsOf: (page) => page.items,
      maxPageSize: 10,
      defaultPageSize: 5,
    });
    await collect(iterable);
    await collect(iterable.byPage());
    await collect(iterable.byPage({ maxPageSize: 10 }));
    expect(requests).toEqual([5, 5, 10]);
  });

  it('fetches nothing before iteration, and one page at a time', async () => {
    const { iterable, requests } = letters();
    const pages = iterable.byPage();
    expect(requests).toHaveLength(0);
    const iterator = iterable[Symbol.asyncIterator]();
    expect(requests).toHaveLength(0);
    expect(await iterator.next()).toEqual({ done: false, value: 'a' });
    expect(requests).toHaveLength(1);
    expect((await pages.next()).value?.letters).toEqual(['a', 'b', 'c']);
    expect(requests).toHaveLength(2);
  });

  it('starts a new pass for each for-await, while next() walks one pass of its own', async () => {
    const { iterable, requests } = letters();
    expect(await collect(iterable)).toHaveLength(7);
    expect(await collect(iterable)).toHaveLength(7);
    expect(requests).toHaveLength(6);

    const stepped = [];
    for (let r = await iterable.next(); !r.done; r = await iterable.next()) stepped.push(r.value);
    expect(stepped.join('')).toBe('abcdefg');
    expect(await iterable.next()).toEqual({ done: true, value: undefined });
  });

  it('stops fetching when the caller breaks out early', async () => {
    const { iterable, requests } = letters();
    const seen = [];
    for await (const letter of iterable) {
      seen.push(letter);
      if (letter === 'd') break;
    }
    expect(seen).toEqual(['a', 'b', 'c', 'd']);
    expect(requests).toHaveLength(2);

    const pages = iterable.byPage();
    await pages.next();
    expect(await pages.return?.(undefined)).toEqual({ done: true, value: undefined });
    expect(await pages.next()).toEqual({ done: true, value: undefined });
    expect(requests).toHaveLength(3);
  });

  it('rejects with the abort reason, unchanged, and requests nothing more', async () => {
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const { iterable, requests } = letters({ signal: controller.signal });
    const seen: string[] = [];
    const iterate = async () => {
      for await (const letter of iterable) {
        seen.push(letter);
        if (letter === 'b') controller.abort(reason);
      }
    };
    await expect(iterate()).rejects.toBe(reason);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(requests).toHaveLength(2);
  });

  it('passes a failed page on unchanged and ends that pass', async () => {
    const { iterable, requests } = letters({ failOn: '3' });
    const pages = iterable.byPage();
    expect((await pages.next()).value?.letters).toEqual(['a', 'b', 'c']);
    await expect(pages.next()).rejects.toThrow('page 3 failed');
    expect(await pages.next()).toEqual({ done: true, value: undefined });
    expect(requests).toHaveLength(2);
    // A new pass starts over.
    expect((await iterable.byPage().next()).value?.letters).toEqual(['a', 'b', 'c']);
  });

  it('checks its settings when called, before any request', () => {
    const { iterable, requests } = letters();
    expect(() => iterable.byPage({ maxPageSize: 5 })).toThrow(RangeError);
    expect(() => iterable.byPage({ maxPageSize: 0 })).toThrow(RangeError);
    expect(() => iterable.byPage({ maxPageSize: 2.5 })).toThrow(
      'maxPageSize must be a whole number from 1 to 4, got 2.5',
    );
    expect(() => iterable.byPage({ maxPageSize: '2' as never })).toThrow(RangeError);
    expect(() => iterable.byPage({ continuationToken: 3 as never })).toThrow(TypeError);
    expect(() => iterable.byPage(null as never)).toThrow('byPage takes a settings object');
    expect(() => iterable.byPage('3' as never)).toThrow(TypeError);
    expect(requests).toEqual([]);
  });

  it('lets the service reject tokens it cannot have produced', async () => {
    const iterable = createPagedAsyncIterable({
      fetchPage: async (token) => ({ items: [token], continuationToken: undefined }),
      itemsOf: (page) => page.items,
      maxPageSize: 10,
      checkContinuationToken: (token) => {
        if (!token.startsWith('t-')) throw new TypeError(`continuationToken ${token} did not come from this list`);
      },
    });
    expect(() => iterable.byPage({ continuationToken: 'x' })).toThrow(TypeError);
    expect(await collect(iterable.byPage({ continuationToken: 't-1' }))).toEqual([
      { items: ['t-1'], continuationToken: undefined },
    ]);
  });

  it('checks its own options', () => {
    type Empty = { items: never[]; continuationToken: undefined };
    const fetchPage = async (): Promise<Empty> => ({ items: [], continuationToken: undefined });
    const itemsOf = (page: Empty) => page.items;
    expect(() => createPagedAsyncIterable({ fetchPage, itemsOf, maxPageSize: 0 })).toThrow(RangeError);
    expect(() => createPagedAsyncIterable({ fetchPage, itemsOf, maxPageSize: Number.NaN })).toThrow(RangeError);
    expect(() => createPagedAsyncIterable({ fetchPage, itemsOf, maxPageSize: 5, defaultPageSize: 6 })).toThrow(
      RangeError,
    );
    expect(() => createPagedAsyncIterable({ fetchPage, maxPageSize: 5 } as never)).toThrow(TypeError);
    expect(() =>
      createPagedAsyncIterable({ fetchPage, itemsOf, maxPageSize: 5, checkContinuationToken: 'x' as never }),
    ).toThrow(TypeError);
  });
});
