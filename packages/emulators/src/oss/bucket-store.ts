/** A bucket as the OSS emulator keeps it. */
export interface OssBucket {
  /** The bucket name (3–63 lower-case letters, digits and hyphens). */
  readonly name: string;
  /** When the bucket was created in the emulator. */
  readonly creationDate: Date;
  /** The bucket's default storage class; `Standard` unless given. */
  readonly storageClass: string;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** Whether a name follows the OSS bucket naming rules (3–63 lower-case letters, digits, hyphens). */
export function isValidBucketName(name: string): boolean {
  return BUCKET_NAME.test(name);
}

/** In-memory buckets, by name. */
export class OssBucketStore {
  readonly #buckets = new Map<string, OssBucket>();

  /**
   * Adds a bucket (or returns the existing one of that name).
   * @throws TypeError when the name breaks the OSS naming rules.
   */
  create(name: string, options: { storageClass?: string } = {}, now = new Date()): OssBucket {
    if (typeof name !== 'string' || !isValidBucketName(name)) {
      throw new TypeError(
        `bucket name must be 3-63 lower-case letters, digits or hyphens, starting and ending with a letter or digit: ${JSON.stringify(name)}`,
      );
    }
    const existing = this.#buckets.get(name);
    if (existing) return existing;
    const bucket = { name, creationDate: now, storageClass: options.storageClass ?? 'Standard' };
    this.#buckets.set(name, bucket);
    return bucket;
  }

  /** The bucket of that name, if any. */
  get(name: string): OssBucket | undefined {
    return this.#buckets.get(name);
  }

  /** Removes a bucket; `false` when there was none. */
  delete(name: string): boolean {
    return this.#buckets.delete(name);
  }

  /** Buckets in name order (OSS lists them alphabetically). */
  list(): OssBucket[] {
    return [...this.#buckets.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
