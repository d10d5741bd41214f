/**
 * Credentials, request signers and verifiers, errors, retry, endpoints, pollers, paging and redaction:
 * the foundation every alikit package builds on.
 *
 * Exports are listed by name (no `export *`).
 * @packageDocumentation
 * @module @alikit/core
 */

export { compareCodePoints, compareCodeUnits } from './signing/compare';
// --- signing: shared primitives ---

export {
  percentDecode,
  percentEncode,
  percentEncodePath,
  querystringEscape,
  stringifyQuery,
} from './signing/encoding';
export { getHeader, headerPairs, parseQueryPairs, splitTarget } from './signing/received';
export {
  formatHttpDate,
  formatIsoBasic,
  formatIsoMillis,
  formatIsoSeconds,
  formatYmd,
  parseSigningDate,
} from './signing/time';
export type {
  ReceivedRequest,
  SecretLookup,
  SigningCredentials,
  VerificationFailure,
  VerificationResult,
  VerifyOptions,
} from './signing/types';

// --- signing: pop (rpc, roa, acs3) ---

export type { Acs3Body, Acs3QueryValue, Acs3SignInput, Acs3SignResult } from './signing/acs3';
export { signAcs3, verifyAcs3 } from './signing/acs3';
export type { PopRoaQueryValue, PopRoaSignInput, PopRoaSignResult } from './signing/pop-roa';
export { signPopRoa, verifyPopRoa } from './signing/pop-roa';
export type { PopRpcSignInput, PopRpcSignResult } from './signing/pop-rpc';
export { flattenPopParams, signPopRpc, verifyPopRpc } from './signing/pop-rpc';

// --- signing: oss ---

export type {
  OssAddress,
  OssAddressOptions,
  OssParamPair,
  OssParams,
  OssParamValue,
  OssSubresources,
  OssUrlParts,
} from './signing/oss-common';
export {
  isOssSignedSubresource,
  mimeTypeOf,
  normalizeOssParams,
  normalizeOssSubresources,
  OSS_OPERATION_SUBRESOURCES,
  OSS_SIGNED_SUBRESOURCES,
  ossDefaultContentType,
  ossObjectUrlPath,
  ossRequestUrl,
  ossSignatureVersionOf,
  ossV1CanonicalResource,
  resolveOssAddress,
} from './signing/oss-common';
export type {
  OssCallbackOptions,
  OssV1StringToSignParts,
  OssV1Target,
  PresignOssV1Input,
  PresignOssV1Result,
  SignOssV1Input,
  SignOssV1Result,
  VerifyOssOptions,
} from './signing/oss-v1';
export {
  ossV1CanonicalHeaders,
  ossV1Signature,
  ossV1StringToSign,
  presignOssV1,
  signOssV1,
  verifyOssV1,
} from './signing/oss-v1';
export type {
  OssV4CanonicalRequestParts,
  OssV4QueryCanonicalization,
  OssV4Target,
  PresignOssV4Input,
  PresignOssV4Result,
  SignOssV4Input,
  SignOssV4Result,
  VerifyOssV4Options,
} from './signing/oss-v4';
export {
  OSS_UNSIGNED_PAYLOAD,
  OSS_V4_ALGORITHM,
  ossV4AdditionalHeaders,
  ossV4CanonicalQuery,
  ossV4CanonicalRequest,
  ossV4CanonicalUri,
  ossV4Scope,
  ossV4Signature,
  ossV4StringToSign,
  presignOssV4,
  signOssV4,
  verifyOssV4,
} from './signing/oss-v4';

// --- signing: sls, tablestore, maxcompute ---

export {
  buildMaxComputeUrl,
  MAXCOMPUTE_V4_PREFIX,
  type MaxComputeQueryValue,
  type MaxComputeSignatureVersion,
  type MaxComputeSignInput,
  type MaxComputeSignResult,
  type MaxComputeVerifyOptions,
  maxComputeCanonicalResource,
  maxComputeCanonicalString,
  maxComputeRegionFromEndpoint,
  signMaxCompute,
  verifyMaxCompute,
} from './signing/maxcompute';
export {
  SLS_API_VERSION,
  type SlsQueryScalar,
  type SlsQueryValue,
  type SlsSignInput,
  type SlsSignResult,
  signSls,
  slsCanonicalizedHeaders,
  slsCanonicalizedResource,
  slsStringToSign,
  verifySls,
} from './signing/sls';
export {
  signTablestore,
  TABLESTORE_API_VERSION,
  type TablestoreSignInput,
  type TablestoreSignResult,
  tablestoreCanonicalHeaders,
  tablestoreOperationPath,
  tablestoreStringToSign,
  verifyTablestore,
} from './signing/tablestore';

// --- errors ---

export { type CreateSdkErrorOptions, createSdkError, type SdkErrorCode, sdkErrorCodes } from './errors/codes';
export type { ErrorResponse } from './errors/error-response';
export { type ErrorFormat, type ParseErrorResponseInput, parseErrorResponse } from './errors/parse-error-response';
export { parseMaxComputeError } from './errors/parse-maxcompute';
export { parseOssError } from './errors/parse-oss';
export { parsePopError } from './errors/parse-pop';
export { parseSlsError } from './errors/parse-sls';
export { parseTablestoreError } from './errors/parse-tablestore';
export {
  isClockSkewCode,
  isRetryableCode,
  isRetryableStatus,
  isThrottlingCode,
  type RetryableCodeList,
  retryableCodes,
  type ServiceFamily,
  serviceFamily,
} from './errors/retryable';
export { isSdkError, isServiceError, SdkError, type SdkErrorOptions } from './errors/sdk-error';

// --- logging and redaction ---

