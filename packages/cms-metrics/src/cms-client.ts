import {
  type CredentialProvider,
  type Credentials,
  createPagedAsyncIterable,
  createSdkError,
  type Logger,
  type PagedAsyncIterableIterator,
  type RetryOptions,
  resolveLogger,
  sdkErrorCodes,
} from '@alikit/core';
import { createPopClient, type PopClient } from '@alikit/core/pop';
import { backoffMs, isRetryableFailure, resolveSendRetry, type SendRetryPolicy } from './backoff';
import { type MetricEntry, makeEntry, metricListParams, REQUEST_OVERHEAD_BYTES } from './metric-entry';
import { type MetricStatistics, STATISTIC_WIRE_NAMES, type StatisticName, statisticFromWire } from './statistics';
import { sharedTokenBucket, type TokenBucket } from './token-bucket';
import {
  checkDimensions,
  checkMetricName,
  checkValue,
  type Dimensions,
  dimensionsJson,
  metricSubject,
} from './validation';

/** The CloudMonitor API version the client speaks. */
export const CMS_API_VERSION = '2019-01-01';
/** PutCustomMetric entries per request by default: the API reference's limit (older pages say 100). */
export const DEFAULT_MAX_ENTRIES_PER_REQUEST = 21;
/** The request body limit of custom-metric reports. */
export const DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;
/** PutCustomEvent events per request. */
export const MAX_EVENTS_PER_REQUEST = 50;
/** The aggregation periods CloudMonitor accepts for pre-aggregated values, in seconds. */
export const CMS_PERIODS: readonly CmsPeriod[] = [60, 300];

/** An aggregation period CloudMonitor accepts, in seconds. */
export type CmsPeriod = 60 | 300;

// The largest page (`Length`) the DescribeMetric APIs serve; without one they choose (1000).
const MAX_DESCRIBE_PAGE_SIZE = 1440;

// Documented per-region QPS of the reporting API; every other region gets the lowest figure.
const REGION_QPS: Readonly<Record<string, number>> = {
  'cn-beijing': 200,
  'cn-shanghai': 200,
  'cn-hangzhou': 200,
  'cn-zhangjiakou': 100,
  'cn-shenzhen': 100,
};
const DEFAULT_QPS = 50;

