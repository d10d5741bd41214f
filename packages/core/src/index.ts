// Public surface of @alikit/core. Exports are listed by name (no `export *`).

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

// --- signing: oss ---

// --- signing: sls, tablestore, maxcompute ---

// --- errors ---

// --- logging and redaction ---

// --- http and retry ---

// --- endpoints ---
