import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  createSdkError,
  type Logger,
  parseErrorResponse,
  parseMaxComputeError,
  parseOssError,
  parsePopError,
  parseSlsError,
  parseTablestoreError,
  registerSecret,
  resolveLogger,
  type SdkError,
  sdkErrorCodes,
} from '../src/index';

// Canaries: registered the way a credential provider registers what it hands out.
const SECRET = 'CANARYsecret-9f8e7d6c5b4a';
const TOKEN = 'CANARYtoken-0123456789abcdef';
// A realistic STS token shape (base64 with + / =), so encoded spellings are exercised too.
const B64_TOKEN = 'CANARY+b64/Tok3n==';
// Never registered: only the pattern rules (parameter and header names) can hide it.
const SIGNATURE = 'CANARYsig-0a1b2c3d4e5f';

// Registered before anything is built, as credential providers do before the first request is signed.
registerSecret(SECRET);
registerSecret(TOKEN);
registerSecret(B64_TOKEN);

const ACCESS_KEY_ID = 'LTAI5tExampleKeyId';
const REQUEST_ID = '5C8F7B2CDDD9CB2E202D4FD8';

/** Every spelling of a canary that must never show up. */
function spellings(value: string): string[] {
  const once = encodeURIComponent(value);
  const hex = Buffer.from(value).toString('hex');
  return [value, once, encodeURIComponent(once), hex, hex.toUpperCase()];
}
const FORBIDDEN = [SECRET, TOKEN, B64_TOKEN, SIGNATURE].flatMap(spellings);

function expectClean(text: string, where: string): void {
  for (const forbidden of FORBIDDEN) {
    if (text.includes(forbidden)) throw new Error(`${where} leaks ${JSON.stringify(forbidden)}:\n${text}`);
  }
}

/** Every way a user or a tool may look at an error, including its cause chain walked by hand. */
function renderings(error: SdkError): [string, string][] {
  const out: [string, string][] = [
    ['message', error.message],
    ['String()', String(error)],
    ['stack', error.stack ?? ''],
    ['JSON.stringify', JSON.stringify(error)],
    ['util.inspect', inspect(error)],
    ['util.inspect deep', inspect(error, { depth: Number.POSITIVE_INFINITY, showHidden: false })],
    ['details via JSON', JSON.stringify(error.toJSON().details ?? null)],
    ['raw details', inspect(error.details, { depth: Number.POSITIVE_INFINITY })],
  ];
  let cause: unknown = error.cause;
  for (let depth = 0; cause !== undefined && depth < 4; depth++) {
    if (cause instanceof Error) {
      out.push([`cause[${depth}].message`, cause.message], [`cause[${depth}].stack`, cause.stack ?? '']);
      out.push([`inspect(cause[${depth}])`, inspect(cause)]);
    }
    cause = (cause as { cause?: unknown }).cause;
  }
  return out;
}

function expectErrorClean(error: SdkError): void {
  for (const [where, text] of renderings(error)) expectClean(text, where);
}

const leakyUrl =
  `https://bucket.oss-cn-hangzhou.aliyuncs.com/key?OSSAccessKeyId=${ACCESS_KEY_ID}&Expires=1700000000` +
  `&Signature=${SIGNATURE}&security-token=${TOKEN}&x-oss-signature=${SIGNATURE}` +
  `&SecurityToken=${encodeURIComponent(B64_TOKEN)}`;