/** Options of {@link CmsClient}. */
export interface CmsClientOptions {
  /** The region, e.g. `cn-hangzhou`. @defaultValue `ALIBABA_CLOUD_REGION_ID` from the environment */
  region?: string | undefined;
  /**
   * The CloudMonitor endpoint, e.g. `https://metrics.cn-hangzhou.aliyuncs.com` or an emulator's
   * `http://127.0.0.1:<port>`. @defaultValue `ALIKIT_CMS_ENDPOINT`, else `metrics.<region>.aliyuncs.com`
   */
  endpoint?: string | undefined;
  /** Credentials or a provider, resolved per request. @defaultValue `defaultCredentials()` */
  credentials?: Credentials | CredentialProvider | undefined;
  /**
   * Retries of throttled and transiently failed requests; every attempt waits for the rate limiter.
   * @defaultValue 5 attempts, backoff base 100 ms, cap 20 s
   */
  retry?: RetryOptions | undefined;
  /** Receives debug lines per request and warnings for dropped data. @defaultValue silent unless `ALIKIT_LOG_LEVEL` is set */
  logger?: Logger | undefined;
  /** Allows plain `http:` to hosts that are not loopback. @defaultValue false */
  allowInsecureConnection?: boolean | undefined;
  /** Limit for each request attempt. @defaultValue 60_000 */
  timeoutMs?: number | undefined;
  /**
   * Your Alibaba Cloud account id; the DescribeMetric calls default to its custom-metric namespace
   * `acs_customMetric_<accountId>`. @defaultValue none: pass `namespace` to each query
   */
  accountId?: string | undefined;
  /** The application group metrics are reported to (`0`: none). @defaultValue 0 */
  groupId?: number | string | undefined;
  /**
   * PutCustomMetric entries per request. The API reference says 21, older custom-monitoring pages
   * say 100; the lower figure is the one every endpoint accepts. @defaultValue 21
   */
  maxEntriesPerRequest?: number | undefined;
  /** Bytes one request may carry, parameters encoded. @defaultValue 262_144 (256 KiB) */
  maxRequestBytes?: number | undefined;
  /**
   * Requests per second to this region, shared by every client of the process with the same
   * endpoint (the service limits each account and region). @defaultValue the documented limit:
   * 200 in cn-beijing, cn-shanghai and cn-hangzhou, 100 in cn-zhangjiakou and cn-shenzhen, 50 elsewhere
   */
  maxRequestsPerSecond?: number | undefined;
  /** A rate limiter of your own (for tests, or to share one across endpoints). @defaultValue the process-wide bucket of the endpoint */
  tokenBucket?: TokenBucket | undefined;
  /** The environment settings are read from. @defaultValue `process.env` */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Options of one call. */
export interface CmsCallOptions {
  /** Aborts the call, waits included; it rejects with `signal.reason`. @defaultValue none */
  signal?: AbortSignal | undefined;
  /** Limit for each request attempt. @defaultValue the client's `timeoutMs` */
  timeoutMs?: number | undefined;
}

interface CustomMetricBase {
  /** Letters, digits and `_`, starting with a letter, at most 64 characters. */
  metricName: string;
  /** Up to 10 pairs; see {@link Dimensions}. @defaultValue `{}` */
  dimensions?: Dimensions | undefined;
  /** @defaultValue the client's `groupId` */
  groupId?: number | string | undefined;
  /** When the value was measured (a window's start for aggregated values). @defaultValue now */
  time?: Date | number | undefined;
}

/** A raw value (`Type 0`, billed): CloudMonitor aggregates it server-side. */
export interface RawCustomMetric extends CustomMetricBase {
  /** The sample, reported as is; CloudMonitor computes the statistics. */
  value: number;
  /** Leave out: a raw value has no period of its own; CloudMonitor aggregates it. */
  period?: undefined;
  /** Not used with a raw value; report statistics with an {@link AggregatedCustomMetric}. */
  statistics?: undefined;
}

/** Statistics you aggregated yourself over one period (`Type 1`, free). */
export interface AggregatedCustomMetric extends CustomMetricBase {
  /** The window length in seconds: 60 or 300. */
  period: CmsPeriod;
  /** The statistics of the window, by our names; at least one must be set. */
  statistics: MetricStatistics;
  /** Not used with statistics; report a single sample with a {@link RawCustomMetric}. */
  value?: undefined;
}

/** One PutCustomMetric entry. */
export type CustomMetric = RawCustomMetric | AggregatedCustomMetric;

/** What PutCustomMetric answered. */
export interface PutCustomMetricResult {
  /** The request id of each request sent, in order. */
  requestIds: string[];
  /** How many entries were sent. */
  entryCount: number;
}

/** One custom event. */
export interface CustomEvent {
  /** The event name. */
  name: string;
  /** The event's content (free text or JSON). */
  content: string;
  /** @defaultValue the client's `groupId` */
  groupId?: number | string | undefined;
  /** When it happened. @defaultValue now */
  time?: Date | number | undefined;
}

/** What PutCustomEvent answered. */
export interface PutCustomEventResult {
  /** The request id of each request sent, in order. */
  requestIds: string[];
  /** How many events were sent. */
  eventCount: number;
}

/** What DescribeMetricList / DescribeMetricLast select. */
export interface DescribeMetricInput {
  /** The metric name. */
  metricName: string;
  /**
   * The namespace: `acs_customMetric_<accountId>` for custom metrics, `acs_ecs_dashboard` and
   * the like for cloud products. @defaultValue `acs_customMetric_<accountId>` from the client's `accountId`
   */
  namespace?: string | undefined;
  /** The period in seconds. @defaultValue 60 */
  period?: number | undefined;
  /** Points after this time (exclusive). @defaultValue the service's default window */
  startTime?: Date | number | undefined;
  /** Points up to this time (inclusive). @defaultValue now */
  endTime?: Date | number | undefined;
  /** Only series with these dimensions (any of several maps). @defaultValue every series */
  dimensions?: Readonly<Record<string, string>> | ReadonlyArray<Readonly<Record<string, string>>> | undefined;
  /** CloudMonitor's JSON post-processing expression (`Express`), passed through. @defaultValue none */
  express?: string | undefined;
}

/** One data point of a metric. */
export interface MetricDatapoint {
  /** The window's time. */
  timestamp: Date;
  /** The account the series belongs to, when the service says. */
  userId: string | undefined;
  /** The series' dimensions (every text field of the point besides `userId`). */
  dimensions: Record<string, string>;
  /** The statistics CloudMonitor knows by name. */
  statistics: MetricStatistics;
  /** Other numeric fields (cloud-product metrics carry some, e.g. `Value`). */
  otherValues: Record<string, number>;
}

/** One page of data points. */
export interface MetricDatapointPage {
  /** The points of this page, in the service's order; may be empty. */
  datapoints: MetricDatapoint[];
  /** The period of the points, in seconds. */
  period: number | undefined;
  /** Continues after this page; `undefined` on the last one. */
  continuationToken: string | undefined;
  /** The request id of the call that fetched the page; `undefined` when the response carried none. */
  requestId: string | undefined;
}

/** The listing the DescribeMetric methods return. */
export type MetricDatapointIterator = PagedAsyncIterableIterator<MetricDatapoint, MetricDatapointPage>;

/** @internal Sends one PutCustomMetric request (one attempt through the rate limiter); used by the aggregating client. */
export const SEND_ONCE: unique symbol = Symbol('alikit.cms.sendOnce');

/**
 * The CloudMonitor custom-metric APIs as they are: PutCustomMetric, PutCustomEvent,
 * DescribeMetricList and DescribeMetricLast, with validation before any I/O, batching within the
 * entry and byte limits, a per-region rate limiter and retries on throttling. For client-side
 * aggregation use {@link createMetrics}, which is built on it. Construction does no I/O.
 *
 * @example
 * ```ts
 * const cms = new CmsClient({ region: 'cn-hangzhou', accountId: '1234567890123456' });
 * await cms.putCustomMetric([{ metricName: 'orders', dimensions: { shop: 'eu' }, value: 3 }]);
 * for await (const point of cms.describeMetricList({ metricName: 'orders', period: 60 })) console.log(point);
 * ```
 */
export class CmsClient {
  /** The origin requests go to. */
  readonly endpoint: string;
  /** The region, when one was given or found in the environment. */
  readonly region: string | undefined;
  /** The default application group. */
  readonly groupId: string;
  /**
   * PutCustomMetric entries per request (the `maxEntriesPerRequest` option, 21 by default); larger reports are split.
   */
  readonly maxEntriesPerRequest: number;
  /**
   * Bytes one request may carry, parameters encoded (the `maxRequestBytes` option, 256 KiB by default); larger reports
   * are split.
   */
  readonly maxRequestBytes: number;
  /** The rate limiter every request waits for. */
  readonly tokenBucket: TokenBucket;
  readonly #writer: PopClient;
  readonly #reader: PopClient;
  readonly #retry: SendRetryPolicy;
  readonly #accountId: string | undefined;
  readonly #timeoutMs: number | undefined;
  readonly #logger: Logger;

