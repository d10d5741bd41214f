import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { deriveAliyunV4Key, hmacSha256Hex, sha256Hex } from '../../src/signing/crypto';
import { normalizeOssParams, normalizeOssSubresources, ossDefaultContentType } from '../../src/signing/oss-common';
import {
  ossV4AdditionalHeaders,
  ossV4CanonicalRequest,
  ossV4StringToSign,
  presignOssV4,
  signOssV4,
  verifyOssV4,
} from '../../src/signing/oss-v4';
import type { ReceivedRequest } from '../../src/signing/types';
import { documentedQueryLine } from '../vector-adapters/oss-v4-header';

const require = createRequire(import.meta.url);
const OSS = require('ali-oss');
const signUtils = require('ali-oss/lib/common/signUtils');
const { createRequest } = require('ali-oss/lib/common/utils/createRequest');

// Unicode (BMP and astral), upper and lower case, spaces and reserved characters. Digit-only
// names are left out: JS objects list them first, which reorders ali-oss's URL query.
const chars = [..."abcXYZ019 -_.~!*'()+/=&?#%é中😀\u00a0"];
const text = (minLength = 0, maxLength = 8) =>
  fc.array(fc.constantFrom(...chars), { minLength, maxLength }).map((a) => a.join(''));
const paramName = text(1, 6).filter((s) => !/^\d+$/.test(s));
const scalar = fc.oneof(text(), fc.constant(''), fc.integer({ min: 0, max: 99999 }));
const bucketArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,10}[a-z0-9]$/);
const extArb = fc.constantFrom('.txt', '.json', '.png', '.JPG', '.bin', '.html', '.tar.gz', '.mp4', '.dat', '');
const objectArb = fc.tuple(text(1, 10), extArb).map(([a, b]) => a + b);
const dateArb = fc.date({
  min: new Date('2001-01-01T00:00:00Z'),
  max: new Date('2090-01-01T00:00:00Z'),
  noInvalidDate: true,
});
const tokenArb = fc.option(
  text(1, 12).filter((s) => s.trim() === s && s !== ''),
  { nil: undefined },
);
const headerValue = fc.string({ unit: fc.constantFrom(...'ab Z9=,;/+'), maxLength: 10 });
const extraHeaders = fc.dictionary(
  fc.oneof(
    fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/).map((s) => `x-oss-meta-${s}`),
    fc.constantFrom('Range', 'If-Match', 'Cache-Control', 'x-oss-object-acl'),
  ),
  headerValue,
  { maxKeys: 4 },
);
const regionArb = fc.constantFrom('oss-cn-hangzhou', 'oss-ap-southeast-1', 'oss-cn-beijing');

const AK = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret/Plus+Eq=';

function client(options: Record<string, unknown>) {
  return new OSS({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    secure: true,
    authorizationV4: true,
    refreshSTSTokenInterval: 1e9,
    ...options,
  });
}

/** The canonical request with its query line written by the documented rules. */
function documented(canonicalRequest: string): string {
  const lines = canonicalRequest.split('\n');
  lines[2] = documentedQueryLine(lines[2] as string);
  return lines.join('\n');
}

function received(method: string, url: string, headers: Record<string, unknown>): ReceivedRequest {
  const raw: string[] = [];
  if (!Object.keys(headers).some((k) => k.toLowerCase() === 'host'))
    raw.push('Host', url.slice(8, url.indexOf('/', 8)));
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) raw.push(k, String(v));
  return { method, url: url.slice(url.indexOf('/', 8)), rawHeaders: raw };
}

/** Header names that V4 signs by default or as additional headers, picked from what is sent. */
function pickAdditional(headers: Record<string, string>, pick: boolean[]): string[] {
  return Object.keys(headers).filter((_, i) => pick[i]);
}

