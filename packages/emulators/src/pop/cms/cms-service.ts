import { popError } from '../errors';
import type { PopCall } from '../pop-request';
import { CMS_PERIODS, CMS_VERSION, invalid, missing, parseQueryTime } from './cms-wire';
import { type CmsEventEntry, type CmsMetricEntry, parseEventInfo, parseMetricList } from './metric-list';
import { type MetricPoint, MetricStore } from './metric-store';
import { QpsLimiter } from './qps-limiter';

/** The CloudMonitor actions the emulator serves. */
export type CmsAction = 'PutCustomMetric' | 'PutCustomEvent' | 'DescribeMetricList' | 'DescribeMetricLast';

const CMS_ACTIONS: ReadonlySet<string> = new Set<CmsAction>([
  'PutCustomMetric',
  'PutCustomEvent',
  'DescribeMetricList',
  'DescribeMetricLast',
]);

/** PutCustomMetric entries per call, as the API reference (and the generated SDKs) state it. */
export const CMS_DEFAULT_MAX_ENTRIES = 21;
/** The documented body limit of a custom-metric report. */
export const CMS_DEFAULT_MAX_REQUEST_BYTES = 256 * 1024;
const MAX_DIMENSIONS = 10;
const MAX_EVENTS = 50;
const DEFAULT_PAGE = 1000;
const MAX_PAGE = 1440;
const MAX_QUERY_SPAN_MS = 31 * 24 * 3_600_000;

/** CloudMonitor on the pop emulator, as tests see it (`emu.pop.cms`). */
export interface CmsEmulator {
  /** The emulated account id; custom metrics live in namespace `acs_customMetric_<accountId>`. */
  readonly accountId: string;
  /** `acs_customMetric_<accountId>`, the namespace DescribeMetricList / DescribeMetricLast answer for. */
  readonly namespace: string;
  /**
   * Requests per second each CloudMonitor action admits; more within a sliding second are answered
   * `Throttling.User` (HTTP 400), as the service's flow control does. `undefined` means no limit.
   * @defaultValue undefined
   */
  qps: number | undefined;
  /** Entries one PutCustomMetric may carry. @defaultValue 21 */
  maxEntriesPerRequest: number;
  /** Bytes of parameters (query and form body, encoded) one PutCustomMetric may carry. @defaultValue 262144 */
  maxRequestBytes: number;
  /** Every accepted PutCustomMetric entry, oldest first, as stored (after the service's rewriting). */
  readonly entries: readonly CmsMetricEntry[];
  /** Every accepted PutCustomEvent event, oldest first. */
  readonly events: readonly CmsEventEntry[];
  /** How many requests were refused with `Throttling.User`. */
  readonly throttled: number;
  /** The CloudMonitor calls among `emu.pop.calls`, oldest first, refused ones included. */
  readonly calls: readonly PopCall[];
  /** Forgets stored metrics, events and counters, and restores the default limits. */
  reset(): void;
}

/**
 * CloudMonitor (`2019-01-01`) on the pop emulator: PutCustomMetric validates and stores (applying
 * the service's rewriting of names), DescribeMetricList / DescribeMetricLast answer from what was
 * stored, PutCustomEvent stores events, and an optional QPS limit answers `Throttling.User`.
 */
export class CmsService {
  qps: number | undefined;
  maxEntriesPerRequest = CMS_DEFAULT_MAX_ENTRIES;
  maxRequestBytes = CMS_DEFAULT_MAX_REQUEST_BYTES;
  throttled = 0;
  readonly entries: CmsMetricEntry[] = [];
  readonly events: CmsEventEntry[] = [];
  readonly accountId: string;
  readonly #store = new MetricStore();
  readonly #limiter = new QpsLimiter();
  readonly #now: () => Date;

  constructor(accountId: string, now: () => Date) {
    this.accountId = accountId;
    this.#now = now;
  }

  get namespace(): string {
    return `acs_customMetric_${this.accountId}`;
  }

  /** The CloudMonitor action a call names, when it is one the emulator serves (RPC, version 2019-01-01). */
  actionOf(call: {
    style: 'rpc' | 'roa';
    action: string | undefined;
    version: string | undefined;
  }): CmsAction | undefined {
    if (call.style !== 'rpc' || call.version !== CMS_VERSION || call.action === undefined) return undefined;
    return CMS_ACTIONS.has(call.action) ? (call.action as CmsAction) : undefined;
  }

  /**
   * Answers a CloudMonitor call.
   * @throws ServiceError in POP's format: `Throttling.User`, `MissingParameter`, `InvalidParameter`.
   */
  respond(action: CmsAction, call: PopCall): Record<string, unknown> {
    const nowMs = this.#now().getTime();
    if (!this.#limiter.tryAdmit(action, nowMs, this.qps)) {
      this.throttled++;
      throw popError('Throttling.User');
    }
    const context = { now: nowMs, requestId: call.requestId };
    switch (action) {
      case 'PutCustomMetric': {
        const bytes = encodedSize(call.params);
        if (bytes > this.maxRequestBytes) {
          throw invalid('MetricList', `${bytes} bytes`, `makes the request larger than ${this.maxRequestBytes} bytes`);
        }
        const entries = parseMetricList(
          call.params,
          { maxEntries: this.maxEntriesPerRequest, maxDimensions: MAX_DIMENSIONS },
          context,
        );
        this.entries.push(...entries);
        this.#store.add(entries);
        return { Code: '200', Message: 'success' };
      }
      case 'PutCustomEvent':
        this.events.push(...parseEventInfo(call.params, MAX_EVENTS, context));
        return { Code: '200', Message: 'success' };
      case 'DescribeMetricList':
      case 'DescribeMetricLast':
        return this.#describe(call.params, action === 'DescribeMetricLast');
    }
  }