  /**
   * @throws TypeError when neither a region nor an endpoint is given or found in the environment,
   *   for a malformed endpoint, region, group id or account id.
   * @throws RangeError for limits out of range.
   */
  constructor(options: CmsClientOptions = {}) {
    if (typeof options !== 'object' || options === null) throw new TypeError('CmsClient takes an options object');
    const env = options.env ?? process.env;
    const region = options.region ?? nonEmpty(env.ALIBABA_CLOUD_REGION_ID);
    const endpoint = options.endpoint ?? nonEmpty(env.ALIKIT_CMS_ENDPOINT);
    if (region === undefined && endpoint === undefined) {
      throw new TypeError(
        "CloudMonitor needs a region or an endpoint: pass { region: 'cn-hangzhou' } (or { endpoint }), or set ALIBABA_CLOUD_REGION_ID",
      );
    }
    this.groupId = checkGroupId(options.groupId ?? 0, 'groupId');
    this.maxEntriesPerRequest = checkInteger(
      options.maxEntriesPerRequest ?? DEFAULT_MAX_ENTRIES_PER_REQUEST,
      'maxEntriesPerRequest',
      1,
      100,
    );
    this.maxRequestBytes = checkInteger(
      options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES,
      'maxRequestBytes',
      REQUEST_OVERHEAD_BYTES * 2,
      64 * 1024 * 1024,
    );
    if (
      options.accountId !== undefined &&
      (typeof options.accountId !== 'string' || !/^\d{1,32}$/.test(options.accountId))
    ) {
      throw new TypeError(
        `accountId must be your numeric account id as a string, got ${JSON.stringify(options.accountId)}`,
      );
    }
    this.#accountId = options.accountId;
    this.#timeoutMs = options.timeoutMs;
    this.#retry = resolveSendRetry(options.retry);
    this.#logger = resolveLogger(options.logger);
    const common = {
      product: 'cms',
      region,
      endpoint,
      apiVersion: CMS_API_VERSION,
      style: 'rpc' as const,
      credentials: options.credentials,
      logger: options.logger,
      allowInsecureConnection: options.allowInsecureConnection,
      timeoutMs: options.timeoutMs,
      service: 'cms',
    };
    // Writes retry here, so that every attempt waits for the rate limiter; reads use the transport's retries.
    this.#writer = createPopClient({ ...common, retry: { ...options.retry, maxAttempts: 1 } });
    this.#reader = createPopClient({ ...common, retry: options.retry });
    this.endpoint = this.#writer.endpoint;
    this.region = region;
    const rate =
      options.maxRequestsPerSecond ?? (region === undefined ? DEFAULT_QPS : (REGION_QPS[region] ?? DEFAULT_QPS));
    if (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0) {
      throw new RangeError(`maxRequestsPerSecond must be a positive number, got ${String(rate)}`);
    }
    this.tokenBucket = options.tokenBucket ?? sharedTokenBucket(this.endpoint, rate);
  }

