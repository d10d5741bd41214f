import type { Emulators } from '@alikit/emulators';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DtsClient, type MigrationJobSpec } from '../../src/index';
import { DESTINATION_PASSWORD, dtsClient, SOURCE_PASSWORD, shopSpec, startPop } from '../helpers';

let emu: Emulators<'pop'>;

beforeAll(async () => {
  emu = await startPop();
});
afterAll(() => emu.stop());
beforeEach(() => emu.pop.clearCalls());

async function rejection(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof Error)) throw new Error('expected a rejection');
  return error;
}

describe('bad input is refused before any call', () => {
  it('a spec missing required fields names every one of them, without passwords', async () => {
    const dts = dtsClient(emu);
    const spec = {
      source: { instanceType: 'EXPRESS', engine: 'MYSQL', user: 'dts', password: SOURCE_PASSWORD },
      destination: { instanceType: 'RDS', engine: 'MYSQL', password: DESTINATION_PASSWORD },
      objects: [],
    } as unknown as MigrationJobSpec;
    const error = await rejection(dts.createMigrationJob(spec));
    expect(error).toBeInstanceOf(TypeError);
    for (const part of [
      'name is required',
      'source.host is required for instance type EXPRESS',
      'source.port is required for instance type EXPRESS',
      'destination.instanceId is required for instance type RDS',
      'destination.user is required',
      'objects is required',
    ]) {
      expect(error.message).toContain(part);
    }
    expect(error.message).not.toContain(SOURCE_PASSWORD);
    expect(error.message).not.toContain(DESTINATION_PASSWORD);
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('an unknown engine or a port out of range is a RangeError', async () => {
    const dts = dtsClient(emu);
    const spec = shopSpec();
    const error = await rejection(
      dts.createMigrationJob({ ...spec, source: { ...spec.source, engine: 'MYSQL8', port: 70_000 } }),
    );
    expect(error).toBeInstanceOf(RangeError);
    expect(error.message).toContain('source.engine "MYSQL8" is not one DTS knows');
    expect(error.message).toContain('source.port must be from 1 to 65535');
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('turning every kind of migration off is refused', async () => {
    const legacy = dtsClient(emu).getLegacyMigrationClient();
    const error = await rejection(
      legacy.configureMigrationJob(
        'dtsm-x',
        shopSpec({ migrationMode: { structureInitialization: false, dataInitialization: false } }),
      ),
    );
    expect(error.message).toContain('migrationMode turns every kind of migration off');
    await expect(legacy.createMigrationJob({ jobClass: 'huge' as 'small' })).rejects.toThrow(RangeError);
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('job ids, options and list arguments are checked at once', async () => {
    const dts = dtsClient(emu);
    await expect(dts.describeJob('')).rejects.toThrow(TypeError);
    await expect(dts.beginStartMigration('j', { untilCaughtUpSeconds: -1 })).rejects.toThrow(RangeError);
    expect(() => dts.listJobs({ order: 'sideways' as 'asc' })).toThrow(TypeError);
    expect(() => dts.listJobs().byPage({ maxPageSize: 500 })).toThrow(RangeError);
    expect(emu.pop.calls).toHaveLength(0);
  });

  it('the client needs a region, from the option or ALIBABA_CLOUD_REGION_ID', () => {
    expect(() => new DtsClient({ env: {} })).toThrow(/region.*ALIBABA_CLOUD_REGION_ID/);
    const fromEnv = new DtsClient({ env: { ALIBABA_CLOUD_REGION_ID: 'cn-hangzhou' } });
    expect([fromEnv.region, fromEnv.endpoint]).toEqual(['cn-hangzhou', 'https://dts.aliyuncs.com']);
    expect(new DtsClient({ region: 'ap-northeast-1', env: {} }).endpoint).toBe(
      'https://dts.ap-northeast-1.aliyuncs.com',
    );
  });
});
