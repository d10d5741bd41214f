import { createRequire } from 'node:module';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  isOssSignedSubresource,
  normalizeOssSubresources,
  ossDefaultContentType,
  ossV1CanonicalResource,
} from '../../src/signing/oss-common';
import { ossV1StringToSign, presignOssV1, signOssV1, verifyOssV1 } from '../../src/signing/oss-v1';
import type { ReceivedRequest } from '../../src/signing/types';

const require = createRequire(import.meta.url);
const OSS = require('ali-oss');
const signUtils = require('ali-oss/lib/common/signUtils');
const { createRequest } = require('ali-oss/lib/common/utils/createRequest');

// Text with unicode (BMP and astral), spaces and every reserved character the URL layers treat
// specially. Digit-only names are left out: JS objects list them first, which reorders ali-oss's
// URL query in a way no caller relies on.
const chars = [..."abcXYZ019 -_.~!*'()+/=&?#%é中😀\u00a0"];
const text = (minLength = 0, maxLength = 8) =>
  fc.array(fc.constantFrom(...chars), { minLength, maxLength }).map((a) => a.join(''));
const paramName = text(1, 6).filter((s) => !/^\d+$/.test(s) && s.trim() !== '');
const paramValue = fc.oneof(text(), fc.constant(''), fc.integer({ min: 0, max: 99999 }));
const bucketArb = fc.stringMatching(/^[a-z0-9][a-z0-9-]{1,10}[a-z0-9]$/);
const extArb = fc.constantFrom('.txt', '.json', '.png', '.JPG', '.bin', '.html', '.tar.gz', '.mp4', '.dat', '.zzq', '');
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
const metaHeaders = fc.dictionary(
  fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/).map((s) => `x-oss-meta-${s}`),
  headerValue,
  { maxKeys: 3 },
);
const subresArb = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('acl', 'uploads', 'tagging', 'cors', 'x-oss-process'),
  // ali-oss signs an empty list as a bare `?`; no API passes one.
  fc.uniqueArray(paramName, { minLength: 1, maxLength: 3 }),
  fc.dictionary(paramName, fc.oneof(paramValue, fc.constant(null)), { maxKeys: 3 }),
);
const bodyArb = fc.option(fc.uint8Array({ maxLength: 24 }), { nil: undefined });
const mimeArb = fc.option(fc.constantFrom('image/png', 'txt', 'json', 'nope'), { nil: undefined });

const SECRET = 'ExampleSecret/Plus+Eq=';
const AK = 'LTAI5tExampleKeyId';

function client(options: Record<string, unknown> = {}) {
  return new OSS({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    region: 'oss-cn-hangzhou',
    secure: true,
    refreshSTSTokenInterval: 1e9,
    ...options,
  });
}

function received(method: string, url: string, headers: Record<string, unknown>): ReceivedRequest {
  const u = url.slice(url.indexOf('/', 8));
  const raw = ['Host', url.slice(8, url.indexOf('/', 8))];
  for (const [k, v] of Object.entries(headers)) if (v !== undefined) raw.push(k, String(v));
  return { method, url: u, rawHeaders: raw };
}