  /**
   * Reports metric entries now: checks every entry, then sends them in requests of at most
   * `maxEntriesPerRequest` entries and `maxRequestBytes` bytes, each through the rate limiter,
   * retrying throttled requests with backoff.
   *
   * @throws TypeError naming the entry (`metrics[3]`) and the rule it breaks, before any I/O.
   * @throws SdkError `Throttling.User` when the retries run out, `InvalidParameter`, `ERR_CREDENTIALS`, ...
   */
  async putCustomMetric(
    metrics: readonly CustomMetric[],
    options: CmsCallOptions = {},
  ): Promise<PutCustomMetricResult> {
    if (!Array.isArray(metrics) || metrics.length === 0) throw new TypeError('metrics must be a non-empty array');
    const now = Date.now();
    const entries = metrics.map((m, i) => customMetricEntry(m, `metrics[${i}]`, this.groupId, now));
    const requestIds: string[] = [];
    for (const batch of splitBatches(entries, this.maxEntriesPerRequest, this.maxRequestBytes)) {
      requestIds.push(await this.#withRetries(() => this[SEND_ONCE](batch, options), options.signal));
    }
    return { requestIds, entryCount: entries.length };
  }

  /**
   * Reports custom events, up to 50 per request.
   * @throws TypeError for an event without a name or content, before any I/O.
   * @throws SdkError as {@link CmsClient.putCustomMetric} does.
   */
  async putCustomEvent(events: readonly CustomEvent[], options: CmsCallOptions = {}): Promise<PutCustomEventResult> {
    if (!Array.isArray(events) || events.length === 0) throw new TypeError('events must be a non-empty array');
    const now = Date.now();
    const wire = events.map((e, i) => {
      const where = `events[${i}]`;
      if (typeof e !== 'object' || e === null) throw new TypeError(`${where} must be an object`);
      if (typeof e.name !== 'string' || e.name === '') throw new TypeError(`${where}.name must be a non-empty string`);
      if (typeof e.content !== 'string' || e.content === '') {
        throw new TypeError(`${where}.content must be a non-empty string`);
      }
      return {
        EventName: e.name,
        Content: e.content,
        GroupId: e.groupId === undefined ? this.groupId : checkGroupId(e.groupId, `${where}.groupId`),
        Time: String(checkTime(e.time, `${where}.time`) ?? now),
      };
    });
    const requestIds: string[] = [];
    for (let i = 0; i < wire.length; i += MAX_EVENTS_PER_REQUEST) {
      const chunk = wire.slice(i, i + MAX_EVENTS_PER_REQUEST);
      requestIds.push(
        await this.#withRetries(async () => {
          await this.tokenBucket.take(options.signal);
          const answer = await this.#writer.request<{ RequestId?: string }>(
            'PutCustomEvent',
            { EventInfo: chunk },
            { signal: options.signal, timeoutMs: options.timeoutMs ?? this.#timeoutMs },
          );
          return answer?.RequestId ?? '';
        }, options.signal),
      );
    }
    return { requestIds, eventCount: wire.length };
  }

