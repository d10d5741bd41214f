import type { ServiceError } from '../../shared/service-error';
import { popError } from '../errors';

/** What the emulator keeps of a CreateTrainingJob body after checking it. */
export interface CheckedTrainingJobRequest {
  name: string;
  workspaceId: string;
  body: Record<string, unknown>;
}

/** The workspace a job lands in when the request names none. */
export const DEFAULT_PAI_WORKSPACE_ID = '1000';

const OSS_URI = /^oss:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\.[A-Za-z0-9.-]+)?\/[^\s]*$/;
const ECS_SPEC = /^ecs\.[a-z0-9-]+\.[a-z0-9-]+$/;
const ROLE_ARN = /^acs:ram::\d+:role\/[A-Za-z0-9._-]+$/;

/**
 * Checks a CreateTrainingJob body the way the service would for the fields it carries. Only
 * `TrainingJobName` is required here, so that a bare request still creates a job; every field that
 * is present must be well formed (`oss://` URIs, an `ecs.` instance type, string hyperparameters).
 * @throws ServiceError `MissingParameter` / `InvalidParameter` (400) naming the field.
 */
export function checkCreateTrainingJob(json: unknown): CheckedTrainingJobRequest {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw missing('TrainingJobName');
  }
  const body = json as Record<string, unknown>;
  const name = body.TrainingJobName;
  if (name === undefined || name === '') throw missing('TrainingJobName');
  if (typeof name !== 'string' || name.length > 128) throw invalid('TrainingJobName', 'must be 1–128 characters');
  const workspaceId = body.WorkspaceId ?? DEFAULT_PAI_WORKSPACE_ID;
  if (typeof workspaceId !== 'string' || workspaceId === '') throw invalid('WorkspaceId', 'must be a string');
  checkChannels(body.InputChannels, 'InputChannels', 'InputUri');
  checkChannels(body.OutputChannels, 'OutputChannels', 'OutputUri');
  checkComputeResource(body.ComputeResource);
  if (body.HyperParameters !== undefined) {
    const list = arrayOf(body.HyperParameters, 'HyperParameters');
    list.forEach((entry, i) => {
      const e = objectOf(entry, `HyperParameters.${i + 1}`);
      if (typeof e.Name !== 'string' || e.Name === '') throw invalid(`HyperParameters.${i + 1}.Name`, 'is required');
      if (typeof e.Value !== 'string') throw invalid(`HyperParameters.${i + 1}.Value`, 'must be a string');
    });
  }
  if (body.Scheduler !== undefined) {
    const scheduler = objectOf(body.Scheduler, 'Scheduler');
    const seconds = scheduler.MaxRunningTimeInSeconds;
    if (seconds !== undefined && !(Number.isInteger(seconds) && (seconds as number) > 0)) {
      throw invalid('Scheduler.MaxRunningTimeInSeconds', 'must be a positive integer');
    }
  }
  if (body.RoleArn !== undefined && (typeof body.RoleArn !== 'string' || !ROLE_ARN.test(body.RoleArn))) {
    throw invalid('RoleArn', 'must look like acs:ram::<account>:role/<name>');
  }
  return { name, workspaceId, body };
}

function checkChannels(value: unknown, field: string, uriField: string): void {
  if (value === undefined) return;
  const names = new Set<string>();
  arrayOf(value, field).forEach((entry, i) => {
    const path = `${field}.${i + 1}`;
    const channel = objectOf(entry, path);
    if (typeof channel.Name !== 'string' || channel.Name === '') throw invalid(`${path}.Name`, 'is required');
    if (names.has(channel.Name)) throw invalid(`${path}.Name`, `repeats channel ${channel.Name}`);
    names.add(channel.Name);
    const uri = channel[uriField];
    const dataset = channel.DatasetId;
    if ((uri === undefined) === (dataset === undefined)) {
      throw invalid(path, `needs exactly one of ${uriField} and DatasetId`);
    }
    if (uri !== undefined && (typeof uri !== 'string' || !OSS_URI.test(uri))) {
      throw invalid(`${path}.${uriField}`, 'must be an oss://<bucket>/<path> URI');
    }
    if (dataset !== undefined && (typeof dataset !== 'string' || dataset === '')) {
      throw invalid(`${path}.DatasetId`, 'must be a dataset id');
    }
  });
}

function checkComputeResource(value: unknown): void {
  if (value === undefined) return;
  const resource = objectOf(value, 'ComputeResource');
  if (resource.EcsSpec !== undefined) {
    if (typeof resource.EcsSpec !== 'string' || !ECS_SPEC.test(resource.EcsSpec)) {
      throw invalid('ComputeResource.EcsSpec', 'is not a supported instance type');
    }
    const count = resource.EcsCount ?? 1;
    if (!Number.isInteger(count) || (count as number) < 1) {
      throw invalid('ComputeResource.EcsCount', 'must be a positive integer');
    }
  } else if (resource.ResourceId === undefined) {
    throw invalid('ComputeResource', 'needs EcsSpec or ResourceId');
  }
}

function arrayOf(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw invalid(field, 'must be an array');
  return value;
}

function objectOf(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(field, 'must be an object');
  return value as Record<string, unknown>;
}

function missing(field: string): ServiceError {
  return popError('MissingParameter', {
    message: `The input parameter "${field}" that is mandatory for processing this request is not supplied.`,
  });
}

function invalid(field: string, why: string): ServiceError {
  return popError('InvalidParameter', { message: `The parameter ${field} is invalid: it ${why}.` });
}
