import { popError } from '../errors';
import type { MigrationFailure, MigrationJobRecord, PrecheckFailure } from './migration-job-record';

/** What the DTS API handlers of both versions share: the job store, the clock and the scenarios. */
export interface DtsContext {
  now(): Date;
  /** Creates and stores a job with fresh ids. */
  createJob(init: { api: '2020-01-01' | '2016-08-01'; regionId: string; instanceClass: string }): MigrationJobRecord;
  /** Every job of one API version, advanced to now, oldest first. */
  jobsOf(api: '2020-01-01' | '2016-08-01'): MigrationJobRecord[];
  /** The job, advanced to now. @throws ServiceError `InvalidJobId` (404) when there is none. */
  job(api: '2020-01-01' | '2016-08-01', id: string): MigrationJobRecord;
  deleteJob(job: MigrationJobRecord): void;
  /** The next scripted precheck failure, if any (consumed). */
  takePrecheckFailures(): PrecheckFailure[] | undefined;
  /** The next scripted migration failure, if any (consumed). */
  takeMigrationFailure(): MigrationFailure | undefined;
  /** Throws the scripted throttling error when one is pending for status calls. */
  throttleStatusCall(): void;
}

/** The refusal of an operation the job's state does not allow. */
export function jobStatusError(job: MigrationJobRecord, operation: string, status: string) {
  return popError('OperationDenied.JobStatus', {
    message: `The job ${job.id} cannot be ${operation} while it is ${status}.`,
  });
}
