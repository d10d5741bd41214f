import { createPoller } from '@alikit/core';
import { describe, expect, it } from 'vitest';
import { type DtsJob, toDtsJob } from './dts-job';
import { initialProgress, migrationOperation, phaseOf } from './migration-poller';

function job(status: string, steps: Partial<Record<'s' | 'd' | 'i', string>> = {}, incremental = false): DtsJob {
  return toDtsJob({
    DtsJobId: 'j',
    Status: status,
    MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: incremental },
    StructureInitializationStatus: { Status: steps.s ?? 'NotStarted' },
    DataInitializationStatus: { Status: steps.d ?? 'NotStarted', Percent: 40 },
    DataSynchronizationStatus: { Status: steps.i ?? 'NotStarted' },
    Delay: 3000,
  });
}

describe('phaseOf', () => {
  it.each([
    [job('Prechecking'), 'precheck'],
    [job('PrecheckFailed'), 'precheck-failed'],
    [job('PreCheckPass'), 'not-started'],
    [job('Migrating', { s: 'Migrating' }), 'structure'],
    [job('Migrating', { s: 'Finished', d: 'Migrating' }), 'full-load'],
    [job('Migrating', { s: 'Finished', d: 'Finished', i: 'Catched' }, true), 'incremental'],
    [job('Suspending', { s: 'Finished', d: 'Migrating' }), 'suspended'],
    [job('MigrationFailed'), 'failed'],
    [job('Finished'), 'finished'],
  ])('%#: %s', (j, phase) => {
    expect(phaseOf(j)).toBe(phase);
  });
});

describe('migrationOperation', () => {
  it('ends at the caught-up threshold, and serializes without the job snapshot', async () => {
    const snapshots = [
      job('Migrating', { s: 'Finished', d: 'Migrating' }, true),
      job('Migrating', { s: 'Finished', d: 'Finished', i: 'Migrating' }, true),
    ];
    const operation = migrationOperation('StartMigration', {
      describe: async () => snapshots.shift() as DtsJob,
      stop: async () => {},
    });
    const poller = createPoller({ operation, state: initialProgress('j', 5), intervalMs: 0, jitter: 0 });
    const seen: string[] = [];
    poller.onProgress((p) => seen.push(`${p.phase}:${p.fullLoadPercent}:${p.incrementalDelaySeconds}`));
    const result = await poller.pollUntilDone();
    expect(result.status).toBe('Migrating');
    expect(seen).toEqual(['full-load:40:undefined', 'incremental:40:3']);
    const state = JSON.parse(poller.serialize()).state;
    expect(state).not.toHaveProperty('job');
    expect(state).toMatchObject({ jobId: 'j', phase: 'incremental', untilCaughtUpSeconds: 5, stopRequested: false });
  });
});
