/** The credentials a request is signed with. */
export interface Credentials {
  /** The AccessKey ID: names the key; not secret, so it may appear in logs and messages. */
  accessKeyId: string;
  /** The AccessKey secret signatures are computed with; never logged, never put in an error. */
  accessKeySecret: string;
  /** STS security token, for temporary credentials. */
  securityToken?: string | undefined;
  /** When temporary credentials stop working; absent for long-term access keys. */
  expiration?: Date | undefined;
  /**
   * Where they came from, as a path of provider names: `env`, `cli_profile/ram_role_arn/static_ak`,
   * `ecs_ram_role`. Shown in resolution reports and sent as `x-acs-credentials-provider` where the
   * signature covers it.
   */
  source: string;
  /**
   * How long before `expiration` the issuer recommends fetching new credentials, when that is more
   * than a cache's own margin. `fromEcsRamRole` sets one hour: the ECS metadata service hands out
   * new credentials an hour before the old ones expire (the official SDK's 3600 s prefetch).
   * `memoize(...)` refreshes at the larger of its `refreshMarginMs` and this value.
   * @defaultValue none: the cache's margin applies
   */
  refreshAheadMs?: number | undefined;
}

/**
 * Produces credentials on demand. A plain async function: compose with `chain(...)`, cache with
 * `memoize(...)`. Network-using providers honour the signal.
 */
export type CredentialProvider = (options?: CredentialProviderCallOptions) => Promise<Credentials>;

/** What a caller may pass when asking a provider for credentials. */
export interface CredentialProviderCallOptions {
  /** Stops waiting for a network-using provider; the call rejects with `signal.reason`. */
  signal?: AbortSignal | undefined;
}
