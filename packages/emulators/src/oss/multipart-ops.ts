import { createHash, randomBytes } from 'node:crypto';
import { crc64Combine } from '@alikit/oss';
import type { EmulatorResponse } from '../shared/http-server';
import { renderXml, type XmlElement } from '../shared/xml';
import { slice } from './blob-store';
import { noSuchKey, noSuchUpload, ossError } from './errors';
import {
  attributesFromRequest,
  checkConditions,
  defaultContentType,
  invalidArgument,
  MAX_OBJECT_SIZE,
  MAX_PART_NUMBER,
  parseAcl,
  parseCopySource,
  quotedHex,
  urlEncoder,
} from './object-common';
import { compareKeys, type MultipartUpload, type StoredObject, type StoredPart } from './object-store';
import { checkForbidOverwrite, discard, type OssCall, receiveBody, storeObject, xmlResponse } from './oss-call';
import { childrenNamed, childTextOf, parseXmlInput } from './xml-input';

/** The limits multipart operations enforce; tests may lower `minPartSize`. */
export interface OssMultipartLimits {
  /** Smallest non-last part accepted by CompleteMultipartUpload, in bytes. @defaultValue 102400 */
  minPartSize: number;
}

function encodingTypeElement(call: OssCall): XmlElement[] {
  return call.ctx.queryParam('encoding-type') === 'url' ? [['EncodingType', 'url']] : [];
}

function uploadOf(call: OssCall): MultipartUpload {
  const uploadId = call.ctx.queryParam('uploadId') ?? '';
  const upload = call.contents.uploads.get(uploadId);
  if (!upload || upload.key !== call.key) throw noSuchUpload(uploadId);
  return upload;
}

function partNumberOf(call: OssCall): number {
  const text = call.ctx.queryParam('partNumber') ?? '';
  const n = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= MAX_PART_NUMBER)) {
    throw invalidArgument('partNumber', text, `Part number must be an integer between 1 and ${MAX_PART_NUMBER}.`);
  }
  return n;
}

function storePart(call: OssCall, upload: MultipartUpload, part: StoredPart): void {
  const old = upload.parts.get(part.partNumber);
  call.blobs.retain(part.segments);
  upload.parts.set(part.partNumber, part);
  if (old) call.blobs.release(old.segments);
}

/** Releases every part of an upload and forgets it. */
export function dropUpload(call: Pick<OssCall, 'contents' | 'blobs'>, upload: MultipartUpload): void {
  call.contents.uploads.delete(upload.uploadId);
  for (const part of upload.parts.values()) call.blobs.release(part.segments);
  upload.parts.clear();
}

/** InitiateMultipartUpload: fixes the object's attributes and returns a fresh upload id. */
export function initiateMultipartUpload(call: OssCall): EmulatorResponse {
  const attributes = attributesFromRequest(call.ctx, defaultContentType(call.key));
  checkForbidOverwrite(call, call.key);
  const uploadId = randomBytes(16).toString('hex').toUpperCase();
  call.contents.uploads.set(uploadId, {
    uploadId,
    key: call.key,
    initiated: call.now,
    attributes,
    parts: new Map(),
  });
  const encode = urlEncoder(call.ctx);
  return xmlResponse(
    renderXml([
      'InitiateMultipartUploadResult',
      [...encodingTypeElement(call), ['Bucket', call.bucket], ['Key', encode(call.key)], ['UploadId', uploadId]],
    ]),
  );
}

