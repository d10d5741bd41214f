import type { Emulators } from './start-emulators';

/** The JSON the CLI prints: credentials plus, per running service, what a client needs to reach it. */
export interface EmulatorsDescription {
  credentials: { accessKeyId: string; accessKeySecret: string };
  services: Record<string, Record<string, string>>;
}

/** Describes a running emulator set as plain JSON-ready data. */
export function describeEmulators(emu: Emulators): EmulatorsDescription {
  const services: Record<string, Record<string, string>> = {};
  for (const name of emu.services) {
    switch (name) {
      case 'oss':
        services[name] = { endpoint: emu.oss.endpoint, region: emu.oss.region };
        break;
      case 'sls':
        services[name] = { endpoint: emu.sls.endpoint, region: emu.sls.region };
        break;
      case 'tablestore':
        services[name] = { endpoint: emu.tablestore.endpoint, instanceName: emu.tablestore.instanceName };
        break;
      case 'pop':
        services[name] = { endpoint: emu.pop.endpoint };
        break;
      case 'maxcompute':
        services[name] = {
          endpoint: emu.maxcompute.endpoint,
          tunnelEndpoint: emu.maxcompute.tunnelEndpoint,
          project: emu.maxcompute.project,
          region: emu.maxcompute.region,
        };
        break;
      case 'metadata':
        services[name] = {
          endpoint: emu.metadata.endpoint,
          credentialsUri: emu.metadata.credentialsUri,
          roleName: emu.metadata.roleName,
        };
        break;
    }
  }
  return { credentials: { ...emu.credentials }, services };
}
