import { formatIsoBasic, formatYmd, OSS_V4_ALGORITHM, ossV4Signature, type SigningCredentials } from '@alikit/core';

/** Inputs of {@link buildPostPolicy}. */
export interface PostPolicyInput {
  bucket: string;
  keyPrefix: string;
  min: number;
  max: number;
  credentials: SigningCredentials;
  region: string;
  now: Date;
  expiresInSeconds: number;
}

/**
 * A V4 POST policy (OSS PostObject with `x-oss-signature-version: OSS4-HMAC-SHA256`): the policy
 * document lists the bucket, the key prefix, the size range and the signing fields; the
 * signature is HMAC-SHA256 of the base64 policy under the `aliyun_v4` key of the day and region.
 */
export function buildPostPolicy(input: PostPolicyInput): { fields: Record<string, string>; expiresAt: Date } {
  const region = input.region.replace(/^oss-/, '');
  const ymd = formatYmd(input.now);
  const date = formatIsoBasic(input.now);
  const credential = `${input.credentials.accessKeyId}/${ymd}/${region}/oss/aliyun_v4_request`;
  const expiresAt = new Date(input.now.getTime() + input.expiresInSeconds * 1000);
  const conditions: unknown[] = [
    { bucket: input.bucket },
    ['starts-with', '$key', input.keyPrefix],
    ['content-length-range', input.min, input.max],
    { 'x-oss-signature-version': OSS_V4_ALGORITHM },
    { 'x-oss-credential': credential },
    { 'x-oss-date': date },
  ];
  if (input.credentials.securityToken) conditions.push({ 'x-oss-security-token': input.credentials.securityToken });
  const policy = Buffer.from(
    JSON.stringify({ expiration: expiresAt.toISOString().replace(/\.\d{3}Z$/, '.000Z'), conditions }),
    'utf8',
  ).toString('base64');
  const signature = ossV4Signature(input.credentials.accessKeySecret, ymd, region, 'oss', policy);
  const fields: Record<string, string> = {
    policy,
    'x-oss-signature-version': OSS_V4_ALGORITHM,
    'x-oss-credential': credential,
    'x-oss-date': date,
    'x-oss-signature': signature,
  };
  if (input.credentials.securityToken) fields['x-oss-security-token'] = input.credentials.securityToken;
  return { fields, expiresAt };
}
