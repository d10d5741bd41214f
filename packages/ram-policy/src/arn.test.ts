import { describe, expect, it } from 'vitest';
import { formatArn, parseArn } from './arn';

describe('formatArn / parseArn', () => {
  it('builds with * defaults and splits back', () => {
    const text = formatArn({ service: 'ecs', resource: 'instance/i-1' });
    expect(text).toBe('acs:ecs:*:*:instance/i-1');
    expect(parseArn(text)).toEqual({ service: 'ecs', region: '*', accountId: '*', resource: 'instance/i-1' });
  });

  it('keeps colons inside the resource and allows empty region and account', () => {
    expect(parseArn('acs:ram::123456789012:role/a:b')).toEqual({
      service: 'ram',
      region: '',
      accountId: '123456789012',
      resource: 'role/a:b',
    });
  });

  it('returns undefined for what is not an ARN', () => {
    expect(parseArn('arn:aws:s3:::bucket')).toBeUndefined();
    expect(parseArn('acs:oss:*')).toBeUndefined();
  });

  it('refuses bad parts before building', () => {
    expect(() => formatArn({ service: '', resource: 'x' })).toThrow(TypeError);
    expect(() => formatArn({ service: 'ecs', region: 'a:b', resource: 'x' })).toThrow(/region/);
    expect(() => formatArn({ service: 'ecs', resource: '' })).toThrow(/resource/);
  });
});