/** UploadPart: streams the part to disk; answers its ETag, Content-MD5 and CRC-64. */
export async function uploadPart(call: OssCall): Promise<EmulatorResponse> {
  const partNumber = partNumberOf(call);
  const upload = uploadOf(call);
  const body = await receiveBody(call, MAX_OBJECT_SIZE);
  if (call.contents.uploads.get(upload.uploadId) !== upload) {
    // Aborted or completed while the body was arriving.
    discard(call.blobs, body);
    throw noSuchUpload(upload.uploadId);
  }
  const part: StoredPart = {
    partNumber,
    size: body.size,
    etag: quotedHex(body.md5),
    md5: body.md5,
    crc64: body.crc64,
    lastModified: call.now,
    segments: body.segments,
  };
  storePart(call, upload, part);
  return {
    status: 200,
    headers: {
      etag: part.etag,
      'content-md5': body.md5.toString('base64'),
      'x-oss-hash-crc64ecma': part.crc64.toString(),
    },
  };
}

/** UploadPartCopy: a part from a byte range (`x-oss-copy-source-range`) of an existing object. */
export async function uploadPartCopy(call: OssCall): Promise<EmulatorResponse> {
  const { ctx } = call;
  const partNumber = partNumberOf(call);
  const upload = uploadOf(call);
  const source = parseCopySource(ctx.header('x-oss-copy-source') as string);
  const sourceObject = call.contentsOf(source.bucket).objects.get(source.key);
  if (!sourceObject) throw noSuchKey(source.key);
  if (checkConditions(ctx, sourceObject, 'x-oss-copy-source-') === 'not-modified') {
    throw ossError('PreconditionFailed', { fields: [['Condition', 'x-oss-copy-source-If-None-Match']] });
  }
  let start = 0;
  let end = sourceObject.size;
  const rangeHeader = ctx.header('x-oss-copy-source-range');
  if (rangeHeader !== undefined) {
    const m = /^\s*bytes=(\d+)-(\d*)\s*$/.exec(rangeHeader);
    const first = m ? Number(m[1]) : Number.NaN;
    const last = m?.[2] ? Number(m[2]) : sourceObject.size - 1;
    if (!m || first > last || last >= sourceObject.size) {
      throw invalidArgument(
        'x-oss-copy-source-range',
        rangeHeader,
        `The copy range must be bytes=first-last within the source size ${sourceObject.size}.`,
      );
    }
    start = first;
    end = last + 1;
  }
  if (end - start > MAX_OBJECT_SIZE) throw ossError('EntityTooLarge');
  const segments = slice(sourceObject.segments, start, end);
  call.blobs.retain(segments);
  let digest: { md5: Buffer; crc64: bigint };
  try {
    digest = await call.blobs.digest(segments, 0, end - start);
  } catch (error) {
    call.blobs.release(segments);
    throw error;
  }
  const part: StoredPart = {
    partNumber,
    size: end - start,
    etag: quotedHex(digest.md5),
    md5: digest.md5,
    crc64: digest.crc64,
    lastModified: call.now,
    segments,
  };
  if (call.contents.uploads.get(upload.uploadId) !== upload) {
    call.blobs.release(segments);
    throw noSuchUpload(upload.uploadId);
  }
  storePart(call, upload, part);
  call.blobs.release(segments);
  return xmlResponse(
    renderXml([
      'CopyPartResult',
      [
        ['LastModified', part.lastModified.toISOString()],
        ['ETag', part.etag],
      ],
    ]),
    { etag: part.etag, 'x-oss-hash-crc64ecma': part.crc64.toString() },
  );
}

function stripEtag(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '').toUpperCase();
}

/**
 * CompleteMultipartUpload: checks the part list (InvalidPartOrder, InvalidPart, EntityTooSmall),
 * joins the parts without copying them, and answers the multipart ETag and the whole CRC-64.
 */
