/**
 * Signing benchmarks: each of our signers against the official implementation on the same request,
 * in the same process, interleaved by the harness.
 *
 * What is timed, per row, is one request signed from the same raw inputs on both sides. Our signers
 * are request-level (they format the clock, assemble the default headers or parameters, hash the body
 * and return the URL as well); where the official code exposes only the signing step, the baseline
 * also does the per-request assembly the official client does before calling it (described on each
 * row), so both sides do the same work. Where the official client's own request builder can be called
 * without I/O (ali-oss `createRequest`, `signatureUrl`, `signatureUrlV4`) that is the baseline as is.
 * Before timing, each row checks once that both sides produce the same signature (and URL or headers
 * where both build them), so the table compares like with like.
 */
import { deepStrictEqual, strictEqual } from 'node:assert';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import querystring from 'node:querystring';
import {
  parseSigningDate,
  presignOssV1,
  presignOssV4,
  signAcs3,
  signMaxCompute,
  signOssV1,
  signOssV4,
  signPopRoa,
  signPopRpc,
  signSls,
  signTablestore,
} from '@alikit/core';
import { type Comparison, compare, type Row, type RunOptions } from '../harness';

export const title = 'Signing (one request signed per operation)';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Official packages (CommonJS), typed as far as the benchmark uses them
// ---------------------------------------------------------------------------------------------

interface OpenApiRequest {
  method: string;
  pathname: string;
  headers: Record<string, string>;
  query: Record<string, string>;
}
interface OpenApiUtil {
  getRPCSignature(signedParams: Record<string, unknown>, method: string, secret: string): string;
  getStringToSign(request: OpenApiRequest): string;
  getROASignature(stringToSign: string, secret: string): string;
  getAuthorization(
    request: OpenApiRequest,
    signatureAlgorithm: string,
    payload: string,
    accessKeyId: string,
    accessKeySecret: string,
  ): string;
  hash(raw: Uint8Array, signatureAlgorithm: string): Buffer;
  hexEncode(raw: Buffer): string;
}
interface OssRequest {
  url: string;
  params: { headers: Record<string, string | number> };
}
interface OssClient {
  options: { endpoint: { host: string } };
  signatureUrl(name: string, options: Record<string, unknown>): string;
  signatureUrlV4(
    method: string,
    expires: number,
    request: { headers?: Record<string, string>; queries?: Record<string, unknown> },
    objectName: string,
  ): Promise<string>;
}
interface TablestoreModule {
  Signer: new (request: {
    path: string;
    method: string;
    headers: Record<string, string | number>;
  }) => {
    addAuthorization(
      credentials: { accessKeyId: string; secretAccessKey: string; securityToken?: string },
      date: Date,
    ): void;
  };
  util: {
    crypto: { md5(data: Uint8Array, digest: 'base64'): string };
    string: { byteLength(data: Uint8Array): number; upperFirst(text: string): string };
  };
}
interface LogClientClass {
  prototype: {
    _sign(
      verb: string,
      path: string,
      queries: Record<string, unknown>,
      headers: Record<string, unknown>,
      credentials: { accessKeyId: string; accessKeySecret: string },
    ): string;
  };
}

const openApiUtil = (require('@alicloud/openapi-util') as { default: OpenApiUtil }).default;
// pop-core's own helper library (md5, pad2), used where the baseline reproduces pop-core's request assembly.
const kitx = createRequire(require.resolve('@alicloud/pop-core'))('kitx') as {
  md5(data: Uint8Array, encoding: 'base64'): string;
  pad2(n: number): string;
};
const OSS = require('ali-oss') as new (options: Record<string, unknown>) => OssClient;
const { createRequest } = require('ali-oss/lib/common/utils/createRequest') as {
  createRequest: (this: OssClient, params: Record<string, unknown>) => OssRequest;
};
const LogClient = require('@alicloud/log') as LogClientClass;
const TableStore = require('tablestore') as TablestoreModule;

