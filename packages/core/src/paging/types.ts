/** Where `byPage()` starts and how big its pages are. */
export interface PageSettings {
  /**
   * The `continuationToken` of an earlier page of the same list: resume with the page after it.
   * @defaultValue the first page
   */
  continuationToken?: string | undefined;
  /** Items per page (the service may return fewer). @defaultValue the list's default page size */
  maxPageSize?: number | undefined;
}

/** The least a page carries: the token that continues after it. */
export interface PageWithToken {
  /** Pass to `byPage({ continuationToken })` for the next page; `undefined` on the last page. */
  readonly continuationToken: string | undefined;
}

/** One page of a list whose pages carry nothing besides their items. */
export interface Page<T> {
  /** The items of this page, in the service's order; may be empty. */
  items: T[];
  /** Pass to `byPage({ continuationToken })` for the next page; `undefined` on the last page. */
  continuationToken: string | undefined;
}

/**
 * A list from a service: iterate it with `for await` for every item, or page by page with
 * `byPage()`, which can resume from a continuation token. Nothing is requested until iteration
 * starts, and each `for await` is a new pass with its own requests.
 *
 * @example
 * ```ts
 * for await (const job of client.listJobs()) console.log(job.jobId);
 * for await (const page of client.listJobs().byPage({ maxPageSize: 50 })) save(page.continuationToken);
 * ```
 */
export interface PagedAsyncIterable<T, TPage = Page<T>> extends AsyncIterable<T> {
  /**
   * Iterates page by page, each page with the token that resumes after it.
   * @throws TypeError for settings that are not an object or a continuation token this list did
   *   not produce; RangeError for a page size out of range (both when called, before any request).
   */
  byPage(settings?: PageSettings): AsyncIterableIterator<TPage>;
}

/**
 * A {@link PagedAsyncIterable} that can also be stepped with `next()`, like an iterator. `next()`
 * walks one pass the list keeps for that purpose; `for await` still starts a pass of its own.
 */
export interface PagedAsyncIterableIterator<T, TPage = Page<T>> extends PagedAsyncIterable<T, TPage>, AsyncIterator<T> {
  /** Starts a new pass over every item. */
  [Symbol.asyncIterator](): AsyncIterableIterator<T>;
}
