// @alikit/ram-policy: build a least-privilege RAM policy, lint it (and a too-broad one), and
// simulate requests against it. Pure functions: no emulator, no credentials, no network.
// Run: npx tsx examples/programs/src/ram-policy.ts
import { pathToFileURL } from 'node:url';
import {
  actions,
  allow,
  arn,
  buildPolicy,
  condition,
  type Decision,
  type EvaluationRequest,
  evaluate,
  lintPolicy,
} from '@alikit/ram-policy';

/** Builds a policy, lints it, and checks that it allows exactly what it should. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  // Operate only production ECS instances; read and write objects under one bucket prefix.
  const policy = buildPolicy({
    statements: [
      allow({
        actions: actions.ecs('DescribeInstances', 'StartInstance', 'StopInstance'),
        resources: arn.ecs.instance(),
        conditions: [condition.ecsTag('Environment', 'Production')],
      }),
      allow({
        actions: actions.oss('GetObject', 'PutObject'),
        resources: arn.oss.object({ bucket: 'example-bucket', key: 'reports/*' }),
      }),
    ],
  });
  out(`policy: ${JSON.stringify(policy)}`);

  const findings = lintPolicy(policy);
  out(`lint: ${findings.length} findings`);
  const broad = lintPolicy('{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}');
  out(`lint of Action * on *: ${broad.map((f) => `${f.code} (${f.severity})`).join(', ')}`);
  if (findings.length > 0 || !broad.some((f) => f.code === 'full-access')) throw new Error('unexpected lint findings');

  const account = '123456789012';
  const requests: Array<{ request: EvaluationRequest; expected: Decision }> = [
    {
      request: {
        action: 'ecs:StartInstance',
        resource: `acs:ecs:cn-hangzhou:${account}:instance/i-prod`,
        context: { 'ecs:tag/Environment': 'Production' },
      },
      expected: 'allow',
    },
    {
      request: {
        action: 'ecs:StopInstance',
        resource: `acs:ecs:cn-hangzhou:${account}:instance/i-test`,
        context: { 'ecs:tag/Environment': 'Staging' },
      },
      expected: 'implicitDeny',
    },
    {
      request: { action: 'oss:GetObject', resource: `acs:oss:*:${account}:example-bucket/reports/q3.csv` },
      expected: 'allow',
    },
    {
      request: { action: 'oss:PutObject', resource: `acs:oss:*:${account}:example-bucket/tmp/upload.bin` },
      expected: 'implicitDeny',
    },
  ];
  for (const { request, expected } of requests) {
    const { decision } = evaluate({ policies: [policy], request });
    const tag = request.context?.['ecs:tag/Environment'];
    out(
      `${decision.padEnd(12)} ${request.action} on ${request.resource.split(':').at(-1)}${tag ? ` (Environment=${tag})` : ''}`,
    );
    if (decision !== expected)
      throw new Error(`${request.action} on ${request.resource}: ${decision}, expected ${expected}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