function versionOf(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

// ---------------------------------------------------------------------------------------------
// Shared inputs (obviously fake keys)
// ---------------------------------------------------------------------------------------------

const AK = 'LTAI5tExampleKeyId';
const SECRET = 'ExampleSecret0123456789abcdefXY';
const TOKEN =
  'CAIS+AF1q6Ft5B2yfSjIr5bSEsnNjbdn0K6sUVDDkjMjS9tLnaD8pDz2IHhMf3FoAOsasfgwnmhR7PcalrMqEsYcGReCMZEpvcUB' +
  'q1z7TbfHmPJVU7pZ69k3TNQBGP0nt4mpWDHNm2EL0xCR7fN2cSfY9q1FvCpT9X3xqKCB14Hm2QnRcJQFxwzUPdfAWP3g2CSDXpH6';
const credentials = { accessKeyId: AK, accessKeySecret: SECRET, securityToken: TOKEN };
const DATE = new Date('2025-03-14T08:09:10.123Z');
const NONCE = '3c8e2c7d-4a7f-4bde-9a57-0d5e0b8f2a41';

/** `2025-03-14T08:09:10Z`, built the way pop-core and openapi-util build their timestamps (kitx.pad2 of UTC fields). */
function popTimestamp(date: Date): string {
  return (
    `${date.getUTCFullYear()}-${kitx.pad2(date.getUTCMonth() + 1)}-${kitx.pad2(date.getUTCDate())}` +
    `T${kitx.pad2(date.getUTCHours())}:${kitx.pad2(date.getUTCMinutes())}:${kitx.pad2(date.getUTCSeconds())}Z`
  );
}

function firstLetterUpper(text: string): string {
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------
// POP RPC v1: ECS DescribeInstances with 9 API parameters (one a repeat list) and an STS token
// ---------------------------------------------------------------------------------------------

const rpcParams = {
  RegionId: 'cn-hangzhou',
  ZoneId: 'cn-hangzhou-h',
  VpcId: 'vpc-bp1opxu1zkhn00gzv****',
  VSwitchId: 'vsw-bp1ddbrxdlrcbim46****',
  InstanceIds: '["i-bp67acfmxazb4p****","i-bp67acfmxazb4q****","i-bp67acfmxazb4r****"]',
  Status: 'Running',
  PageSize: 50,
  PageNumber: 1,
  Tag: [
    { Key: 'env', Value: 'prod' },
    { Key: 'team', Value: 'data platform' },
  ],
};

function popRpc(): Comparison {
  // Ours: assembles the common parameters (formats Timestamp from the date), flattens, sorts,
  // encodes, signs, and also returns the URL, headers and query pairs.
  const ours = () =>
    signPopRpc({
      method: 'GET',
      host: 'ecs.cn-hangzhou.aliyuncs.com',
      action: 'DescribeInstances',
      version: '2014-05-26',
      params: rpcParams,
      credentials,
      date: DATE,
      nonce: NONCE,
    });
  // Baseline: pop-core RPCClient.request's parameter assembly (firstLetterUpper of action and
  // parameter names, the default parameters with a pad2-formatted Timestamp, Object.assign), then
  // openapi-util getRPCSignature on that final parameter set (it flattens, sorts, encodes and signs).
  // pop-core exposes nothing smaller than a full HTTP request, and it would canonicalize a second
  // time to build its URL; the baseline stops at the signature, so ours does a little more.
  const baseline = () => {
    const formatted: Record<string, unknown> = {};
    for (const key of Object.keys(rpcParams))
      formatted[firstLetterUpper(key)] = (rpcParams as Record<string, unknown>)[key];
    const defaults: Record<string, unknown> = {
      Format: 'JSON',
      Timestamp: popTimestamp(DATE),
      Version: '2014-05-26',
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: NONCE,
      AccessKeyId: credentials.accessKeyId,
    };
    if (credentials.securityToken) defaults['SecurityToken'] = credentials.securityToken;
    const params = Object.assign({ Action: firstLetterUpper('DescribeInstances') }, defaults, formatted);
    return openApiUtil.getRPCSignature(params, 'GET', credentials.accessKeySecret);
  };
  strictEqual(baseline(), ours().signature, 'POP RPC: signatures differ');
  return {
    name: 'POP RPC v1 (DescribeInstances, 9 params + STS)',
    ours,
    baseline,
    baselineName: `@alicloud/openapi-util ${versionOf('@alicloud/openapi-util')} getRPCSignature (pop-core 1.8.0 has no smaller entry than a full request)`,
  };
}

// ---------------------------------------------------------------------------------------------
// POP ROA v1: POST with a JSON body, one query parameter, STS
// ---------------------------------------------------------------------------------------------

const roaBody = JSON.stringify({
  Name: 'nightly-train-resnet50',
  JobType: 'PyTorchJob',
  UserCommand: 'python train.py --epochs 90 --batch-size 256 --data /mnt/data/imagenet',
  JobSpecs: [{ Type: 'Worker', PodCount: 4, EcsSpec: 'ecs.gn7i-c32g1.8xlarge', Image: 'registry/pai/torch:2.3' }],
  DataSources: [{ DataSourceId: 'd-abcdef0123456789', MountPath: '/mnt/data' }],
});

function popRoa(): Comparison {
  const host = 'pai-dlc.cn-hangzhou.aliyuncs.com';
  const path = '/api/v1/jobs';
  // Ours: builds the default headers (HTTP date, nonce, version, STS), merges the caller's, MD5 of
  // the body, the string-to-sign, signature, Authorization and URL.
  const ours = () =>
    signPopRoa({
      method: 'POST',
      host,
      path,
      query: { WorkspaceId: '12345' },
      headers: { 'Content-Type': 'application/json' },
      body: roaBody,
      version: '2020-12-03',
      credentials,
      date: DATE,
      nonce: NONCE,
    });
  // Baseline: pop-core ROAClient.request's header assembly (defaults with toGMTString date, caller
  // headers lower-cased on top, kitx.md5 of the body, content-length, querystring URL), then
  // openapi-util getStringToSign + getROASignature and the `acs ak:sig` header.
  const baseline = () => {
    const query = { WorkspaceId: '12345' };
    const headers: Record<string, string> = {
      accept: 'application/json',
      date: DATE.toUTCString(),
      host,
      'x-acs-signature-nonce': NONCE,
      'x-acs-version': '2020-12-03',
      'x-acs-signature-method': 'HMAC-SHA1',
      'x-acs-signature-version': '1.0',
    };
    if (credentials.securityToken) {
      headers['x-acs-accesskey-id'] = credentials.accessKeyId;
      headers['x-acs-security-token'] = credentials.securityToken;
    }
    const caller: Record<string, string> = { 'Content-Type': 'application/json' };
    for (const key of Object.keys(caller)) headers[key.toLowerCase()] = caller[key] as string;
    const body = Buffer.from(roaBody, 'utf8');
    headers['content-md5'] = kitx.md5(body, 'base64');
    headers['content-length'] = String(body.length);
    const url = `https://${host}${path}?${querystring.stringify(query)}`;
    const stringToSign = openApiUtil.getStringToSign({ method: 'POST', pathname: path, headers, query });
    const authorization = `acs ${credentials.accessKeyId}:${openApiUtil.getROASignature(stringToSign, credentials.accessKeySecret)}`;
    return { authorization, url, stringToSign };
  };
  const o = ours();
  const b = baseline();
  strictEqual(b.stringToSign, o.stringToSign, 'POP ROA: strings to sign differ');
  strictEqual(b.authorization, o.authorization, 'POP ROA: Authorization differs');
  strictEqual(b.url, o.url, 'POP ROA: URL differs');
  return {
    name: 'POP ROA v1 (POST JSON body + query + STS)',
    ours,
    baseline,
    baselineName: `@alicloud/openapi-util ${versionOf('@alicloud/openapi-util')} getStringToSign + getROASignature`,
  };
}

// ---------------------------------------------------------------------------------------------
// ACS3-HMAC-SHA256: RPC-style DescribeInstances over V3, 8 query parameters, STS, no body
// ---------------------------------------------------------------------------------------------

const acs3Query: Record<string, string> = {
  RegionId: 'cn-hangzhou',
  ZoneId: 'cn-hangzhou-h',
  VpcId: 'vpc-bp1opxu1zkhn00gzv****',
  VSwitchId: 'vsw-bp1ddbrxdlrcbim46****',
  InstanceIds: '["i-bp67acfmxazb4p****","i-bp67acfmxazb4q****","i-bp67acfmxazb4r****"]',
  Status: 'Running',
  PageSize: '50',
  PageNumber: '1',
};

function acs3(): Comparison {
  const host = 'ecs.cn-hangzhou.aliyuncs.com';
  // Ours: builds the headers openapi-client sets (x-acs-date from the date, nonce, accept,
  // x-acs-content-sha256, STS), canonicalises, signs, and returns the URL.
  const ours = () =>
    signAcs3({
      method: 'POST',
      host,
      pathname: '/',
      query: acs3Query,
      action: 'DescribeInstances',
      version: '2014-05-26',
      credentials,
      date: DATE,
      nonce: NONCE,
    });
  // Baseline: openapi-client callApi's ACS3 header assembly (host, version, action, pad2-formatted
  // x-acs-date, nonce, accept; the SHA-256 of the empty body, which it always hashes; the STS
  // headers), then openapi-util getAuthorization, and the URL as tea's doAction builds it.
  const baseline = () => {
    const request: OpenApiRequest = {
      method: 'POST',
      pathname: '/',
      query: { ...acs3Query },
      headers: {
        host,
        'x-acs-version': '2014-05-26',
        'x-acs-action': 'DescribeInstances',
        'x-acs-date': popTimestamp(DATE),
        'x-acs-signature-nonce': NONCE,
        accept: 'application/json',
      },
    };
    const payload = openApiUtil.hexEncode(openApiUtil.hash(Buffer.from(''), 'ACS3-HMAC-SHA256'));
    request.headers['x-acs-content-sha256'] = payload;
    if (credentials.securityToken) {
      request.headers['x-acs-accesskey-id'] = credentials.accessKeyId;
      request.headers['x-acs-security-token'] = credentials.securityToken;
    }
    const authorization = openApiUtil.getAuthorization(
      request,
      'ACS3-HMAC-SHA256',
      payload,
      credentials.accessKeyId,
      credentials.accessKeySecret,
    );
    const url = `https://${host}/?${querystring.stringify(request.query)}`;
    return { authorization, url };
  };
  const o = ours();
  const b = baseline();
  strictEqual(b.authorization, o.authorization, 'ACS3: Authorization differs');
  strictEqual(b.url, o.url, 'ACS3: URL differs');
  return {
    name: 'ACS3-HMAC-SHA256 (RPC style, 8 params + STS)',
    ours,
    baseline,
    baselineName: `@alicloud/openapi-util ${versionOf('@alicloud/openapi-util')} getAuthorization`,
  };
}

// ---------------------------------------------------------------------------------------------
// OSS: PUT object with Content-Type, Content-MD5 and x-oss-meta headers; presigned GET
// ---------------------------------------------------------------------------------------------

const BUCKET = 'examplebucket';
const OBJECT_KEY = 'photos/2025/03/holiday at the lake.jpg';
const ossBody = Buffer.alloc(4096, 'jpeg-bytes');
const ossHeaders: Record<string, string> = {
  'Content-Type': 'image/jpeg',
  'Content-MD5': createHash('md5').update(ossBody).digest('base64'),
  'Cache-Control': 'max-age=86400',
  'x-oss-meta-author': 'alice',
  'x-oss-meta-camera': 'X100V',
  'x-oss-storage-class': 'Standard',
  'x-oss-object-acl': 'private',
};

function ossClient(v4: boolean): OssClient {
  return new OSS({
    accessKeyId: AK,
    accessKeySecret: SECRET,
    stsToken: TOKEN,
    bucket: BUCKET,
    region: 'oss-cn-hangzhou',
    secure: true,
    authorizationV4: v4,
    refreshSTSTokenInterval: 1e9,
  });
}

/** What ali-oss createRequest sent, minus the two headers ours does not produce. */
function aliOssSent(req: OssRequest): { authorization: string; headers: Record<string, string> } {
  const { authorization, 'User-Agent': _ua, ...rest } = req.params.headers;
  return {
    authorization: String(authorization),
    headers: Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)])),
  };
}

