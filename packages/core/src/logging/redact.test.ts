import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSafeKey, redactText, redactValue, registerSecret } from './redact';

describe('isSafeKey', () => {
  it('compares without case, dashes or underscores', () => {
    for (const key of [
      'requestId',
      'x-oss-request-id',
      'X_OSS_REQUEST_ID',
      'accessKeyId',
      'access_key_id',
      'status',
      'url',
    ]) {
      expect(isSafeKey(key)).toBe(true);
    }
    for (const key of [
      'accessKeySecret',
      'securityToken',
      'authorization',
      'signature',
      'password',
      'body',
      'headers',
    ]) {
      expect(isSafeKey(key)).toBe(false);
    }
  });
});

describe('redactText', () => {
  it.each([
    [
      'V1 presigned URL',
      'https://b.oss-cn-hangzhou.aliyuncs.com/k?OSSAccessKeyId=LTAI5tExampleKeyId&Expires=1700000000&Signature=AbC%2Bde%3D&security-token=CAIStok',
      ['AbC%2Bde%3D', 'CAIStok'],
      ['OSSAccessKeyId=LTAI5tExampleKeyId', 'Expires=1700000000'],
    ],
    [
      'V4 presigned URL',
      '/k?x-oss-credential=LTAI%2F20240101%2Fcn-hangzhou%2Foss%2Faliyun_v4_request&x-oss-signature=0123abcd&x-oss-signature-version=OSS4-HMAC-SHA256',
      ['0123abcd'],
      ['x-oss-credential=LTAI', 'x-oss-signature-version=OSS4-HMAC-SHA256'],
    ],
    [
      'POP RPC query',
      'AccessKeyId=LTAI&Action=AssumeRole&SecurityToken=CAIStok&Signature=sig%3D&SignatureMethod=HMAC-SHA1&SignatureNonce=n1',
      ['CAIStok', 'sig%3D'],
      ['SignatureMethod=HMAC-SHA1', 'SignatureNonce=n1', 'AccessKeyId=LTAI'],
    ],
    [
      'percent-encoded string to sign',
      'GET&%2F&AccessKeyId%3DLTAI%26SecurityToken%3DCAIS%252Btok%26Signature%3Dxyz%26Version%3D2015',
      ['CAIS%252Btok', 'xyz'],
      ['AccessKeyId%3DLTAI', 'Version%3D2015'],
    ],
    ['OSS header', 'Authorization: OSS LTAI5tExampleKeyId:c2ln= and more', ['LTAI5tExampleKeyId:c2ln='], ['and more']],
    [
      'ACS3 header',
      'authorization=ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host;x-acs-date,Signature=deadbeef',
      ['deadbeef'],
      ['SignedHeaders=host'],
    ],
    [
      'V4 header',
      'Authorization: OSS4-HMAC-SHA256 Credential=LTAI/20240101/cn-hangzhou/oss/aliyun_v4_request,AdditionalHeaders=host,Signature=beefcafe',
      ['beefcafe'],
      [],
    ],
    [
      'JSON headers',
      '{"Authorization":"LOG LTAI:c2ln","x-acs-security-token":"CAIStok","x-log-requestid":"R1"}',
      ['LTAI:c2ln', 'CAIStok'],
      ['"x-log-requestid":"R1"', '"Authorization":"[REDACTED]"'],
    ],
    [
      'object dump',
      "{ accessKeySecret: 'ExampleSecret', 'SourceEndpointPassword': 'pw123', apiKey: \"k\" }",
      ['ExampleSecret', 'pw123', '"k"'],
      [],
    ],
    [
      'Tablestore and MaxCompute headers',
      'x-ots-signature: otsSig x-ots-ststoken: otsTok x-odps-bearer-token: bearer1',
      ['otsSig', 'otsTok', 'bearer1'],
      [],
    ],
    ['URL credentials', 'mysql://root:hunter2@127.0.0.1:3306/test', ['hunter2'], ['mysql://root:', '@127.0.0.1']],
    [
      'quoted signature',
      'signature EUqPKQCHBJ7p1BvAGrDLpEo6lTU= not match',
      ['EUqPKQCHBJ7p1BvAGrDLpEo6lTU='],
      ['not match'],
    ],
  ])('scrubs a %s', (_name, text, gone, kept) => {
    const out = redactText(text);
    for (const secret of gone) expect(out).not.toContain(secret);
    for (const safe of kept) expect(out).toContain(safe);
    expect(out).toContain('[REDACTED]');
  });

  it('leaves ordinary text alone', () => {
    const text =
      'oss GetObject failed: NoSuchKey (404), requestId=5C8F: The specified signature method is not supported. SignatureMethod=HMAC-SHA1';
    expect(redactText(text)).toBe(text);
  });

  it('removes registered secrets in plain, percent-encoded and hex forms', () => {
    const secret = 'CAIS+reg/ister=ed!Secret*';
    registerSecret(secret);
    const once = encodeURIComponent(secret);
    const strict = once.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const hex = Buffer.from(secret).toString('hex');
    for (const form of [
      secret,
      once,
      strict,
      encodeURIComponent(once),
      hex,
      hex.toUpperCase(),
      hex.replace(/(..)(?!$)/g, '$1 ').toUpperCase(),
    ]) {
      expect(redactText(`before ${form} after`)).toBe('before [REDACTED] after');
    }
  });

  it('ignores values too short to be secrets and keeps recent ones under churn', () => {
    registerSecret('short');
    registerSecret(undefined);
    expect(redactText('a short text')).toBe('a short text');
    const kept = 'LongLivedSecret-0001';
    registerSecret(kept);
    for (let i = 0; i < 1100; i++) {
      registerSecret(`Churn-${i}-xxxxxxxx`);
      if (i % 400 === 0) registerSecret(kept);
    }
    expect(redactText(`x ${kept}`)).toBe('x [REDACTED]');
    expect(redactText('Churn-0-xxxxxxxx')).toBe('Churn-0-xxxxxxxx');
  });

  it('is idempotent and never reveals a secret-named value, for arbitrary values', () => {
    const value = fc.stringMatching(/^[A-Za-z0-9+/=%._-]{1,40}$/);
    const name = fc.constantFrom(
      'Signature',
      'SecurityToken',
      'security-token',
      'x-oss-signature',
      'AccessKeySecret',
      'password',
      'x-acs-security-token',
    );
    const sep = fc.constantFrom('=', ': ', '":"', '=');
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), name, sep, value, (prefix, n, s, v) => {
        const text = `${prefix.replace(/[A-Za-z0-9_.-]$/, '')} ${n}${s}${v}${s === '":"' ? '"' : ''}`;
        const once = redactText(text);
        expect(once).not.toMatch(new RegExp(`${n}${s}${v.replace(/[+.=%/]/g, '\\$&')}(?![A-Za-z0-9+/=%._-])`));
        expect(redactText(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('redactValue', () => {
  it('keeps allow-listed keys (redacted as text) and hides every other string', () => {
    expect(
      redactValue({
        requestId: 'R1',
        accessKeyId: 'LTAI5tExampleKeyId',
        accessKeySecret: 'ExampleSecret',
        url: 'https://x/?Signature=abc&a=1',
        headers: { authorization: 'OSS a:b', 'x-oss-request-id': 'R2', 'content-length': '12' },
        status: 200,
        ok: true,
        list: ['a', 1],
      }),
    ).toEqual({
      requestId: 'R1',
      accessKeyId: 'LTAI5tExampleKeyId',
      accessKeySecret: '[REDACTED]',
      url: 'https://x/?Signature=[REDACTED]&a=1',
      headers: { authorization: '[REDACTED]', 'x-oss-request-id': 'R2', 'content-length': '12' },
      status: 200,
      ok: true,
      list: ['[REDACTED]', 1],
    });
  });

  it('summarises bytes instead of listing them', () => {
    expect(redactValue({ body: Buffer.from('secret'), raw: new Uint8Array(3), ab: new ArrayBuffer(2) })).toEqual({
      body: '[6 bytes]',
      raw: '[3 bytes]',
      ab: '[2 bytes]',
    });
  });

  it('walks Map, Set, Headers, URL, Date, bigint, errors and cycles', () => {
    const cyclic: Record<string, unknown> = { code: 'C' };
    cyclic.self = cyclic;
    const shared = { status: 1 };
    const out = redactValue({
      map: new Map<string, unknown>([
        ['requestId', 'R'],
        ['token', 't'],
      ]),
      set: new Set(['x']),
      headers: new Headers({ authorization: 'acs a:b', 'x-acs-request-id': 'R3' }),
      link: new URL('https://u:p@h.example/p?security-token=tok&x=1'),
      date: new Date(0),
      bad: new Date(Number.NaN),
      big: 2n ** 64n,
      error: Object.assign(new Error('failed ?Signature=abc', { cause: new Error('inner') }), {
        code: 'E1',
        secret: 's',
      }),
      cyclic,
      a: shared,
      b: shared,
      fn: () => 1,
    });
    expect(out).toEqual({
      map: { requestId: 'R', token: '[REDACTED]' },
      set: ['[REDACTED]'],
      headers: { authorization: '[REDACTED]', 'x-acs-request-id': 'R3' },
      link: 'https://u:[REDACTED]@h.example/p?security-token=[REDACTED]&x=1',
      date: '1970-01-01T00:00:00.000Z',
      bad: 'Invalid Date',
      big: '18446744073709551616',
      error: {
        name: 'Error',
        message: 'failed ?Signature=[REDACTED]',
        code: 'E1',
        secret: '[REDACTED]',
        cause: { name: 'Error', message: 'inner' },
      },
      cyclic: { code: 'C', self: '[Circular]' },
      a: { status: 1 },
      b: { status: 1 },
      fn: undefined,
    });
  });

  it('cuts off deep nesting and always yields JSON-serialisable output', () => {
    fc.assert(
      fc.property(
        fc.anything({ withBigInt: true, withMap: true, withSet: true, withDate: true, withTypedArray: true }),
        (value) => {
          expect(() => JSON.stringify(redactValue(value))).not.toThrow();
        },
      ),
      { numRuns: 300 },
    );
    let deep: Record<string, unknown> = { requestId: 'bottom' };
    for (let i = 0; i < 20; i++) deep = { nested: deep };
    expect(JSON.stringify(redactValue(deep))).not.toContain('bottom');
  });

  it('hides a bare string (no key says it is safe)', () => {
    expect(redactValue('anything')).toBe('[REDACTED]');
  });
});
