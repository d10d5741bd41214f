/** Shapes shared by every signer and verifier. */

/** The secret half of a credential, as a signer needs it. */
export interface SigningCredentials {
  /** The AccessKey ID, sent with the signature so the server can find the secret. */
  accessKeyId: string;
  /** The AccessKey secret the HMAC is keyed with; never sent, never logged. */
  accessKeySecret: string;
  /** STS security token, carried as each algorithm specifies (signing.md §1.5). */
  securityToken?: string | undefined;
}

/**
 * A request as a server received it, before any interpretation: what a verifier needs.
 * `url` is the request target exactly as sent (path and query, still percent-encoded).
 * `rawHeaders` keeps the sender's spelling and order (Node's `req.rawHeaders`), because some
 * algorithms are case-sensitive about header names.
 */
export interface ReceivedRequest {
  /** The HTTP method as received (`GET`, `PUT`, ...). */
  method: string;
  /** The request target exactly as received: path and query, still percent-encoded. */
  url: string;
  /** Header names and values alternating, in the sender's spelling and order (Node's `req.rawHeaders`). */
  rawHeaders: readonly string[];
  /** The received body, when the algorithm needs it (a body digest or form parameters); `undefined` if not read. */
  body?: Uint8Array | undefined;
}

/** Why a verifier refused a request. Each emulator maps these to its service's own error code. */
export type VerificationFailure =
  /** No signature at all (no Authorization header, no signature parameter). */
  | 'MissingSignature'
  /** The Authorization header or signature parameters are present but malformed. */
  | 'InvalidAuthorization'
  /** The access key id is unknown to the verifier's key lookup. */
  | 'InvalidAccessKeyId'
  /** The signature does not match the one computed with the secret. */
  | 'SignatureDoesNotMatch'
  /** The request date is missing or too far from the server clock. */
  | 'RequestTimeTooSkewed'
  /** A presigned URL whose expiry has passed. */
  | 'RequestExpired'
  /** A body digest header (Content-MD5 and the like) does not match the body. */
  | 'ContentDigestMismatch';

/**
 * What a verifier decided: `ok: true` with the signer's access key id, or `ok: false` with the reason and a message.
 */
export type VerificationResult =
  | {
      /** The signature is valid. */
      ok: true;
      /** The access key id that signed the request. */
      accessKeyId: string;
      /** The STS security token the request carried, if any. */
      securityToken?: string | undefined;
      /** The string-to-sign that matched. */
      stringToSign: string;
    }
  | {
      /** The request was refused. */
      ok: false;
      /** Why, as a code each emulator maps to its service's own error. */
      reason: VerificationFailure;
      /** One line a person can act on; never contains the secret or the expected signature. */
      message: string;
      /** The access key id the request claimed, when it could be read. */
      accessKeyId?: string | undefined;
      /** What the verifier signed: lets a caller see where its canonicalisation differs. */
      expectedStringToSign?: string | undefined;
    };

/** Looks up the secret of an access key id; `undefined` for an unknown key. */
export type SecretLookup = (accessKeyId: string) => string | undefined;

/** Clock settings shared by every signature verifier. */
export interface VerifyOptions {
  /** The server clock. @defaultValue `() => new Date()` */
  now?: () => Date;
  /** How far the request date may be from `now`. @defaultValue 900_000 (15 minutes) */
  maxSkewMs?: number;
}
