import { describe, expect, it } from 'vitest';
import { toTrainingJob } from './training-job';

describe('toTrainingJob', () => {
  it('reads the wire shape into camelCase with dates and numbers', () => {
    const job = toTrainingJob({
      TrainingJobId: 'train1',
      TrainingJobName: 'n',
      WorkspaceId: '1000',
      AlgorithmName: 'a',
      AlgorithmProvider: 'pai',
      Status: 'Running',
      StatusTransitions: [
        { Status: 'Creating', StartTime: '2024-01-01T00:00:00Z', EndTime: '2024-01-01T00:00:02Z' },
        { Status: 'Running', StartTime: '2024-01-01T00:00:02Z' },
      ],
      ComputeResource: { EcsSpec: 'ecs.c6.large', EcsCount: 2 },
      HyperParameters: [{ Name: 'epochs', Value: '3' }],
      InputChannels: [{ Name: 'train', InputUri: 'oss://b/x/' }],
      OutputChannels: [{ Name: 'model', DatasetId: 'd-1' }],
      Scheduler: { MaxRunningTimeInSeconds: '3600' },
      LatestMetrics: [{ Name: 'loss', Value: 0.5, Timestamp: '2024-01-01T00:00:03Z' }, { Name: 'bad' }],
      LatestProgress: { OverallProgress: 0.5, RemainingTime: 10 },
      Duration: 3,
      GmtCreateTime: '2024-01-01T00:00:00Z',
    });
    expect(job).toMatchObject({
      jobId: 'train1',
      status: 'Running',
      computeResource: { instanceType: 'ecs.c6.large', instanceCount: 2 },
      hyperParameters: { epochs: '3' },
      inputs: [{ name: 'train', uri: 'oss://b/x/', datasetId: undefined }],
      outputs: [{ name: 'model', uri: undefined, datasetId: 'd-1' }],
      maxRunningTimeSeconds: 3600,
      latestMetrics: [{ name: 'loss', value: 0.5 }],
      progress: { overall: 0.5, remainingSeconds: 10 },
      durationSeconds: 3,
    });
    expect(job.statusTransitions[0]?.endTime).toEqual(new Date('2024-01-01T00:00:02Z'));
    expect(job.statusTransitions[1]?.endTime).toBeUndefined();
    expect(job.createTime).toEqual(new Date('2024-01-01T00:00:00Z'));
  });

  it('tolerates a body with nothing in it', () => {
    expect(toTrainingJob(undefined)).toMatchObject({ jobId: '', status: 'Unknown', statusTransitions: [], inputs: [] });
  });
});
