import { describe, expect, it } from 'vitest';
import { PAI_PHASE_MS, TrainingJobRecord } from './training-job-record';

const start = new Date('2024-01-01T00:00:00Z');
const at = (ms: number) => new Date(start.getTime() + ms);

function record(failure?: ConstructorParameters<typeof TrainingJobRecord>[0]['failure']) {
  return new TrainingJobRecord({ id: 'train1', workspaceId: '1', name: 'job', request: {}, now: start, failure });
}

describe('TrainingJobRecord', () => {
  it('advances Creating → Initializing → Running → Succeed with the clock, at any speed', () => {
    const job = record();
    job.advance(at(1_999), 1);
    expect(job.status).toBe('Creating');
    job.advance(at(2_000), 1);
    expect(job.status).toBe('Initializing');
    job.advance(at(2_000 + PAI_PHASE_MS.initializing + PAI_PHASE_MS.running / 2), 1);
    expect([job.status, job.epochs]).toEqual(['Running', 5]);
    job.advance(at(60_000), 1);
    expect(job.status).toBe('Succeed');
    expect(job.transitions.map((t) => [t.Status, t.StartTime, t.EndTime])).toEqual([
      ['Creating', '2024-01-01T00:00:00Z', '2024-01-01T00:00:02Z'],
      ['Initializing', '2024-01-01T00:00:02Z', '2024-01-01T00:00:05Z'],
      ['Running', '2024-01-01T00:00:05Z', '2024-01-01T00:00:25Z'],
      ['Succeed', '2024-01-01T00:00:25Z', '2024-01-01T00:00:25Z'],
    ]);
    expect(job.logs).toHaveLength(12);

    const fast = record();
    fast.advance(at(250), 100);
    expect(fast.status).toBe('Succeed');
    expect(fast.transitions.map((t) => t.StartTime)).toEqual([
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00Z',
    ]);
  });

  it('fails half-way through training with the scripted reason, and stops on request', () => {
    const job = record({ status: 'Failed', reasonCode: 'OOM', reasonMessage: 'out of memory' });
    job.advance(at(60_000), 1);
    expect([job.status, job.reasonCode, job.epochs]).toEqual(['Failed', 'OOM', 5]);
    expect(job.logs.at(-1)).toBe('[worker-0] ERROR OOM: out of memory');

    const stopped = record();
    stopped.advance(at(3_000), 1);
    stopped.stop(at(3_000));
    stopped.advance(at(60_000), 1);
    expect([stopped.status, stopped.reasonCode]).toEqual(['Terminated', 'JobStoppedByUser']);
    expect(stopped.transitions.map((t) => t.Status)).toEqual(['Creating', 'Initializing', 'Terminated']);
  });
});