describe('OSS V4 canonicalisation against ali-oss signUtils', () => {
  it('reproduces getCanonicalRequest with the ali-oss option, and differs only in the query line by default', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'put', 'POST', 'DELETE', 'HEAD'),
        fc.option(bucketArb, { nil: undefined }),
        fc.option(objectArb, { nil: undefined }),
        fc.dictionary(paramName, fc.oneof(scalar, fc.constant(null)), { maxKeys: 5 }),
        extraHeaders,
        fc.array(fc.boolean(), { maxLength: 4 }),
        dateArb,
        (method, bucket, object, queries, sent, pick, date) => {
          fc.pre(!object || bucket !== undefined);
          const headers: Record<string, string> = { 'x-oss-date': date.toISOString(), ...sent };
          const additional = ossV4AdditionalHeaders(pickAdditional(sent, pick));
          const theirs: string = signUtils.getCanonicalRequest(
            method,
            { headers, queries },
            bucket,
            object,
            additional,
          );
          const parts = {
            method,
            bucket,
            key: object,
            query: normalizeOssParams(queries),
            headers: new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
            additionalHeaders: additional,
          };
          expect(ossV4CanonicalRequest({ ...parts, queryCanonicalization: 'ali-oss' })).toBe(theirs);
          const ours = ossV4CanonicalRequest(parts);
          expect(ours).toBe(documented(theirs));
          // The divergence shows only with upper-case or non-ASCII names, or empty strings.
          const plain = Object.entries(queries).every(([k, v]) => /^[a-z0-9-]+$/.test(k) && v !== '');
          if (plain) expect(ours).toBe(theirs);

          const ymd = date.toISOString().slice(0, 10).replace(/-/g, '');
          const iso = `${ymd}T000000Z`;
          const sts = ossV4StringToSign(iso, `${ymd}/cn-hangzhou/oss/aliyun_v4_request`, theirs);
          expect(sts).toBe(signUtils.getStringToSign('cn-hangzhou', iso, theirs));
          expect(hmacSha256Hex(deriveAliyunV4Key(SECRET, ymd, 'cn-hangzhou', 'oss'), sts)).toBe(
            signUtils.getSignatureV4(SECRET, ymd, 'cn-hangzhou', sts),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('writes repeated names as qs array indices with the ali-oss option', () => {
    fc.assert(
      fc.property(
        fc.dictionary(paramName, fc.array(fc.oneof(text(), fc.constant('')), { minLength: 2, maxLength: 12 }), {
          minKeys: 1,
          maxKeys: 3,
        }),
        (queries) => {
          const theirs: string = signUtils.getCanonicalRequest('GET', { headers: {}, queries }, 'b', 'k');
          const ours = ossV4CanonicalRequest({
            method: 'GET',
            bucket: 'b',
            key: 'k',
            query: normalizeOssParams(queries),
            headers: new Map(),
            additionalHeaders: [],
            queryCanonicalization: 'ali-oss',
          });
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('OSS V4 requests against the ali-oss client', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('signs as createRequest does (ali-oss option), documents the divergence (default), and verifies both', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
        bucketArb,
        fc.option(objectArb, { nil: undefined }),
        fc.dictionary(paramName, scalar, { maxKeys: 3 }),
        fc.oneof(
          fc.constant(undefined),
          fc.constantFrom('acl', 'uploads', 'tagging'),
          fc.uniqueArray(paramName, { minLength: 1, maxLength: 2 }),
          fc.dictionary(paramName, fc.oneof(scalar, fc.constant(null)), { maxKeys: 3 }),
        ),
        extraHeaders,
        fc.array(fc.boolean(), { maxLength: 4 }),
        fc.option(fc.uint8Array({ maxLength: 24 }), { nil: undefined }),
        fc.record({ region: regionArb, cloudBoxId: fc.option(fc.constant('cb-f8z7yvzgwfkl9q0h'), { nil: undefined }) }),
        tokenArb,
        dateArb,
        (method, bucket, object, query, subres, sent, pick, body, scope, token, date) => {
          const subNames = normalizeOssSubresources(subres).map(([k]) => k);
          fc.pre(Object.keys(query).every((k) => !subNames.includes(k)));
          vi.setSystemTime(date);
          const oss = client({ bucket, stsToken: token, region: scope.region, cloudBoxId: scope.cloudBoxId });
          const content = body ? Buffer.from(body) : undefined;
          const additionalHeaders = pickAdditional(sent, pick);
          const theirs = createRequest.call(oss, {
            method,
            bucket,
            object,
            query,
            subres,
            headers: { ...sent },
            content,
            additionalHeaders,
          });
          const { authorization, 'User-Agent': _agent, ...theirHeaders } = theirs.params.headers;
          const headers: Record<string, string> = { ...sent };
          const type = ossDefaultContentType(object);
          if (type) headers['Content-Type'] = type;
          const input = {
            method,
            host: `${bucket}.${oss.options.endpoint.host}`,
            bucket,
            key: object,
            query,
            subresources: subres,
            headers,
            body: content,
            additionalHeaders,
            region: scope.region,
            cloudBoxId: scope.cloudBoxId,
            credentials: { accessKeyId: AK, accessKeySecret: SECRET, securityToken: token },
            date,
          };
          const aliOss = signOssV4({ ...input, queryCanonicalization: 'ali-oss' });
          expect(aliOss.authorization).toBe(authorization);
          expect(aliOss.headers).toEqual(
            Object.fromEntries(Object.entries(theirHeaders).map(([k, v]) => [k, String(v)])),
          );
          expect(aliOss.url).toBe(theirs.url);

          const ours = signOssV4(input);
          expect(ours.canonicalRequest).toBe(documented(aliOss.canonicalRequest));
          expect(ours.stringToSign.split('\n').slice(0, 3)).toEqual(aliOss.stringToSign.split('\n').slice(0, 3));
          expect(ours.stringToSign.split('\n')[3]).toBe(sha256Hex(ours.canonicalRequest));
          expect(ours.headers).toEqual(aliOss.headers);
          expect(ours.url).toBe(aliOss.url);

          const lookup = (id: string) => (id === AK ? SECRET : undefined);
          const options = { now: () => date, extraSubresources: subNames };
          const fromAliOss = verifyOssV4(
            { ...received(method, theirs.url, theirs.params.headers), body: content },
            lookup,
            options,
          );
          expect(fromAliOss).toMatchObject({ ok: true, accessKeyId: AK, securityToken: token });
          const fromUs = verifyOssV4(
            { ...received(method, ours.url, { ...ours.headers, Authorization: ours.authorization }), body: content },
            lookup,
            options,
          );
          expect(fromUs).toMatchObject({ ok: true, accessKeyId: AK, securityToken: token });
        },
      ),
      { numRuns: 250 },
    );
  });

  it('presigns as signatureUrlV4 does (ali-oss option), documents the divergence (default), and verifies both', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE'),
        bucketArb,
        fc.option(objectArb, { nil: undefined }),
        fc.dictionary(paramName, fc.oneof(scalar, fc.constant(null)), { maxKeys: 4 }),
        extraHeaders,
        fc.array(fc.boolean(), { maxLength: 4 }),
        fc.integer({ min: 1, max: 604_800 }),
        fc.record({ region: regionArb, cloudBoxId: fc.option(fc.constant('cb-f8z7yvzgwfkl9q0h'), { nil: undefined }) }),
        tokenArb,
        dateArb,
        async (method, bucket, object, queries, headers, pick, expires, scope, token, date) => {
          vi.setSystemTime(date);
          const oss = client({ bucket, stsToken: token, region: scope.region, cloudBoxId: scope.cloudBoxId });
          const additionalHeaders = pickAdditional(headers, pick);
          const theirs: string = await oss.signatureUrlV4(
            method,
            expires,
            { headers, queries },
            object,
            additionalHeaders,
          );
          const input = {
            method,
            host: `${bucket}.${oss.options.endpoint.host}`,
            bucket,
            key: object,
            query: queries,
            headers,
            additionalHeaders,
            expiresInSeconds: expires,
            region: scope.region,
            cloudBoxId: scope.cloudBoxId,
            credentials: { accessKeyId: AK, accessKeySecret: SECRET, securityToken: token },
            date,
          };
          const aliOss = presignOssV4({ ...input, queryCanonicalization: 'ali-oss' });
          expect(aliOss.url).toBe(theirs);
          const ours = presignOssV4(input);
          expect(ours.canonicalRequest).toBe(documented(aliOss.canonicalRequest));
          expect(ours.url).toBe(theirs.replace(aliOss.signature, ours.signature));

          const lookup = (id: string) => (id === AK ? SECRET : undefined);
          const options = { now: () => date };
          expect(verifyOssV4(received(method, theirs, headers), lookup, options)).toMatchObject({
            ok: true,
            accessKeyId: AK,
            securityToken: token,
          });
          expect(verifyOssV4(received(method, ours.url, headers), lookup, options)).toMatchObject({
            ok: true,
            accessKeyId: AK,
          });
        },
      ),
      { numRuns: 250 },
    );
  });
});
