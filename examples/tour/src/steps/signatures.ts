import { randomUUID } from 'node:crypto';
import {
  type ErrorResponse,
  parseMaxComputeError,
  parseOssError,
  parsePopError,
  parseSlsError,
  parseTablestoreError,
  presignOssV1,
  presignOssV4,
  type SdkError,
  type SigningCredentials,
  signAcs3,
  signMaxCompute,
  signOssV1,
  signOssV4,
  signPopRoa,
  signPopRpc,
  signSls,
  signTablestore,
} from '@alikit/core';
import type { Emulators } from '@alikit/emulators';
import { type OutgoingCall, send } from '../send';
import type { CheckResult, StepContext, TourStep } from '../step';

/** A signature family as the tour shows it: one request that must pass, one tampered copy that must not. */
export interface SignatureFamily {
  /** Name in the report, e.g. `OSS V4 header`. */
  family: string;
  /** Service name used in error messages, e.g. `ecs`, `oss`. */
  service: string;
  /** The operation the request calls, e.g. `ListBuckets`. */
  operation: string;
  /** Response header carrying the service's request id. */
  requestIdHeader: string;
  /** How the tampered copy differs from what was signed, in a few words. */
  tampering: string;
  /** The service error code (and status) the tampered copy must be answered with. */
  expectedError: { code: string; status: number };
  /** The service's own error-body parser from `@alikit/core`. */
  parseError: (response: ErrorResponse) => SdkError;
  /** Signs a fresh request (new date and nonce each time). */
  signed(): OutgoingCall;
  /** Signs a fresh request, then spoils it. */
  tampered(): OutgoingCall;
  /** A short fact about a successful answer's body, e.g. `1 bucket`. */
  summarize?: ((body: string) => string | undefined) | undefined;
}

/** The key secret the tampered copies sign with; obviously not the account's. */
const WRONG_SECRET = 'NotTheExampleSecret';

/** The bucket the tour creates so the list calls have something to show. */
const TOUR_BUCKET = 'alikit-tour-bucket';
/** The log project the tour creates (GetProject signs against it; the logs step writes into it). */
export const TOUR_PROJECT = 'alikit-tour-project';

/** Step 1 of the tour: every signature family alikit signs, accepted by its emulator and refused once tampered. */
export const signaturesStep: TourStep = {
  name: 'signatures',
  title: 'Request signatures: one signed request per family, then a tampered copy',
  async run({ emulators, record }: StepContext): Promise<void> {
    emulators.oss.createBucket(TOUR_BUCKET);
    emulators.sls.createProject(TOUR_PROJECT, { description: 'created by the alikit tour' });
    for (const family of signatureFamilies(emulators)) {
      for (const check of await checkSignatureFamily(family)) record(check);
    }
  },
};

/**
 * Sends the family's signed request, then its tampered copy: the first check passes on a 2xx answer,
 * the second when the service refuses the copy with the expected code and status.
 */
export async function checkSignatureFamily(family: SignatureFamily): Promise<[CheckResult, CheckResult]> {
  return [await tryAccepted(family), await tryTampered(family)];
}

/** Sends the correctly signed request; the check passes on a 2xx answer. */
async function tryAccepted(family: SignatureFamily): Promise<CheckResult> {
  const base = { subject: family.family, action: family.operation, expected: 'accepted' };
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send(family.signed());
  } catch (error) {
    return { ...base, ok: false, outcome: 'ERR_NETWORK', errorMessage: describe(error) };
  }
  if (response.status >= 200 && response.status < 300) {
    return {
      ...base,
      ok: true,
      outcome: 'accepted',
      status: response.status,
      requestId: response.headers.get(family.requestIdHeader) ?? undefined,
      summary: family.summarize?.(new TextDecoder().decode(response.body)),
    };
  }
  const error = family.parseError({ ...response, service: family.service, operation: family.operation });
  return {
    ...base,
    ok: false,
    outcome: error.code,
    status: error.status,
    requestId: error.requestId,
    errorMessage: error.message,
  };
}