export {
  createStderrLogger,
  type LogLevel,
  noopLogger,
  resolveLogger,
  type StderrLoggerOptions,
} from './logging/create-logger';
export type { Logger } from './logging/logger';
export { isSafeKey, redactText, redactValue, registerSecret } from './logging/redact';

// --- http and retry ---

export { sleep } from './http/abort';
export type { CredentialedSigner, CredentialedSignFunction } from './http/credentialed-signer';
export { credentialedSigner } from './http/credentialed-signer';
export { isExpiredTokenError } from './http/expired-token';
export type {
  ErrorResponseParser,
  HttpClient,
  HttpClientOptions,
  HttpRequest,
  OutgoingRequest,
  RequestBody,
  RequestSigner,
  SignContext,
} from './http/http-client';
export { createHttpClient, DEFAULT_TIMEOUT_MS } from './http/http-client';
export type { HttpResponse } from './http/http-response';
export { createNodeHttpFetch, type NodeHttpFetchOptions } from './http/node-http-fetch';
export type { RetryBudget, RetryBudgetOptions } from './http/retry-budget';
export { createRetryBudget } from './http/retry-budget';
export type { RetryOptions } from './http/retry-policy';
export { DEFAULT_RETRY } from './http/retry-policy';

// --- endpoints ---

export { isKnownRegion, knownRegions } from './endpoints/known-regions';
export type { NormalizeEndpointOptions } from './endpoints/normalize-endpoint';
export { normalizeEndpoint } from './endpoints/normalize-endpoint';
export type { ProductEndpointOptions, StsEndpointOptions } from './endpoints/product-endpoints';
export {
  cmsEndpoint,
  dtsEndpoint,
  maxComputeEndpoint,
  maxComputeTunnelEndpoint,
  ossEndpoint,
  paiDlcEndpoint,
  paiEndpoint,
  slsEndpoint,
  stsEndpoint,
  tablestoreEndpoint,
} from './endpoints/product-endpoints';
export { REGION_ID_PATTERN, resolveEndpoint } from './endpoints/resolve-endpoint';
export type { EndpointNetwork, EndpointProduct, ResolvedEndpoint, ResolveEndpointOptions } from './endpoints/types';

// --- credentials ---

export type { ChainAttempt, NamedCredentialProvider } from './credentials/chain';
export { chain } from './credentials/chain';
export type { CliProfileOptions } from './credentials/cli-profile';
export { fromCliProfile } from './credentials/cli-profile';
export type { CredentialsFileOptions } from './credentials/credentials-file';
export { fromCredentialsFile } from './credentials/credentials-file';
export type {
  CredentialsReport,
  DefaultCredentialProvider,
  DefaultCredentialsOptions,
  DefaultProviderName,
} from './credentials/default-credentials';
export { DEFAULT_PROVIDER_NAMES, defaultCredentials } from './credentials/default-credentials';
export type { DetectEcsInstanceOptions } from './credentials/ecs-detect';
export { detectEcsInstance } from './credentials/ecs-detect';
export type { EnvCredentialsOptions } from './credentials/env';
export { fromEnv } from './credentials/env';
export type { EnvRecord } from './credentials/env-vars';
export { credentialsFailed, credentialsNotConfigured, isCredentialsNotConfigured } from './credentials/errors';
export type { MemoizedCredentialProvider, MemoizeOptions } from './credentials/memoize';
export { DEFAULT_REFRESH_JITTER_MS, DEFAULT_REFRESH_MARGIN_MS, memoize } from './credentials/memoize';
export type { NetworkCredentialsOptions } from './credentials/profile-delegates';
export { resolveCredentialProvider } from './credentials/resolve-credential-provider';
export type { StaticCredentialsOptions } from './credentials/static';
export { fromStatic } from './credentials/static';
export type { CredentialProvider, CredentialProviderCallOptions, Credentials } from './credentials/types';

// --- pollers ---

export { createPoller, DEFAULT_POLL_INTERVAL_MS } from './poller/create-poller';
export type {
  CreatePollerOptions,
  PollCallOptions,
  Poller,
  PollerSettings,
  PollOperation,
  PollUntilDoneOptions,
  ProgressListener,
} from './poller/types';

// --- credentials: network providers ---

export type { CredentialsUriOptions } from './credentials/credentials-uri';
export { fromCredentialsUri } from './credentials/credentials-uri';
export type { EcsRamRoleOptions } from './credentials/ecs-ram-role';
export { DEFAULT_ECS_METADATA_ENDPOINT, fromEcsRamRole } from './credentials/ecs-ram-role';
export type { OidcOptions } from './credentials/oidc';
export { fromOidc } from './credentials/oidc';
export type { RamRoleArnOptions, StsProviderOptions } from './credentials/ram-role-arn';
export { fromRamRoleArn } from './credentials/ram-role-arn';
export type {
  AssumedRole,
  AssumeRoleInput,
  AssumeRoleWithOidcInput,
  CallerIdentity,
  StsCallOptions,
  StsClientOptions,
  StsCredentials,
} from './credentials/sts-client';
export { assumeRole, assumeRoleWithOidc, getCallerIdentity, STS_API_VERSION } from './credentials/sts-client';

// --- paging ---

export type { CreatePageNumberIterableOptions, NumberedPage } from './paging/create-page-number-iterable';
export { createPageNumberIterable } from './paging/create-page-number-iterable';
export type { CreatePagedAsyncIterableOptions } from './paging/create-paged-async-iterable';
export { createPagedAsyncIterable } from './paging/create-paged-async-iterable';
export type { Page, PagedAsyncIterable, PagedAsyncIterableIterator, PageSettings, PageWithToken } from './paging/types';