  /**
   * Lists the data points of a metric, oldest first, page by page (`Length` ≤ 1440 per page).
   * @throws TypeError / RangeError for a malformed input, when called (before any I/O).
   * @throws SdkError (while iterating) for the service's refusal, e.g. `InvalidParameter`.
   */
  describeMetricList(input: DescribeMetricInput, options: CmsCallOptions = {}): MetricDatapointIterator {
    return this.#describe('DescribeMetricList', input, options);
  }

  /**
   * Lists the latest data point of each series of a metric.
   * @throws as {@link CmsClient.describeMetricList}.
   */
  describeMetricLast(input: DescribeMetricInput, options: CmsCallOptions = {}): MetricDatapointIterator {
    return this.#describe('DescribeMetricLast', input, options);
  }

  /** @internal One PutCustomMetric attempt: waits for a token, sends, resolves with the request id. */
  async [SEND_ONCE](entries: readonly MetricEntry[], options: CmsCallOptions = {}): Promise<string> {
    await this.tokenBucket.take(options.signal);
    const answer = await this.#writer.request<{ RequestId?: string }>('PutCustomMetric', metricListParams(entries), {
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? this.#timeoutMs,
    });
    return answer?.RequestId ?? '';
  }

  async #withRetries<T>(send: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send();
      } catch (error) {
        if (signal?.aborted || !isRetryableFailure(error) || attempt >= this.#retry.maxAttempts) throw error;
        const delayMs = backoffMs(attempt, this.#retry);
        this.#logger.debug(`cms: retrying in ${delayMs} ms after ${(error as Error).message}`);
        await this.#retry.sleep(delayMs, signal);
      }
    }
  }

  #describe(
    action: 'DescribeMetricList' | 'DescribeMetricLast',
    input: DescribeMetricInput,
    options: CmsCallOptions,
  ): MetricDatapointIterator {
    const params = this.#describeParams(input);
    return createPagedAsyncIterable({
      fetchPage: async (token, maxPageSize) => {
        const answer = await this.#reader.request<DescribeAnswer>(
          action,
          { ...params, Length: maxPageSize === undefined ? undefined : String(maxPageSize), NextToken: token },
          { signal: options.signal, timeoutMs: options.timeoutMs ?? this.#timeoutMs },
        );
        let datapoints: MetricDatapoint[];
        try {
          datapoints = parseDatapoints(answer?.Datapoints);
        } catch (error) {
          throw createSdkError(sdkErrorCodes.ERR_PARSE, {
            service: 'cms',
            operation: action,
            reason: `Datapoints is not a JSON array: ${error instanceof Error ? error.message : String(error)}`,
            requestId: answer?.RequestId,
            cause: error,
          });
        }
        return {
          datapoints,
          period: answer?.Period === undefined || answer.Period === '' ? undefined : Number(answer.Period),
          continuationToken: answer?.NextToken ? String(answer.NextToken) : undefined,
          requestId: answer?.RequestId,
        };
      },
      itemsOf: (page) => page.datapoints,
      maxPageSize: MAX_DESCRIBE_PAGE_SIZE,
    });
  }

  #describeParams(input: DescribeMetricInput): Record<string, string | undefined> {
    if (typeof input !== 'object' || input === null) throw new TypeError('input must be an object');
    let namespace = input.namespace;
    if (namespace === undefined) {
      if (this.#accountId === undefined) {
        throw new TypeError(
          'input.namespace is required unless the client knows accountId (custom metrics live in acs_customMetric_<accountId>)',
        );
      }
      namespace = `acs_customMetric_${this.#accountId}`;
    } else if (typeof namespace !== 'string' || !/^[A-Za-z0-9_]{1,128}$/.test(namespace)) {
      throw new TypeError(
        `input.namespace must be a namespace such as acs_customMetric_<accountId>, got ${JSON.stringify(namespace)}`,
      );
    }
    // Custom metrics follow CloudMonitor's naming rules; cloud products' metrics are theirs to name.
    if (namespace.startsWith('acs_customMetric_')) checkMetricName(input.metricName);
    else if (typeof input.metricName !== 'string' || input.metricName === '') {
      throw new TypeError('input.metricName must be a non-empty string');
    }
    const period = input.period ?? 60;
    if (!Number.isInteger(period) || period < 1)
      throw new RangeError(`input.period must be a whole number of seconds, got ${String(period)}`);
    const startTime = checkTime(input.startTime, 'input.startTime');
    const endTime = checkTime(input.endTime, 'input.endTime');
    if (startTime !== undefined && endTime !== undefined && endTime < startTime) {
      throw new RangeError('input.endTime must not be before input.startTime');
    }
    let dimensions: string | undefined;
    if (input.dimensions !== undefined) {
      const maps = Array.isArray(input.dimensions) ? input.dimensions : [input.dimensions];
      for (const map of maps) {
        if (typeof map !== 'object' || map === null || Object.values(map).some((v) => typeof v !== 'string')) {
          throw new TypeError('input.dimensions must be an object of strings, or an array of them');
        }
      }
      dimensions = JSON.stringify(input.dimensions);
    }
    if (input.express !== undefined && typeof input.express !== 'string')
      throw new TypeError('input.express must be a string');
    return {
      Namespace: namespace,
      MetricName: input.metricName,
      Period: String(period),
      StartTime: startTime === undefined ? undefined : String(startTime),
      EndTime: endTime === undefined ? undefined : String(endTime),
      Dimensions: dimensions,
      Express: input.express,
      RegionId: this.region,
    };
  }
}

