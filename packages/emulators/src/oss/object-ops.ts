import { createHash } from 'node:crypto';
import { crc64Combine } from '@alikit/oss';
import type { EmulatorResponse } from '../shared/http-server';
import { renderXml, type XmlElement } from '../shared/xml';
import { noSuchKey, ossError, withResponseHeaders } from './errors';
import {
  attributesFromRequest,
  checkConditions,
  defaultContentType,
  invalidArgument,
  isArchived,
  MAX_OBJECT_SIZE,
  needsRestore,
  objectHeaders,
  parseAcl,
  parseCopySource,
  quotedHex,
  resolveRange,
  urlEncoder,
  validateTags,
} from './object-common';
import type { ObjectAttributes, StoredObject } from './object-store';
import {
  checkForbidOverwrite,
  discard,
  type OssCall,
  opaqueEtag,
  receiveBody,
  removeObject,
  storeObject,
  xmlResponse,
} from './oss-call';
import { childrenNamed, childTextOf, parseXmlInput } from './xml-input';

/** The emulator's owner id, shown wherever OSS shows an owner. */
export const OWNER_ID = 'alikit-emulator-owner';

function existing(call: OssCall): StoredObject {
  const object = call.contents.objects.get(call.key);
  if (!object) throw noSuchKey(call.key);
  return object;
}

/** PutObject: streams the body to disk; answers ETag, Content-MD5 and CRC-64. */
export async function putObject(call: OssCall): Promise<EmulatorResponse> {
  const attributes = attributesFromRequest(call.ctx, defaultContentType(call.key));
  checkForbidOverwrite(call, call.key);
  const body = await receiveBody(call, MAX_OBJECT_SIZE);
  const object: StoredObject = {
    ...attributes,
    key: call.key,
    type: 'Normal',
    size: body.size,
    etag: quotedHex(body.md5),
    contentMd5: body.md5.toString('base64'),
    crc64: body.crc64,
    lastModified: call.now,
    segments: body.segments,
  };
  storeObject(call, object);
  return {
    status: 200,
    headers: {
      etag: object.etag,
      'content-md5': object.contentMd5 as string,
      'x-oss-hash-crc64ecma': object.crc64.toString(),
    },
  };
}

/** GetObject: Range, conditions and `response-*` overrides; the body streams from disk. */
export function getObject(call: OssCall): EmulatorResponse {
  const object = existing(call);
  if (checkConditions(call.ctx, object, '') === 'not-modified') return notModified(object);
  if (needsRestore(object, call.now)) {
    throw ossError('InvalidObjectState', { message: "The operation is not valid for the object's state." });
  }
  const headers = objectHeaders(object, call.ctx);
  const range = resolveRange(call.ctx, object.size);
  if (range === undefined) {
    return {
      status: 200,
      headers,
      bodyStream: call.blobs.read(object.segments, 0, object.size),
      contentLength: object.size,
    };
  }
  headers['content-range'] = `bytes ${range.start}-${range.end - 1}/${object.size}`;
  return {
    status: 206,
    headers,
    bodyStream: call.blobs.read(object.segments, range.start, range.end),
    contentLength: range.end - range.start,
  };
}

function notModified(object: StoredObject): EmulatorResponse {
  return {
    status: 304,
    headers: { etag: object.etag, 'last-modified': object.lastModified.toUTCString() },
  };
}

/** HeadObject: the GET headers without a body. */
export function headObject(call: OssCall): EmulatorResponse {
  const object = existing(call);
  if (checkConditions(call.ctx, object, '') === 'not-modified') return notModified(object);
  return { status: 200, headers: objectHeaders(object, undefined), contentLength: object.size };
}

/** GetObjectMeta (`HEAD ?objectMeta`): size, ETag, dates and CRC-64 only. */
export function getObjectMeta(call: OssCall): EmulatorResponse {
  const object = existing(call);
  return {
    status: 200,
    headers: {
      etag: object.etag,
      'last-modified': object.lastModified.toUTCString(),
      'x-oss-last-access-time': object.lastModified.toUTCString(),
      'x-oss-hash-crc64ecma': object.crc64.toString(),
    },
    contentLength: object.size,
  };
}

/** DeleteObject: 204 whether or not the key existed. */
export function deleteObject(call: OssCall): EmulatorResponse {
  removeObject(call, call.key);
  return { status: 204 };
}

/**
 * CopyObject: the data is shared with the source (no bytes move); metadata comes from the source
 * (`COPY`) or the request (`REPLACE`), tags likewise with `x-oss-tagging-directive`.
 */
