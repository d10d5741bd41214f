import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Where resumable transfers keep their progress. Values are plain JSON objects; a store only
 * needs to keep them by id. Implement it to keep checkpoints in a database or a KV store.
 */
export interface CheckpointStore {
  /** The checkpoint saved under `id`, or `undefined`. */
  load(id: string): Promise<unknown>;
  /** Saves (replaces) the checkpoint under `id`. */
  save(id: string, checkpoint: unknown): Promise<void>;
  /** Forgets `id` (no error when absent). */
  delete(id: string): Promise<void>;
}

/** The folder the default checkpoint store uses: `<os tmpdir>/alikit-oss-checkpoints`. */
export function defaultCheckpointDir(): string {
  return join(tmpdir(), 'alikit-oss-checkpoints');
}

/**
 * A {@link CheckpointStore} keeping one JSON file per transfer in `dir`, written atomically
 * (temporary file + rename) so a process killed mid-write never leaves a torn checkpoint.
 * @param dir the folder. @defaultValue {@link defaultCheckpointDir}
 */
export function fileCheckpointStore(dir: string = defaultCheckpointDir()): CheckpointStore {
  if (typeof dir !== 'string' || dir === '') throw new TypeError('dir must be a non-empty string');
  const fileOf = (id: string) => join(dir, `${createHash('sha256').update(id).digest('hex').slice(0, 40)}.json`);
  return {
    async load(id) {
      try {
        return JSON.parse(await readFile(fileOf(id), 'utf8')) as unknown;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError) return undefined;
        throw error;
      }
    },
    async save(id, checkpoint) {
      await mkdir(dir, { recursive: true });
      const file = fileOf(id);
      const temp = `${file}.${process.pid}.tmp`;
      await writeFile(temp, JSON.stringify(checkpoint));
      await rename(temp, file);
    },
    async delete(id) {
      await rm(fileOf(id), { force: true });
    },
  };
}

/** Serialises checkpoint writes so a slow earlier save never overwrites a later one. */
export class CheckpointWriter {
  readonly #store: CheckpointStore | undefined;
  readonly #id: string;
  #chain: Promise<void> = Promise.resolve();

  constructor(store: CheckpointStore | undefined, id: string) {
    this.#store = store;
    this.#id = id;
  }

  get enabled(): boolean {
    return this.#store !== undefined;
  }

  load(): Promise<unknown> {
    return this.#store ? this.#store.load(this.#id) : Promise.resolve(undefined);
  }

  save(snapshot: unknown): Promise<void> {
    const store = this.#store;
    if (!store) return Promise.resolve();
    this.#chain = this.#chain.then(() => store.save(this.#id, snapshot));
    return this.#chain;
  }

  async delete(): Promise<void> {
    if (!this.#store) return;
    await this.#chain.catch(() => undefined);
    await this.#store.delete(this.#id);
  }
}