interface DescribeAnswer {
  Datapoints?: string | unknown[];
  Period?: string | number;
  NextToken?: string;
  RequestId?: string;
}

/** Splits entries into requests within the entry and byte limits, keeping their order. */
export function splitBatches(entries: readonly MetricEntry[], maxEntries: number, maxBytes: number): MetricEntry[][] {
  const batches: MetricEntry[][] = [];
  let current: MetricEntry[] = [];
  let bytes = REQUEST_OVERHEAD_BYTES;
  for (const entry of entries) {
    if (current.length > 0 && (current.length >= maxEntries || bytes + entry.bytes > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = REQUEST_OVERHEAD_BYTES;
    }
    current.push(entry);
    bytes += entry.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Checks one {@link CustomMetric} and serialises it.
 * @throws TypeError / RangeError naming `where` and the rule broken.
 */
export function customMetricEntry(metric: CustomMetric, where: string, groupId: string, now: number): MetricEntry {
  if (typeof metric !== 'object' || metric === null) throw new TypeError(`${where} must be an object`);
  const name = checkMetricName(metric.metricName);
  const pairs = checkDimensions(metric.dimensions, metricSubject(name));
  const time = checkTime(metric.time, `${where}.time`) ?? now;
  const group = metric.groupId === undefined ? groupId : checkGroupId(metric.groupId, `${where}.groupId`);
  const hasValue = metric.value !== undefined;
  const hasStatistics = metric.statistics !== undefined;
  if (hasValue === hasStatistics || (hasValue && metric.period !== undefined)) {
    throw new TypeError(`${where} needs either value (a raw value) or period and statistics (an aggregate), not both`);
  }
  if (hasValue) {
    const value = checkValue(metric.value, name);
    return makeEntry({
      metricName: name,
      groupId: group,
      dimensions: dimensionsJson(pairs),
      type: 0,
      period: undefined,
      time,
      values: `{"value":${value}}`,
    });
  }
  const period = (metric as AggregatedCustomMetric).period;
  if (period !== 60 && period !== 300)
    throw new RangeError(`${where}.period must be 60 or 300 seconds, got ${String(period)}`);
  const statistics = metric.statistics as MetricStatistics;
  if (typeof statistics !== 'object' || statistics === null)
    throw new TypeError(`${where}.statistics must be an object`);
  const wire: Record<string, number> = {};
  for (const [key, value] of Object.entries(statistics)) {
    if (value === undefined) continue;
    const wireName = STATISTIC_WIRE_NAMES[key as StatisticName];
    if (wireName === undefined) throw new TypeError(`${where}.statistics.${key} is not a CloudMonitor statistic`);
    wire[wireName] = checkValue(value, name);
  }
  if (Object.keys(wire).length === 0) throw new TypeError(`${where}.statistics holds no value`);
  return makeEntry({
    metricName: name,
    groupId: group,
    dimensions: dimensionsJson(pairs),
    type: 1,
    period,
    time,
    values: JSON.stringify(wire),
  });
}

/** Turns the service's `Datapoints` (a JSON string of an array) into typed points. */
export function parseDatapoints(raw: string | unknown[] | undefined): MetricDatapoint[] {
  if (raw === undefined || raw === null || raw === '') return [];
  const list: unknown = typeof raw === 'string' ? JSON.parse(raw) : raw;
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    const point: MetricDatapoint = {
      timestamp: new Date(0),
      userId: undefined,
      dimensions: {},
      statistics: {},
      otherValues: {},
    };
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      if (key === 'timestamp') point.timestamp = new Date(Number(value));
      else if (key === 'userId') point.userId = String(value);
      else if (typeof value === 'number' || typeof value === 'bigint') {
        const ours = statisticFromWire(key);
        if (ours) point.statistics[ours] = Number(value);
        else point.otherValues[key] = Number(value);
      } else if (typeof value === 'string') point.dimensions[key] = value;
    }
    return point;
  });
}

function checkTime(value: Date | number | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const ms = value instanceof Date ? value.getTime() : value;
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new TypeError(`${name} must be a Date or epoch milliseconds, got ${String(value)}`);
  }
  return Math.floor(ms);
}

function checkGroupId(value: number | string, name: string): string {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : value;
  if (typeof text !== 'string' || !/^\d{1,19}$/.test(text)) {
    throw new TypeError(
      `${name} must be an application group id (a non-negative integer), got ${JSON.stringify(value)}`,
    );
  }
  return text;
}

function checkInteger(value: number, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer from ${min} to ${max}, got ${String(value)}`);
  }
  return value;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
