import { parseArgs } from 'node:util';
import { isServiceName, SERVICE_NAMES, type ServiceName } from './shared/service-name';

/** What the `alikit-emulators` command line asks for. */
export interface CliOptions {
  services: ServiceName[];
  /** Ports per service when `--port-base` is given (base + the service's index in {@link SERVICE_NAMES}). */
  ports: Partial<Record<ServiceName, number>>;
  host: string;
  help: boolean;
}

/** Usage text of `alikit-emulators`. */
export const CLI_USAGE = `Usage: alikit-emulators [--services ${SERVICE_NAMES.join(',')}] [--port-base <port>] [--host 127.0.0.1]

Starts loopback emulators of Alibaba Cloud services and prints one JSON line with their endpoints
and the credentials to sign with. Stops on SIGINT/SIGTERM.

  --services   comma-separated services to start (default: all)
  --port-base  fixed ports: ${SERVICE_NAMES.map((s, i) => `${s}=base+${i}`).join(', ')} (default: free ports)
  --host       interface to listen on (default: 127.0.0.1)
`;

/**
 * Parses the command line of `alikit-emulators`.
 * @throws TypeError with a message for the user when an argument is wrong.
 */
export function parseCliOptions(argv: readonly string[]): CliOptions {
  let values: { services?: string; 'port-base'?: string; host?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        services: { type: 'string' },
        'port-base': { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TypeError(error instanceof Error ? error.message : String(error));
  }
  const services: ServiceName[] = [];
  if (values.services === undefined) services.push(...SERVICE_NAMES);
  else {
    for (const raw of values.services.split(',')) {
      const name = raw.trim();
      if (name === '') continue;
      if (!isServiceName(name)) {
        throw new TypeError(`unknown service '${name}' in --services; expected some of ${SERVICE_NAMES.join(',')}`);
      }
      if (!services.includes(name)) services.push(name);
    }
    if (services.length === 0) throw new TypeError('--services names no service');
  }
  const ports: Partial<Record<ServiceName, number>> = {};
  if (values['port-base'] !== undefined) {
    const base = Number(values['port-base']);
    if (!Number.isInteger(base) || base < 1 || base + SERVICE_NAMES.length - 1 > 65535) {
      throw new TypeError(`--port-base must be an integer from 1 to ${65536 - SERVICE_NAMES.length}`);
    }
    SERVICE_NAMES.forEach((name, i) => {
      ports[name] = base + i;
    });
  }
  return { services, ports, host: values.host ?? '127.0.0.1', help: values.help ?? false };
}
