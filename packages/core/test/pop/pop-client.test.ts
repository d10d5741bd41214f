import { memoize } from '@alikit/core';
import { createPopClient, type PopClientOptions } from '@alikit/core/pop';
import { EMULATOR_ACCOUNT_ID, type Emulators, ServiceError, startEmulators } from '@alikit/emulators';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MemoizedCredentialProvider } from '../../src/credentials/memoize';
import type { CredentialProvider, Credentials } from '../../src/credentials/types';
import { isSdkError, type SdkError } from '../../src/errors/sdk-error';
import type { Logger } from '../../src/logging/logger';

let emu: Emulators<'pop'>;
beforeAll(async () => {
  emu = await startEmulators({ services: ['pop'] });
});
afterAll(async () => {
  await emu.stop();
});
afterEach(() => {
  emu.faults.clear();
  emu.pop.clearCalls();
  emu.pop.clearResponses();
});

/** Waits that do not wait, recording what was asked. */
function noWait() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

function staticCredentials(): Credentials {
  return { ...emu.credentials, source: 'test' };
}

function rpcClient(extra: Partial<PopClientOptions> = {}) {
  return createPopClient({
    endpoint: emu.pop.endpoint,
    apiVersion: '2014-05-26',
    style: 'rpc',
    service: 'ecs',
    credentials: staticCredentials(),
    ...extra,
  });
}