export function completeMultipartUpload(call: OssCall, limits: OssMultipartLimits): EmulatorResponse {
  const { ctx } = call;
  const upload = uploadOf(call);
  let chosen: StoredPart[];
  if (ctx.header('x-oss-complete-all')?.trim().toLowerCase() === 'yes') {
    if ((ctx.received.body?.byteLength ?? 0) > 0) {
      throw invalidArgument('x-oss-complete-all', 'yes', 'With x-oss-complete-all the body must be empty.');
    }
    chosen = [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber);
  } else {
    const root = parseXmlInput(ctx.bodyText());
    if (root?.name !== 'CompleteMultipartUpload') throw ossError('MalformedXML');
    const listed = childrenNamed(root, 'Part');
    if (listed.length === 0) throw ossError('MalformedXML');
    chosen = [];
    let previous = 0;
    for (const element of listed) {
      const numberText = childTextOf(element, 'PartNumber')?.trim() ?? '';
      const etag = childTextOf(element, 'ETag');
      const partNumber = /^\d+$/.test(numberText) ? Number(numberText) : Number.NaN;
      if (Number.isNaN(partNumber) || etag === undefined) throw ossError('MalformedXML');
      if (partNumber <= previous) throw ossError('InvalidPartOrder');
      previous = partNumber;
      const part = upload.parts.get(partNumber);
      if (!part || stripEtag(part.etag) !== stripEtag(etag)) {
        throw ossError('InvalidPart', {
          fields: [
            ['PartNumber', String(partNumber)],
            ['ETag', etag],
          ],
        });
      }
      chosen.push(part);
    }
  }
  chosen.forEach((part, i) => {
    if (i < chosen.length - 1 && part.size < limits.minPartSize) {
      throw ossError('EntityTooSmall', {
        fields: [
          ['PartNumber', String(part.partNumber)],
          ['ProposedSize', String(part.size)],
          ['MinSizeAllowed', String(limits.minPartSize)],
        ],
      });
    }
  });
  checkForbidOverwrite(call, call.key);
  const aclHeader = ctx.header('x-oss-object-acl');
  let crc = 0n;
  let size = 0;
  const md5s = createHash('md5');
  for (const part of chosen) {
    crc = crc64Combine(crc, part.crc64, part.size);
    size += part.size;
    md5s.update(part.md5);
  }
  const etag = `"${md5s.digest('hex').toUpperCase()}-${chosen.length}"`;
  const object: StoredObject = {
    ...upload.attributes,
    acl: aclHeader === undefined ? upload.attributes.acl : parseAcl(aclHeader.trim()),
    key: call.key,
    type: 'Multipart',
    size,
    etag,
    contentMd5: undefined,
    crc64: crc,
    lastModified: call.now,
    segments: chosen.flatMap((p) => p.segments),
  };
  storeObject(call, object);
  dropUpload(call, upload);
  const encode = urlEncoder(ctx);
  return xmlResponse(
    renderXml([
      'CompleteMultipartUploadResult',
      [
        ...encodingTypeElement(call),
        ['Location', call.location],
        ['Bucket', call.bucket],
        ['Key', encode(call.key)],
        ['ETag', etag],
      ],
    ]),
    { etag, 'x-oss-hash-crc64ecma': crc.toString() },
  );
}

/** AbortMultipartUpload: 204, the parts are gone. */
export function abortMultipartUpload(call: OssCall): EmulatorResponse {
  dropUpload(call, uploadOf(call));
  return { status: 204 };
}

function boundedInt(call: OssCall, name: string, fallback: number, max: number): number {
  const text = call.ctx.queryParam(name);
  if (text === undefined || text === null) return fallback;
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 1 && n <= max)) throw invalidArgument(name, text, `Argument ${name} must be an integer from 1 to ${max}.`);
  return n;
}

