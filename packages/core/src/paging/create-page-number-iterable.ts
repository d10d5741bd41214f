import { createPagedAsyncIterable } from './create-paged-async-iterable';
import type { Page, PagedAsyncIterableIterator } from './types';

/** What one request of a page-numbered list returns. */
export interface NumberedPage<T> {
  /** The items of the requested page; an empty array ends the iteration. */
  items: T[];
  /** The number of items in the whole list, when the service says (`TotalCount`). */
  totalCount: number | undefined;
}

/** How {@link createPageNumberIterable} reads one list. */
export interface CreatePageNumberIterableOptions<T> {
  /**
   * Requests page `pageNumber` (from 1) of `pageSize` items. An abort signal, if any, is the
   * list's own: capture it here, and reject with `signal.reason` to end the iteration.
   */
  fetchPage(pageNumber: number, pageSize: number): Promise<NumberedPage<T>>;
  /** The page size sent when the caller sets none (the service's documented default). */
  defaultPageSize: number;
  /** The largest page size the service accepts. */
  maxPageSize: number;
}

// Page numbers as tokens: what this list hands out, and nothing a service would reject as a number.
const PAGE_TOKEN = /^[1-9]\d{0,8}$/;

/**
 * Builds a list over an API that pages by number (`PageNumber`, `PageSize`, `TotalCount`, as most
 * POP APIs do): continuation tokens are page numbers, so `byPage({ continuationToken: '3' })`
 * starts at page 3. The list ends after the page that reaches `totalCount`, after an empty page,
 * or, when the service gives no total, after the first page shorter than the page size.
 * Otherwise it behaves as {@link createPagedAsyncIterable} (fetching lazily, one page at a time).
 *
 * @example
 * ```ts
 * return createPageNumberIterable({
 *   fetchPage: async (pageNumber, pageSize) => {
 *     const answer = await pop.request('DescribeThings', { PageNumber: pageNumber, PageSize: pageSize }, { signal });
 *     return { items: answer.Things.map(toThing), totalCount: Number(answer.TotalCount) };
 *   },
 *   defaultPageSize: 30,
 *   maxPageSize: 100,
 * });
 * ```
 * @throws TypeError for a missing `fetchPage` or `defaultPageSize`; RangeError for page sizes that are not whole
 *   numbers from 1 (the default no larger than the maximum).
 */
export function createPageNumberIterable<T>(
  options: CreatePageNumberIterableOptions<T>,
): PagedAsyncIterableIterator<T, Page<T>> {
  const { fetchPage, defaultPageSize, maxPageSize } = options;
  if (typeof fetchPage !== 'function') throw new TypeError('createPageNumberIterable needs a fetchPage function');
  if (defaultPageSize === undefined) throw new TypeError('createPageNumberIterable needs a defaultPageSize');
  return createPagedAsyncIterable<T, Page<T>>({
    async fetchPage(token, pageSize = defaultPageSize) {
      const pageNumber = token === undefined ? 1 : Number(token);
      const { items, totalCount } = await fetchPage(pageNumber, pageSize);
      const more =
        items.length > 0 && (totalCount === undefined ? items.length >= pageSize : pageNumber * pageSize < totalCount);
      return { items, continuationToken: more ? String(pageNumber + 1) : undefined };
    },
    itemsOf: (page) => page.items,
    maxPageSize,
    defaultPageSize,
    checkContinuationToken(token) {
      if (!PAGE_TOKEN.test(token))
        throw new TypeError(`continuationToken ${JSON.stringify(token)} did not come from this list`);
    },
  });
}