function roaClient(extra: Partial<PopClientOptions> = {}) {
  return createPopClient({
    endpoint: emu.pop.endpoint,
    apiVersion: '2022-01-12',
    style: 'roa',
    service: 'pai',
    credentials: staticCredentials(),
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<SdkError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSdkError(error)) throw new Error(`expected an SdkError, got ${String(error)}`);
  return error;
}

interface AssumeRoleAnswer {
  Credentials: { AccessKeyId: string; AccessKeySecret: string; SecurityToken: string; Expiration: string };
}

/**
 * STS temporary credentials from the emulator's AssumeRole, through a cached provider that counts
 * the STS fetches and the forced refreshes.
 */
function stsProvider() {
  const sts = createPopClient({
    endpoint: emu.pop.endpoint,
    apiVersion: '2015-04-01',
    style: 'rpc',
    service: 'sts',
    credentials: staticCredentials(),
  });
  const counts = { fetches: 0, forceRefreshes: 0 };
  const fetch: CredentialProvider = async (options) => {
    counts.fetches++;
    const answer = await sts.request<AssumeRoleAnswer>(
      'AssumeRole',
      {
        RoleArn: `acs:ram::${EMULATOR_ACCOUNT_ID}:role/alikit-pop-test`,
        RoleSessionName: `pop-test-${counts.fetches}`,
        DurationSeconds: 900,
      },
      { signal: options?.signal },
    );
    const c = answer.Credentials;
    return {
      accessKeyId: c.AccessKeyId,
      accessKeySecret: c.AccessKeySecret,
      securityToken: c.SecurityToken,
      expiration: new Date(c.Expiration),
      source: 'test_sts',
    };
  };
  const memo = memoize(fetch);
  const provider: MemoizedCredentialProvider = Object.assign((o?: Parameters<CredentialProvider>[0]) => memo(o), {
    forceRefresh: (o?: Parameters<CredentialProvider>[0]) => {
      counts.forceRefreshes++;
      return memo.forceRefresh(o);
    },
  });
  return { provider, counts };
}

describe('createPopClient: RPC', () => {
  it('sends the action, version and flattened parameters, signed (v1), and returns the JSON as is', async () => {
    emu.pop.setResponse('DescribeInstances', {
      TotalCount: 1,
      Instances: { Instance: [{ InstanceId: 'i-abc', Status: 'Running' }] },
    });
    const ecs = rpcClient();
    const result = await ecs.request<Record<string, unknown>>('DescribeInstances', {
      RegionId: 'cn-hangzhou',
      InstanceIds: '["i-abc"]',
      PageSize: 10,
      Tag: [
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'data' },
      ],
      Filter: { Name: 'zone', Skip: undefined },
    });
    expect(result).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      TotalCount: 1,
      Instances: { Instance: [{ InstanceId: 'i-abc', Status: 'Running' }] },
    });
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    const call = emu.pop.calls.at(-1);
    expect(call).toMatchObject({
      style: 'rpc',
      signature: 'rpc-v1',
      action: 'DescribeInstances',
      version: '2014-05-26',
      method: 'POST',
      accessKeyId: emu.credentials.accessKeyId,
    });
    expect(call?.params).toMatchObject({
      Action: 'DescribeInstances',
      RegionId: 'cn-hangzhou',
      InstanceIds: '["i-abc"]',
      PageSize: '10',
      'Tag.1.Key': 'env',
      'Tag.1.Value': 'prod',
      'Tag.2.Key': 'team',
      'Tag.2.Value': 'data',
      'Filter.Name': 'zone',
      Format: 'JSON',
    });
    expect(call?.params).not.toHaveProperty('Filter.Skip');
    expect(result.RequestId).toBe(call?.requestId);
  });

  it("sends the parameters in the query with method 'GET'", async () => {
    await rpcClient().request('DescribeRegions', { AcceptLanguage: 'en-US' }, { method: 'GET' });
    const call = emu.pop.calls.at(-1);
    expect(call?.method).toBe('GET');
    expect(call?.body.byteLength).toBe(0);
    expect(call?.params.AcceptLanguage).toBe('en-US');
  });

  it('turns integers beyond 2^53 into bigint and keeps the others as numbers', async () => {
    // The emulator writes 12345678901234567890 as 12345678901234567000, which a JS number cannot hold exactly.
    emu.pop.setResponse('DescribeBig', () => ({
      Small: 12,
      Long: 1234567890123456,
      Huge: Number('12345678901234567890'),
      Frac: 2.5,
      List: [2 ** 53],
    }));
    const result = await rpcClient().request<Record<string, unknown>>('DescribeBig');
    expect(result).toMatchObject({
      Small: 12,
      Long: 1234567890123456,
      Huge: 12345678901234567000n,
      Frac: 2.5,
      List: [9007199254740992n],
    });
  });

  it('accepts a generic ECS CreateInstance and an SLB CreateLoadBalancer', async () => {
    emu.pop.setResponse({ action: 'CreateInstance', version: '2014-05-26' }, { InstanceId: 'i-bp1example' });
    emu.pop.setResponse({ action: 'CreateLoadBalancer', version: '2014-05-15' }, (call) => ({
      LoadBalancerId: 'lb-bp1example',
      LoadBalancerName: call.params.LoadBalancerName,
      Address: '192.0.2.10',
    }));
    const ecs = createPopClient({
      product: 'ecs',
      region: 'cn-hangzhou',
      endpoint: emu.pop.endpoint,
      apiVersion: '2014-05-26',
      style: 'rpc',
      credentials: staticCredentials(),
    });
    const instance = await ecs.request<{ InstanceId: string }>(
      'CreateInstance',
      {
        RegionId: 'cn-hangzhou',
        ImageId: 'aliyun_3_x64_20G_alibase_20240819.vhd',
        InstanceType: 'ecs.g7.large',
        SecurityGroupId: 'sg-bp1example',
        VSwitchId: 'vsw-bp1example',
        DataDisk: [{ Size: 40, Category: 'cloud_essd' }],
        ClientToken: '0c593ea1-3bea-11e9-b96b-88e9fe637760',
      },
      { idempotent: true },
    );
    expect(instance.InstanceId).toBe('i-bp1example');
    expect(emu.pop.calls.at(-1)?.params).toMatchObject({
      Action: 'CreateInstance',
      Version: '2014-05-26',
      'DataDisk.1.Size': '40',
      'DataDisk.1.Category': 'cloud_essd',
      ClientToken: '0c593ea1-3bea-11e9-b96b-88e9fe637760',
    });

    const slb = createPopClient({
      product: 'slb',
      region: 'cn-hangzhou',
      endpoint: emu.pop.endpoint,
      apiVersion: '2014-05-15',
      style: 'rpc',
      credentials: staticCredentials(),
    });
    const lb = await slb.request<{ LoadBalancerId: string; LoadBalancerName: string }>('CreateLoadBalancer', {
      RegionId: 'cn-hangzhou',
      LoadBalancerName: 'web',
      AddressType: 'internet',
      LoadBalancerSpec: 'slb.s1.small',
    });
    expect(lb).toMatchObject({ LoadBalancerId: 'lb-bp1example', LoadBalancerName: 'web' });
    expect(emu.pop.calls.at(-1)).toMatchObject({ action: 'CreateLoadBalancer', version: '2014-05-15' });
  });
});