/** ListParts: parts in number order after `part-number-marker`, at most `max-parts`. */
export function listParts(call: OssCall): EmulatorResponse {
  const upload = uploadOf(call);
  const maxParts = boundedInt(call, 'max-parts', 1000, 1000);
  const markerText = call.ctx.queryParam('part-number-marker') ?? '';
  const marker = /^\d+$/.test(markerText) ? Number(markerText) : 0;
  const after = [...upload.parts.values()]
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const encode = urlEncoder(call.ctx);
  return xmlResponse(
    renderXml([
      'ListPartsResult',
      [
        ...encodingTypeElement(call),
        ['Bucket', call.bucket],
        ['Key', encode(upload.key)],
        ['UploadId', upload.uploadId],
        ['StorageClass', upload.attributes.storageClass],
        ['PartNumberMarker', marker],
        ['NextPartNumberMarker', page.length > 0 ? (page[page.length - 1] as StoredPart).partNumber : marker],
        ['MaxParts', maxParts],
        ['IsTruncated', truncated],
        ...page.map(
          (p): XmlElement => [
            'Part',
            [
              ['PartNumber', p.partNumber],
              ['LastModified', p.lastModified.toISOString()],
              ['ETag', p.etag],
              ['HashCrc64ecma', p.crc64.toString()],
              ['Size', p.size],
            ],
          ],
        ),
      ],
    ]),
  );
}

/** ListMultipartUploads: uploads in key then upload-id order, with prefix, delimiter and markers. */
export function listMultipartUploads(call: OssCall): EmulatorResponse {
  const { ctx } = call;
  const prefix = ctx.queryParam('prefix') ?? '';
  const delimiter = ctx.queryParam('delimiter') ?? '';
  const keyMarker = ctx.queryParam('key-marker') ?? '';
  const uploadIdMarker = ctx.queryParam('upload-id-marker') ?? '';
  const maxUploads = boundedInt(call, 'max-uploads', 1000, 1000);
  const encode = urlEncoder(ctx);
  const all = [...call.contents.uploads.values()]
    .filter((u) => u.key.startsWith(prefix))
    .sort(
      (a, b) =>
        compareKeys(a.key, b.key) ||
        a.initiated.getTime() - b.initiated.getTime() ||
        compareKeys(a.uploadId, b.uploadId),
    );
  const after = all.filter((u) => {
    if (keyMarker === '') return true;
    const c = compareKeys(u.key, keyMarker);
    if (c !== 0) return c > 0;
    return uploadIdMarker !== '' && compareKeys(u.uploadId, uploadIdMarker) > 0;
  });
  const entries: XmlElement[] = [];
  const prefixes: XmlElement[] = [];
  const seenPrefixes = new Set<string>();
  let count = 0;
  let truncated = false;
  let nextKey = '';
  let nextUploadId = '';
  for (const upload of after) {
    let commonPrefix: string | undefined;
    if (delimiter !== '') {
      const at = upload.key.indexOf(delimiter, prefix.length);
      if (at >= 0) commonPrefix = upload.key.slice(0, at + delimiter.length);
    }
    if (commonPrefix !== undefined && (seenPrefixes.has(commonPrefix) || commonPrefix === keyMarker)) continue;
    if (count === maxUploads) {
      truncated = true;
      break;
    }
    count++;
    if (commonPrefix !== undefined) {
      seenPrefixes.add(commonPrefix);
      prefixes.push(['CommonPrefixes', [['Prefix', encode(commonPrefix)]]]);
      nextKey = commonPrefix;
      nextUploadId = '';
    } else {
      entries.push([
        'Upload',
        [
          ['Key', encode(upload.key)],
          ['UploadId', upload.uploadId],
          ['StorageClass', upload.attributes.storageClass],
          ['Initiated', upload.initiated.toISOString()],
        ],
      ]);
      nextKey = upload.key;
      nextUploadId = upload.uploadId;
    }
  }
  return xmlResponse(
    renderXml([
      'ListMultipartUploadsResult',
      [
        ...encodingTypeElement(call),
        ['Bucket', call.bucket],
        ['KeyMarker', encode(keyMarker)],
        ['UploadIdMarker', uploadIdMarker],
        ['NextKeyMarker', encode(truncated ? nextKey : '')],
        ['NextUploadIdMarker', truncated ? nextUploadId : ''],
        ['Delimiter', encode(delimiter)],
        ['Prefix', encode(prefix)],
        ['MaxUploads', maxUploads],
        ['IsTruncated', truncated],
        ...entries,
        ...prefixes,
      ],
    ]),
  );
}
