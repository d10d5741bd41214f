import { describe, expect, it } from 'vitest';
import { checkRequestUrl, isLoopbackHost } from './url-guard';

describe('isLoopbackHost', () => {
  it('accepts localhost, 127/8 and ::1 only', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]', 'localhost.']) {
      expect(isLoopbackHost(h)).toBe(true);
    }
    for (const h of ['128.0.0.1', '127.0.0.256', '10.0.0.1', 'example.com', 'localhost.example.com', '[::2]']) {
      expect(isLoopbackHost(h)).toBe(false);
    }
  });
});

describe('checkRequestUrl', () => {
  it('allows https anywhere and http to loopback', () => {
    expect(checkRequestUrl('https://oss-cn-hangzhou.aliyuncs.com/', false).host).toBe('oss-cn-hangzhou.aliyuncs.com');
    expect(checkRequestUrl('http://127.0.0.1:8080/x', false).port).toBe('8080');
    expect(checkRequestUrl(new URL('http://[::1]:9/'), false).hostname).toBe('[::1]');
  });

  it('refuses http to a remote host, naming the option', () => {
    expect(() => checkRequestUrl('http://oss-cn-hangzhou.aliyuncs.com/', false)).toThrow(TypeError);
    expect(() => checkRequestUrl('http://oss-cn-hangzhou.aliyuncs.com/', false)).toThrow(/allowInsecureConnection/);
    expect(checkRequestUrl('http://oss-cn-hangzhou.aliyuncs.com/', true).protocol).toBe('http:');
  });

  it('refuses other schemes and garbage without echoing the URL', () => {
    expect(() => checkRequestUrl('file:///etc/passwd', true)).toThrow(/https: or http:/);
    expect(() => checkRequestUrl('not a url?Signature=secret', false)).toThrow(TypeError);
    try {
      checkRequestUrl('not a url?Signature=secret', false);
    } catch (error) {
      expect(String(error)).not.toContain('secret');
    }
  });
});
