/** A MaxCompute project as the emulator keeps it. */
export interface MaxComputeProject {
  /** The project name (3–28 letters, digits and underscores, starting with a letter). */
  readonly name: string;
  /** The project description; `''` when none was given. */
  readonly comment: string;
  /** The owner account reported by the emulator; `ALIYUN$emulator@example.com` unless given. */
  readonly owner: string;
  /** When the project was created in the emulator. */
  readonly creationTime: Date;
  /** When the project last changed; equals `creationTime` in the emulator. */
  readonly lastModifiedTime: Date;
}

const PROJECT_NAME = /^[A-Za-z][A-Za-z0-9_]{2,27}$/;

/** In-memory MaxCompute projects, by name. */
export class MaxComputeProjectStore {
  readonly #projects = new Map<string, MaxComputeProject>();

  /**
   * Adds a project (or returns the existing one of that name).
   * @throws TypeError when the name is not 3–28 letters, digits and underscores starting with a letter.
   */
  create(name: string, options: { comment?: string; owner?: string } = {}, now = new Date()): MaxComputeProject {
    if (typeof name !== 'string' || !PROJECT_NAME.test(name)) {
      throw new TypeError(
        `project name must be 3-28 letters, digits or underscores starting with a letter: ${JSON.stringify(name)}`,
      );
    }
    const existing = this.#projects.get(name);
    if (existing) return existing;
    const project = {
      name,
      comment: options.comment ?? '',
      owner: options.owner ?? 'ALIYUN$emulator@example.com',
      creationTime: now,
      lastModifiedTime: now,
    };
    this.#projects.set(name, project);
    return project;
  }

  /** Every project, by name. */
  list(): MaxComputeProject[] {
    return [...this.#projects.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** The project of that name, if any. */
  get(name: string): MaxComputeProject | undefined {
    return this.#projects.get(name);
  }
}
