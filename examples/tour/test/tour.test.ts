import { describe, expect, it } from 'vitest';
import type { CheckResult, StepResult, TourStep } from '../src/step';
import { credentialsStep } from '../src/steps/credentials';
import { CREATE_INSTANCE_PARAMS, genericPopStep } from '../src/steps/generic-pop';
import { ramPolicyStep, SIMULATIONS } from '../src/steps/ram-policy';
import { checkSignatureFamily, signatureFamilies } from '../src/steps/signatures';
import { runTour } from '../src/tour';

/** Every signature family and the code its service answers a tampered request with. */
const EXPECTED_REJECTIONS: Record<string, { code: string; status: number }> = {
  'POP RPC v1': { code: 'SignatureDoesNotMatch', status: 400 },
  'POP ROA v1': { code: 'SignatureDoesNotMatch', status: 400 },
  'ACS3-HMAC-SHA256': { code: 'SignatureDoesNotMatch', status: 400 },
  'OSS V1 header': { code: 'SignatureDoesNotMatch', status: 403 },
  'OSS V1 presigned URL': { code: 'SignatureDoesNotMatch', status: 403 },
  'OSS V4 header': { code: 'SignatureDoesNotMatch', status: 403 },
  'OSS V4 presigned URL': { code: 'SignatureDoesNotMatch', status: 403 },
  SLS: { code: 'SignatureNotMatch', status: 401 },
  Tablestore: { code: 'OTSAuthFailed', status: 403 },
  'MaxCompute legacy': { code: 'SignatureNotMatch', status: 401 },
  'MaxCompute v4': { code: 'SignatureNotMatch', status: 401 },
};
const FAMILIES = Object.keys(EXPECTED_REJECTIONS);

