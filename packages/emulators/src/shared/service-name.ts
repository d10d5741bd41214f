/** The services an emulator set can run; `pop` serves every POP product (STS, CloudMonitor, PAI, DTS). */
export type ServiceName = 'oss' | 'sls' | 'tablestore' | 'pop' | 'maxcompute' | 'metadata';

/** Every {@link ServiceName}, in the order the emulators start and the CLI assigns ports. */
export const SERVICE_NAMES: readonly ServiceName[] = ['oss', 'sls', 'tablestore', 'pop', 'maxcompute', 'metadata'];

/** Whether a string names a service the emulators know. */
export function isServiceName(value: unknown): value is ServiceName {
  return typeof value === 'string' && (SERVICE_NAMES as readonly string[]).includes(value);
}
