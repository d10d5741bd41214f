import { EMULATOR_ACCOUNT_ID } from '@alikit/emulators';
import {
  actions,
  allow,
  arn,
  buildPolicy,
  condition,
  type Decision,
  type EvaluationRequest,
  evaluate,
  formatFindings,
  lintPolicy,
  measurePolicySize,
  type Policy,
} from '@alikit/ram-policy';
import type { StepContext, TourStep } from '../step';

/** The bucket and key prefix the seed policy grants object access to. */
const BUCKET = 'alikit-tour-bucket';
const PREFIX = 'reports/';

/** A request to simulate and the decision the seed policy must reach. */
export interface PolicySimulation {
  /** What the report calls the resource, e.g. `i-bp1production01 (Environment=Production)`. */
  label: string;
  request: EvaluationRequest;
  expected: Decision;
}

/**
 * The seed policy of the tour: operate (describe, start, stop) only ECS instances tagged
 * `Environment=Production`, and read and write objects under one bucket prefix.
 */
export function seedPolicy(): Policy {
  return buildPolicy({
    statements: [
      allow({
        actions: actions.ecs('Describe*', 'StartInstance', 'StopInstance'),
        resources: arn.ecs.instance(),
        conditions: [condition.ecsTag('Environment', 'Production')],
      }),
      allow({
        actions: actions.oss('GetObject', 'PutObject'),
        resources: arn.oss.object({ bucket: BUCKET, key: `${PREFIX}*` }),
      }),
    ],
  });
}

/** The policy everyone writes first: every action on every resource. */
export const ADMIN_POLICY_TEXT = JSON.stringify(
  { Version: '1', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] },
  null,
  2,
);

/** The requests the tour simulates against the seed policy. */
export const SIMULATIONS: readonly PolicySimulation[] = [
  {
    label: 'i-bp1production01 (Environment=Production)',
    request: {
      action: 'ecs:StartInstance',
      resource: `acs:ecs:cn-hangzhou:${EMULATOR_ACCOUNT_ID}:instance/i-bp1production01`,
      context: { 'ecs:tag/Environment': 'Production' },
    },
    expected: 'allow',
  },
  {
    label: 'i-bp1staging0001 (Environment=Staging)',
    request: {
      action: 'ecs:StopInstance',
      resource: `acs:ecs:cn-hangzhou:${EMULATOR_ACCOUNT_ID}:instance/i-bp1staging0001`,
      context: { 'ecs:tag/Environment': 'Staging' },
    },
    expected: 'implicitDeny',
  },
  {
    label: `${BUCKET}/${PREFIX}q3.csv`,
    request: { action: 'oss:GetObject', resource: `acs:oss:*:${EMULATOR_ACCOUNT_ID}:${BUCKET}/${PREFIX}q3.csv` },
    expected: 'allow',
  },
  {
    label: `${BUCKET}/tmp/upload.bin`,
    request: { action: 'oss:PutObject', resource: `acs:oss:*:${EMULATOR_ACCOUNT_ID}:${BUCKET}/tmp/upload.bin` },
    expected: 'implicitDeny',
  },
];

/** Step 4 of the tour: a least-privilege RAM policy built, linted and simulated, all offline. */
export const ramPolicyStep: TourStep = {
  name: 'ram-policy',
  title: 'RAM policy: build, lint and simulate with @alikit/ram-policy (no cloud call)',
  async run({ log, record }: StepContext): Promise<void> {
    const policy = seedPolicy();
    const size = measurePolicySize(policy);
    log(`  Seed policy (${size.compactCharacters} of ${size.limit} characters):`);
    for (const statement of policy.statements) {
      const when = statement.conditions.map((c) => ` if ${c.operator} ${c.key} = ${c.values.join(' | ')}`).join('');
      const what = `${(statement.actions ?? []).join(', ')} on ${(statement.resources ?? []).join(', ')}`;
      log(`    ${statement.path} ${statement.effect} ${what}${when}`);
    }

    const seedFindings = lintPolicy(policy);
    record({
      subject: 'seed policy',
      action: 'lint',
      expected: '0 findings',
      outcome: plural(seedFindings.length, 'finding'),
      ok: seedFindings.length === 0,
      errorMessage: seedFindings.length === 0 ? undefined : seedFindings.map((f) => f.code).join(', '),
    });

    const adminFindings = lintPolicy(ADMIN_POLICY_TEXT);
    const codes = adminFindings.map((f) => f.code).join(', ') || 'no findings';
    record({
      subject: 'Action * on *',
      action: 'lint',
      expected: 'full-access',
      outcome: codes,
      ok: codes === 'full-access',
    });
    for (const line of formatFindings([{ file: 'admin.json', findings: adminFindings }])) log(`    ${line}`);

    for (const { label, request, expected } of SIMULATIONS) {
      const result = evaluate({ policies: [policy], request });
      record({
        subject: request.action,
        action: label,
        expected,
        outcome: result.decision,
        ok: result.decision === expected,
      });
      const matched = result.matched.map((m) => `${m.path} (${m.effect})`).join(', ');
      log(`    ${matched === '' ? 'no statement allows it' : `matched ${matched}`}`);
    }
  },
};

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 || word === 'info' ? '' : 's'}`;
}