function ossV1Header(): Comparison {
  const client = ossClient(false);
  const host = `${BUCKET}.${client.options.endpoint.host}`;
  const sign = (date: Date) =>
    signOssV1({
      method: 'PUT',
      host,
      bucket: BUCKET,
      key: OBJECT_KEY,
      headers: ossHeaders,
      body: ossBody,
      credentials,
      date,
    });
  // Ours: x-oss-date (HTTP date), STS header, caller headers, Content-Length, string-to-sign,
  // signature, Authorization, URL.
  const ours = () => sign(DATE);
  // Baseline: ali-oss's own request builder, called as the client calls it before sending: the
  // same headers (x-oss-date from its clock via dateformat, STS, caller headers, Content-MD5 as
  // given, Content-Length), header encoding, Authorization (signUtils.buildCanonicalString +
  // computeSignature) and URL. No I/O happens in createRequest.
  const baseline = () =>
    createRequest.call(client, {
      method: 'PUT',
      bucket: BUCKET,
      object: OBJECT_KEY,
      headers: ossHeaders,
      content: ossBody,
    });
  const theirs = baseline();
  const sent = aliOssSent(theirs);
  const mine = sign(new Date(Date.parse(sent.headers['x-oss-date'] as string)));
  strictEqual(sent.authorization, mine.authorization, 'OSS V1: Authorization differs');
  deepStrictEqual(sent.headers, mine.headers, 'OSS V1: headers differ');
  strictEqual(theirs.url, mine.url, 'OSS V1: URL differs');
  return {
    name: 'OSS V1 header (PUT object, 7 headers + STS)',
    ours,
    baseline,
    baselineName: `ali-oss ${versionOf('ali-oss')} createRequest (signUtils V1)`,
  };
}