export function copyObject(call: OssCall): EmulatorResponse {
  const { ctx } = call;
  const sourceHeader = ctx.header('x-oss-copy-source') as string;
  const source = parseCopySource(sourceHeader);
  const sourceObject = call.contentsOf(source.bucket).objects.get(source.key);
  if (!sourceObject) throw noSuchKey(source.key);
  if (checkConditions(ctx, sourceObject, 'x-oss-copy-source-') === 'not-modified') {
    throw ossError('PreconditionFailed', { fields: [['Condition', 'x-oss-copy-source-If-None-Match']] });
  }
  const metadataDirective = (ctx.header('x-oss-metadata-directive') ?? 'COPY').trim().toUpperCase();
  const taggingDirective = (ctx.header('x-oss-tagging-directive') ?? 'Copy').trim().toLowerCase();
  if (metadataDirective !== 'COPY' && metadataDirective !== 'REPLACE') {
    throw invalidArgument(
      'x-oss-metadata-directive',
      metadataDirective,
      'The metadata directive must be COPY or REPLACE.',
    );
  }
  if (taggingDirective !== 'copy' && taggingDirective !== 'replace') {
    throw invalidArgument(
      'x-oss-tagging-directive',
      taggingDirective,
      'The tagging directive must be Copy or Replace.',
    );
  }
  const requested = attributesFromRequest(ctx, defaultContentType(call.key));
  checkForbidOverwrite(call, call.key);
  const attributes: ObjectAttributes = {
    contentType: metadataDirective === 'REPLACE' ? requested.contentType : sourceObject.contentType,
    standardHeaders: metadataDirective === 'REPLACE' ? requested.standardHeaders : { ...sourceObject.standardHeaders },
    meta: metadataDirective === 'REPLACE' ? requested.meta : { ...sourceObject.meta },
    encryption: Object.keys(requested.encryption).length > 0 ? requested.encryption : { ...sourceObject.encryption },
    storageClass: ctx.header('x-oss-storage-class') !== undefined ? requested.storageClass : sourceObject.storageClass,
    acl: ctx.header('x-oss-object-acl') !== undefined ? requested.acl : 'default',
    tags: taggingDirective === 'replace' ? requested.tags : sourceObject.tags.map(([k, v]): [string, string] => [k, v]),
  };
  const object: StoredObject = {
    ...attributes,
    key: call.key,
    type: sourceObject.type === 'Appendable' ? 'Normal' : sourceObject.type,
    size: sourceObject.size,
    etag: sourceObject.etag,
    contentMd5: sourceObject.contentMd5,
    crc64: sourceObject.crc64,
    lastModified: call.now,
    segments: [...sourceObject.segments],
  };
  storeObject(call, object);
  return xmlResponse(
    renderXml([
      'CopyObjectResult',
      [
        ['ETag', object.etag],
        ['LastModified', object.lastModified.toISOString()],
      ],
    ]),
    { etag: object.etag, 'x-oss-hash-crc64ecma': object.crc64.toString() },
  );
}

/**
 * AppendObject: `position` must equal the current length (PositionNotEqualToLength otherwise,
 * with the right value in `x-oss-next-append-position`); the CRC-64 returned covers the whole object.
 */
export async function appendObject(call: OssCall): Promise<EmulatorResponse> {
  const { ctx } = call;
  const positionText = ctx.queryParam('position');
  if (typeof positionText !== 'string' || !/^\d+$/.test(positionText)) {
    throw invalidArgument('position', positionText ?? '', 'Argument position must be a non-negative integer.');
  }
  const position = Number(positionText);
  const current = call.contents.objects.get(call.key);
  if (current && current.type !== 'Appendable') {
    throw ossError('ObjectNotAppendable');
  }
  const length = current?.size ?? 0;
  if (position !== length) {
    throw withResponseHeaders(ossError('PositionNotEqualToLength'), { 'x-oss-next-append-position': String(length) });
  }
  const attributes = current ?? attributesFromRequest(ctx, defaultContentType(call.key));
  const body = await receiveBody(call, MAX_OBJECT_SIZE - length);
  const latest = call.contents.objects.get(call.key);
  if ((latest?.size ?? 0) !== length || (latest !== undefined && latest.type !== 'Appendable')) {
    // Another append won the race while this body was arriving.
    discard(call.blobs, body);
    throw withResponseHeaders(ossError('PositionNotEqualToLength'), {
      'x-oss-next-append-position': String(latest?.size ?? 0),
    });
  }
  const crc = current ? crc64Combine(current.crc64, body.crc64, body.size) : body.crc64;
  const size = length + body.size;
  const object: StoredObject = {
    contentType: attributes.contentType,
    standardHeaders: attributes.standardHeaders,
    meta: attributes.meta,
    encryption: attributes.encryption,
    storageClass: attributes.storageClass,
    acl: attributes.acl,
    tags: attributes.tags,
    key: call.key,
    type: 'Appendable',
    size,
    etag: opaqueEtag(crc, size),
    contentMd5: undefined,
    crc64: crc,
    lastModified: call.now,
    segments: [...(current?.segments ?? []), ...body.segments],
  };
  storeObject(call, object);
  return {
    status: 200,
    headers: {
      etag: object.etag,
      'x-oss-next-append-position': String(size),
      'x-oss-hash-crc64ecma': crc.toString(),
    },
  };
}