describe('createPopClient: ROA', () => {
  it('sends method, path, query and a JSON body, signed (ROA v1), with x-acs-action', async () => {
    emu.pop.setResponse({ method: 'POST', path: '/api/v1/trainingjobs' }, (call) => ({
      TrainingJobId: 'train-1',
      Echo: call.json,
    }));
    const pai = roaClient();
    const result = await pai.request<{ TrainingJobId: string; Echo: unknown }>(
      { method: 'POST', path: '/api/v1/trainingjobs', action: 'CreateTrainingJob' },
      { WorkspaceId: 'ws-1', DryRun: false },
      { body: { TrainingJobName: 'demo', HyperParameters: [{ Name: 'epochs', Value: '10' }] } },
    );
    expect(result.TrainingJobId).toBe('train-1');
    expect(result.Echo).toEqual({ TrainingJobName: 'demo', HyperParameters: [{ Name: 'epochs', Value: '10' }] });
    const call = emu.pop.calls.at(-1);
    expect(call).toMatchObject({
      style: 'roa',
      signature: 'roa-v1',
      action: 'CreateTrainingJob',
      version: '2022-01-12',
      method: 'POST',
      path: '/api/v1/trainingjobs',
      params: { WorkspaceId: 'ws-1', DryRun: 'false' },
    });
    expect(call?.headers['content-type']).toBe('application/json');
  });

  it('reads path parameters the responder captured, and maps a thrown ServiceError to SdkError', async () => {
    emu.pop.setResponse({ method: 'GET', path: '/api/v1/trainingjobs/{TrainingJobId}' }, (call) => {
      if (call.pathParams.TrainingJobId === 'missing') {
        throw new ServiceError(404, 'EntityNotFound.TrainingJob', 'The training job does not exist.');
      }
      return { TrainingJobId: call.pathParams.TrainingJobId, Status: 'Running' };
    });
    const pai = roaClient();
    await expect(
      pai.request({ method: 'GET', path: '/api/v1/trainingjobs/train-9', action: 'GetTrainingJob' }),
    ).resolves.toMatchObject({ TrainingJobId: 'train-9', Status: 'Running' });
    const error = await failure(
      pai.request({ method: 'GET', path: '/api/v1/trainingjobs/missing', action: 'GetTrainingJob' }),
    );
    expect(error).toMatchObject({
      code: 'EntityNotFound.TrainingJob',
      status: 404,
      service: 'pai',
      operation: 'GetTrainingJob',
      retryable: false,
    });
    expect(error.requestId).toBe(emu.pop.calls.at(-1)?.requestId);
    expect(error.message).toContain('The training job does not exist.');
  });

  it('names the call "<METHOD> <path>" when no action is given', async () => {
    emu.faults.inject('pop', { status: 403, code: 'Forbidden.RAM', times: 1 });
    const error = await failure(roaClient().request({ method: 'delete', path: '/api/v1/jobs/dlc-1' }));
    expect(error.operation).toBe('DELETE /api/v1/jobs/dlc-1');
    expect(error.code).toBe('Forbidden.RAM');
    expect(error.status).toBe(403);
  });
});