function ossV4Header(): Comparison {
  const client = ossClient(true);
  const host = `${BUCKET}.${client.options.endpoint.host}`;
  const sign = (date: Date) =>
    signOssV4({
      method: 'PUT',
      host,
      bucket: BUCKET,
      key: OBJECT_KEY,
      headers: ossHeaders,
      body: ossBody,
      region: 'oss-cn-hangzhou',
      credentials,
      date,
    });
  // Ours: x-oss-date (ISO basic), x-oss-content-sha256, STS, caller headers, Content-Length,
  // canonical request, SHA-256, key derivation, signature, Authorization, URL.
  const ours = () => sign(DATE);
  // Baseline: ali-oss createRequest with authorizationV4 (signUtils getCanonicalRequest +
  // getStringToSign + getSignatureV4 through authorizationV4), same headers and URL.
  const baseline = () =>
    createRequest.call(client, {
      method: 'PUT',
      bucket: BUCKET,
      object: OBJECT_KEY,
      headers: ossHeaders,
      content: ossBody,
    });
  const theirs = baseline();
  const sent = aliOssSent(theirs);
  const mine = sign(parseSigningDate(sent.headers['x-oss-date'] as string) as Date);
  strictEqual(sent.authorization, mine.authorization, 'OSS V4: Authorization differs');
  deepStrictEqual(sent.headers, mine.headers, 'OSS V4: headers differ');
  strictEqual(theirs.url, mine.url, 'OSS V4: URL differs');
  return {
    name: 'OSS V4 header (PUT object, 7 headers + STS)',
    ours,
    baseline,
    baselineName: `ali-oss ${versionOf('ali-oss')} createRequest (signUtils authorizationV4)`,
  };
}

