import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/cli/main';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const SEED = fixture('seed-policy.json');
const ADMIN = fixture('admin-policy.json');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], files: Record<string, string> = {}, stdin = ''): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    readFile: async (path) => (path in files ? (files[path] as string) : readFile(path, 'utf8')),
    readStdin: async () => stdin,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('alikit-ram-policy lint', () => {
  it('passes a clean policy with exit code 0', async () => {
    const r = await run(['lint', SEED]);
    expect(r).toEqual({
      code: 0,
      stdout: `${SEED}: no findings\n0 findings (0 errors, 0 warnings, 0 info); passes\n`,
      stderr: '',
    });
  });

  it('prints a finding with file, line, column, severity, code, path and message', async () => {
    const r = await run(['lint', 'admin.json'], {
      'admin.json':
        '{\n  "Version": "1",\n  "Statement": [\n    { "Effect": "Allow", "Action": "*", "Resource": "*" }\n  ]\n}\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'admin.json:4:5: warning full-access at $.Statement[0]\n' +
        '    the statement allows every action ("Action": "*") on every resource ("Resource": "*"), i.e. administrator access; list the actions and resources needed instead\n' +
        '1 finding (0 errors, 1 warning, 0 info); passes: nothing at or above error\n',
    );
  });

  it('fails at the --fail-on threshold', async () => {
    expect((await run(['lint', ADMIN, '--fail-on', 'warning'])).code).toBe(1);
    expect((await run(['lint', ADMIN, '--fail-on', 'info'])).code).toBe(1);
    expect((await run(['lint', ADMIN, '--fail-on', 'error'])).code).toBe(0);
  });

  it('writes JSON for machines', async () => {
    const r = await run(['lint', ADMIN, '--json', '--fail-on', 'warning']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      catalogVersion: expect.any(String),
      failOn: 'warning',
      failed: true,
      summary: { error: 0, warning: 1, info: 0 },
    });
    expect(out.files[0].findings[0]).toMatchObject({
      code: 'full-access',
      severity: 'warning',
      path: '$.Statement[0]',
      line: 4,
      column: 5,
    });
  });

  it('reports text that is not JSON as an error finding (exit 1)', async () => {
    const r = await run(['lint', 'broken.json'], { 'broken.json': '{"Version": "1",' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('broken.json:1:17: error ERR_POLICY_JSON_SYNTAX at $');
  });

  it('applies --max-size and --kind', async () => {
    expect((await run(['lint', SEED, '--max-size', '100'])).stdout).toContain('policy-too-large');
    const trust = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { Service: 'ecs.aliyuncs.com' } }],
    });
    expect((await run(['lint', 't.json'], { 't.json': trust })).code).toBe(0);
    expect((await run(['lint', 't.json', '--kind', 'identity'], { 't.json': trust })).code).toBe(1);
  });

  it('reads standard input for -', async () => {
    const r = await run(['lint', '-'], {}, await readFile(SEED, 'utf8'));
    expect(r.stdout).toContain('<stdin>: no findings');
  });

  it('exits 2 for a file it cannot read', async () => {
    const r = await run(['lint', '/nonexistent/policy.json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('alikit-ram-policy: cannot read /nonexistent/policy.json: ENOENT\n');
  });
});

