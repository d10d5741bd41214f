/** Where a paged listing starts and how big its pages are. */
export interface PageSettings {
  /** The token a previous page returned, to continue after it. @defaultValue the first page */
  continuationToken?: string | undefined;
  /** Items per page (the service's `Length`, 1–1440). @defaultValue 1000 */
  maxPageSize?: number | undefined;
}

/** A listing: iterate it for items, or call `byPage()` for whole pages with their continuation tokens. */
export interface PagedAsyncIterableIterator<T, TPage> extends AsyncIterableIterator<T> {
  /** The pages of the listing, each with the token that continues after it. */
  byPage(settings?: PageSettings): AsyncIterableIterator<TPage>;
}

/** The smallest page shape {@link pagedIterable} needs. */
export interface PageWithToken {
  /** The token of the next page; `undefined` on the last page. */
  readonly continuationToken: string | undefined;
}

/** The largest page the DescribeMetric APIs serve. */
export const MAX_PAGE_SIZE = 1440;

/**
 * Builds a listing from a page fetcher. Nothing is fetched until the first `next()`.
 * @throws RangeError (from `byPage`) for a `maxPageSize` that is not an integer from 1 to 1440.
 */
export function pagedIterable<T, TPage extends PageWithToken>(
  fetchPage: (token: string | undefined, maxPageSize: number | undefined) => Promise<TPage>,
  itemsOf: (page: TPage) => readonly T[],
): PagedAsyncIterableIterator<T, TPage> {
  async function* pages(settings: PageSettings = {}): AsyncIterableIterator<TPage> {
    const { maxPageSize } = settings;
    let token = settings.continuationToken;
    do {
      const page = await fetchPage(token, maxPageSize);
      yield page;
      token = page.continuationToken;
    } while (token !== undefined && token !== '');
  }
  async function* items(): AsyncIterableIterator<T> {
    for await (const page of pages()) yield* itemsOf(page);
  }
  const iterator = items();
  return {
    next: () => iterator.next(),
    [Symbol.asyncIterator]() {
      return this;
    },
    byPage(settings?: PageSettings) {
      const size = settings?.maxPageSize;
      if (size !== undefined && (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)) {
        throw new RangeError(`maxPageSize must be an integer from 1 to ${MAX_PAGE_SIZE}, got ${String(size)}`);
      }
      return pages(settings);
    },
  };
}
