import { timingSafeEqual } from 'node:crypto';
import { ossV1Signature, ossV4Signature } from '@alikit/core';
import type { AccountStore, SecurityTokenProblem } from '../shared/accounts';
import type { EmulatorResponse } from '../shared/http-server';
import type { ServiceError } from '../shared/service-error';
import { renderXml } from '../shared/xml';
import { ossError } from './errors';
import { attributesFrom, defaultContentType, invalidArgument, MAX_OBJECT_SIZE, quotedHex } from './object-common';
import type { StoredObject } from './object-store';
import { checkForbidOverwrite, type OssCall, storeObject, xmlResponse } from './oss-call';

const FILENAME_PLACEHOLDER = ['$', '{filename}'].join('');

/** One field of a `multipart/form-data` body. */
interface FormField {
  /** Lower-cased field name. */
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  value: Buffer;
}

/** Whether a request is a PostObject form upload. */
export function isFormUpload(contentType: string | undefined): boolean {
  return /^\s*multipart\/form-data\s*;/i.test(contentType ?? '');
}

/**
 * Splits a `multipart/form-data` body into fields.
 * @throws ServiceError InvalidArgument when the body does not follow the boundary.
 */
export function parseFormData(body: Buffer, contentType: string): FormField[] {
  const boundaryMatch = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = boundaryMatch?.[1] ?? boundaryMatch?.[2];
  const malformed = () => invalidArgument('Content-Type', contentType, 'The body is not valid multipart/form-data.');
  if (!boundary) throw malformed();
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: FormField[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw malformed();
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') return fields;
    if (body.subarray(at, at + 2).toString() === '\r\n') at += 2;
    const headerEnd = body.indexOf('\r\n\r\n', at);
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), at);
    if (headerEnd < 0 || next < 0 || headerEnd > next) throw malformed();
    const headers = body.subarray(at, headerEnd).toString('utf8').split('\r\n');
    const disposition = headers.find((h) => /^content-disposition:/i.test(h)) ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (name === undefined) throw malformed();
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    const typeHeader = headers.find((h) => /^content-type:/i.test(h));
    fields.push({
      name: name.toLowerCase(),
      filename,
      contentType: typeHeader?.slice(typeHeader.indexOf(':') + 1).trim(),
      value: body.subarray(headerEnd + 4, next),
    });
    at = next + 2;
  }
}

/** How PostObject reaches the account store and words token problems. */
export interface PostObjectAuth {
  accounts: AccountStore;
  securityTokenError(problem: SecurityTokenProblem, accessKeyId: string): ServiceError;
}

