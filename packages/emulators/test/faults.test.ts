import { signPopRpc } from '@alikit/core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Emulators, startEmulators } from '../src/index';
import { hostOf, send } from './helpers';

let emu: Emulators<'pop' | 'metadata'>;

beforeAll(async () => {
  emu = await startEmulators({ services: ['pop', 'metadata'] });
});
afterAll(() => emu.stop());
beforeEach(() => emu.faults.clear());

function call(action = 'DescribeRegions') {
  const signed = signPopRpc({
    host: hostOf(emu.pop.endpoint),
    protocol: 'http',
    action,
    version: '2014-05-26',
    credentials: emu.credentials,
    date: new Date(),
    nonce: `n-${Math.random()}`,
  });
  return send(signed.url, { headers: signed.headers });
}

describe('fault injection', () => {
  it('answers 503 three times in the service format, then serves normally', async () => {
    const handle = emu.faults.inject('pop', { status: 503, code: 'ServiceUnavailable', times: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await call();
      statuses.push(res.status);
      expect(res.json()).toMatchObject({ Code: 'ServiceUnavailable', RequestId: res.headers['x-acs-request-id'] });
    }
    expect(statuses).toEqual([503, 503, 503]);
    expect(handle.hits).toBe(3);
    expect(handle.active).toBe(false);
    expect((await call()).status).toBe(200);
  });

  it('fills in the code and message the service uses for a bare status', async () => {
    emu.faults.inject('pop', { status: 500, times: 1 });
    const res = await call();
    expect(res.status).toBe(500);
    expect(res.json()).toMatchObject({
      Code: 'InternalError',
      Message: 'The request processing has failed due to some unknown error.',
    });
  });

  it('applies before authentication', async () => {
    emu.faults.inject('pop', { status: 503, message: 'try later', times: 1 });
    const res = await send(`${emu.pop.endpoint}/?Action=Anything`);
    expect(res.status).toBe(503);
    expect(res.json()).toMatchObject({ Code: 'ServiceUnavailable', Message: 'try later' });
  });

  it('resets the connection', async () => {
    emu.faults.inject('pop', { resetConnection: true, times: 1 });
    await expect(call()).rejects.toMatchObject({ code: expect.stringMatching(/^(ECONNRESET|EPIPE)$/) });
    expect((await call()).status).toBe(200);
  });

  it('delays and then serves normally', async () => {
    emu.faults.inject('pop', { delayMs: 250, times: 1 });
    const started = Date.now();
    expect((await call()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('delays and then fails', async () => {
    emu.faults.inject('pop', { delayMs: 150, status: 400, code: 'Throttling.User', times: 1 });
    const started = Date.now();
    const res = await call();
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.json()).toMatchObject({ Code: 'Throttling.User' });
  });

  it('never fires with probability 0 and always with probability 1', async () => {
    const never = emu.faults.inject('pop', { status: 503, probability: 0 });
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(200);
    expect(never.hits).toBe(0);
    never.remove();
    const always = emu.faults.inject('pop', { status: 503, probability: 1 });
    for (let i = 0; i < 5; i++) expect((await call()).status).toBe(503);
    expect(always.hits).toBe(5);
  });

  it('matches on operation, method and path, and only in its service', async () => {
    emu.faults.inject('pop', { status: 503, match: { operation: 'DescribeInstances', method: 'get', path: '/' } });
    emu.faults.inject('metadata', { status: 500, match: { path: /^\/latest\/meta-data\// } });
    expect((await call('DescribeRegions')).status).toBe(200);
    expect((await call('DescribeInstances')).status).toBe(503);
    const token = await send(`${emu.metadata.endpoint}/latest/api/token`, {
      method: 'PUT',
      headers: { 'x-aliyun-ecs-metadata-token-ttl-seconds': '60' },
    });
    expect(token.status).toBe(200);
    const role = await send(`${emu.metadata.endpoint}/latest/meta-data/ram/security-credentials/`);
    expect(role.status).toBe(500);
  });

  it('clear() removes the rules of one service or all of them', async () => {
    const popRule = emu.faults.inject('pop', { status: 503 });
    const metadataRule = emu.faults.inject('metadata', { status: 500 });
    emu.faults.clear('metadata');
    expect(metadataRule.active).toBe(false);
    expect(popRule.active).toBe(true);
    expect((await call()).status).toBe(503);
    emu.faults.clear();
    expect((await call()).status).toBe(200);
  });

  it('refuses rules that cannot work', () => {
    expect(() => emu.faults.inject('pop', {})).toThrow(TypeError);
    expect(() => emu.faults.inject('pop', { code: 'Throttling' })).toThrow(TypeError);
    expect(() => emu.faults.inject('pop', { status: 200 })).toThrow(RangeError);
    expect(() => emu.faults.inject('pop', { status: 503, times: 0 })).toThrow(RangeError);
    expect(() => emu.faults.inject('pop', { status: 503, probability: 1.5 })).toThrow(RangeError);
    expect(() => emu.faults.inject('pop', { delayMs: -1 })).toThrow(RangeError);
    expect(() => emu.faults.inject('pop', { status: 503, resetConnection: true })).toThrow(TypeError);
    expect(() => emu.faults.inject('sls', { status: 503 })).toThrow(/not running/);
  });
});
