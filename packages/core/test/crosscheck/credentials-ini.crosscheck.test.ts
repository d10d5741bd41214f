import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIni } from '../../src/credentials/ini';

// The `ini` package the official @alicloud/credentials parses ~/.alibabacloud/credentials with.
const requireFromOfficial = createRequire(createRequire(import.meta.url).resolve('@alicloud/credentials'));
const ini = requireFromOfficial('ini') as { parse(text: string): Record<string, unknown> };

/** The official result restricted to what our parser models: string values inside sections. */
function officialSections(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, section] of Object.entries(ini.parse(text))) {
    if (typeof section !== 'object' || section === null || Array.isArray(section)) continue;
    const keys: Record<string, string> = {};
    for (const [key, value] of Object.entries(section)) {
      if (typeof value === 'string') keys[key] = value;
      else if (value === true) keys[key] = 'true';
    }
    out[name] = keys;
  }
  return out;
}

const piece = fc.stringMatching(/^[a-z0-9_ ;#"'\\=:/+*-]{0,12}$/);
const line = fc.oneof(
  fc.tuple(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom('', ' ')).map(([name, pad]) => `${pad}[${name}]`),
  fc.tuple(fc.stringMatching(/^ ?[a-z_]{1,8} ?$/), piece).map(([key, value]) => `${key}=${value}`),
  piece.map((text) => `; ${text}`),
  piece.map((text) => `# ${text}`),
  fc.constant(''),
);

describe('parseIni agrees with the ini package used by @alicloud/credentials 2.4.7', () => {
  it('on generated files (string values in sections)', () => {
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (lines, eol) => {
        const text = ['[default]', ...lines].join(eol);
        const ours = parseIni(text);
        const theirs = officialSections(text);
        // `ini` turns true/false/null into JSON values and skips nothing else we produce.
        for (const [name, section] of Object.entries(theirs)) {
          for (const [key, value] of Object.entries(section)) {
            expect(ours[name]?.[key]).toBe(value);
          }
        }
        for (const name of Object.keys(ours)) expect(Object.keys(theirs)).toContain(name);
      }),
      { numRuns: 300 },
    );
  });

  it('on a realistic credentials file', () => {
    const text = [
      '# alibaba cloud credentials',
      '[default]',
      'type = access_key                  ; the type',
      'access_key_id = LTAI5tExampleKeyId',
      'access_key_secret = "Example;Secret"',
      '',
      '[ci]',
      'type = ram_role_arn',
      'access_key_id = LTAI5tExampleKeyId',
      'access_key_secret = ExampleSecret',
      'role_arn = acs:ram::123456789012****:role/ci',
      'role_session_name = ci',
      'policy = \'{"Version":"1"}\'',
    ].join('\n');
    const ours = parseIni(text);
    // Deliberate difference: `ini` turns the single-quoted policy into an object, not the policy
    // text AssumeRole needs; we keep the text.
    expect(ours.ci?.policy).toBe('{"Version":"1"}');
    expect(typeof (ini.parse(text).ci as Record<string, unknown>).policy).toBe('object');
    const { policy: _policy, ...rest } = ours.ci ?? {};
    expect({ ...ours, ci: rest }).toEqual(officialSections(text));
  });
});