describe('runTour', () => {
  it('has every signature family accepted, and every tampered copy rejected with the service code', async () => {
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line) });

    expect(result.ok).toBe(true);
    expect(result.steps.map((step) => step.name)).toEqual(['signatures', 'credentials', 'generic-pop', 'ram-policy']);
    const [signatures] = result.steps;
    expect(signatures?.ok).toBe(true);
    expect(signatures?.checks).toHaveLength(FAMILIES.length * 2);

    for (const family of FAMILIES) {
      const [accepted, tampered, ...extra] = signatures?.checks.filter((check) => check.subject === family) ?? [];
      expect(extra, family).toEqual([]);
      expect(accepted, family).toMatchObject({ ok: true, expected: 'accepted', outcome: 'accepted', status: 200 });
      expect(accepted?.requestId, family).toMatch(/^[0-9A-Fa-f-]{24,36}$/);
      const { code, status } = EXPECTED_REJECTIONS[family]!;
      expect(tampered, family).toMatchObject({ ok: true, expected: code, outcome: code, status });
      expect(tampered?.action, family).toMatch(/^tampered \(.+\)$/);
      expect(tampered?.requestId, family).toMatch(/^[0-9A-Fa-f-]{24,36}$/);
      // The SdkError message names the code, status and request id in its one-line form.
      expect(tampered?.errorMessage, family).toContain(`failed: ${code} (${status}), requestId=${tampered?.requestId}`);
    }

    expect(lines).toContain(
      '✔ OSS V4 header         ListBuckets accepted (200, 1 bucket, requestId ' +
        `${signatures?.checks.find((c) => c.subject === 'OSS V4 header')?.requestId})`,
    );
    expect(lines.some((line) => /^ {2}maxcompute {2}http:\/\/127\.0\.0\.1:\d+\/api$/.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^✔ Tour passed: 35\/35 checks in 4 steps, \d+\.\d s$/);
    // Secrets never reach the report.
    expect(lines.join('\n')).not.toContain('NotTheExampleSecret');
  });

  it('resolves credentials as on ECS, explains a machine without any, and uses the temporary key', async () => {
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [credentialsStep] });

    expect(result.ok).toBe(true);
    const checks = stepChecks(result.steps, 'credentials');
    expect(checks.map((c) => [c.ok, c.subject, c.action, c.outcome])).toEqual([
      [true, 'default credentials', 'on ECS', 'ecs_ram_role'],
      [true, 'default credentials', 'nothing configured', 'ERR_CREDENTIALS'],
      [true, 'OSS V4 (ECS role key)', 'ListBuckets with its security token', 'accepted'],
      [true, 'OSS V4 (ECS role key)', 'ListBuckets without its token', 'InvalidAccessKeyId'],
    ]);
    expect(checks[2]).toMatchObject({ status: 200, summary: '0 buckets' });
    expect(checks[3]).toMatchObject({ status: 403 });

    // The report of the ECS resolution: one line per provider asked, the ECS provider winning.
    const ecsReport = lines.indexOf('✔ default credentials   on ECS → ecs_ram_role as expected');
    expect(ecsReport).toBeGreaterThan(0);
    expect(lines[ecsReport + 1]).toMatch(
      /^ {4}credentials\.lastReport: winner ecs_ram_role, 5 providers asked in \d+\.\d ms$/,
    );
    expect(lines.slice(ecsReport + 2, ecsReport + 7).map((l) => l.trim().split(/ +/).slice(0, 2))).toEqual([
      ['env', 'skipped'],
      ['oidc_role_arn', 'skipped'],
      ['cli_profile', 'skipped'],
      ['profile', 'skipped'],
      ['ecs_ram_role', 'resolved'],
    ]);
    expect(lines[ecsReport + 7]).toMatch(/^ {4}source default\/ecs_ram_role, access key id STS\.\S+$/);

    // Nothing configured: the one-line message, cut before each provider, then the report.
    expect(lines).toContain(
      '      credentials default failed: ERR_CREDENTIALS: no credentials provider is configured:',
    );
    expect(lines).toContain('        cli_profile (skipped): no file at ~/.aliyun/config.json;');
    expect(lines).toContain('        credential_uri (skipped): ALIBABA_CLOUD_CREDENTIALS_URI is not set');
    expect(lines.some((l) => /^ {4}credentials\.lastReport: no winner, 6 providers asked in \d+\.\d ms$/.test(l))).toBe(
      true,
    );
    expect(
      lines.some((l) =>
        /^ {6}ecs_ram_role {3}skipped +\d+\.\d ms {2}ALIBABA_CLOUD_ECS_METADATA is not set and this machine does not identify as an ECS instance$/.test(
          l,
        ),
      ),
    ).toBe(true);
    // The temporary home directory is shown as ~, never by its path.
    expect(lines.join('\n')).not.toContain('alikit-tour-home-');
  });

  it('calls ECS (RPC) and CS (ROA) through createPopClient, and the emulator records what was sent', async () => {
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [genericPopStep] });

    expect(result.ok).toBe(true);
    const checks = stepChecks(result.steps, 'generic-pop');
    expect(checks.map((c) => [c.ok, c.subject, c.action, c.outcome, c.status])).toEqual([
      [true, 'ECS (RPC)', 'CreateInstance', 'accepted', undefined],
      [true, 'ECS (RPC)', 'DescribeInstanceAttribute i-missing', 'InvalidInstanceId.NotFound', 404],
      [true, 'CS (ROA)', 'DescribeClustersV1', 'accepted', undefined],
    ]);
    expect(checks[0]?.summary).toBe('InstanceId i-bp1alikittour0001');
    for (const check of checks) expect(check.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(checks[1]?.errorMessage).toContain(
      `ecs DescribeInstanceAttribute failed: InvalidInstanceId.NotFound (404), requestId=${checks[1]?.requestId}`,
    );
    const sent = Object.entries(CREATE_INSTANCE_PARAMS)
      .map(([name, value]) => `${name}=${value}`)
      .join(' ');
    expect(lines).toContain(`    emulator recorded: POST / CreateInstance v2014-05-26, rpc-v1 signature, ${sent}`);
    expect(lines).toContain(
      '    emulator recorded: GET /api/v1/clusters DescribeClustersV1 v2015-12-15, roa-v1 signature, page_size=10',
    );
    expect(lines.some((l) => /credentials: the ECS instance role \(ecs_ram_role, key STS\.\S+\)$/.test(l))).toBe(true);
  });

  it('builds, lints and simulates the seed policy', async () => {
    const ramLines: string[] = [];
    const ram = await runTour({ log: (line) => ramLines.push(line), steps: [ramPolicyStep] });

    expect(ram.ok).toBe(true);
    const checks = stepChecks(ram.steps, 'ram-policy');
    expect(checks.map((c) => [c.ok, c.subject, c.outcome])).toEqual([
      [true, 'seed policy', '0 findings'],
      [true, 'Action * on *', 'full-access'],
      [true, 'ecs:StartInstance', 'allow'],
      [true, 'ecs:StopInstance', 'implicitDeny'],
      [true, 'oss:GetObject', 'allow'],
      [true, 'oss:PutObject', 'implicitDeny'],
    ]);
    expect(SIMULATIONS.map((s) => s.expected)).toEqual(['allow', 'implicitDeny', 'allow', 'implicitDeny']);
    expect(ramLines).toContain('✔ seed policy           lint → 0 findings as expected');
    // The finding as the alikit-ram-policy CLI prints it.
    const finding = ramLines.indexOf('    admin.json:4:5: warning full-access at $.Statement[0]');
    expect(finding).toBeGreaterThan(0);
    expect(ramLines[finding + 1]).toMatch(/^ {8}the statement allows every action \("Action": "\*"\)/);
    expect(ramLines[finding + 2]).toBe(
      '    1 finding (0 errors, 1 warning, 0 info); passes: nothing at or above error',
    );
    // Each decision is followed by the statement that decided it.
    const after = (line: string) => ramLines[ramLines.indexOf(line) + 1];
    expect(after('✔ ecs:StartInstance     i-bp1production01 (Environment=Production) → allow as expected')).toBe(
      '    matched $.Statement[0] (Allow)',
    );
    expect(after('✔ ecs:StopInstance      i-bp1staging0001 (Environment=Staging) → implicitDeny as expected')).toBe(
      '    no statement allows it',
    );
    expect(after('✔ oss:GetObject         alikit-tour-bucket/reports/q3.csv → allow as expected')).toBe(
      '    matched $.Statement[1] (Allow)',
    );
  });

  it('never prints the temporary secret or security token the metadata service issued', async () => {
    const issued: { accessKeySecret: string; securityToken: string }[] = [];
    const collect: TourStep = {
      name: 'collect',
      title: 'Collects the keys the metadata emulator issued',
      async run({ emulators }) {
        for (const session of emulators.metadata.issued) issued.push(session.credentials);
      },
    };
    const lines: string[] = [];
    const result = await runTour({
      log: (line) => lines.push(line),
      steps: [credentialsStep, genericPopStep, collect],
    });

    expect(result.ok).toBe(true);
    expect(issued.length).toBeGreaterThan(0);
    const text = lines.join('\n');
    for (const { accessKeySecret, securityToken } of issued) {
      expect(text).not.toContain(accessKeySecret);
      expect(text).not.toContain(securityToken);
    }
  });

  it('reports a failed resolution with its report, and skips the calls that needed the credentials', async () => {
    const noRole: TourStep = {
      ...credentialsStep,
      async run(context) {
        context.emulators.metadata.roleAttached = false;
        await credentialsStep.run(context);
      },
    };
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [noRole] });

    expect(result.ok).toBe(false);
    const checks = stepChecks(result.steps, 'credentials');
    expect(checks.map((c) => [c.ok, c.action, c.outcome])).toEqual([
      [false, 'on ECS', 'ERR_CREDENTIALS'],
      [true, 'nothing configured', 'ERR_CREDENTIALS'],
    ]);
    expect(checks[0]?.errorMessage).toContain('ecs_ram_role');
    expect(
      lines.some((l) => l.startsWith('✘ default credentials   on ECS → ERR_CREDENTIALS, expected ecs_ram_role')),
    ).toBe(true);
    expect(lines.some((l) => /^ {6}ecs_ram_role {3}(failed|skipped) /.test(l))).toBe(true);
  });

  it('reports failure when a family does not behave, and stops the emulators', async () => {
    let endpoint = '';
    const untampered: TourStep = {
      name: 'untampered',
      title: 'A "tampered" request that is really signed correctly',
      async run({ emulators, record }) {
        endpoint = emulators.oss.endpoint;
        const family = signatureFamilies(emulators).find((f) => f.family === 'OSS V4 header')!;
        for (const check of await checkSignatureFamily({ ...family, tampered: family.signed })) record(check);
      },
    };
    const broken: TourStep = {
      name: 'broken',
      title: 'A step that throws',
      run: async () => {
        throw new Error('boom');
      },
    };
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [untampered, broken] });

    expect(result.ok).toBe(false);
    expect(result.steps.map((s) => [s.name, s.ok])).toEqual([
      ['untampered', false],
      ['broken', false],
    ]);
    expect(result.steps[0]?.checks.map((c) => [c.ok, c.outcome])).toEqual([
      [true, 'accepted'],
      [false, 'accepted'],
    ]);
    expect(result.steps[1]?.error).toBe('boom');
    expect(lines).toContain('✘ step broken stopped: boom');
    expect(lines.some((l) => l.startsWith('✘ OSS V4 header') && l.endsWith('expected SignatureDoesNotMatch'))).toBe(
      true,
    );
    expect(lines.at(-1)).toMatch(/^✘ Tour failed: 1 of 2 checks failed \(untampered, broken\)/);
    await expect(fetch(endpoint)).rejects.toThrow();
  });
});

/** The checks of the named step; fails the test when the step did not run. */
function stepChecks(steps: readonly StepResult[], name: string): CheckResult[] {
  const step = steps.find((s) => s.name === name);
  expect(step, name).toBeDefined();
  return step?.checks ?? [];
}
