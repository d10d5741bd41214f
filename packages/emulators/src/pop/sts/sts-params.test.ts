import { describe, expect, it } from 'vitest';
import { isServiceError } from '../../shared/service-error';
import { audiencesOf, isOidcTokenExpired, parseOidcToken } from './oidc-token';
import { roleIdOf } from './role-sessions';
import { durationParam, roleArnParam, sessionNameParam } from './sts-params';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return isServiceError(error) ? error.code : 'not a ServiceError';
  }
}

describe('STS parameters', () => {
  it('parses role ARNs and refuses other resource types', () => {
    expect(roleArnParam({ RoleArn: 'acs:ram::1234567890123456:role/Admin.Role-1_x' })).toEqual({
      arn: 'acs:ram::1234567890123456:role/Admin.Role-1_x',
      accountId: '1234567890123456',
      roleName: 'Admin.Role-1_x',
    });
    for (const arn of [
      'acs:ram::1:role/',
      'acs:ram::1:role/a/b',
      'acs:ecs::1:role/x',
      `acs:ram::1:role/${'x'.repeat(65)}`,
    ]) {
      expect(codeOf(() => roleArnParam({ RoleArn: arn }))).toBe('InvalidParameter.RoleArn');
    }
    expect(codeOf(() => roleArnParam({}))).toBe('MissingParameter');
  });

  it('accepts session names of 2 to 64 characters from the documented set', () => {
    expect(sessionNameParam({ RoleSessionName: 'a.b@c-d_e' })).toBe('a.b@c-d_e');
    expect(sessionNameParam({}, () => 'made-up')).toBe('made-up');
    expect(codeOf(() => sessionNameParam({}))).toBe('MissingParameter');
    expect(codeOf(() => sessionNameParam({ RoleSessionName: '忍者' }))).toBe('InvalidParameter.RoleSessionName');
  });

  it('bounds DurationSeconds by 900 and the maximum, defaulting to an hour', () => {
    expect(durationParam({}, 43_200)).toBe(3600);
    expect(durationParam({ DurationSeconds: '900' }, 3600)).toBe(900);
    expect(durationParam({ DurationSeconds: '43200' }, 43_200)).toBe(43_200);
    expect(codeOf(() => durationParam({ DurationSeconds: '-900' }, 3600))).toBe('InvalidParameter.DurationSeconds');
    expect(codeOf(() => durationParam({ DurationSeconds: '1e3' }, 3600))).toBe('InvalidParameter.DurationSeconds');
  });
});

describe('OIDC tokens', () => {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  it('reads header and claims of a JWT, ignoring surrounding whitespace', () => {
    const token = `${part({ alg: 'RS256' })}.${part({ aud: ['a', 'b', 3], exp: 100 })}.sig`;
    const parsed = parseOidcToken(`  ${token}\n`);
    expect(parsed.token).toBe(token);
    expect(audiencesOf(parsed.claims)).toEqual(['a', 'b']);
    expect(isOidcTokenExpired(parsed.claims, new Date(99_999))).toBe(false);
    expect(isOidcTokenExpired(parsed.claims, new Date(100_000))).toBe(true);
    expect(isOidcTokenExpired({}, new Date(8.64e15))).toBe(false);
  });

  it('refuses what is not a JWT', () => {
    for (const bad of ['', 'abc', `${part([1])}.${part({})}.s`, `${part({})}.not json.s`, `${part({})}.${part({})}.`]) {
      expect(codeOf(() => parseOidcToken(bad))).toBe('AuthenticationFail.OIDCToken.Invalid');
    }
  });
});

describe('role ids', () => {
  it('are 17 digits, stable per role and case-insensitive in the name', () => {
    const id = roleIdOf({ accountId: '1', roleName: 'Reader' });
    expect(id).toMatch(/^3\d{16}$/);
    expect(roleIdOf({ accountId: '1', roleName: 'reader' })).toBe(id);
    expect(roleIdOf({ accountId: '2', roleName: 'reader' })).not.toBe(id);
  });
});
