/** An environment to read variables from: `process.env` or a test's own record. */
export type EnvRecord = Readonly<Record<string, string | undefined>>;

/** The value of an environment variable, with an empty string treated as unset (as the official SDK does). */
export function envValue(env: EnvRecord, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** True when the variable is `true`, in any case; every other value, or none, is false (official rule). */
export function envFlag(env: EnvRecord, name: string): boolean {
  return envValue(env, name)?.toLowerCase() === 'true';
}

/** The environment to use: the one passed in options, else `process.env` at the time of the call. */
export function envOf(env: EnvRecord | undefined): EnvRecord {
  if (env !== undefined && (typeof env !== 'object' || env === null)) {
    throw new TypeError('env must be an object mapping variable names to strings');
  }
  return env ?? process.env;
}