  /** Forgets stored data and counters and restores the default limits. */
  reset(): void {
    this.entries.length = 0;
    this.events.length = 0;
    this.throttled = 0;
    this.qps = undefined;
    this.maxEntriesPerRequest = CMS_DEFAULT_MAX_ENTRIES;
    this.maxRequestBytes = CMS_DEFAULT_MAX_REQUEST_BYTES;
    this.#store.clear();
    this.#limiter.reset();
  }

  #describe(params: Readonly<Record<string, string>>, lastOnly: boolean): Record<string, unknown> {
    const namespace = params.Namespace;
    if (!namespace) throw missing('Namespace');
    const metricName = params.MetricName;
    if (!metricName) throw missing('MetricName');
    const periodText = params.Period || '60';
    const period = Number(periodText);
    if (!/^\d+$/.test(periodText) || !CMS_PERIODS.has(period)) {
      throw invalid('Period', periodText, 'must be 60 or 300 for custom metrics');
    }
    const startTime = params.StartTime ? parseQueryTime(params.StartTime, 'StartTime') : undefined;
    const endTime = params.EndTime ? parseQueryTime(params.EndTime, 'EndTime') : undefined;
    if (startTime !== undefined && endTime !== undefined) {
      if (endTime < startTime) throw invalid('EndTime', params.EndTime as string, 'is before StartTime');
      if (endTime - startTime > MAX_QUERY_SPAN_MS)
        throw invalid('EndTime', params.EndTime as string, 'is more than 31 days after StartTime');
    }
    const lengthText = params.Length || String(DEFAULT_PAGE);
    const length = Number(lengthText);
    if (!/^\d+$/.test(lengthText) || length < 1 || length > MAX_PAGE) {
      throw invalid('Length', lengthText, `must be an integer from 1 to ${MAX_PAGE}`);
    }
    const offset = params.NextToken ? decodeToken(params.NextToken) : 0;
    const dimensions = params.Dimensions ? parseDimensionFilter(params.Dimensions) : undefined;
    const points: MetricPoint[] =
      namespace === this.namespace
        ? this.#store.query({ metricName, period, startTime, endTime, dimensions, lastOnly }, this.accountId)
        : [];
    const page = points.slice(offset, offset + length);
    const next = offset + length < points.length ? encodeToken(offset + length) : undefined;
    return {
      Code: '200',
      Success: true,
      Message: '',
      Period: String(period),
      ...(next === undefined ? {} : { NextToken: next }),
      Datapoints: JSON.stringify(page),
    };
  }
}

/** The public view of the CloudMonitor part of a running POP service. */
export function cmsEmulatorView(service: CmsService, allCalls: () => readonly PopCall[]): CmsEmulator {
  return {
    get accountId() {
      return service.accountId;
    },
    get namespace() {
      return service.namespace;
    },
    get qps() {
      return service.qps;
    },
    set qps(value: number | undefined) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new RangeError(`qps must be a positive integer or undefined, got ${String(value)}`);
      }
      service.qps = value;
    },
    get maxEntriesPerRequest() {
      return service.maxEntriesPerRequest;
    },
    set maxEntriesPerRequest(value: number) {
      if (!Number.isInteger(value) || value < 1)
        throw new RangeError(`maxEntriesPerRequest must be a positive integer`);
      service.maxEntriesPerRequest = value;
    },
    get maxRequestBytes() {
      return service.maxRequestBytes;
    },
    set maxRequestBytes(value: number) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`maxRequestBytes must be a positive integer`);
      service.maxRequestBytes = value;
    },
    get entries() {
      return service.entries;
    },
    get events() {
      return service.events;
    },
    get throttled() {
      return service.throttled;
    },
    get calls() {
      return allCalls().filter((call) => service.actionOf(call) !== undefined);
    },
    reset: () => service.reset(),
  };
}

function encodedSize(params: Readonly<Record<string, string>>): number {
  let bytes = 0;
  for (const [k, v] of Object.entries(params)) bytes += encodeURIComponent(k).length + encodeURIComponent(v).length + 2;
  return bytes;
}

function encodeToken(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

function decodeToken(token: string): number {
  const m = /^offset:(\d{1,9})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) throw invalid('NextToken', token);
  return Number(m[1]);
}

function parseDimensionFilter(text: string): Array<Record<string, string>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('Dimensions', text, 'is not valid JSON');
  }
  const list = Array.isArray(parsed) ? parsed : [parsed];
  return list.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw invalid('Dimensions', text, 'must be a JSON object, or an array of objects, of strings');
    }
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      if (typeof v !== 'string' && typeof v !== 'number') {
        throw invalid('Dimensions', text, 'must be a JSON object, or an array of objects, of strings');
      }
      out[k] = String(v);
    }
    return out;
  });
}
