import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluate, matchesWildcard, type PolicyDocument, parsePolicy, type Statement } from '../src/index';

const RUNS = { numRuns: 250 };

// --- arbitrary valid documents, in every shape RAM accepts ---

const text = fc.string({ minLength: 1, maxLength: 10 }).filter((s) => s.trim() !== '');
const oneOrMany = <T>(a: fc.Arbitrary<T>) => fc.oneof(a, fc.array(a, { minLength: 1, maxLength: 3 }));
const scalar = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean());
const conditionBlock = fc.dictionary(text, fc.dictionary(text, oneOrMany(scalar), { minKeys: 1, maxKeys: 2 }), {
  minKeys: 1,
  maxKeys: 2,
});

const anyStatement: fc.Arbitrary<Statement> = fc
  .record({
    Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
    action: fc.constantFrom('Action' as const, 'NotAction' as const),
    actions: oneOrMany(text),
    resource: fc.constantFrom('Resource' as const, 'NotResource' as const),
    resources: oneOrMany(text),
    condition: fc.option(conditionBlock, { nil: undefined }),
  })
  .map(({ Effect, action, actions, resource, resources, condition }) => {
    const out: Statement = { Effect, [action]: actions, [resource]: resources };
    if (condition) out.Condition = condition;
    return out;
  });

const anyDocument: fc.Arbitrary<PolicyDocument> = fc.record({
  Version: fc.constant('1' as const),
  Statement: fc.oneof(anyStatement, fc.array(anyStatement, { minLength: 1, maxLength: 4 })),
});

const anyTrustDocument: fc.Arbitrary<PolicyDocument> = fc.record({
  Version: fc.constant('1' as const),
  Statement: fc.array(
    fc.record({
      Effect: fc.constantFrom('Allow' as const, 'Deny' as const),
      Action: oneOrMany(text),
      Principal: fc.oneof(
        fc.constant('*' as const),
        fc.record(
          { RAM: oneOrMany(text), Service: oneOrMany(text), Federated: oneOrMany(text) },
          { requiredKeys: ['RAM'] },
        ),
      ),
    }),
    { minLength: 1, maxLength: 3 },
  ),
});

describe('parse → toJSON', () => {
  it('gives back the document it read, in the same shape', () => {
    fc.assert(
      fc.property(fc.oneof(anyDocument, anyTrustDocument), fc.integer({ min: 0, max: 3 }), (doc, indent) => {
        const policy = parsePolicy(JSON.stringify(doc, null, indent));
        expect(policy.toJSON()).toEqual(doc);
        expect(parsePolicy(policy.toString()).toJSON()).toEqual(doc);
        expect(parsePolicy(doc).statements).toEqual(policy.statements);
      }),
      RUNS,
    );
  });
});

// --- policies and requests drawn from a small world, so that statements often apply ---

const actionPattern = fc.constantFrom(
  '*',
  'ecs:*',
  'ecs:Describe*',
  'ecs:DescribeInstances',
  'ECS:startinstance',
  'ecs:St?rtInstance',
  'oss:Get*',
  'oss:*Object',
  'ram:*',
);
const resourcePattern = fc.constantFrom(
  '*',
  'acs:ecs:*:*:instance/*',
  'acs:ecs:*:*:instance/i-1',
  'acs:oss:*:*:b/*',
  'acs:oss:*:*:b/reports/*',
  'acs:*:*:*:*',
);
const clause = fc.constantFrom<NonNullable<Statement['Condition']>>(
  { StringEquals: { 'ecs:tag/env': 'prod' } },
  { StringNotEquals: { 'ecs:tag/env': ['prod', 'staging'] } },
  { IpAddress: { 'acs:SourceIp': '192.0.2.0/24' } },
  { NotIpAddress: { 'acs:SourceIp': '192.0.2.0/24' } },
  { Bool: { 'acs:SecureTransport': 'true' } },
  { DateLessThanIfExists: { 'acs:CurrentTime': '2030-01-01T00:00:00Z' } },
  { StringEqualz: { 'acs:SourceVpc': 'vpc-1' } },
  { NumericLessThan: { 'k:n': 'not-a-number' } },
  { StringLike: { 'oss:Prefix': 'reports/*' } },
);
const smallStatement = (effect?: 'Allow' | 'Deny'): fc.Arbitrary<Statement> =>
  fc
    .record({
      Effect: effect ? fc.constant(effect) : fc.constantFrom('Allow' as const, 'Deny' as const),
      not: fc.boolean(),
      actions: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
      notResource: fc.boolean(),
      resources: fc.array(resourcePattern, { minLength: 1, maxLength: 2 }),
      conditions: fc.array(clause, { maxLength: 2 }),
    })
    .map(({ Effect, not, actions, notResource, resources, conditions }) => {
      const out: Statement = {
        Effect,
        [not ? 'NotAction' : 'Action']: actions,
        [notResource ? 'NotResource' : 'Resource']: resources,
      };
      if (conditions.length > 0) out.Condition = Object.assign({}, ...conditions);
      return out;
    });
