import { parseArgs } from 'node:util';
import { CATALOG_VERSION } from '../catalog/version';
import { type EvaluationResult, evaluate } from '../evaluate';
import { formatFindings } from '../lint/format-findings';
import { hasFindingsAtOrAbove, lintPolicy } from '../lint/lint-policy';
import { type Finding, SEVERITIES, type Severity } from '../lint/types';
import { parsePolicy } from '../parse';
import type { Policy } from '../policy';
import { PolicyParseError } from '../policy-parse-error';
import type { PolicyKind } from '../types';
import { CLI_USAGE } from './usage';

/** Where the command line reads and writes; injected so tests need no real files or streams. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Reads a file as UTF-8 text. */
  readFile(path: string): Promise<string>;
  /** Reads standard input to the end (for the file name `-`). */
  readStdin(): Promise<string>;
}

/** The command line is wrong: exit 2 with the usage. */
class UsageError extends Error {}

/** An input could not be used (unreadable file, invalid policy): exit 2 without the usage. */
class InputError extends Error {}

interface Options {
  command: 'lint' | 'simulate' | 'help';
  files: string[];
  json: boolean;
  failOn: Severity;
  maxSize: number | undefined;
  kind: PolicyKind | 'auto';
  action: string | undefined;
  resource: string | undefined;
  context: Record<string, string | string[]>;
}

function parseCommandLine(argv: readonly string[]): Options {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return { ...DEFAULTS, command: 'help' };
  const [command, ...files] = positionals;
  if (command !== 'lint' && command !== 'simulate') {
    throw new UsageError(
      command === undefined ? 'name a command: lint or simulate' : `unknown command "${command}"; use lint or simulate`,
    );
  }
  if (files.length === 0) throw new UsageError(`${command} needs a policy file (or - for standard input)`);
  const failOn = (values['fail-on'] ?? 'error') as Severity;
  if (!SEVERITIES.includes(failOn))
    throw new UsageError(`--fail-on must be one of ${SEVERITIES.join(', ')}, not "${failOn}"`);
  let maxSize: number | undefined;
  if (values['max-size'] !== undefined) {
    maxSize = Number(values['max-size']);
    if (!Number.isInteger(maxSize) || maxSize <= 0)
      throw new UsageError(`--max-size must be a positive integer, not "${values['max-size']}"`);
  }
  const kind = (values.kind ?? 'auto') as PolicyKind | 'auto';
  if (!['auto', 'identity', 'trust'].includes(kind))
    throw new UsageError(`--kind must be auto, identity or trust, not "${kind}"`);
  const context: Record<string, string | string[]> = {};
  for (const pair of values.context ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--context takes <key>=<value>, e.g. acs:SourceIp=192.0.2.7, not "${pair}"`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    const prev = context[key];
    context[key] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  }
  if (command === 'simulate') {
    if (!values.action) throw new UsageError('simulate needs --action, e.g. --action ecs:StartInstance');
    if (!values.resource)
      throw new UsageError('simulate needs --resource, e.g. --resource acs:ecs:*:*:instance/i-example');
  } else if (values.action || values.resource || values.context) {
    throw new UsageError('--action, --resource and --context belong to simulate');
  }
  return {
    command,
    files,
    json: values.json ?? false,
    failOn,
    maxSize,
    kind,
    action: values.action,
    resource: values.resource,
    context,
  };
}

const OPTIONS = {
  json: { type: 'boolean' },
  'fail-on': { type: 'string' },
  'max-size': { type: 'string' },
  kind: { type: 'string' },
  action: { type: 'string' },
  resource: { type: 'string' },
  context: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

const DEFAULTS: Omit<Options, 'command'> = {
  files: [],
  json: false,
  failOn: 'error',
  maxSize: undefined,
  kind: 'auto',
  action: undefined,
  resource: undefined,
  context: {},
};

async function readAll(files: readonly string[], io: CliIo): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of files) {
    if (texts.has(file)) continue;
    try {
      texts.set(file, file === '-' ? await io.readStdin() : await io.readFile(file));
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException)?.code ?? (error instanceof Error ? error.message : String(error));
      throw new InputError(`cannot read ${file}: ${reason}`);
    }
  }
  return texts;
}

function displayName(file: string): string {
  return file === '-' ? '<stdin>' : file;
}

function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

async function runLint(options: Options, io: CliIo): Promise<number> {
  const texts = await readAll(options.files, io);
  const results = options.files.map((file) => ({
    file: displayName(file),
    findings: lintPolicy(texts.get(file), {
      kind: options.kind,
      ...(options.maxSize ? { sizeLimit: options.maxSize } : {}),
    }),
  }));
  const all = results.flatMap((r) => r.findings);
  const failed = hasFindingsAtOrAbove(all, options.failOn);
  const summary = countBySeverity(all);
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify({ catalogVersion: CATALOG_VERSION, failOn: options.failOn, failed, summary, files: results }, null, 2)}\n`,
    );
    return failed ? 1 : 0;
  }
  for (const line of formatFindings(results, { failOn: options.failOn })) io.stdout.write(`${line}\n`);
  return failed ? 1 : 0;
}

