import { type Emulators, startEmulators } from '@alikit/emulators';
import { MaxComputeClient, type MaxComputeClientOptions } from '../../src/index';

/** Poller settings that make SQL jobs finish quickly against the emulator. */
export const FAST_POLLING = { intervalMs: 10, jitter: 0, maxIntervalMs: 50 } as const;

/** Starts the MaxCompute emulator for a test file. */
export function startMaxCompute(): Promise<Emulators<'maxcompute'>> {
  return startEmulators({ services: ['maxcompute'] });
}

/** A client pointed at the emulator (tunnel endpoint discovered), with fast polling. */
export function mcClient(
  emu: Emulators<'maxcompute'>,
  options: Partial<MaxComputeClientOptions> = {},
): MaxComputeClient {
  return new MaxComputeClient({
    endpoint: emu.maxcompute.endpoint,
    region: emu.maxcompute.region,
    project: emu.maxcompute.project,
    credentials: { ...emu.credentials, source: 'test' },
    poller: FAST_POLLING,
    ...options,
  });
}

/** Collects an async iterable into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