const request = fc.record({
  action: fc.constantFrom(
    'ecs:DescribeInstances',
    'ecs:StartInstance',
    'oss:GetObject',
    'oss:PutObject',
    'ram:CreateUser',
  ),
  resource: fc.constantFrom(
    'acs:ecs:cn-hangzhou:1:instance/i-1',
    'acs:ecs:cn-hangzhou:1:instance/i-2',
    'acs:oss:cn-hangzhou:1:b/reports/a',
    'acs:oss:cn-hangzhou:1:b/x',
  ),
  context: fc.record(
    {
      'ecs:tag/env': fc.constantFrom('prod', 'dev'),
      'acs:SourceIp': fc.constantFrom('192.0.2.7', '198.51.100.1', 'garbage'),
      'acs:SecureTransport': fc.constantFrom('true', 'false'),
      'acs:CurrentTime': fc.constantFrom('2029-01-01T00:00:00Z', '2031-01-01T00:00:00Z'),
      'acs:SourceVpc': fc.constant('vpc-1'),
      'oss:Prefix': fc.constantFrom('reports/2024', 'private/'),
    },
    { requiredKeys: [] },
  ),
});
type Request = Parameters<typeof evaluate>[0]['request'];
const allowed = (statements: Statement[], req: Request, more: PolicyDocument[] = []) =>
  statements.length > 0 || more.length > 0
    ? evaluate({
        policies: [...(statements.length > 0 ? [{ Version: '1' as const, Statement: statements }] : []), ...more],
        request: req,
      }).decision === 'allow'
    : false;

describe('evaluation is monotone', () => {
  it('adding a Deny statement never grants access', () => {
    let allowedCases = 0;
    fc.assert(
      fc.property(
        fc.array(smallStatement(), { minLength: 1, maxLength: 4 }),
        smallStatement('Deny'),
        fc.nat(4),
        request,
        (statements, extra, at, req) => {
          const withDeny = [...statements];
          withDeny.splice(at % (statements.length + 1), 0, extra);
          if (allowed(statements, req)) allowedCases++;
          if (allowed(withDeny, req)) expect(allowed(statements, req)).toBe(true);
          // The same Deny in a policy of its own.
          if (allowed(statements, req, [{ Version: '1', Statement: [extra] }]))
            expect(allowed(statements, req)).toBe(true);
        },
      ),
      RUNS,
    );
    // The property says something only if the generated world allows now and then.
    expect(allowedCases).toBeGreaterThan(5);
  });

  it('removing an Allow statement never grants access', () => {
    let allowedCases = 0;
    fc.assert(
      fc.property(
        fc.array(smallStatement(), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        request,
        (statements, pick, req) => {
          const allows = statements.map((s, i) => [s, i] as const).filter(([s]) => s.Effect === 'Allow');
          fc.pre(allows.length > 0);
          const [, index] = allows[pick % allows.length] as readonly [Statement, number];
          const fewer = statements.filter((_, i) => i !== index);
          if (allowed(fewer, req)) {
            allowedCases++;
            expect(allowed(statements, req)).toBe(true);
          }
        },
      ),
      RUNS,
    );
    expect(allowedCases).toBeGreaterThan(5);
  });
});

// --- wildcard matching against a reference built on regular expressions ---

function reference(pattern: string, value: string, ignoreCase: boolean): boolean {
  const source = Array.from(pattern, (ch) =>
    ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'),
  ).join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'isu' : 'su').test(value);
}

const unicodeUnit = fc.oneof(
  fc.constantFrom('*', '?', '*', 'a', 'b', '.', '(', '[', '\\', '^', '$', '|', '/', '😀', 'é', 'A', '\n'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
);
const asciiCaseUnit = fc.constantFrom('*', '?', 'a', 'A', 'b', 'B', 'k', 'K', '-', ':', 'é', 'É');

/** A value that the pattern matches: stars and question marks filled in. */
function fill(pattern: string, fillers: string[]): string {
  let i = 0;
  return Array.from(pattern, (ch) =>
    ch === '*'
      ? (fillers[i++ % fillers.length] ?? '')
      : ch === '?'
        ? (Array.from(fillers[i++ % fillers.length] ?? 'x')[0] ?? 'x')
        : ch,
  ).join('');
}

describe('wildcard matching agrees with a regular-expression reference', () => {
  it('case-sensitive, on any characters', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: unicodeUnit, maxLength: 8 }),
        fc.string({ unit: unicodeUnit, maxLength: 10 }),
        (pattern, value) => {
          expect(matchesWildcard(pattern, value)).toBe(reference(pattern, value, false));
        },
      ),
      RUNS,
    );
  });

  it('case-sensitive, on values built to match', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: unicodeUnit, maxLength: 8 }),
        fc.array(fc.string({ unit: unicodeUnit, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
        (pattern, fillers) => {
          const value = fill(pattern, fillers);
          expect(reference(pattern, value, false)).toBe(true);
          expect(matchesWildcard(pattern, value)).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it('without regard to case', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: asciiCaseUnit, maxLength: 8 }),
        fc.string({ unit: asciiCaseUnit, maxLength: 10 }),
        (pattern, value) => {
          expect(matchesWildcard(pattern, value, { ignoreCase: true })).toBe(reference(pattern, value, true));
        },
      ),
      RUNS,
    );
  });
});
