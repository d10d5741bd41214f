import { type Emulators, startEmulators } from '@alikit/emulators';
import { DtsClient, type DtsClientOptions, type MigrationJobSpec } from '../src/index';

/** Settings that make pollers fast and deterministic against a sped-up emulator. */
export const FAST_POLLING = { intervalMs: 15, jitter: 0, maxIntervalMs: 200 } as const;

/** How much faster than real time the DTS emulator runs in these tests (the 16 s migration takes 160 ms). */
export const SPEED = 100;

/** Starts the pop emulator for a test file. */
export function startPop(): Promise<Emulators<'pop'>> {
  return startEmulators({ services: ['pop'] });
}

/** A DtsClient pointed at the emulator, with fast retries and polling. */
export function dtsClient(emu: Emulators<'pop'>, options: DtsClientOptions = {}): DtsClient {
  return new DtsClient({
    region: 'cn-hangzhou',
    endpoint: emu.pop.endpoint,
    credentials: { ...emu.credentials, source: 'test' },
    retry: { maxAttempts: 1 },
    poller: FAST_POLLING,
    env: {},
    ...options,
  });
}

/** Obviously fake database passwords; tests check they never surface in errors. */
export const SOURCE_PASSWORD = 'ExampleSourcePassw0rd';
export const DESTINATION_PASSWORD = 'ExampleDestPassw0rd';

/** A complete, valid migration spec: self-managed MySQL by address → RDS. */
export function shopSpec(overrides: Partial<MigrationJobSpec> = {}): MigrationJobSpec {
  return {
    name: 'shop-to-rds',
    source: {
      instanceType: 'EXPRESS',
      engine: 'MYSQL',
      host: '198.51.100.10',
      port: 3306,
      user: 'dts',
      password: SOURCE_PASSWORD,
    },
    destination: {
      instanceType: 'RDS',
      engine: 'MYSQL',
      instanceId: 'rm-example123',
      database: 'shop',
      user: 'dts',
      password: DESTINATION_PASSWORD,
    },
    objects: [
      { database: 'shop' },
      { database: 'crm', newName: 'crm_v2', tables: ['customers', { name: 'leads', newName: 'prospects' }] },
    ],
    ...overrides,
  };
}