/** Sends the tampered copy; the check passes when the service refuses it with the expected code and status. */
async function tryTampered(family: SignatureFamily): Promise<CheckResult> {
  const { code, status } = family.expectedError;
  const base = { subject: family.family, action: `tampered (${family.tampering})`, expected: code };
  let response: Awaited<ReturnType<typeof send>>;
  try {
    response = await send(family.tampered());
  } catch (error) {
    return { ...base, ok: false, outcome: 'ERR_NETWORK', errorMessage: describe(error) };
  }
  if (response.status >= 200 && response.status < 300) {
    return {
      ...base,
      ok: false,
      outcome: 'accepted',
      status: response.status,
      requestId: response.headers.get(family.requestIdHeader) ?? undefined,
    };
  }
  const error = family.parseError({ ...response, service: family.service, operation: family.operation });
  return {
    ...base,
    ok: error.code === code && error.status === status,
    outcome: error.code,
    status: error.status,
    requestId: error.requestId,
    errorMessage: error.message,
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}

/**
 * The eleven signature families, each aimed at its emulator: POP RPC v1, ROA v1, ACS3, OSS V1/V4
 * (header and presigned URL), SLS, Tablestore and MaxCompute (legacy and v4).
 */
export function signatureFamilies(emulators: Emulators): SignatureFamily[] {
  const credentials: SigningCredentials = emulators.credentials;
  const wrong: SigningCredentials = { accessKeyId: credentials.accessKeyId, accessKeySecret: WRONG_SECRET };
  const popHost = hostOf(emulators.pop.endpoint);
  const ossHost = hostOf(emulators.oss.endpoint);
  const slsHost = hostOf(emulators.sls.endpoint);
  const { maxcompute, tablestore } = emulators;

  const popRpc = () =>
    signPopRpc({
      method: 'GET',
      host: popHost,
      protocol: 'http',
      action: 'DescribeRegions',
      version: '2014-05-26',
      params: { RegionId: 'cn-hangzhou' },
      credentials,
      date: new Date(),
      nonce: randomUUID(),
    });

  const popRoa = () => {
    const signed = signPopRoa({
      method: 'GET',
      host: popHost,
      protocol: 'http',
      path: '/clusters',
      version: '2015-12-15',
      credentials,
      date: new Date(),
      nonce: randomUUID(),
    });
    return { url: signed.url, headers: { ...signed.headers, Authorization: signed.authorization } };
  };

  const acs3 = (keys: SigningCredentials): OutgoingCall => {
    const signed = signAcs3({
      method: 'POST',
      host: popHost,
      protocol: 'http',
      pathname: '/',
      query: { RegionId: 'cn-hangzhou' },
      action: 'DescribeRegions',
      version: '2014-05-26',
      credentials: keys,
      date: new Date(),
      nonce: randomUUID(),
    });
    return {
      method: 'POST',
      url: signed.url,
      headers: { ...signed.headers, Authorization: signed.authorization },
      body: signed.body,
    };
  };

  const ossV1 = () => {
    const signed = signOssV1({ method: 'GET', host: ossHost, protocol: 'http', credentials, date: new Date() });
    return { url: signed.url, headers: { ...signed.headers, Authorization: signed.authorization } };
  };

  const ossV4 = (keys: SigningCredentials): OutgoingCall => {
    const signed = signOssV4({
      method: 'GET',
      host: ossHost,
      protocol: 'http',
      region: emulators.oss.region,
      credentials: keys,
      date: new Date(),
    });
    return { url: signed.url, headers: { ...signed.headers, Authorization: signed.authorization } };
  };

  const ossPresignedV1 = () =>
    presignOssV1({ host: ossHost, protocol: 'http', credentials, date: new Date(), expiresInSeconds: 300 }).url;

  const ossPresignedV4 = () =>
    presignOssV4({
      method: 'GET',
      host: ossHost,
      protocol: 'http',
      region: emulators.oss.region,
      credentials,
      date: new Date(),
      expiresInSeconds: 300,
    }).url;

  const sls = () => {
    const signed = signSls({
      method: 'GET',
      host: slsHost,
      protocol: 'http',
      path: '/',
      query: { offset: '0', size: '100' },
      credentials,
      date: new Date(),
    });
    return { url: signed.url, headers: { ...signed.headers, Authorization: signed.authorization } };
  };

  const tablestoreCall = (keys: SigningCredentials): OutgoingCall => {
    const signed = signTablestore({
      endpoint: tablestore.endpoint,
      instanceName: tablestore.instanceName,
      operation: 'ListTable',
      body: new Uint8Array(0),
      credentials: keys,
      date: new Date(),
    });
    return {
      method: 'POST',
      url: signed.url,
      headers: { ...signed.headers, 'x-ots-signature': signed.signature },
      body: new Uint8Array(0),
    };
  };

  const maxComputeCall = (signatureVersion: 'legacy' | 'v4', keys: SigningCredentials): OutgoingCall => {
    const signed = signMaxCompute({
      method: 'GET',
      endpoint: maxcompute.endpoint,
      path: `/projects/${maxcompute.project}`,
      credentials: keys,
      date: new Date(),
      signatureVersion,
      region: maxcompute.region,
      userAgent: 'alikit-tour',
    });
    return { url: signed.url, headers: { ...signed.headers, Authorization: signed.authorization } };
  };

  const pop = { service: 'ecs', requestIdHeader: 'x-acs-request-id', parseError: parsePopError };
  const popMismatch = { code: 'SignatureDoesNotMatch', status: 400 };
  const oss = {
    service: 'oss',
    operation: 'ListBuckets',
    requestIdHeader: 'x-oss-request-id',
    parseError: parseOssError,
    summarize: (xml: string) => plural(xml.match(/<Bucket>/g)?.length ?? 0, 'bucket'),
  };
  const ossMismatch = { code: 'SignatureDoesNotMatch', status: 403 };
  const maxComputeCommon = {
    service: 'maxcompute',
    operation: 'GetProject',
    requestIdHeader: 'x-odps-request-id',
    parseError: parseMaxComputeError,
    expectedError: { code: 'SignatureNotMatch', status: 401 },
    summarize: (xml: string) => {
      const name = /<Name>([^<]*)<\/Name>/.exec(xml)?.[1];
      return name === undefined ? undefined : `project ${name}`;
    },
  };

  return [
    {
      ...pop,
      family: 'POP RPC v1',
      operation: 'DescribeRegions',
      tampering: 'RegionId changed after signing',
      expectedError: popMismatch,
      signed: () => {
        const signed = popRpc();
        return { url: signed.url, headers: signed.headers };
      },
      tampered: () => {
        const signed = popRpc();
        return { url: withQueryValue(signed.url, 'RegionId', 'cn-beijing'), headers: signed.headers };
      },
    },
    {
      ...pop,
      service: 'cs',
      family: 'POP ROA v1',
      operation: 'DescribeClusters',
      tampering: 'x-acs-version changed after signing',
      expectedError: popMismatch,
      signed: popRoa,
      tampered: () => withHeader(popRoa(), 'x-acs-version', '2018-04-18'),
    },
    {
      ...pop,
      family: 'ACS3-HMAC-SHA256',
      operation: 'DescribeRegions',
      tampering: 'wrong secret',
      expectedError: popMismatch,
      signed: () => acs3(credentials),
      tampered: () => acs3(wrong),
    },
    {
      ...oss,
      family: 'OSS V1 header',
      tampering: 'x-oss-date moved after signing',
      expectedError: ossMismatch,
      signed: ossV1,
      tampered: () => {
        const call = ossV1();
        const date = headerValue(call, 'x-oss-date');
        return withHeader(call, 'x-oss-date', new Date(Date.parse(date) + 1000).toUTCString());
      },
    },
    {
      ...oss,
      family: 'OSS V1 presigned URL',
      tampering: 'Expires extended after signing',
      expectedError: ossMismatch,
      signed: () => ({ url: ossPresignedV1() }),
      tampered: () => {
        const url = ossPresignedV1();
        const expires = Number(new URL(url).searchParams.get('Expires'));
        return { url: withQueryValue(url, 'Expires', String(expires + 3600)) };
      },
    },
    {
      ...oss,
      family: 'OSS V4 header',
      tampering: 'wrong secret',
      expectedError: ossMismatch,
      signed: () => ossV4(credentials),
      tampered: () => ossV4(wrong),
    },
    {
      ...oss,
      family: 'OSS V4 presigned URL',
      tampering: 'x-oss-expires extended after signing',
      expectedError: ossMismatch,
      signed: () => ({ url: ossPresignedV4() }),
      tampered: () => ({ url: withQueryValue(ossPresignedV4(), 'x-oss-expires', '3600') }),
    },
    {
      family: 'SLS',
      service: 'sls',
      operation: 'ListProject',
      requestIdHeader: 'x-log-requestid',
      parseError: parseSlsError,
      tampering: 'x-log-apiversion changed after signing',
      expectedError: { code: 'SignatureNotMatch', status: 401 },
      signed: sls,
      tampered: () => withHeader(sls(), 'x-log-apiversion', '0.7.0'),
      summarize: (json: string) => {
        const total = (JSON.parse(json) as { total?: unknown }).total;
        return typeof total === 'number' ? plural(total, 'project') : undefined;
      },
    },
    {
      family: 'Tablestore',
      service: 'tablestore',
      operation: 'ListTable',
      requestIdHeader: 'x-ots-requestid',
      parseError: parseTablestoreError,
      tampering: 'wrong secret',
      expectedError: { code: 'OTSAuthFailed', status: 403 },
      signed: () => tablestoreCall(credentials),
      tampered: () => tablestoreCall(wrong),
      summarize: () => `instance ${tablestore.instanceName}`,
    },
    {
      ...maxComputeCommon,
      family: 'MaxCompute legacy',
      tampering: 'wrong secret',
      signed: () => maxComputeCall('legacy', credentials),
      tampered: () => maxComputeCall('legacy', wrong),
    },
    {
      ...maxComputeCommon,
      family: 'MaxCompute v4',
      tampering: 'x-odps-user-agent changed after signing',
      signed: () => maxComputeCall('v4', credentials),
      tampered: () => withHeader(maxComputeCall('v4', credentials), 'x-odps-user-agent', 'someone-else'),
    },
  ];
}

function hostOf(endpoint: string): string {
  return new URL(endpoint).host;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** The value of a header the signer set (names compared case-insensitively). */
function headerValue(call: OutgoingCall, name: string): string {
  const entry = Object.entries(call.headers ?? {}).find(([key]) => key.toLowerCase() === name);
  if (entry === undefined) throw new Error(`the signer set no ${name} header`);
  return entry[1];
}

/** A copy of the call with one signed header replaced; throws if the signer did not set it. */
function withHeader(call: OutgoingCall, name: string, value: string): OutgoingCall {
  headerValue(call, name);
  const headers = Object.fromEntries(
    Object.entries(call.headers ?? {}).map(([key, old]) => [key, key.toLowerCase() === name ? value : old]),
  );
  return { ...call, headers };
}

/**
 * The URL with one query value replaced in place; the other pairs keep their exact encoding, so the
 * only difference from the signed URL is the value the tour means to change.
 */
function withQueryValue(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  const pairs = parsed.search.slice(1).split('&');
  const at = pairs.findIndex((pair) => pair.split('=')[0] === name);
  if (at < 0) throw new Error(`the signed URL has no ${name} parameter`);
  pairs[at] = `${name}=${encodeURIComponent(value)}`;
  parsed.search = `?${pairs.join('&')}`;
  return parsed.toString();
}