/** The errors the SDK builds, each with a canary planted somewhere a careless SDK would echo it. */
function leakyErrors(): [string, SdkError][] {
  const popStringToSign =
    `GET&%2F&AccessKeyId%3D${ACCESS_KEY_ID}%26Action%3DAssumeRole` +
    `%26SecurityToken%3D${encodeURIComponent(encodeURIComponent(B64_TOKEN))}` +
    `%26Signature%3D${SIGNATURE}%26SignatureMethod%3DHMAC-SHA1`;
  return [
    [
      'POP message quoting the secret and the string to sign',
      parsePopError({
        status: 400,
        headers: { 'x-acs-request-id': REQUEST_ID },
        body: JSON.stringify({
          Code: 'SignatureDoesNotMatch',
          Message: `Specified signature is not matched with our calculation. server string to sign is:${popStringToSign} (key ${SECRET})`,
          RequestId: REQUEST_ID,
          HostId: 'sts.aliyuncs.com',
          Recommend: `https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&SecurityToken=${TOKEN}`,
          AccessDeniedDetail: { AuthAction: 'sts:AssumeRole', EncodedDiagnosticMessage: TOKEN },
        }),
        service: 'sts',
        operation: 'AssumeRole',
      }),
    ],
    [
      'OSS SignatureDoesNotMatch with the string to sign and the signature provided',
      parseOssError({
        status: 403,
        headers: { 'x-oss-request-id': REQUEST_ID },
        body:
          `<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code>` +
          `<Message>The request signature we calculated does not match the signature you provided. URL ${leakyUrl.replace(/&/g, '&amp;')}</Message>` +
          `<RequestId>${REQUEST_ID}</RequestId><HostId>bucket.oss-cn-hangzhou.aliyuncs.com</HostId>` +
          `<OSSAccessKeyId>${ACCESS_KEY_ID}</OSSAccessKeyId><SignatureProvided>${SIGNATURE}</SignatureProvided>` +
          `<StringToSign>GET\n\n\nTue, 05 Mar 2024 00:00:00 GMT\nx-oss-security-token:${TOKEN}\n/bucket/key</StringToSign>` +
          `<StringToSignBytes>${Buffer.from(`x-oss-security-token:${TOKEN}`).toString('hex').replace(/(..)/g, '$1 ')}</StringToSignBytes>` +
          `<Secret>${SECRET}</Secret><Extra>${SECRET}</Extra></Error>`,
        operation: 'GetObject',
      }),
    ],
    [
      'SLS message quoting the signature and the secret',
      parseSlsError({
        status: 401,
        headers: { 'x-log-requestid': REQUEST_ID },
        body: JSON.stringify({
          errorCode: 'SignatureNotMatch',
          errorMessage: `signature ${SIGNATURE}AAAAAAAAAA= not match; Authorization: LOG ${ACCESS_KEY_ID}:${SIGNATURE}; secret ${SECRET}`,
        }),
        operation: 'PutLogs',
      }),
    ],
    [
      'Tablestore message with the token',
      parseTablestoreError({
        status: 403,
        headers: { 'x-ots-requestid': REQUEST_ID },
        body: Uint8Array.from([
          0x0a,
          13,
          ...Buffer.from('OTSAuthFailed'),
          0x12,
          ...[Buffer.byteLength(`bad x-ots-ststoken: ${TOKEN} ${SECRET}`)],
          ...Buffer.from(`bad x-ots-ststoken: ${TOKEN} ${SECRET}`),
        ]),
        operation: 'GetRow',
      }),
    ],
    [
      'MaxCompute JSON error with the token in the message',
      parseMaxComputeError({
        status: 403,
        headers: { 'x-odps-request-id': REQUEST_ID },
        body: JSON.stringify({
          Code: 'NoPermission',
          Message: `denied for ${leakyUrl} with x-odps-bearer-token: ${TOKEN}`,
          RequestId: REQUEST_ID,
        }),
        operation: 'GetTable',
      }),
    ],
    [
      'ERR_PARSE for an HTML page echoing the signed URL',
      parseErrorResponse({
        service: 'oss',
        status: 502,
        headers: { 'x-oss-request-id': REQUEST_ID, 'content-type': 'text/html' },
        body: `<html><head><title>Bad gateway ${SECRET}</title></head><body>${leakyUrl} ${TOKEN}</body></html>`,
        operation: 'GetObject',
      }),
    ],
    [
      'ERR_PARSE for a truncated body',
      parsePopError({
        status: 500,
        headers: { 'x-acs-request-id': REQUEST_ID },
        body: `{"Code":"InternalError","Message":"${SECRET} ${TOKEN}`,
        operation: 'DescribeRegions',
      }),
    ],
    [
      'SDK-side failure with an Authorization header in details and a leaky cause chain',
      createSdkError(sdkErrorCodes.ERR_NETWORK, {
        service: 'oss',
        operation: 'PutObject',
        reason: `socket hang up while sending ${leakyUrl} with Authorization: OSS ${ACCESS_KEY_ID}:${SIGNATURE}`,
        requestId: REQUEST_ID,
        status: 599,
        details: {
          accessKeyId: ACCESS_KEY_ID,
          url: leakyUrl,
          headers: {
            Authorization: `OSS ${ACCESS_KEY_ID}:${SIGNATURE}`,
            'x-oss-security-token': TOKEN,
            'x-oss-request-id': REQUEST_ID,
          },
          credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: B64_TOKEN },
          body: Buffer.from(SECRET),
        },
        cause: new TypeError(`fetch failed for ${leakyUrl}`, {
          cause: Object.assign(new Error(`write EPIPE (secret was ${SECRET}, token ${B64_TOKEN})`), {
            code: 'EPIPE',
            cause: { config: { accessKeySecret: SECRET, securityToken: TOKEN } },
          }),
        }),
      }),
    ],
  ];
}

