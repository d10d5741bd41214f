import { SdkError } from '@alikit/core';
import { crcHeader, unquote } from '../headers';
import type { OssRuntime } from '../runtime';
import { xmlBlocks, xmlEscape, xmlText } from '../xml';

/** A finished part. */
export interface PartRecord {
  partNumber: number;
  etag: string;
  size: number;
  /** CRC-64 of the part, decimal. */
  crc64: string;
}

/** Low-level multipart calls, signed by us and sent with core's HTTP client (abortable, retried). */
export class MultipartApi {
  readonly #rt: OssRuntime;
  readonly #bucket: string;

  constructor(runtime: OssRuntime, bucket: string) {
    this.#rt = runtime;
    this.#bucket = bucket;
  }

  async initiate(key: string, headers: Record<string, string>, signal: AbortSignal | undefined): Promise<string> {
    const res = await this.#rt.send({
      operation: 'InitiateMultipartUpload',
      method: 'POST',
      bucket: this.#bucket,
      key,
      subresources: { uploads: '' },
      headers,
      signal,
      // A repeat after an unknown outcome would only leave an unused upload id behind.
      idempotent: true,
    });
    const uploadId = xmlText(res.text(), 'UploadId');
    if (!uploadId) {
      throw new SdkError({
        code: 'ERR_PARSE',
        service: 'oss',
        operation: 'InitiateMultipartUpload',
        status: res.status,
        requestId: res.requestId,
        serviceMessage: 'the response has no UploadId',
      });
    }
    return uploadId;
  }

  async uploadPart(
    key: string,
    uploadId: string,
    partNumber: number,
    body: Uint8Array,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ): Promise<{ etag: string; crc64: bigint | undefined; requestId: string | undefined }> {
    const res = await this.#rt.send({
      operation: 'UploadPart',
      method: 'PUT',
      bucket: this.#bucket,
      key,
      subresources: { partNumber: String(partNumber), uploadId },
      headers: { 'Content-Type': 'application/octet-stream' },
      body,
      // Each part is checked with CRC-64 against the response instead of hashing it twice.
      disableContentMd5: true,
      signal,
      timeoutMs,
    });
    return { etag: unquote(res.headers.get('etag') ?? ''), crc64: crcHeader(res.headers), requestId: res.requestId };
  }

  async uploadPartCopy(
    key: string,
    uploadId: string,
    partNumber: number,
    source: { bucket: string; key: string; start: number; end: number; ifMatch?: string | undefined },
    signal: AbortSignal | undefined,
  ): Promise<{ etag: string }> {
    const headers: Record<string, string> = {
      'x-oss-copy-source': `/${source.bucket}/${encodeURIComponent(source.key)}`,
      'x-oss-copy-source-range': `bytes=${source.start}-${source.end}`,
    };
    if (source.ifMatch) headers['x-oss-copy-source-if-match'] = `"${source.ifMatch}"`;
    const res = await this.#rt.send({
      operation: 'UploadPartCopy',
      method: 'PUT',
      bucket: this.#bucket,
      key,
      subresources: { partNumber: String(partNumber), uploadId },
      headers,
      signal,
    });
    return { etag: unquote(xmlText(res.text(), 'ETag') ?? res.headers.get('etag') ?? '') };
  }

  /** Every part OSS holds for the upload (follows `NextPartNumberMarker`). */
  async listParts(key: string, uploadId: string, signal: AbortSignal | undefined): Promise<PartRecord[]> {
    const parts: PartRecord[] = [];
    let marker: string | undefined;
    for (;;) {
      const res = await this.#rt.send({
        operation: 'ListParts',
        method: 'GET',
        bucket: this.#bucket,
        key,
        query: { 'max-parts': '1000', ...(marker ? { 'part-number-marker': marker } : {}) },
        subresources: { uploadId },
        signal,
      });
      const xml = res.text();
      for (const block of xmlBlocks(xml, 'Part')) {
        parts.push({
          partNumber: Number(xmlText(block, 'PartNumber')),
          etag: unquote(xmlText(block, 'ETag')),
          size: Number(xmlText(block, 'Size')),
          crc64: xmlText(block, 'HashCrc64ecma') ?? '',
        });
      }
      if (xmlText(xml, 'IsTruncated') !== 'true') return parts;
      marker = xmlText(xml, 'NextPartNumberMarker');
      if (!marker) return parts;
    }
  }

  async complete(
    key: string,
    uploadId: string,
    parts: readonly PartRecord[],
    signal: AbortSignal | undefined,
  ): Promise<{
    etag: string;
    crc64: bigint | undefined;
    versionId: string | undefined;
    requestId: string | undefined;
  }> {
    const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber);
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUpload>\n${sorted
      .map((p) => `<Part>\n<PartNumber>${p.partNumber}</PartNumber>\n<ETag>"${xmlEscape(p.etag)}"</ETag>\n</Part>\n`)
      .join('')}</CompleteMultipartUpload>`;
    const res = await this.#rt.send({
      operation: 'CompleteMultipartUpload',
      method: 'POST',
      bucket: this.#bucket,
      key,
      subresources: { uploadId },
      headers: { 'Content-Type': 'application/xml' },
      body,
      signal,
    });
    return {
      etag: unquote(xmlText(res.text(), 'ETag') ?? res.headers.get('etag') ?? ''),
      crc64: crcHeader(res.headers),
      versionId: res.headers.get('x-oss-version-id') ?? undefined,
      requestId: res.requestId,
    };
  }

  async abort(key: string, uploadId: string): Promise<void> {
    try {
      await this.#rt.send({
        operation: 'AbortMultipartUpload',
        method: 'DELETE',
        bucket: this.#bucket,
        key,
        subresources: { uploadId },
      });
    } catch (error) {
      if (error instanceof SdkError && error.code === 'NoSuchUpload') return;
      throw error;
    }
  }
}
