import { startEmulators } from '@alikit/emulators';
import { type CreateMetricsOptions, createMetrics, type Metrics, TokenBucket } from '../../src/index';

/** A pop emulator set, started once per test file. */
export type PopEmulators = Awaited<ReturnType<typeof startEmulators<'pop'>>>;

/** Starts the pop emulator (CloudMonitor lives there). */
export function startCms(): Promise<PopEmulators> {
  return startEmulators({ services: ['pop'] });
}

/** A fixed window-aligned instant (a 300 s boundary) for clocks the tests move by hand. */
export const T0 = Date.UTC(2030, 0, 1, 12, 0, 0);

/** A clock the test moves. */
export function manualClock(start = T0) {
  let now = start;
  return {
    now: () => now,
    set: (ms: number) => {
      now = start + ms;
    },
  };
}

/**
 * A metrics client against the emulator: no timer, its own generous rate limiter (so tests do not
 * share the process-wide one), quick retries.
 */
export function metricsFor(emu: PopEmulators, overrides: Partial<CreateMetricsOptions> = {}): Metrics {
  return createMetrics({
    endpoint: emu.pop.endpoint,
    credentials: { ...emu.credentials, source: 'test' },
    accountId: emu.pop.cms.accountId,
    flushIntervalMs: 0,
    tokenBucket: new TokenBucket({ ratePerSecond: 10_000 }),
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...overrides,
  } as CreateMetricsOptions);
}

/** How many MetricList entries each recorded PutCustomMetric call carried (accepted or not). */
export function entriesPerPut(emu: PopEmulators): number[] {
  return emu.pop.cms.calls
    .filter((c) => c.action === 'PutCustomMetric')
    .map(
      (c) =>
        new Set(
          Object.keys(c.params)
            .filter((k) => k.startsWith('MetricList.'))
            .map((k) => k.split('.')[1]),
        ).size,
    );
}