describe('errors never carry a secret', () => {
  it.each(leakyErrors())('%s', (_name, error) => {
    expectErrorClean(error);
  });

  it('still show the safe fields: code, request id, status and access key id', () => {
    for (const [name, error] of leakyErrors()) {
      const json = JSON.stringify(error);
      const shown = inspect(error);
      expect(error.message, name).toContain(error.code);
      expect(error.message, name).toContain(`requestId=${REQUEST_ID}`);
      expect(error.message, name).toContain(`(${error.status})`);
      for (const text of [json, shown]) {
        expect(text, name).toContain(error.code);
        expect(text, name).toContain(REQUEST_ID);
        expect(text, name).toContain(String(error.status));
      }
    }
    const [, oss] = leakyErrors()[1] ?? [];
    expect(JSON.stringify(oss)).toContain(ACCESS_KEY_ID);
    const [, network] = leakyErrors()[7] ?? [];
    expect(JSON.stringify(network)).toContain(ACCESS_KEY_ID);
    expect(network?.message).toContain(`OSSAccessKeyId=${ACCESS_KEY_ID}`);
  });

  it('keeps the cause identity while scrubbing its text', () => {
    const cause = new Error(`connect failed ?Signature=${SIGNATURE}`);
    const error = createSdkError(sdkErrorCodes.ERR_NETWORK, { service: 'oss', operation: 'GetObject', cause });
    expect(error.cause).toBe(cause);
    expectErrorClean(error);
  });
});

describe('debug logs never carry a secret', () => {
  function debugLines(format: 'json' | 'text'): string[] {
    const lines: string[] = [];
    const logger = resolveLogger(undefined, {
      env: { ALIKIT_LOG_LEVEL: 'debug', ALIKIT_LOG_FORMAT: format },
      write: (line) => lines.push(line),
    });
    for (const [name, error] of leakyErrors()) {
      logger.debug(`request failed: ${error.message}`, {
        error,
        code: error.code,
        status: error.status,
        requestId: error.requestId,
      });
      logger.error(name, { cause: error.cause, details: error.details });
    }
    logger.debug(`sending GET ${leakyUrl}`, {
      method: 'GET',
      url: leakyUrl,
      accessKeyId: ACCESS_KEY_ID,
      headers: new Headers({
        authorization: `OSS ${ACCESS_KEY_ID}:${SIGNATURE}`,
        'x-oss-security-token': TOKEN,
        'x-oss-request-id': REQUEST_ID,
      }),
      query: { Signature: SIGNATURE, SecurityToken: TOKEN, 'security-token': B64_TOKEN },
      credentials: { accessKeyId: ACCESS_KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN, source: 'static' },
      body: new TextEncoder().encode(SECRET),
      attempt: 1,
    });
    logger.info(`Authorization: acs ${ACCESS_KEY_ID}:${SIGNATURE}`);
    logger.warn(`credentials {"accessKeySecret":"${SECRET}","securityToken":"${TOKEN}"}`);
    logger.debug(`raw secret ${SECRET} and token ${TOKEN} and ${encodeURIComponent(B64_TOKEN)}`);
    return lines;
  }

  it.each(['json', 'text'] as const)('in %s lines at debug level', (format) => {
    const lines = debugLines(format);
    expect(lines.length).toBeGreaterThan(10);
    lines.forEach((line, i) => {
      expectClean(line, `${format} line ${i}`);
    });
    const all = lines.join('\n');
    for (const safe of [REQUEST_ID, ACCESS_KEY_ID, 'SignatureDoesNotMatch', 'ERR_NETWORK', '403'])
      expect(all).toContain(safe);
  });

  it('in what a caller-supplied logger receives', () => {
    const received: unknown[] = [];
    const record = (message: string, data?: Record<string, unknown>) => received.push([message, data]);
    const mine: Logger = { debug: record, info: record, warn: record, error: record };
    const logger = resolveLogger(mine);
    for (const [name, error] of leakyErrors())
      logger.debug(`${name}: ${error.message}`, { error, requestId: error.requestId });
    logger.info(`GET ${leakyUrl}`, {
      headers: { Authorization: `OSS ${ACCESS_KEY_ID}:${SIGNATURE}` },
      accessKeyId: ACCESS_KEY_ID,
    });
    const text = inspect(received, { depth: Number.POSITIVE_INFINITY });
    expectClean(text, 'caller logger');
    expectClean(JSON.stringify(received), 'caller logger JSON');
    expect(text).toContain(REQUEST_ID);
    expect(text).toContain(ACCESS_KEY_ID);
  });
});