describe('createPopClient: retries and errors', () => {
  it('retries a throttled call (even a write) and succeeds', async () => {
    const rule = emu.faults.inject('pop', { status: 400, code: 'Throttling.User', times: 2 });
    const wait = noWait();
    const result = await rpcClient({ retry: { sleep: wait.sleep, random: () => 0.5 } }).request<{ RequestId: string }>(
      'RunInstances',
      { RegionId: 'cn-hangzhou' },
    );
    expect(result.RequestId).toBeTruthy();
    expect(rule.hits).toBe(2);
    expect(wait.delays).toEqual([50, 100]);
    expect(emu.pop.calls).toHaveLength(1);
  });

  it('gives up after maxAttempts with the throttling error', async () => {
    emu.faults.inject('pop', { status: 400, code: 'Throttling.User' });
    const error = await failure(
      rpcClient({ retry: { sleep: noWait().sleep, maxAttempts: 4 } }).request('DescribeRegions'),
    );
    expect(error).toMatchObject({ code: 'Throttling.User', status: 400, retryable: true });
    expect(emu.faults).toBeDefined();
  });

  it('throws a non-retryable error at once with code, status and request id', async () => {
    const rule = emu.faults.inject('pop', {
      status: 400,
      code: 'InvalidParameter',
      message: 'The ImageId is invalid.',
    });
    const error = await failure(rpcClient({ retry: { sleep: noWait().sleep } }).request('DescribeImages'));
    expect(rule.hits).toBe(1);
    expect(error).toMatchObject({
      name: 'SdkError',
      code: 'InvalidParameter',
      status: 400,
      service: 'ecs',
      operation: 'DescribeImages',
      retryable: false,
    });
    expect(error.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(error.message).toBe(
      `ecs DescribeImages failed: InvalidParameter (400), requestId=${error.requestId}: The ImageId is invalid.`,
    );
  });

  it('retries a 503 for a read but not for a write without an idempotency token', async () => {
    const wait = noWait();
    const client = rpcClient({ retry: { sleep: wait.sleep } });
    const readRule = emu.faults.inject('pop', { status: 503, code: 'ServiceUnavailable', times: 1 });
    await expect(client.request('DescribeZones')).resolves.toBeTruthy();
    expect(readRule.hits).toBe(1);
    const writeRule = emu.faults.inject('pop', { status: 503, code: 'ServiceUnavailable', times: 1 });
    const error = await failure(client.request('CreateVpc'));
    expect(error).toMatchObject({ code: 'ServiceUnavailable', status: 503, retryable: true });
    expect(writeRule.hits).toBe(1);
    // With a token the caller vouches that repeating is harmless.
    emu.faults.inject('pop', { status: 503, code: 'ServiceUnavailable', times: 1 });
    await expect(client.request('CreateVpc', { ClientToken: 'token-1' }, { idempotent: true })).resolves.toBeTruthy();
  });

  it('maps a reset connection to ERR_NETWORK, retrying only what is safe to repeat', async () => {
    const client = rpcClient({ retry: { sleep: noWait().sleep } });
    emu.faults.inject('pop', { resetConnection: true, times: 1 });
    await expect(client.request('DescribeRegions')).resolves.toBeTruthy();
    emu.faults.inject('pop', { resetConnection: true, times: 1 });
    const error = await failure(client.request('DeleteInstance', { InstanceId: 'i-1' }));
    expect(error).toMatchObject({ code: 'ERR_NETWORK', retryable: true, service: 'ecs', operation: 'DeleteInstance' });
    expect(JSON.stringify(error.toJSON())).not.toContain('Signature');
  });

  it('stops at once when the signal aborts mid-request, rejecting with its reason', async () => {
    emu.faults.inject('pop', { delayMs: 5_000, times: 1 });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    setTimeout(() => controller.abort(reason), 50);
    const started = Date.now();
    await expect(rpcClient().request('DescribeRegions', {}, { signal: controller.signal })).rejects.toBe(reason);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('rejects with the reason of a signal that already aborted, sending nothing', async () => {
    const reason = new Error('already aborted');
    await expect(rpcClient().request('DescribeRegions', {}, { signal: AbortSignal.abort(reason) })).rejects.toBe(
      reason,
    );
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('fails an attempt that runs over timeoutMs with ERR_TIMEOUT, after retrying it', async () => {
    const rule = emu.faults.inject('pop', { delayMs: 3_000, times: 2 });
    const started = Date.now();
    const error = await failure(
      rpcClient({ retry: { sleep: noWait().sleep, maxAttempts: 2 } }).request(
        'DescribeRegions',
        {},
        { timeoutMs: 100 },
      ),
    );
    expect(error).toMatchObject({ code: 'ERR_TIMEOUT', retryable: true, operation: 'DescribeRegions' });
    expect(error.message).toContain('within 100 ms');
    expect(rule.hits).toBe(2);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('refuses wrong arguments with TypeError or RangeError before any I/O', async () => {
    const rpc = rpcClient();
    await expect(rpc.request('DescribeRegions', { Signature: 'x' })).rejects.toThrow(
      /params.Signature is set by the client/,
    );
    await expect(rpc.request('DescribeRegions', { Timestamp: 'x' })).rejects.toThrow(TypeError);
    await expect(rpc.request({ method: 'GET', path: '/' })).rejects.toThrow(/style is 'rpc'/);
    await expect(rpc.request('Describe Regions')).rejects.toThrow(/API name/);
    await expect(rpc.request('DescribeRegions', {}, { body: 'x' })).rejects.toThrow(/ROA/);
    await expect(rpc.request('DescribeRegions', {}, { timeoutMs: 0 })).rejects.toThrow(RangeError);
    await expect(rpc.request('DescribeRegions', {}, { headers: { Authorization: 'x' } })).rejects.toThrow(
      /set by the client/,
    );
    const roa = roaClient();
    await expect(roa.request('GetTrainingJob')).rejects.toThrow(/style is 'roa'/);
    await expect(roa.request({ method: 'GET', path: 'api/v1' })).rejects.toThrow(/start with/);
    await expect(roa.request({ method: 'GET', path: '/api/v1?x=1' })).rejects.toThrow(/no query/);
    await expect(roa.request({ method: 'GET', path: '/a' }, { list: ['a', 'b'] })).rejects.toThrow(/flat/);
    await expect(roa.request({ method: 'GET', path: '/a' }, {}, { body: { a: 1 } })).rejects.toThrow(
      /not allowed with GET/,
    );
    expect(emu.pop.calls).toHaveLength(0);
    expect(() => createPopClient({ apiVersion: '2014-05-26', style: 'rpc' } as PopClientOptions)).toThrow(
      /endpoint, or a product and a region/,
    );
    expect(() => createPopClient({ endpoint: emu.pop.endpoint, apiVersion: '', style: 'rpc' })).toThrow(/apiVersion/);
    expect(() => createPopClient({ endpoint: emu.pop.endpoint, apiVersion: '1', style: 'soap' as 'rpc' })).toThrow(
      /style/,
    );
    expect(() =>
      createPopClient({ endpoint: 'http://ecs.example.com', apiVersion: '2014-05-26', style: 'rpc' }),
    ).toThrow(/http:/);
  });
});

describe('createPopClient: credentials', () => {
  it('resolves credentials per call from a provider (STS temporary keys) and signs with the token', async () => {
    const { provider, counts } = stsProvider();
    const ecs = rpcClient({ credentials: provider });
    await ecs.request('DescribeRegions');
    await ecs.request('DescribeZones');
    expect(counts.fetches).toBe(1);
    const calls = emu.pop.calls.filter((c) => c.action !== 'AssumeRole');
    expect(calls.map((c) => c.accessKeyId)).toEqual([calls[0]?.accessKeyId, calls[0]?.accessKeyId]);
    expect(calls[0]?.accessKeyId).toMatch(/^STS\./);
    expect(calls[0]?.params.SecurityToken).toBeTruthy();
  });

  it('on an expired-token answer, force-refreshes once, signs again with the new token and succeeds', async () => {
    const { provider, counts } = stsProvider();
    const ecs = rpcClient({ credentials: provider, retry: { sleep: noWait().sleep } });
    await ecs.request('DescribeRegions');
    const before = emu.pop.calls.at(-1)?.accessKeyId;
    const rule = emu.faults.inject('pop', {
      status: 400,
      code: 'InvalidSecurityToken.Expired',
      times: 1,
      match: { operation: 'RunInstances' },
    });
    await expect(ecs.request('RunInstances', { RegionId: 'cn-hangzhou' })).resolves.toBeTruthy();
    expect(rule.hits).toBe(1);
    expect(counts.forceRefreshes).toBe(1);
    expect(counts.fetches).toBe(2);
    const after = emu.pop.calls.at(-1);
    expect(after?.action).toBe('RunInstances');
    expect(after?.accessKeyId).not.toBe(before);
  });

  it('refreshes only once per call: a second expired-token answer is thrown', async () => {
    const { provider, counts } = stsProvider();
    emu.faults.inject('pop', {
      status: 400,
      code: 'InvalidSecurityToken.Expired',
      match: { operation: 'RunInstances' },
    });
    const error = await failure(rpcClient({ credentials: provider }).request('RunInstances'));
    expect(error.code).toBe('InvalidSecurityToken.Expired');
    expect(counts.forceRefreshes).toBe(1);
  });

  it('keeps working when the token really expires and the clock drifts: corrects the clock, then refreshes', async () => {
    let driftMs = 0;
    const drifting = await startEmulators({ services: ['pop'], now: () => new Date(Date.now() + driftMs) });
    try {
      const sts = createPopClient({
        endpoint: drifting.pop.endpoint,
        apiVersion: '2015-04-01',
        style: 'rpc',
        service: 'sts',
        credentials: { ...drifting.credentials, source: 'test' },
      });
      let fetches = 0;
      const provider = memoize(async () => {
        fetches++;
        const { Credentials: c } = await sts.request<AssumeRoleAnswer>('AssumeRole', {
          RoleArn: `acs:ram::${EMULATOR_ACCOUNT_ID}:role/alikit-pop-test`,
          RoleSessionName: `drift-${fetches}`,
          DurationSeconds: 900,
        });
        return {
          accessKeyId: c.AccessKeyId,
          accessKeySecret: c.AccessKeySecret,
          securityToken: c.SecurityToken,
          expiration: new Date(c.Expiration),
          source: 'test_sts',
        };
      });
      const ecs = createPopClient({
        endpoint: drifting.pop.endpoint,
        apiVersion: '2014-05-26',
        style: 'rpc',
        service: 'ecs',
        credentials: provider,
      });
      await ecs.request('DescribeRegions');
      // The service's clock (and so the token's life) moves 20 minutes ahead of ours.
      driftMs = 20 * 60_000;
      await expect(ecs.request('DescribeRegions')).resolves.toBeTruthy();
      expect(fetches).toBe(2);
      expect(Math.abs(ecs.clockOffsetMs - driftMs)).toBeLessThan(5_000);
      const regions = drifting.pop.calls.filter((c) => c.action === 'DescribeRegions');
      expect(regions).toHaveLength(2);
      expect(regions[1]?.accessKeyId).not.toBe(regions[0]?.accessKeyId);
    } finally {
      await drifting.stop();
    }
  });

  it('fails with the provider error (ERR_CREDENTIALS) before sending anything', async () => {
    const broken = async (): Promise<Credentials> => {
      throw Object.assign(new Error('no credentials here'), { code: 'ERR_CREDENTIALS' });
    };
    await expect(rpcClient({ credentials: broken }).request('DescribeRegions')).rejects.toThrow('no credentials here');
    expect(emu.pop.calls).toHaveLength(0);
  });
});

describe('createPopClient: logging', () => {
  it('logs one redacted debug line per attempt, without secrets or tokens', async () => {
    const lines: { message: string; data?: Record<string, unknown> }[] = [];
    const logger: Logger = {
      debug: (message, data) => lines.push({ message, data }),
      info() {},
      warn() {},
      error() {},
    };
    const { provider } = stsProvider();
    const credentials = await provider();
    emu.faults.inject('pop', {
      status: 400,
      code: 'Throttling.User',
      times: 1,
      match: { operation: 'DescribeRegions' },
    });
    await rpcClient({ credentials: provider, logger, retry: { sleep: noWait().sleep } }).request('DescribeRegions');
    const ours = lines.filter((l) => l.message.startsWith('ecs DescribeRegions'));
    expect(ours.map((l) => l.message.replace(/\d+ ms$/, 'N ms').replace(/in \d+ ms/, 'in N ms'))).toEqual([
      'ecs DescribeRegions attempt 1: 400 Throttling.User, retrying in N ms in N ms',
      'ecs DescribeRegions attempt 2: 200 in N ms',
    ]);
    expect(ours[1]?.data).toMatchObject({ service: 'ecs', operation: 'DescribeRegions', attempt: 2, status: 200 });
    const text = JSON.stringify(lines);
    expect(text).not.toContain(credentials.accessKeySecret);
    expect(text).not.toContain(credentials.securityToken);
    expect(text).not.toContain(emu.credentials.accessKeySecret);
  });
});
