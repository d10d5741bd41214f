/** The shared signing-vector schema (`alicloud-signing-vectors/1`, spec: signing.md §0.1). */
export interface VectorBody {
  encoding: 'utf8' | 'base64';
  data: string;
}

export interface VectorInput {
  method: string;
  host: string;
  path: string;
  query: Record<string, unknown> | null;
  headers: Record<string, string> | null;
  body: VectorBody | null;
  accessKeyId: string;
  accessKeySecret: string;
  securityToken: string | null;
  time: string;
  nonce: string | null;
  region: string | null;
  product: string | null;
  extra: Record<string, unknown>;
}

export interface VectorOutput {
  canonicalRequest: string | null;
  stringToSign: string;
  signature: string;
  authorization: string | null;
  headers: Record<string, string> | null;
  query: Array<[string, string]> | null;
  url: string | null;
  body: string | null;
}

export interface VectorCase {
  id: string;
  description: string;
  notes: string[];
  input: VectorInput;
  output: VectorOutput;
}

export interface VectorFile {
  schema: 'alicloud-signing-vectors/1';
  algorithm: string;
  set: string;
  description: string;
  caseCount: number;
  cases: VectorCase[];
}

/** A checker for one algorithm: asserts (with vitest `expect`) that our implementation reproduces the case. */
export type VectorChecker = (c: VectorCase) => void;

/** Bytes of a vector body. */
export function vectorBodyBytes(body: VectorBody | null): Buffer | undefined {
  if (!body) return undefined;
  return Buffer.from(body.data, body.encoding === 'base64' ? 'base64' : 'utf8');
}

/** True when a case documents a place where ali-oss departs from the documented rules. */
export function isDivergence(c: VectorCase): boolean {
  return c.notes.some((n) => n.startsWith('divergence:'));
}
