/** A log project as the SLS emulator keeps it. */
export interface SlsProject {
  /** The project's name: 3–63 characters of lower-case letters, digits and `-`. */
  readonly projectName: string;
  /** The project's description; empty when none was given. */
  readonly description: string;
  /** When the project was created, by the emulators' clock. */
  readonly createTime: Date;
  /** When the project was last changed, by the emulators' clock. */
  readonly lastModifyTime: Date;
}

const PROJECT_NAME = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** In-memory log projects, by name. */
export class SlsProjectStore {
  readonly #projects = new Map<string, SlsProject>();

  /**
   * Adds a project (or returns the existing one of that name).
   * @throws TypeError when the name is not 3–63 lower-case letters, digits and hyphens.
   */
  create(projectName: string, description = '', now = new Date()): SlsProject {
    if (typeof projectName !== 'string' || !PROJECT_NAME.test(projectName)) {
      throw new TypeError(
        `project name must be 3-63 lower-case letters, digits or hyphens, starting and ending with a letter or digit: ${JSON.stringify(projectName)}`,
      );
    }
    const existing = this.#projects.get(projectName);
    if (existing) return existing;
    const project = { projectName, description, createTime: now, lastModifyTime: now };
    this.#projects.set(projectName, project);
    return project;
  }

  /** The project of that name, if any. */
  get(projectName: string): SlsProject | undefined {
    return this.#projects.get(projectName);
  }

  /** Projects sorted by name. */
  list(): SlsProject[] {
    return [...this.#projects.values()].sort((a, b) => (a.projectName < b.projectName ? -1 : 1));
  }
}
