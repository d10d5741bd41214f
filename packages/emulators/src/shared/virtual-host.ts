import { isIP } from 'node:net';

/**
 * The first DNS label of a virtual-hosted name (`<bucket>.<endpoint>`, `<project>.<endpoint>`), or
 * `undefined` when the host names no resource: an IP literal, `localhost`, a name without a dot,
 * or one the service recognises as its bare endpoint. Any other host is taken as virtual-hosted,
 * so tests may route arbitrary names to 127.0.0.1.
 */
export function leadingLabel(host: string, isBareEndpoint: (host: string) => boolean): string | undefined {
  if (host === '' || host === 'localhost' || isIP(host) !== 0 || isBareEndpoint(host)) return undefined;
  const dot = host.indexOf('.');
  if (dot <= 0) return undefined;
  return host.slice(0, dot);
}
