/**
 * Object Storage (OSS) client and transfer manager: typed object operations, presigned URLs and
 * POST policies, and multipart uploads, downloads and copies that resume and verify CRC-64 end to end.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/oss
 */

export { OssBucketClient } from './bucket-client';
export { Crc64, crc64, crc64Combine } from './crc64';
export { OssClient, type OssClientOptions } from './oss-client';
export {
  type CheckpointStore,
  defaultCheckpointDir,
  fileCheckpointStore,
} from './transfer/checkpoint';
export type { CopyLargeOptions } from './transfer/copy';
export type { DownloadFileOptions } from './transfer/download';
export type {
  TransferOptions,
  TransferProgress,
  UploadFileOptions,
  UploadResult,
  UploadStreamOptions,
} from './transfer/upload';
export type {
  AppendObjectOptions,
  AppendObjectResult,
  CopyObjectOptions,
  CopyObjectResult,
  DeleteObjectsResult,
  GetObjectOptions,
  GetObjectResult,
  GetObjectStreamResult,
  HeadObjectOptions,
  ListObjectsOptions,
  ListObjectsPage,
  ObjectAcl,
  ObjectBody,
  ObjectProperties,
  ObjectSummary,
  OssCallOptions,
  PresignedPost,
  PresignedUrl,
  PresignOptions,
  PresignPostOptions,
  PutObjectOptions,
  PutObjectResult,
  ServerSideEncryption,
  StorageClass,
  WriteObjectOptions,
} from './types';
export { type ByteRange, MAX_SINGLE_PUT_BYTES } from './validate';