function ossV1Presign(): Comparison {
  const client = ossClient(false);
  const host = `${BUCKET}.${client.options.endpoint.host}`;
  const response = { 'content-disposition': 'attachment; filename="lake.jpg"' };
  const sign = (date: Date) =>
    presignOssV1({
      method: 'GET',
      host,
      bucket: BUCKET,
      key: OBJECT_KEY,
      expiresInSeconds: 3600,
      process: 'image/resize,w_800',
      response,
      credentials,
      date,
    });
  // Ours: Expires from the date, sub-resources (process, response-*, security-token), string-to-sign,
  // signature, URL.
  const ours = () => sign(DATE);
  // Baseline: ali-oss signatureUrl, which does the same from its clock (it mutates its options, so
  // they are built per call).
  const baseline = () =>
    client.signatureUrl(OBJECT_KEY, { expires: 3600, process: 'image/resize,w_800', response: { ...response } });
  const theirs = baseline();
  const expires = Number(new URL(theirs).searchParams.get('Expires'));
  strictEqual(sign(new Date((expires - 3600) * 1000)).url, theirs, 'OSS V1 presign: URL differs');
  return {
    name: 'OSS V1 presign (GET, process + response header + STS)',
    ours,
    baseline,
    baselineName: `ali-oss ${versionOf('ali-oss')} signatureUrl`,
  };
}

