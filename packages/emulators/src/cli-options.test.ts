import { describe, expect, it } from 'vitest';
import { parseCliOptions } from './cli-options';
import { SERVICE_NAMES } from './shared/service-name';

describe('parseCliOptions', () => {
  it('defaults to every service on free ports', () => {
    expect(parseCliOptions([])).toEqual({ services: [...SERVICE_NAMES], ports: {}, host: '127.0.0.1', help: false });
  });

  it('reads --services, --port-base and --host', () => {
    const options = parseCliOptions(['--services', 'pop, oss,pop', '--port-base', '9000', '--host', '::1']);
    expect(options.services).toEqual(['pop', 'oss']);
    expect(options.ports).toEqual({
      oss: 9000,
      sls: 9001,
      tablestore: 9002,
      pop: 9003,
      maxcompute: 9004,
      metadata: 9005,
    });
    expect(options.host).toBe('::1');
  });

  it('refuses unknown services, bad ports and unknown flags', () => {
    expect(() => parseCliOptions(['--services', 's3'])).toThrow(/unknown service 's3'/);
    expect(() => parseCliOptions(['--services', ','])).toThrow(TypeError);
    expect(() => parseCliOptions(['--port-base', '65533'])).toThrow(/--port-base/);
    expect(() => parseCliOptions(['--port-base', 'x'])).toThrow(TypeError);
    expect(() => parseCliOptions(['--verbose'])).toThrow(TypeError);
  });
});
