import { readFile as readFileFromDisk } from 'node:fs/promises';
import { homedir } from 'node:os';

/** Reads a whole text file (UTF-8); rejects like `fs.promises.readFile` (an error with `code`). */
export type ReadTextFile = (path: string) => Promise<string>;

/** What the file-based providers share: where home is and how to read a file. */
export interface FileSourceOptions {
  /** The home directory the default paths are under. @defaultValue `os.homedir()` */
  homeDir?: string | undefined;
  /** Reads a file as UTF-8 text. @defaultValue `fs.promises.readFile(path, 'utf8')` */
  readFile?: ReadTextFile | undefined;
}

/** The default file reader. */
export const readTextFile: ReadTextFile = (path) => readFileFromDisk(path, 'utf8');

/** Checks the shared options before any I/O. */
export function checkFileSourceOptions(name: string, options: FileSourceOptions): void {
  if (options.homeDir !== undefined && (typeof options.homeDir !== 'string' || options.homeDir === '')) {
    throw new TypeError(`${name}: homeDir must be a non-empty string`);
  }
  if (options.readFile !== undefined && typeof options.readFile !== 'function') {
    throw new TypeError(`${name}: readFile must be a function`);
  }
}

/** The home directory to use; `undefined` when none is known. */
export function homeOf(options: FileSourceOptions): string | undefined {
  if (options.homeDir !== undefined) return options.homeDir;
  try {
    const home = homedir();
    return home === '' ? undefined : home;
  } catch {
    return undefined;
  }
}

/** True for the errors that mean "there is no such file" (as opposed to "it cannot be read"). */
export function isMissingFile(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** A short, secret-free description of a read failure: the error code, else its message. */
export function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' && code !== '') return code;
  return error instanceof Error ? error.message : String(error);
}

/** The line and column of a JSON syntax error, from the position in its message, when there is one. */
export function jsonErrorLocation(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return ` (line ${lineColumn[1]}, column ${lineColumn[2]})`;
  const position = /position (\d+)/.exec(message);
  if (!position) return '';
  const offset = Number(position[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return ` (line ${line}, column ${column})`;
}
