import type { PagedAsyncIterableIterator, PageSettings, PageWithToken } from './types';

/** How {@link createPagedAsyncIterable} reads one list. */
export interface CreatePagedAsyncIterableOptions<T, TPage extends PageWithToken> {
  /**
   * Requests one page: the first when `continuationToken` is `undefined`, else the page that
   * token continues with. `pageSize` is the caller's `maxPageSize`, else `defaultPageSize`
   * (`undefined` when neither is set: let the service choose). An abort signal, if any, is the
   * list's own: capture it here, and reject with `signal.reason` to end the iteration.
   */
  fetchPage(continuationToken: string | undefined, pageSize: number | undefined): Promise<TPage>;
  /** The items of a page, in order. */
  itemsOf(page: TPage): Iterable<T>;
  /** The largest `maxPageSize` the service accepts. */
  maxPageSize: number;
  /** The page size sent when the caller sets none. @defaultValue none: the service's own default */
  defaultPageSize?: number | undefined;
  /**
   * Checks a caller's continuation token before any request, throwing a `TypeError` for one this
   * list cannot have produced.
   * @defaultValue any string is accepted
   */
  checkContinuationToken?: ((token: string) => void) | undefined;
}

/**
 * Builds a list (a {@link PagedAsyncIterableIterator}) over a service that pages with opaque
 * continuation tokens. Pages are fetched one at a time, only as iteration asks for them; the list
 * ends after the page whose `continuationToken` is `undefined` or empty. Breaking out of a
 * `for await` stops fetching; a rejected `fetchPage` (a service error, an abort) rejects the
 * iteration with that error, unchanged, and ends the pass.
 *
 * Service packages call this from their `list…` methods; users meet only the returned list.
 *
 * @example
 * ```ts
 * return createPagedAsyncIterable({
 *   fetchPage: async (token, pageSize) => {
 *     const answer = await pop.request('DescribeThings', { NextToken: token, MaxResults: pageSize }, { signal });
 *     return { items: answer.Things.map(toThing), continuationToken: answer.NextToken || undefined };
 *   },
 *   itemsOf: (page) => page.items,
 *   maxPageSize: 100,
 * });
 * ```
 * @throws TypeError for functions that are missing; RangeError for page sizes that are not whole
 *   numbers from 1 (the default no larger than the maximum).
 */
export function createPagedAsyncIterable<T, TPage extends PageWithToken>(
  options: CreatePagedAsyncIterableOptions<T, TPage>,
): PagedAsyncIterableIterator<T, TPage> {
  const { fetchPage, itemsOf, maxPageSize, defaultPageSize, checkContinuationToken } = options;
  if (typeof fetchPage !== 'function' || typeof itemsOf !== 'function') {
    throw new TypeError('createPagedAsyncIterable needs fetchPage and itemsOf functions');
  }
  if (checkContinuationToken !== undefined && typeof checkContinuationToken !== 'function') {
    throw new TypeError('checkContinuationToken must be a function');
  }
  if (!isPageSize(maxPageSize, Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(`maxPageSize must be a whole number from 1, got ${String(maxPageSize)}`);
  }
  if (defaultPageSize !== undefined && !isPageSize(defaultPageSize, maxPageSize)) {
    throw new RangeError(
      `defaultPageSize must be a whole number from 1 to ${maxPageSize}, got ${String(defaultPageSize)}`,
    );
  }

  async function* pages(start: string | undefined, pageSize: number | undefined): AsyncIterableIterator<TPage> {
    let token = start;
    for (;;) {
      const page = await fetchPage(token, pageSize);
      yield page;
      token = page.continuationToken;
      if (token === undefined || token === '') return;
    }
  }

  function byPage(settings: PageSettings = {}): AsyncIterableIterator<TPage> {
    // Checked here, not in the generator, so that wrong arguments throw before any request.
    if (typeof settings !== 'object' || settings === null) throw new TypeError('byPage takes a settings object');
    const { continuationToken } = settings;
    if (continuationToken !== undefined) {
      if (typeof continuationToken !== 'string') {
        throw new TypeError(`continuationToken ${JSON.stringify(continuationToken)} did not come from this list`);
      }
      checkContinuationToken?.(continuationToken);
    }
    const size = settings.maxPageSize ?? defaultPageSize;
    if (size !== undefined && !isPageSize(size, maxPageSize)) {
      throw new RangeError(`maxPageSize must be a whole number from 1 to ${maxPageSize}, got ${String(size)}`);
    }
    return pages(continuationToken, size);
  }

  async function* items(): AsyncIterableIterator<T> {
    for await (const page of byPage()) yield* itemsOf(page);
  }

  let ownPass: AsyncIterableIterator<T> | undefined;
  return {
    byPage,
    [Symbol.asyncIterator]: items,
    next() {
      ownPass ??= items();
      return ownPass.next();
    },
  };
}

function isPageSize(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= max;
}