describe('alikit-ram-policy simulate', () => {
  const startProd = ['--action', 'ecs:StartInstance', '--resource', 'acs:ecs:cn-hangzhou:123456789012:instance/i-web1'];

  it('exits 0 when allowed and names the statement', async () => {
    const r = await run(['simulate', SEED, ...startProd, '--context', 'ecs:tag/Environment=Production']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `decision: allow\n  allowed: ecs:StartInstance on acs:ecs:cn-hangzhou:123456789012:instance/i-web1\nmatched statements:\n  Allow ${SEED} $.Statement[0]\n`,
    );
  });

  it('exits 1 when denied, implicitly or explicitly', async () => {
    const implicit = await run(['simulate', SEED, ...startProd]);
    expect(implicit.code).toBe(1);
    expect(implicit.stdout).toContain('denied implicitly: no statement allows ecs:StartInstance');
    const deny = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Deny', Action: 'ecs:Start*', Resource: '*' }] });
    const explicit = await run(
      ['simulate', SEED, 'deny.json', ...startProd, '--context', 'ecs:tag/Environment=Production', '--json'],
      { 'deny.json': deny },
    );
    expect(explicit.code).toBe(1);
    expect(JSON.parse(explicit.stdout)).toMatchObject({
      decision: 'explicitDeny',
      matched: [
        { file: SEED, path: '$.Statement[0]', effect: 'Allow' },
        { file: 'deny.json', path: '$.Statement[0]', effect: 'Deny' },
      ],
      unevaluated: [],
    });
  });

  it('passes repeated --context keys as several values', async () => {
    const policy = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'k:tags': 'b' } } }],
    });
    const r = await run(
      [
        'simulate',
        'p.json',
        '--action',
        'a:b',
        '--resource',
        'r',
        '--context',
        'k:tags=a',
        '--context',
        'k:tags=b',
        '--json',
      ],
      { 'p.json': policy },
    );
    expect(JSON.parse(r.stdout).request.context).toEqual({ 'k:tags': ['a', 'b'] });
    expect(r.code).toBe(0);
  });

  it('shows conditions it could not evaluate', async () => {
    const policy = JSON.stringify({
      Version: '1',
      Statement: [
        { Effect: 'Allow', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'acs:MFAPresent': 'true' } } },
      ],
    });
    const r = await run(['simulate', 'p.json', '--action', 'ecs:StartInstance', '--resource', 'r'], {
      'p.json': policy,
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'conditions not evaluated:\n  Allow p.json $.Statement[0].Condition.BoolIfExists["acs:MFAPresent"]: BoolIfExists is not a condition operator RAM documents',
    );
  });

  it('exits 2 for a policy that is not valid', async () => {
    const r = await run(['simulate', 'bad.json', ...startProd], {
      'bad.json': '{"Version":"1","Statement":[{"Effect":"allow","Action":"*","Resource":"*"}]}',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'alikit-ram-policy: bad.json:1:30: not a valid policy: Effect must be "Allow" or "Deny" (case matters), not "allow" (at $.Statement[0].Effect); run lint for details\n',
    );
  });
});

describe('alikit-ram-policy usage', () => {
  it.each([
    [[], 'name a command'],
    [['check', SEED], 'unknown command "check"'],
    [['lint'], 'lint needs a policy file'],
    [['lint', SEED, '--fail-on', 'fatal'], '--fail-on must be one of error, warning, info'],
    [['lint', SEED, '--max-size', 'big'], '--max-size must be a positive integer'],
    [['lint', SEED, '--kind', 'resource'], '--kind must be auto, identity or trust'],
    [['lint', SEED, '--action', 'ecs:StartInstance'], 'belong to simulate'],
    [['lint', SEED, '--bogus'], "Unknown option '--bogus'"],
    [['simulate', SEED, '--resource', '*'], 'simulate needs --action'],
    [['simulate', SEED, '--action', 'ecs:StartInstance'], 'simulate needs --resource'],
    [['simulate', SEED, '--action', 'StartInstance', '--resource', '*'], '--action must look like "ecs:StartInstance"'],
    [['simulate', SEED, '--action', 'a:b', '--resource', '*', '--context', 'novalue'], '--context takes <key>=<value>'],
  ])('%j exits 2 with a message and the usage', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('Usage:');
  });

  it('prints the usage, with the exit codes, for --help', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Exit codes:');
  });
});

describe('the alikit-ram-policy binary', () => {
  it('runs as a process and exits with the lint verdict', async () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve) => {
      execFile(
        'npx',
        ['tsx', 'packages/ram-policy/src/cli.ts', 'lint', ADMIN, '--fail-on', 'warning'],
        { cwd: root, timeout: 60_000 },
        (error, stdout) => {
          resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout });
        },
      );
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('warning full-access at $.Statement[0]');
  });
});
