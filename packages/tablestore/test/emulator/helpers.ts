import { type Emulators, startEmulators } from '@alikit/emulators';
import { TablestoreClient, type TablestoreClientOptions } from '../../src/index';

/** A running Tablestore emulator and a client for its default instance. */
export async function startTablestore(options: Partial<TablestoreClientOptions> = {}): Promise<{
  emu: Emulators<'tablestore'>;
  client: TablestoreClient;
  newClient: (more?: Partial<TablestoreClientOptions>) => TablestoreClient;
}> {
  const emu = await startEmulators({ services: ['tablestore'] });
  const newClient = (more: Partial<TablestoreClientOptions> = {}) =>
    new TablestoreClient({
      endpoint: emu.tablestore.endpoint,
      instanceName: emu.tablestore.instanceName,
      credentials: { ...emu.credentials, source: 'static' },
      retry: { baseDelayMs: 1, maxDelayMs: 10 },
      ...options,
      ...more,
    });
  return { emu, client: newClient(), newClient };
}

let counter = 0;
/** A table name unique within the test run. */
export function tableName(prefix: string): string {
  counter++;
  return `${prefix}_${counter}_${Math.random().toString(36).slice(2, 7)}`;
}
