import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEndpoint } from './normalize-endpoint';

describe('normalizeEndpoint', () => {
  it.each([
    ['oss-cn-hangzhou.aliyuncs.com', 'https://oss-cn-hangzhou.aliyuncs.com/'],
    ['oss-cn-hangzhou.aliyuncs.com:8443', 'https://oss-cn-hangzhou.aliyuncs.com:8443/'],
    ['https://oss-cn-hangzhou.aliyuncs.com', 'https://oss-cn-hangzhou.aliyuncs.com/'],
    ['https://oss-cn-hangzhou.aliyuncs.com/', 'https://oss-cn-hangzhou.aliyuncs.com/'],
    ['HTTPS://OSS-CN-HANGZHOU.ALIYUNCS.COM:443', 'https://oss-cn-hangzhou.aliyuncs.com/'],
    ['https://service.cn-hangzhou.maxcompute.aliyun.com/api', 'https://service.cn-hangzhou.maxcompute.aliyun.com/api'],
    ['https://service.cn-hangzhou.maxcompute.aliyun.com/api/', 'https://service.cn-hangzhou.maxcompute.aliyun.com/api'],
    ['  sts.aliyuncs.com\n', 'https://sts.aliyuncs.com/'],
    ['http://127.0.0.1:9000', 'http://127.0.0.1:9000/'],
    ['http://127.0.0.1:9000/', 'http://127.0.0.1:9000/'],
    ['http://127.8.9.10', 'http://127.8.9.10/'],
    ['http://localhost:3000', 'http://localhost:3000/'],
    ['http://[::1]:8080', 'http://[::1]:8080/'],
    ['127.0.0.1:9000', 'https://127.0.0.1:9000/'],
    ['[::1]:9000', 'https://[::1]:9000/'],
  ])('%j → %s', (input, href) => {
    expect(normalizeEndpoint(input).href).toBe(href);
  });

  it('refuses http: to a non-loopback host and names allowInsecureConnection', () => {
    for (const endpoint of ['http://oss-cn-hangzhou.aliyuncs.com', 'http://10.0.0.1:80', 'http://128.0.0.1']) {
      expect(() => normalizeEndpoint(endpoint)).toThrow(TypeError);
      expect(() => normalizeEndpoint(endpoint)).toThrow(/`allowInsecureConnection: true`/);
      expect(normalizeEndpoint(endpoint, { allowInsecureConnection: true }).protocol).toBe('http:');
    }
  });

  it('accepts loopback http without the option', () => {
    expect(normalizeEndpoint('http://127.0.0.1:1', { allowInsecureConnection: false }).port).toBe('1');
  });

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['ftp://example.com', /uses scheme 'ftp:'/],
    ['file:///etc/passwd', /uses scheme 'file:'/],
    ['https://', /not a valid host/],
    ['host:99999', /not a valid host/],
    ['exa mple.com', /not a valid host/],
    ['https://oss-cn-hangzhou.aliyuncs.com/?a=b', /query string or fragment/],
    ['https://oss-cn-hangzhou.aliyuncs.com?', /query string or fragment/],
    ['https://oss-cn-hangzhou.aliyuncs.com#x', /query string or fragment/],
  ])('refuses %j', (input, message) => {
    expect(() => normalizeEndpoint(input)).toThrow(TypeError);
    expect(() => normalizeEndpoint(input)).toThrow(message);
  });

  it('refuses credentials in the URL without echoing them', () => {
    let error: unknown;
    try {
      normalizeEndpoint('https://LTAI5tExampleKeyId:ExampleSecret@oss-cn-hangzhou.aliyuncs.com');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(/must not contain a user name or password/);
    expect((error as Error).message).not.toContain('ExampleSecret');
  });

  it('refuses a value that is not a string', () => {
    expect(() => normalizeEndpoint(undefined as unknown as string)).toThrow(/endpoint must be a string/);
    expect(() => normalizeEndpoint(new URL('https://a.b') as unknown as string)).toThrow(TypeError);
  });

  const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,10}[a-z0-9])?$/);
  const domain = fc
    .tuple(fc.array(label, { minLength: 1, maxLength: 3 }), fc.stringMatching(/^[a-z]{2,6}$/))
    .map(([labels, tld]) => [...labels, tld].join('.'));

  it('keeps host and port of any host:port and defaults to https', () => {
    fc.assert(
      fc.property(domain, fc.integer({ min: 1, max: 65535 }), (host, port) => {
        const url = normalizeEndpoint(`${host}:${port}`);
        expect(url.protocol).toBe('https:');
        expect(url.hostname).toBe(host);
        expect(url.port).toBe(port === 443 ? '' : String(port));
        expect(url.pathname).toBe('/');
      }),
      { numRuns: 250 },
    );
  });

  it('accepts http for every 127.0.0.0/8 address and refuses it for every non-loopback domain', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255)),
        fc.integer({ min: 1, max: 65535 }),
        domain.filter((d) => d !== 'localhost' && !d.endsWith('.localhost')),
        ([a, b, c], port, host) => {
          expect(normalizeEndpoint(`http://127.${a}.${b}.${c}:${port}`).protocol).toBe('http:');
          expect(() => normalizeEndpoint(`http://${host}:${port}`)).toThrow(/allowInsecureConnection/);
        },
      ),
      { numRuns: 250 },
    );
  });
});