async function ossV4Presign(): Promise<Comparison> {
  const client = ossClient(true);
  const host = `${BUCKET}.${client.options.endpoint.host}`;
  const queries = { 'response-content-disposition': 'attachment', 'x-oss-process': 'image/resize,w_800' };
  const sign = (date: Date) =>
    presignOssV4({
      method: 'GET',
      host,
      bucket: BUCKET,
      key: OBJECT_KEY,
      query: queries,
      expiresInSeconds: 3600,
      region: 'oss-cn-hangzhou',
      credentials,
      date,
    });
  // Ours: the x-oss-* signing parameters, canonical request, SHA-256, key derivation, signature, URL.
  const ours = () => sign(DATE);
  // Baseline: ali-oss signatureUrlV4. It is async, but with a static STS token its body runs to the
  // end synchronously (it awaits only when refreshing a token), so the timed call does all the work.
  const baseline = () => client.signatureUrlV4('GET', 3600, { queries }, OBJECT_KEY);
  const theirs = await baseline();
  const date = parseSigningDate(new URL(theirs).searchParams.get('x-oss-date') as string) as Date;
  strictEqual(sign(date).url, theirs, 'OSS V4 presign: URL differs');
  return {
    name: 'OSS V4 presign (GET, 2 query params + STS)',
    ours,
    baseline,
    baselineName: `ali-oss ${versionOf('ali-oss')} signatureUrlV4`,
  };
}

// ---------------------------------------------------------------------------------------------
// SLS: GetLogs with a query, STS
// ---------------------------------------------------------------------------------------------

function sls(): Comparison {
  const host = 'my-project.cn-hangzhou.log.aliyuncs.com';
  const path = '/logstores/app-log';
  const query = {
    type: 'log',
    from: 1741939200,
    to: 1741942800,
    query: 'status >= 500 and path: "/api/*" | select count(1) as errors, host group by host',
    topic: '',
    line: 100,
    offset: 0,
    reverse: 'false',
  };
  // Ours: default headers (date from the date), STS header, canonical headers and resource,
  // signature, Authorization, URL.
  const ours = () => signSls({ method: 'GET', host, path, query, credentials, date: DATE });
  // Baseline: @alicloud/log Client#_request's assembly (querystring URL, default headers with a
  // toGMTString date merged with the caller's, STS header), then Client#_sign.
  const baseline = () => {
    const url = `https://${host}${path}?${querystring.stringify(query)}`;
    const callerHeaders = {};
    const headers: Record<string, unknown> = Object.assign(
      {
        'content-type': 'application/json',
        date: DATE.toUTCString(),
        'x-log-apiversion': '0.6.0',
        'x-log-signaturemethod': 'hmac-sha1',
      },
      callerHeaders,
    );
    if (credentials.securityToken) headers['x-acs-security-token'] = credentials.securityToken;
    const authorization = LogClient.prototype._sign.call({}, 'GET', path, query, headers, credentials);
    return { url, authorization };
  };
  const o = ours();
  const b = baseline();
  strictEqual(b.authorization, o.authorization, 'SLS: Authorization differs');
  strictEqual(b.url, o.url, 'SLS: URL differs');
  return {
    name: 'SLS (GetLogs with query + STS)',
    ours,
    baseline,
    baselineName: `@alicloud/log ${versionOf('@alicloud/log')} Client#_sign`,
  };
}

