import { createRdsPool } from '@alikit/rds-pool';
import { createSlsLogger } from '@alikit/sls-logger';
import { describe, expect, it } from 'vitest';
import type { CheckResult, StepContext, StepResult, TourStep } from '../src/step';
import { credentialsStep } from '../src/steps/credentials';
import { DTS_DESTINATION_PASSWORD, DTS_SOURCE_PASSWORD, dtsStep, MIGRATION_SPEC } from '../src/steps/dts';
import { CREATE_INSTANCE_PARAMS, genericPopStep } from '../src/steps/generic-pop';
import {
  ERROR_QUERY,
  expectedContents,
  LOG_CALLS,
  LOG_REQUEST_ID,
  LOG_ROUTE,
  logsStep,
  sentCalls,
  TOUR_LOGSTORE,
} from '../src/steps/logs';
import { METRIC_SAMPLES, metricsStep, reference, TOUR_GROUP_ID } from '../src/steps/metrics';
import { EXPECTED_TRANSITIONS, paiStep, TRAINING_JOB_SPEC } from '../src/steps/pai';
import { ramPolicyStep, SIMULATIONS } from '../src/steps/ram-policy';
import { createRdsStep, DEFAULT_MYSQL_URL, ORDER_ROWS } from '../src/steps/rds';
import { checkSignatureFamily, signatureFamilies, TOUR_PROJECT } from '../src/steps/signatures';
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
    expect(result.steps.map((step) => step.name)).toEqual([
      'signatures',
      'credentials',
      'generic-pop',
      'ram-policy',
      'metrics',
      'logs',
      'oss',
      'tablestore',
      'maxcompute',
      'pai',
      'dts',
      'rds',
    ]);
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
    // The rds step has one check when no database answers (skipped), two when one does.
    const rds = stepChecks(result.steps, 'rds');
    expect([['skipped'], ['accepted', 'accepted']]).toContainEqual(rds.map((c) => c.outcome));
    const total = 56 + rds.length; // 4 from the oss step, 4 from the tablestore step, 5 from the maxcompute step
    expect(lines.at(-1)).toMatch(new RegExp(`^✔ Tour passed: ${total}/${total} checks in 12 steps, \\d+\\.\\d s$`));
    // Every step, the emulated jobs included, fits in the minute the demo promises.
    expect(Number(/, (\d+\.\d) s$/.exec(lines.at(-1) ?? '')?.[1])).toBeLessThan(60);
    // The summary table: a header, a rule, then one passing row per step in tour order.
    const table = lines.slice(lines.indexOf('Summary') + 1, -2);
    expect(table[0]).toMatch(/^ {2}step +checks +time +result$/);
    expect(table.slice(2).map((row) => row.trim().split(/\s+/)[0])).toEqual(result.steps.map((step) => step.name));
    for (const row of table.slice(2).filter((r) => !r.trim().startsWith('rds')))
      expect(row).toMatch(/\d+\/\d+ +\d+\.\d s {2}✔ passed$/);
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

  it('aggregates a counter and a histogram, flushes one closed window, and reads the statistics back', async () => {
    const stored: unknown[] = [];
    const collect = collector(({ emulators }) => stored.push(...emulators.pop.cms.entries));
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [metricsStep, collect] });

    expect(result.ok).toBe(true);
    const checks = stepChecks(result.steps, 'metrics');
    expect(checks.map((c) => [c.ok, c.subject, c.action, c.outcome])).toEqual([
      [true, 'counter orders', 'DescribeMetricLast', 'accepted'],
      [true, 'histogram latency_ms', 'DescribeMetricLast', 'accepted'],
    ]);
    expect(reference(METRIC_SAMPLES.orders.adds)).toEqual({
      sum: 7,
      average: 7 / 3,
      maximum: 4,
      minimum: 1,
      sampleCount: 3,
    });
    expect(checks[0]?.summary).toBe('Sum 7, Average 2.33, Max 4, Min 1, SampleCount 3');
    expect(checks[1]?.summary).toBe('Sum 605, Average 151.25, Max 310, Min 80, SampleCount 4');
    expect(lines).toContain('  flush: 2 entries in 1 request, 0 pending, 0 rejected');
    expect(lines).toContain(
      '✔ counter orders        DescribeMetricLast accepted (Sum 7, Average 2.33, Max 4, Min 1, SampleCount 3)',
    );

    // CloudMonitor stored one free pre-aggregated entry per series, in the tour's group.
    expect(stored).toHaveLength(2);
    expect(stored).toContainEqual(
      expect.objectContaining({
        metricName: 'latency_ms',
        groupId: TOUR_GROUP_ID,
        type: 1,
        period: 60,
        dimensions: [
          ['route', '/cart'],
          ['service', 'alikit-tour'],
        ],
        values: expect.objectContaining({ Sum: 605, SampleCount: 4, Maximum: 310, Minimum: 80 }),
      }),
    );
  });

  it('fails the metrics check when what comes back differs from the samples', async () => {
    // CloudMonitor answers with the stored window, one too many in its Sum.
    const wrongSum: TourStep = {
      ...metricsStep,
      async run(context) {
        const { pop } = context.emulators;
        pop.setResponse({ action: 'DescribeMetricLast', version: '2019-01-01' }, (call) => {
          const entry = pop.cms.entries.find((e) => e.metricName === call.params.MetricName);
          if (entry === undefined) return { Datapoints: '[]', Period: '60' };
          const point = {
            timestamp: entry.time,
            userId: pop.cms.accountId,
            ...Object.fromEntries(entry.dimensions),
            ...entry.values,
            Sum: (entry.values.Sum ?? 0) + 1,
          };
          return { Datapoints: JSON.stringify([point]), Period: '60' };
        });
        await metricsStep.run(context);
      },
    };
    const result = await runTour({ log: () => undefined, steps: [wrongSum] });

    expect(result.ok).toBe(false);
    const checks = stepChecks(result.steps, 'metrics');
    expect(checks.map((c) => [c.ok, c.errorMessage])).toEqual([
      [false, 'Sum 8, expected 7'],
      [false, 'Sum 606, expected 605'],
    ]);
  });

  it('logs structured records through createSlsLogger, sends them lz4-compressed, and searches them back', async () => {
    let stored: ReadonlyArray<{ contents: ReadonlyArray<readonly [string, string]>; topic: string; source: string }> =
      [];
    let byCompression: Record<string, number> = {};
    let wireBytes = 0;
    const collect = collector(({ emulators }) => {
      stored = emulators.sls.records(TOUR_PROJECT, TOUR_LOGSTORE);
      const stats = emulators.sls.stats(TOUR_PROJECT, TOUR_LOGSTORE);
      byCompression = { ...stats?.byCompression };
      wireBytes = stats?.wireBytes ?? 0;
    });
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [logsStep, collect] });

    expect(result.ok).toBe(true);
    const checks = stepChecks(result.steps, 'logs');
    expect(checks.map((c) => [c.ok, c.subject, c.action, c.outcome, c.summary])).toEqual([
      [true, 'sls-logger flush', 'PutLogs lz4', 'accepted', '5 records stored as written'],
      [true, 'logger.getLogs', ERROR_QUERY, 'accepted', '2 rows as written'],
      [true, 'logger.getHistograms', ERROR_QUERY, 'accepted', expect.stringMatching(/^total 2 in [12] buckets?$/)],
    ]);
    expect(checks[0]?.requestId).toMatch(/^[0-9A-F]{24}$/);
    expect(lines).toContain(
      "  logged 6 calls (2 info, 1 debug, 1 warn, 2 error), 2 through child({ requestId: 'req-7f3a9c' }); " +
        '1 below level info, dropped',
    );
    const flush =
      /^ {2}flush: 5 sent in 1 request, 0 retried, 0 failed; lz4 wire (\d+) B vs raw (\d+) B \(\d+ %\)$/.exec(
        lines.find((l) => l.startsWith('  flush:')) ?? '',
      );
    expect(flush).not.toBeNull();
    // The logger's byte counts are what the service received.
    expect(Number(flush?.[1])).toBe(wireBytes);
    expect(Number(flush?.[1])).toBeLessThan(Number(flush?.[2]));
    // The ERROR rows are printed under their check, oldest first, child field included.
    const rows = lines.indexOf('✔ logger.getLogs        level: ERROR accepted (2 rows as written)');
    expect(lines[rows + 1]).toMatch(
      new RegExp(
        `^ {4}\\d\\d:\\d\\d:\\d\\d ERROR payment declined requestId=${LOG_REQUEST_ID} orderId=42 code=card_declined$`,
      ),
    );
    expect(lines[rows + 2]).toMatch(
      / ERROR inventory sync failed sku=sku-77 warehouse=\{"id":"hz-1","retryable":true\}$/,
    );
    expect(lines[rows + 4]).toMatch(/^ {4}\d\d:\d\d:\d\d → \d( |,|$)/);
    expect(lines).toContain('  close: 5 delivered, 0 undelivered');

    // What SLS stored: every call at or above info, field by field, in one lz4 request.
    expect(sentCalls().map((c) => c.message)).toEqual(
      LOG_CALLS.filter((c) => c.level !== 'debug').map((c) => c.message),
    );
    expect(stored.map((log) => log.contents)).toEqual(sentCalls().map(expectedContents));
    expect(stored[2]?.contents).toEqual([
      ['level', 'ERROR'],
      ['message', 'payment declined'],
      ['requestId', LOG_REQUEST_ID],
      ['orderId', '42'],
      ['code', 'card_declined'],
    ]);
    expect(stored.every((log) => log.topic === LOG_ROUTE.topic && log.source === LOG_ROUTE.source)).toBe(true);
    expect(byCompression).toEqual({ lz4: 1 });
  });

  it('rides out a reset PutLogs connection with one retry', async () => {
    const flaky: TourStep = {
      ...logsStep,
      async run(context) {
        context.emulators.faults.inject('sls', { resetConnection: true, times: 1, match: { operation: 'PutLogs' } });
        await logsStep.run(context);
      },
    };
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [flaky] });

    expect(result.ok).toBe(true);
    expect(lines.some((l) => l.startsWith('  flush: 5 sent in 1 request, 1 retried, 0 failed;'))).toBe(true);
  });

  it('fails the search checks when the logstore holds an error the tour did not write', async () => {
    const crowded: TourStep = {
      ...logsStep,
      async run(context) {
        const { sls, credentials } = context.emulators;
        sls.createProject(TOUR_PROJECT);
        sls.createLogstore(TOUR_PROJECT, TOUR_LOGSTORE);
        const other = createSlsLogger({
          project: TOUR_PROJECT,
          logstore: TOUR_LOGSTORE,
          endpoint: sls.endpoint,
          credentials: { ...credentials, source: 'emulator' },
          topic: LOG_ROUTE.topic,
          flushOnExit: false,
        });
        other.error('disk full', { host: 'web-2' });
        await other.close();
        await logsStep.run(context);
      },
    };
    const result = await runTour({ log: () => undefined, steps: [crowded] });

    expect(result.ok).toBe(false);
    const checks = stepChecks(result.steps, 'logs');
    expect(checks.map((c) => [c.ok, c.subject])).toEqual([
      [true, 'sls-logger flush'],
      [false, 'logger.getLogs'],
      [false, 'logger.getHistograms'],
    ]);
    expect(checks[1]?.summary).toBe('3 rows');
    expect(checks[1]?.errorMessage).toContain('3 rows came back, expected 2');
    expect(checks[1]?.errorMessage).toContain('row 1: level=ERROR message=disk full host=web-2, expected level=ERROR');
    expect(checks[2]?.errorMessage).toBe('total 3, expected 2');
  });

  it('reports a search the service refuses with its code', async () => {
    const refused: TourStep = {
      ...logsStep,
      async run(context) {
        context.emulators.faults.inject('sls', {
          status: 500,
          code: 'InternalServerError',
          match: { operation: 'GetLogs' },
        });
        await logsStep.run(context);
      },
    };
    const result = await runTour({ log: () => undefined, steps: [refused] });

    expect(result.ok).toBe(false);
    const checks = stepChecks(result.steps, 'logs');
    expect(checks.map((c) => [c.ok, c.subject, c.outcome, c.status])).toEqual([
      [true, 'sls-logger flush', 'accepted', undefined],
      [false, 'logger.getLogs', 'InternalServerError', 500],
      [true, 'logger.getHistograms', 'accepted', undefined],
    ]);
  });

  it('submits a PAI training job, prints its status transitions to Succeed, and reads its log', async () => {
    const jobs: { name: string; request: Readonly<Record<string, unknown>> }[] = [];
    const collect = collector(({ emulators }) => jobs.push(...emulators.pop.pai.jobs));
    const lines: string[] = [];
    const started = Date.now();
    const result = await runTour({ log: (line) => lines.push(line), steps: [paiStep, collect] });

    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const checks = stepChecks(result.steps, 'pai');
    expect(checks.map((c) => [c.ok, c.action, c.outcome, c.summary])).toEqual([
      [true, 'beginCreateTrainingJob → pollUntilDone', 'Succeed', undefined],
      [true, 'logs(jobId)', 'accepted', '12 lines'],
    ]);
    // One line per status seen, in order, each with the job's history so far.
    const progress = lines.filter((l) => l.startsWith('    onProgress '));
    const statuses = progress.map((l) => /^ {4}onProgress \d+\.\d s (\w+) +transitions: /.exec(l)?.[1]);
    expect(statuses.at(-1)).toBe('Succeed');
    const ranks = statuses.map((status) => EXPECTED_TRANSITIONS.indexOf(status ?? ''));
    expect(ranks.every((rank, i) => rank >= 0 && (i === 0 || rank > (ranks[i - 1] ?? -1)))).toBe(true);
    expect(progress.at(-1)).toMatch(/transitions: Creating → Initializing → Running → Succeed$/);
    expect(lines.some((l) => /^ {2}created train\w+ \(Creating\)$/.test(l))).toBe(true);
    expect(lines).toContain('✔ PAI training job      beginCreateTrainingJob → pollUntilDone → Succeed as expected');
    expect(lines).toContain('    [worker-0] training job alikit-tour-mnist started');
    expect(lines).toContain('    … 8 more');
    expect(lines).toContain('    [worker-0] training finished, model saved');

    // What PAI received: the spec's wire names.
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.name).toBe(TRAINING_JOB_SPEC.name);
    expect(jobs[0]?.request).toMatchObject({
      AlgorithmName: 'pytorch_mnist',
      ComputeResource: { EcsSpec: 'ecs.gn6i-c4g1.xlarge', EcsCount: 1 },
      InputChannels: [{ Name: 'train', InputUri: 'oss://alikit-tour-bucket/datasets/mnist/' }],
    });
  });

  it('reports a PAI job that fails with its reason code', async () => {
    const failing: TourStep = {
      ...paiStep,
      async run(context) {
        context.emulators.pop.pai.failNextJob({ reasonCode: 'AlgorithmError', reasonMessage: 'CUDA out of memory' });
        await paiStep.run(context);
      },
    };
    const result = await runTour({ log: () => undefined, steps: [failing] });

    expect(result.ok).toBe(false);
    const checks = stepChecks(result.steps, 'pai');
    expect(checks.map((c) => [c.ok, c.outcome])).toEqual([[false, 'AlgorithmError']]);
    expect(checks[0]?.errorMessage).toContain('CUDA out of memory');
  });

  it('runs a DTS migration through precheck, schema and full load to Finished', async () => {
    const jobs: { name: string; status: string }[] = [];
    const collect = collector(({ emulators }) => jobs.push(...emulators.pop.dts.jobs));
    const lines: string[] = [];
    const started = Date.now();
    const result = await runTour({ log: (line) => lines.push(line), steps: [dtsStep, collect] });

    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    const checks = stepChecks(result.steps, 'dts');
    expect(checks.map((c) => [c.ok, c.subject, c.outcome])).toEqual([[true, 'DTS migration', 'Finished']]);
    expect(
      lines.some((l) => /^ {4}phases precheck → structure → full-load → finished; finished in \d+\.\d s$/.test(l)),
    ).toBe(true);

    // Progress lines: status, then precheck, structure and full-load percentages that only grow.
    const progress = lines
      .filter((l) => l.startsWith('    onProgress '))
      .map((l) => /^ {4}onProgress \d+\.\d s (\w+) +precheck (\d+)% +structure (\d+)% +full-load (\d+)%$/.exec(l));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.every((m) => m !== null)).toBe(true);
    const rows = progress.map((m) => [m?.[1], Number(m?.[2]), Number(m?.[3]), Number(m?.[4])] as const);
    expect(rows.at(-1)).toEqual(['Finished', 100, 100, 100]);
    for (let i = 1; i < rows.length; i++) {
      for (const k of [1, 2, 3] as const) expect(rows[i]?.[k]).toBeGreaterThanOrEqual(rows[i - 1]?.[k] ?? 0);
    }
    expect(rows.some(([status]) => status === 'Migrating')).toBe(true);

    expect(jobs.map((j) => [j.name, j.status])).toEqual([[MIGRATION_SPEC.name, 'Finished']]);
    const text = lines.join('\n');
    expect(text).not.toContain(DTS_SOURCE_PASSWORD);
    expect(text).not.toContain(DTS_DESTINATION_PASSWORD);
  });

  it('reports a failed DTS precheck', async () => {
    const failing: TourStep = {
      ...dtsStep,
      async run(context) {
        context.emulators.pop.dts.failNextPrecheck([
          { item: 'CHECK_CONN_SRC', failedReason: 'access denied', repairMethod: 'grant access' },
        ]);
        await dtsStep.run(context);
      },
    };
    const result = await runTour({ log: () => undefined, steps: [failing] });

    expect(result.ok).toBe(false);
    const checks = stepChecks(result.steps, 'dts');
    expect(checks.map((c) => [c.ok, c.outcome])).toEqual([[false, 'PrecheckFailed']]);
    expect(checks[0]?.errorMessage).toContain('CHECK_CONN_SRC (access denied)');
  });

  it('runs a query and a transaction through createRdsPool against MariaDB, and drops its table', async () => {
    const url = process.env.ALIKIT_MYSQL_URL ?? DEFAULT_MYSQL_URL;
    const lines: string[] = [];
    const result = await runTour({ log: (line) => lines.push(line), steps: [createRdsStep({ url })] });

    expect(result.ok).toBe(true);
    const checks = stepChecks(result.steps, 'rds');
    expect(checks.map((c) => [c.ok, c.action, c.outcome])).toEqual([
      [true, 'SELECT VERSION()', 'accepted'],
      [true, 'transaction: 3 INSERTs', 'accepted'],
    ]);
    expect(checks[0]?.summary).toMatch(/^\d+\.\d+\.\d+/);
    expect(checks[1]?.summary).toBe('committed, 3 rows read back');
    expect(lines).toContain('  transaction committed: 3 rows inserted');
    expect(lines).toContain('  a transaction that threw after its INSERT: rolled back');
    expect(lines).toContain(`  read back: ${ORDER_ROWS.map((r, i) => `#${i + 1} ${r.item}×${r.qty}`).join(', ')}`);
    expect(
      lines.some((l) => /^ {2}pool\.metrics\(\): \d+ open \(\d+ idle, 0 borrowed\), 1 connect, \d+ acquires, /.test(l)),
    ).toBe(true);

    // The table the step made is gone again.
    const table = /^ {2}CREATE TABLE (alikit_tour_\w+)$/.exec(
      lines.find((l) => l.startsWith('  CREATE TABLE')) ?? '',
    )?.[1];
    expect(lines).toContain(`  DROP TABLE ${table}`);
    const pool = createRdsPool({ uri: url });
    try {
      const left = await pool.query('SELECT table_name FROM information_schema.tables WHERE table_name = ?', [table]);
      expect(left).toEqual([]);
    } finally {
      await pool.close();
    }
  });

  it('skips the rds step, passing, when no database answers, without showing the password', async () => {
    const lines: string[] = [];
    const started = Date.now();
    const result = await runTour({
      log: (line) => lines.push(line),
      steps: [createRdsStep({ url: 'mysql://tour:NotARealDbPassword@127.0.0.1:1/test' })],
    });

    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeLessThan(3000);
    const checks = stepChecks(result.steps, 'rds');
    expect(checks).toEqual([
      { subject: 'MariaDB (rds-pool)', action: 'SELECT VERSION()', expected: 'skipped', ok: true, outcome: 'skipped' },
    ]);
    expect(lines).toContain(
      '  MariaDB is not reachable at mysql://tour@127.0.0.1:1/test (ECONNREFUSED): step skipped.',
    );
    expect(lines).toContain('✔ MariaDB (rds-pool)    SELECT VERSION() → skipped as expected');
    expect(lines.at(-1)).toMatch(/^✔ Tour passed: 1\/1 checks in 1 step, /);
    expect(lines.at(-3)).toMatch(/^ {2}rds +1\/1 +\d+\.\d s {2}– skipped$/);
    expect(lines.join('\n')).not.toContain('NotARealDbPassword');
  });
});

/** The checks of the named step; fails the test when the step did not run. */
function stepChecks(steps: readonly StepResult[], name: string): CheckResult[] {
  const step = steps.find((s) => s.name === name);
  expect(step, name).toBeDefined();
  return step?.checks ?? [];
}

/** A step that only looks at the emulators (after the steps before it ran). */
function collector(look: (context: StepContext) => void): TourStep {
  return {
    name: 'collect',
    title: 'Collects what the emulators recorded',
    async run(context) {
      look(context);
    },
  };
}