function describeDecision(result: EvaluationResult, options: Options): string {
  switch (result.decision) {
    case 'allow':
      return `allowed: ${options.action} on ${options.resource}`;
    case 'explicitDeny':
      return `denied explicitly: a Deny statement matches ${options.action} on ${options.resource}`;
    default:
      return result.unevaluated.some((u) => u.effect === 'Deny')
        ? `denied: a Deny statement may match ${options.action} on ${options.resource} but could not be evaluated`
        : `denied implicitly: no statement allows ${options.action} on ${options.resource}`;
  }
}

async function runSimulate(options: Options, io: CliIo): Promise<number> {
  const texts = await readAll(options.files, io);
  const policies: Policy[] = [];
  for (const file of options.files) {
    try {
      policies.push(parsePolicy(texts.get(file), { kind: options.kind }));
    } catch (error) {
      if (!(error instanceof PolicyParseError)) throw error;
      const where = error.line === undefined ? displayName(file) : `${displayName(file)}:${error.line}:${error.column}`;
      throw new InputError(
        `${where}: not a valid policy: ${error.errors[0]?.message ?? error.message} (at ${error.path}); run lint for details`,
      );
    }
  }
  const request = { action: options.action as string, resource: options.resource as string, context: options.context };
  let result: EvaluationResult;
  try {
    result = evaluate({ policies, request });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message.replace(/^evaluate: request\./, '--'));
    throw error;
  }
  const file = (i: number) => displayName(options.files[i] ?? '');
  if (options.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          decision: result.decision,
          request,
          matched: result.matched.map((m) => ({ file: file(m.policyIndex), path: m.path, effect: m.effect })),
          unevaluated: result.unevaluated.map((u) => ({ file: file(u.policyIndex), ...u, policyIndex: undefined })),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    io.stdout.write(`decision: ${result.decision}\n  ${describeDecision(result, options)}\n`);
    if (result.matched.length > 0) {
      io.stdout.write('matched statements:\n');
      for (const m of result.matched) io.stdout.write(`  ${m.effect.padEnd(5)} ${file(m.policyIndex)} ${m.path}\n`);
    }
    if (result.unevaluated.length > 0) {
      io.stdout.write('conditions not evaluated:\n');
      for (const u of result.unevaluated)
        io.stdout.write(`  ${u.effect.padEnd(5)} ${file(u.policyIndex)} ${u.path}: ${u.message}\n`);
    }
  }
  return result.decision === 'allow' ? 0 : 1;
}

/**
 * Runs `alikit-ram-policy` with the given arguments (without the program name) and returns the
 * exit code: 0 clean / allowed, 1 findings at or above `--fail-on` / denied, 2 wrong usage or
 * unreadable input.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const options = parseCommandLine(argv);
    if (options.command === 'help') {
      io.stdout.write(CLI_USAGE);
      return 0;
    }
    return options.command === 'lint' ? await runLint(options, io) : await runSimulate(options, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`alikit-ram-policy: ${error.message}\n\n${CLI_USAGE}`);
      return 2;
    }
    if (error instanceof InputError) {
      io.stderr.write(`alikit-ram-policy: ${error.message}\n`);
      return 2;
    }
    io.stderr.write(`alikit-ram-policy: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}