// ---------------------------------------------------------------------------------------------
// Tablestore: GetRow with a 200-byte protobuf body, STS
// ---------------------------------------------------------------------------------------------

function tablestore(): Comparison {
  const endpoint = 'https://myinstance.cn-hangzhou.ots.aliyuncs.com';
  const hostname = 'myinstance.cn-hangzhou.ots.aliyuncs.com';
  const body = new Uint8Array(200);
  for (let i = 0; i < body.length; i++) body[i] = (i * 37 + 11) & 0xff;
  // Ours: x-ots-* headers, base64 MD5 of the body, Content-Length, Host, x-ots-date from the date,
  // canonical headers, signature.
  const ours = () =>
    signTablestore({ endpoint, instanceName: 'myinstance', operation: 'GetRow', body, credentials, date: DATE });
  // Baseline: the tablestore client's build listeners (path from the operation, x-ots-apiversion,
  // x-ots-instancename, util.crypto.md5 of the body, Content-Length, Host from the endpoint it parsed
  // at construction), then Signer#addAuthorization, which adds date, key id, token and signature.
  const baseline = () => {
    const request = {
      path: `/${TableStore.util.string.upperFirst('GetRow')}`,
      method: 'POST',
      headers: {
        'x-ots-apiversion': '2015-12-31',
        'x-ots-instancename': 'myinstance',
      } as Record<string, string | number>,
    };
    request.headers['x-ots-contentmd5'] = TableStore.util.crypto.md5(body, 'base64');
    request.headers['Content-Length'] = TableStore.util.string.byteLength(body);
    request.headers['Host'] = hostname;
    new TableStore.Signer(request).addAuthorization(
      { accessKeyId: AK, secretAccessKey: SECRET, securityToken: TOKEN },
      DATE,
    );
    return request;
  };
  const o = ours();
  const b = baseline();
  strictEqual(b.headers['x-ots-signature'], o.signature, 'Tablestore: signatures differ');
  const { 'x-ots-signature': _sig, ...sent } = b.headers;
  deepStrictEqual(
    Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, String(v)])),
    o.headers,
    'Tablestore: headers differ',
  );
  return {
    name: 'Tablestore (GetRow, 200-byte body + STS)',
    ours,
    baseline,
    baselineName: `tablestore ${versionOf('tablestore')} Signer#addAuthorization`,
  };
}

// ---------------------------------------------------------------------------------------------
// MaxCompute: no JavaScript reference (PyODPS is Python), our figure only
// ---------------------------------------------------------------------------------------------

function maxCompute(signatureVersion: 'legacy' | 'v4'): Comparison {
  const input = {
    method: 'GET',
    endpoint: 'https://service.cn-hangzhou.maxcompute.aliyun.com/api',
    path: '/projects/analytics_prod/tables/sales_2025',
    query: { partitions: null, expectmarker: 'true', maxitems: 100, marker: 'ds=20250301' },
    headers: { 'Content-Type': 'application/xml', 'x-odps-request-id': 'bench-0001' },
    userAgent: 'alikit-bench/0.0.0',
    credentials,
    date: DATE,
    signatureVersion,
  } as const;
  // Ours: builds the URL, Date header, canonical string (Python-compatible URL parsing), signature
  // (v4: derived key then HMAC-SHA1).
  const ours = () => signMaxCompute(input);
  ours();
  return {
    name: `MaxCompute ${signatureVersion} (GET table, 4 params + STS)`,
    ours,
    baselineName: 'n/a (PyODPS only)',
  };
}

/** Runs every comparison; about 3 s per row with the defaults below. */
export async function run(options: RunOptions = { rounds: 11, roundMs: 150 }): Promise<Row[]> {
  const comparisons: Comparison[] = [
    popRpc(),
    popRoa(),
    acs3(),
    ossV1Header(),
    ossV1Presign(),
    ossV4Header(),
    await ossV4Presign(),
    sls(),
    tablestore(),
    maxCompute('legacy'),
    maxCompute('v4'),
  ];
  return comparisons.map((c) => compare(c, options));
}