/** PutObjectTagging: replaces the object's tags with the `<Tagging>` body. */
export function putObjectTagging(call: OssCall): EmulatorResponse {
  const object = existing(call);
  const text = call.ctx.bodyText();
  const root = parseXmlInput(text);
  const tagSet = root?.name === 'Tagging' ? childrenNamed(root, 'TagSet')[0] : undefined;
  if (root?.name !== 'Tagging') throw ossError('MalformedXML');
  const tags: Array<[string, string]> = [];
  for (const tag of tagSet ? childrenNamed(tagSet, 'Tag') : []) {
    const key = childTextOf(tag, 'Key');
    if (key === undefined) throw ossError('MalformedXML');
    tags.push([key, childTextOf(tag, 'Value') ?? '']);
  }
  validateTags(tags, 'Tagging', text.slice(0, 200));
  object.tags = tags;
  return { status: 200 };
}

/** GetObjectTagging. */
export function getObjectTagging(call: OssCall): EmulatorResponse {
  const object = existing(call);
  const tags: XmlElement[] = object.tags.map(
    ([k, v]): XmlElement => [
      'Tag',
      [
        ['Key', k],
        ['Value', v],
      ],
    ],
  );
  return xmlResponse(renderXml(['Tagging', [['TagSet', tags]]]));
}

/** DeleteObjectTagging: 204. */
export function deleteObjectTagging(call: OssCall): EmulatorResponse {
  existing(call).tags = [];
  return { status: 204 };
}

/** PutObjectACL from `x-oss-object-acl`. */
export function putObjectAcl(call: OssCall): EmulatorResponse {
  const object = existing(call);
  const acl = call.ctx.header('x-oss-object-acl');
  if (acl === undefined) throw ossError('MissingArgument', { fields: [['ArgumentName', 'x-oss-object-acl']] });
  object.acl = parseAcl(acl.trim());
  return { status: 200 };
}

/** GetObjectACL. */
export function getObjectAcl(call: OssCall): EmulatorResponse {
  const object = existing(call);
  return xmlResponse(
    renderXml([
      'AccessControlPolicy',
      [
        [
          'Owner',
          [
            ['ID', OWNER_ID],
            ['DisplayName', OWNER_ID],
          ],
        ],
        ['AccessControlList', [['Grant', object.acl]]],
      ],
    ]),
  );
}

/**
 * DeleteMultipleObjects: `<Delete>` body of at most 1000 keys with a required `Content-MD5`;
 * quiet mode lists nothing; `encoding-type=url` encodes the keys answered.
 */
export function deleteMultipleObjects(call: OssCall): EmulatorResponse {
  const { ctx } = call;
  const encode = urlEncoder(ctx);
  const md5 = ctx.header('content-md5');
  if (md5 === undefined) {
    throw ossError('MissingArgument', {
      message: 'Missing required header for this request: Content-MD5.',
      fields: [['ArgumentName', 'Content-MD5']],
    });
  }
  const body = ctx.received.body ?? new Uint8Array(0);
  if (md5.trim() !== createHash('md5').update(body).digest('base64')) throw ossError('InvalidDigest');
  const root = parseXmlInput(ctx.bodyText());
  if (root?.name !== 'Delete') throw ossError('MalformedXML');
  const objects = childrenNamed(root, 'Object');
  if (objects.length === 0 || objects.length > 1000) throw ossError('MalformedXML');
  const quiet = (childTextOf(root, 'Quiet') ?? 'false').trim().toLowerCase() === 'true';
  const deleted: XmlElement[] = [];
  for (const element of objects) {
    const key = childTextOf(element, 'Key');
    if (key === undefined || key === '') throw ossError('MalformedXML');
    removeObject(call, key);
    if (!quiet) deleted.push(['Deleted', [['Key', encode(key)]]]);
  }
  const children: XmlElement[] = [];
  if (ctx.queryParam('encoding-type') === 'url') children.push(['EncodingType', 'url']);
  children.push(...deleted);
  return xmlResponse(renderXml(['DeleteResult', children]));
}

/**
 * RestoreObject (`POST ?restore`) of an archived object: the emulator restores at once, so the
 * first call answers 202 and the object is readable for `<Days>` days (default 1); calls while it
 * is restored answer 200.
 */
export function restoreObject(call: OssCall): EmulatorResponse {
  const object = existing(call);
  if (!isArchived(object)) {
    throw ossError('OperationNotSupported', {
      message: 'The operation is not supported for this resource: the object is not archived.',
    });
  }
  if (object.restoredUntil !== undefined && object.restoredUntil > call.now) return { status: 200 };
  let days = 1;
  const text = call.ctx.bodyText().trim();
  if (text !== '') {
    const root = parseXmlInput(text);
    if (root?.name !== 'RestoreRequest') throw ossError('MalformedXML');
    const daysText = childTextOf(root, 'Days')?.trim();
    if (daysText !== undefined) {
      days = /^\d+$/.test(daysText) ? Number(daysText) : Number.NaN;
      if (!(days >= 1 && days <= 365))
        throw invalidArgument('Days', daysText, 'Days must be an integer from 1 to 365.');
    }
  }
  object.restoredUntil = new Date(call.now.getTime() + days * 86_400_000);
  return { status: 202 };
}