function policyFailed(condition: unknown): ServiceError {
  return ossError('AccessDenied', {
    message: `Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`,
  });
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * PostObject: an HTML-form upload (`POST /` on the bucket, `multipart/form-data`) authorised by a
 * signed policy instead of an `Authorization` header — V4 (`x-oss-signature-version`,
 * `x-oss-credential`, `x-oss-signature`) or V1 (`OSSAccessKeyId`, `Signature`). The policy's
 * expiration and conditions (`eq`, `starts-with`, `in`, `not-in`, `content-length-range`, exact
 * `{field: value}` matches) are enforced; the body is read whole, so keep emulator form uploads small.
 * @throws ServiceError AccessDenied, SignatureDoesNotMatch, InvalidAccessKeyId, EntityTooLarge, ...
 */
export async function postObject(call: OssCall, auth: PostObjectAuth): Promise<EmulatorResponse> {
  const { ctx } = call;
  const contentType = ctx.header('content-type') ?? '';
  const fields = parseFormData(Buffer.from(ctx.received.body ?? new Uint8Array(0)), contentType);
  const fileIndex = fields.findIndex((f) => f.name === 'file');
  if (fileIndex < 0) throw invalidArgument('file', '', 'The form has no file field.');
  const file = fields[fileIndex] as FormField;
  // Fields after the file are ignored, as OSS does.
  const form = new Map<string, string>();
  for (const field of fields.slice(0, fileIndex))
    if (!form.has(field.name)) form.set(field.name, field.value.toString('utf8'));
  const keyTemplate = form.get('key');
  if (!keyTemplate) throw invalidArgument('key', '', 'The form has no key field.');
  // The literal placeholder `${filename}` stands for the uploaded file's name.
  const key = keyTemplate.replaceAll(FILENAME_PLACEHOLDER, file.filename ?? '');
  form.set('key', key);

  const policyText = form.get('policy');
  if (policyText === undefined) throw ossError('AccessDenied', { message: 'The form carries no policy.' });
  authenticate(form, policyText, auth);

  let policy: { expiration?: unknown; conditions?: unknown };
  try {
    policy = JSON.parse(Buffer.from(policyText, 'base64').toString('utf8')) as typeof policy;
  } catch {
    throw invalidArgument('policy', policyText.slice(0, 64), 'The policy is not base64-encoded JSON.');
  }
  const expiration = typeof policy.expiration === 'string' ? Date.parse(policy.expiration) : Number.NaN;
  if (Number.isNaN(expiration))
    throw invalidArgument('policy', 'expiration', 'The policy needs an ISO-8601 expiration.');
  if (call.now.getTime() > expiration) {
    throw ossError('AccessDenied', { message: 'Invalid according to Policy: Policy expired.' });
  }
  const fieldValue = (name: string) => (name === 'bucket' ? call.bucket : form.get(name.toLowerCase()));
  for (const condition of Array.isArray(policy.conditions) ? policy.conditions : []) {
    checkCondition(condition, fieldValue, file.value.length);
  }

  const attributes = attributesFrom(
    [
      ...[...form].filter(([name]) => name !== 'content-type'),
      ['content-type', form.get('content-type') ?? file.contentType ?? ''],
    ],
    defaultContentType(key),
  );
  if (file.value.length > MAX_OBJECT_SIZE) throw ossError('EntityTooLarge');
  const posted: OssCall = { ...call, key };
  checkForbidOverwrite(posted, key);
  const body = await call.blobs.write(file.value, MAX_OBJECT_SIZE);
  const object: StoredObject = {
    ...attributes,
    key,
    type: 'Normal',
    size: body.size,
    etag: quotedHex(body.md5),
    contentMd5: body.md5.toString('base64'),
    crc64: body.crc64,
    lastModified: call.now,
    segments: body.segments,
  };
  storeObject(posted, object);
  const headers = { etag: object.etag, 'x-oss-hash-crc64ecma': object.crc64.toString() };
  const status = form.get('success_action_status');
  if (status === '201') {
    return {
      ...xmlResponse(
        renderXml([
          'PostResponse',
          [
            ['Bucket', call.bucket],
            ['ETag', object.etag],
            ['Key', key],
            ['Location', `${call.location.replace(/\/$/, '')}/${encodeURI(key)}`],
          ],
        ]),
        headers,
      ),
      status: 201,
    };
  }
  return { status: status === '200' ? 200 : 204, headers };
}

function authenticate(form: Map<string, string>, policy: string, auth: PostObjectAuth): void {
  let accessKeyId: string;
  let check: (secret: string) => boolean;
  if (form.get('x-oss-signature-version') === 'OSS4-HMAC-SHA256') {
    const credential = form.get('x-oss-credential') ?? '';
    const parts = credential.split('/');
    if (
      parts.length !== 5 ||
      parts[3] !== 'oss' ||
      parts[4] !== 'aliyun_v4_request' ||
      !/^\d{8}$/.test(parts[1] ?? '')
    ) {
      throw invalidArgument(
        'x-oss-credential',
        credential,
        'x-oss-credential must be <AK>/<yyyymmdd>/<region>/oss/aliyun_v4_request.',
      );
    }
    const [ak, ymd, region] = parts as [string, string, string];
    const date = form.get('x-oss-date') ?? '';
    if (!date.startsWith(ymd))
      throw invalidArgument('x-oss-date', date, 'x-oss-date must fall on the credential date.');
    accessKeyId = ak;
    const signature = form.get('x-oss-signature') ?? '';
    check = (secret) => sameText(ossV4Signature(secret, ymd, region, 'oss', policy), signature);
  } else if (form.has('ossaccesskeyid')) {
    accessKeyId = form.get('ossaccesskeyid') as string;
    const signature = form.get('signature') ?? '';
    check = (secret) => sameText(ossV1Signature(secret, policy), signature);
  } else {
    throw ossError('AccessDenied', { message: 'Anonymous access is forbidden for this operation.' });
  }
  const secret = auth.accounts.lookup(accessKeyId);
  if (secret === undefined) throw ossError('InvalidAccessKeyId', { fields: [['OSSAccessKeyId', accessKeyId]] });
  if (!check(secret)) {
    throw ossError('SignatureDoesNotMatch', {
      fields: [
        ['OSSAccessKeyId', accessKeyId],
        ['StringToSign', policy],
      ],
    });
  }
  const problem = auth.accounts.checkSecurityToken(accessKeyId, form.get('x-oss-security-token') || undefined);
  if (problem) throw auth.securityTokenError(problem, accessKeyId);
}

function checkCondition(condition: unknown, field: (name: string) => string | undefined, size: number): void {
  if (condition !== null && typeof condition === 'object' && !Array.isArray(condition)) {
    for (const [name, expected] of Object.entries(condition)) {
      if (field(name) !== String(expected)) throw policyFailed(condition);
    }
    return;
  }
  if (!Array.isArray(condition) || condition.length < 3) throw policyFailed(condition);
  const [op, target, value] = condition as [unknown, unknown, unknown];
  const operator = String(op).toLowerCase();
  if (operator === 'content-length-range') {
    const min = Number(target);
    const max = Number(value);
    if (size < min)
      throw ossError('EntityTooSmall', {
        message: `Your proposed upload is smaller than the minimum allowed size ${min}.`,
      });
    if (size > max)
      throw ossError('EntityTooLarge', { message: `Your proposed upload exceeds the maximum allowed size ${max}.` });
    return;
  }
  const name = typeof target === 'string' && target.startsWith('$') ? target.slice(1) : String(target);
  const actual = field(name) ?? '';
  const ok =
    operator === 'eq'
      ? actual === String(value)
      : operator === 'starts-with'
        ? actual.startsWith(String(value))
        : operator === 'in'
          ? Array.isArray(value) && value.map(String).includes(actual)
          : operator === 'not-in'
            ? Array.isArray(value) && !value.map(String).includes(actual)
            : false;
  if (!ok) throw policyFailed(condition);
}