describe('OSS V1 against ali-oss', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('builds the same string-to-sign as signUtils.buildCanonicalString', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'put', 'POST', 'DELETE', 'HEAD'),
        fc.option(bucketArb, { nil: undefined }),
        fc.option(objectArb, { nil: undefined }),
        subresArb,
        metaHeaders,
        fc.option(fc.constantFrom('text/plain', 'application/xml'), { nil: undefined }),
        dateArb,
        (method, bucket, object, subres, meta, contentType, date) => {
          const headers: Record<string, string> = { 'x-oss-date': date.toUTCString(), ...meta };
          if (contentType) headers['Content-Type'] = contentType;
          const resource = `/${bucket ? `${bucket}/` : ''}${object ?? ''}`;
          const theirs = signUtils.buildCanonicalString(method, resource, { headers, parameters: subres });
          const lower = new Map(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
          const ours = ossV1StringToSign({
            method,
            headers: lower,
            date: date.toUTCString(),
            resource: ossV1CanonicalResource(bucket, object, normalizeOssSubresources(subres)),
          });
          expect(ours).toBe(theirs);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('signs requests exactly as ali-oss createRequest does, and verifies what ali-oss sends', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'HEAD'),
        bucketArb,
        fc.option(objectArb, { nil: undefined }),
        fc.dictionary(paramName, paramValue, { maxKeys: 3 }),
        subresArb,
        metaHeaders,
        bodyArb,
        mimeArb,
        tokenArb,
        dateArb,
        (method, bucket, object, query, subres, meta, body, mime, token, date) => {
          vi.setSystemTime(date);
          const oss = client({ bucket, stsToken: token });
          const content = body ? Buffer.from(body) : undefined;
          const theirs = createRequest.call(oss, {
            method,
            bucket,
            object,
            query,
            subres,
            headers: { ...meta },
            content,
            mime,
          });
          const { authorization, 'User-Agent': _agent, ...theirHeaders } = theirs.params.headers;

          const headers: Record<string, string> = { ...meta };
          const type = ossDefaultContentType(object, mime);
          if (type) headers['Content-Type'] = type;
          const ours = signOssV1({
            method,
            host: `${bucket}.oss-cn-hangzhou.aliyuncs.com`,
            bucket,
            key: object,
            query,
            subresources: subres,
            headers,
            body: content,
            credentials: { accessKeyId: AK, accessKeySecret: SECRET, securityToken: token },
            date,
          });
          expect(ours.authorization).toBe(authorization);
          expect(ours.headers).toEqual(
            Object.fromEntries(Object.entries(theirHeaders).map(([k, v]) => [k, String(v)])),
          );
          expect(ours.url).toBe(theirs.url);

          // A server that knows which names the operation signs accepts what ali-oss sent.
          const signed = new Set(normalizeOssSubresources(subres).map(([k]) => k));
          const collide = Object.keys(query).some((k) => !signed.has(k) && isOssSignedSubresource(k));
          const verdict = verifyOssV1(
            { ...received(method, theirs.url, theirs.params.headers), body: content },
            (id) => (id === AK ? SECRET : undefined),
            {
              now: () => date,
              ...(collide ? { isSubresource: (n: string) => signed.has(n) } : { extraSubresources: signed }),
            },
          );
          expect(verdict).toMatchObject({ ok: true, accessKeyId: AK, securityToken: token });
        },
      ),
      { numRuns: 250 },
    );
  });

  it('presigns URLs exactly as ali-oss signatureUrl does, and verifies them', () => {
    const callbackArb = fc.option(
      fc.record({
        url: fc.constantFrom('https://cb.example.com/a b', 'http://127.0.0.1:9/x;http://b.example/y'),
        // OSS fills in `${name}` placeholders of callback bodies.
        body: fc.constantFrom(['bucket', 'object'].map((v) => `${v}=$` + `{${v}}`).join('&'), '{"size":$' + '{size}}'),
        host: fc.option(fc.constant('cb.example.com'), { nil: undefined }),
        contentType: fc.option(fc.constant('application/json'), { nil: undefined }),
        customValue: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,4}$/), text(0, 4), { maxKeys: 2 }), {
          nil: undefined,
        }),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.record({
          method: fc.option(fc.constantFrom('GET', 'PUT', 'POST'), { nil: undefined }),
          expires: fc.option(fc.integer({ min: 1, max: 86_400 }), { nil: undefined }),
          subResource: fc.option(fc.dictionary(paramName, fc.oneof(text(), fc.constant('')), { maxKeys: 3 }), {
            nil: undefined,
          }),
          process: fc.option(fc.constantFrom('image/resize,w_100', 'video/snapshot,t_0'), { nil: undefined }),
          trafficLimit: fc.option(fc.integer({ min: 819_200, max: 838_860_800 }), { nil: undefined }),
          response: fc.option(
            fc.dictionary(fc.constantFrom('content-type', 'Content-Disposition', 'cache-control'), text(1, 8), {
              maxKeys: 2,
            }),
            { nil: undefined },
          ),
          callback: callbackArb,
        }),
        metaHeaders,
        fc.option(fc.constantFrom('text/plain', 'image/png'), { nil: undefined }),
        bucketArb,
        // signatureUrl refuses names starting with `?`.
        objectArb.filter((o) => !o.startsWith('?')),
        tokenArb,
        dateArb,
        (opts, meta, contentType, bucket, object, token, date) => {
          vi.setSystemTime(date);
          const options: Record<string, unknown> = Object.fromEntries(
            Object.entries(opts).filter(([, v]) => v !== undefined),
          );
          const headers: Record<string, string> = { ...meta };
          if (contentType) headers['Content-Type'] = contentType;
          const theirs: string = client({ bucket, stsToken: token }).signatureUrl(object, {
            ...structuredClone(options),
            ...headers,
          });
          const ours = presignOssV1({
            method: opts.method,
            host: `${bucket}.oss-cn-hangzhou.aliyuncs.com`,
            bucket,
            key: object.replace(/^\/+/, ''),
            expiresInSeconds: opts.expires,
            subresources: opts.subResource,
            process: opts.process,
            trafficLimit: opts.trafficLimit,
            response: opts.response,
            callback: opts.callback,
            headers,
            credentials: { accessKeyId: AK, accessKeySecret: SECRET, securityToken: token },
            date,
          });
          expect(ours.url).toBe(theirs);
          const verdict = verifyOssV1(
            received(opts.method ?? 'GET', theirs, headers),
            (id) => (id === AK ? SECRET : undefined),
            {
              now: () => date,
            },
          );
          expect(verdict).toMatchObject({ ok: true, accessKeyId: AK, securityToken: token });
        },
      ),
      { numRuns: 250 },
    );
  });
});
