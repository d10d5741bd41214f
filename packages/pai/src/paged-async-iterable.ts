/** Where `byPage()` starts and how big its pages are. */
export interface PageSettings {
  /** A `continuationToken` from an earlier page: resume after it. @defaultValue the first page */
  continuationToken?: string | undefined;
  /** Items per page (the service may cap it). @defaultValue the service's default page size */
  maxPageSize?: number | undefined;
}

/** One page of a list. */
export interface Page<T> {
  items: T[];
  /** Pass to `byPage({ continuationToken })` for the next page; `undefined` on the last page. */
  continuationToken: string | undefined;
}

/**
 * A list from the service: iterate it with `for await` for every item, or page by page with
 * `byPage()`, which can resume from a continuation token.
 */
export interface PagedAsyncIterable<T> extends AsyncIterable<T> {
  /**
   * Iterates page by page.
   * @throws TypeError for a continuation token this list did not produce; RangeError for a page
   *   size out of range (both when called, before any request).
   */
  byPage(settings?: PageSettings): AsyncIterableIterator<Page<T>>;
}

/** What one page request returns. */
export interface FetchedPage<T> {
  items: T[];
  /** The number of items in the whole list, when the service says. */
  totalCount: number | undefined;
}

/**
 * Builds a {@link PagedAsyncIterable} over a page-numbered API (`PageNumber`, `PageSize`,
 * `TotalCount`): continuation tokens are page numbers.
 * @internal
 */
export function pagedAsyncIterable<T>(
  fetchPage: (pageNumber: number, pageSize: number) => Promise<FetchedPage<T>>,
  sizes: { defaultPageSize: number; maxPageSize: number },
): PagedAsyncIterable<T> {
  function byPage(settings: PageSettings = {}): AsyncIterableIterator<Page<T>> {
    if (typeof settings !== 'object' || settings === null) throw new TypeError('byPage takes a settings object');
    const { continuationToken, maxPageSize } = settings;
    let page = 1;
    if (continuationToken !== undefined) {
      if (typeof continuationToken !== 'string' || !/^[1-9]\d{0,8}$/.test(continuationToken)) {
        throw new TypeError(`continuationToken ${JSON.stringify(continuationToken)} did not come from this list`);
      }
      page = Number(continuationToken);
    }
    const size = maxPageSize ?? sizes.defaultPageSize;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1 || size > sizes.maxPageSize) {
      throw new RangeError(`maxPageSize must be a whole number from 1 to ${sizes.maxPageSize}, got ${String(size)}`);
    }
    return (async function* pages() {
      for (;;) {
        const { items, totalCount } = await fetchPage(page, size);
        const more = items.length > 0 && (totalCount === undefined ? items.length >= size : page * size < totalCount);
        yield { items, continuationToken: more ? String(page + 1) : undefined };
        if (!more) return;
        page++;
      }
    })();
  }
  return {
    byPage,
    async *[Symbol.asyncIterator]() {
      for await (const page of byPage()) yield* page.items;
    },
  };
}
