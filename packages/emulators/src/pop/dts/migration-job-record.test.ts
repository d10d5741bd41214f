import { describe, expect, it } from 'vitest';
import { DTS_PHASE_MS, MigrationJobRecord } from './migration-job-record';

const start = new Date('2024-01-01T00:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);

function configured(incremental = false) {
  const job = new MigrationJobRecord({
    id: 'j',
    instanceId: 'dtsj',
    api: '2020-01-01',
    regionId: 'cn-hangzhou',
    instanceClass: 'small',
    now: start,
  });
  job.configure('n', {}, { structure: true, full: true, incremental }, start, {
    autoStart: false,
    failures: undefined,
  });
  return job;
}

describe('MigrationJobRecord', () => {
  it('prechecks on configure, then migrates once started, to finished', () => {
    const job = configured();
    job.advance(at(DTS_PHASE_MS.precheck / 2), 1);
    expect([job.stage, job.precheckPercent]).toEqual(['precheck', 50]);
    job.advance(at(DTS_PHASE_MS.precheck), 1);
    expect(job.stage).toBe('precheck-passed');
    expect(
      job.start(
        at(DTS_PHASE_MS.precheck),
        () => undefined,
        () => undefined,
      ),
    ).toBe(true);
    job.advance(at(DTS_PHASE_MS.precheck + DTS_PHASE_MS.structure + DTS_PHASE_MS.full / 4), 1);
    expect([job.stage, job.percentOf('structure'), job.percentOf('full')]).toEqual(['full', 100, 25]);
    job.advance(at(60_000), 1);
    expect([job.stage, job.finishedAt]).toEqual([
      'finished',
      at(DTS_PHASE_MS.precheck + DTS_PHASE_MS.structure + DTS_PHASE_MS.full),
    ]);
  });

  it('runs incremental migration until stopped, its delay falling to 0; pausing freezes it', () => {
    const job = configured(true);
    job.start(
      start,
      () => undefined,
      () => undefined,
    );
    const incrementalAt = DTS_PHASE_MS.precheck + DTS_PHASE_MS.structure + DTS_PHASE_MS.full;
    job.advance(at(incrementalAt), 1);
    expect([job.stage, job.delaySeconds]).toEqual(['incremental', 20]);
    job.advance(at(incrementalAt + DTS_PHASE_MS.catchUp / 2), 1);
    expect(job.delaySeconds).toBe(10);
    expect(job.suspend(at(incrementalAt + DTS_PHASE_MS.catchUp / 2))).toBe(true);
    job.advance(at(incrementalAt + DTS_PHASE_MS.catchUp * 5), 1);
    expect([job.suspended, job.delaySeconds]).toEqual([true, 10]);
    job.start(
      at(incrementalAt + DTS_PHASE_MS.catchUp * 5),
      () => undefined,
      () => undefined,
    );
    job.advance(at(incrementalAt + DTS_PHASE_MS.catchUp * 7), 1);
    expect([job.stepStatus('incremental'), job.delaySeconds]).toEqual(['Catched', 0]);
    job.stop(at(incrementalAt + DTS_PHASE_MS.catchUp * 7));
    expect(job.stage).toBe('finished');
  });

  it('fails the precheck on scripted items, and a migration half-way through a step', () => {
    const job = new MigrationJobRecord({
      id: 'j',
      instanceId: 'dtsj',
      api: '2016-08-01',
      regionId: 'r',
      instanceClass: 'small',
      now: start,
    });
    job.configure('n', {}, { structure: true, full: true, incremental: false }, start, undefined);
    expect(job.stage).toBe('configured');
    job.start(
      start,
      () => [{ item: 'CHECK_DISK_SPACE', failedReason: 'full' }],
      () => ({ errorMessage: 'boom', phase: 'full' }),
    );
    job.advance(at(60_000), 1);
    expect(job.stage).toBe('precheck-failed');
    expect(job.items.filter((i) => i.result === 'Failed').map((i) => i.item)).toEqual(['CHECK_DISK_SPACE']);
    job.start(
      at(60_000),
      () => undefined,
      () => ({ errorMessage: 'boom', phase: 'full' }),
    );
    job.advance(at(120_000), 1);
    expect([job.stage, job.errorMessage, job.stepStatus('full'), job.percentOf('full')]).toEqual([
      'failed',
      'boom',
      'Failed',
      50,
    ]);
    job.start(
      at(120_000),
      () => undefined,
      () => undefined,
    );
    job.advance(at(180_000), 1);
    expect(job.stage).toBe('finished');
  });
});
