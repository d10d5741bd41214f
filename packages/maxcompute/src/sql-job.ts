import { type PollCallOptions, type Poller, type PollOperation, SdkError } from '@alikit/core';
import type { MaxComputeRow } from './values';

/** What a SQL job poller reports after every poll. */
export interface SqlJobState {
  /** The instance id (e.g. `20240102030405123gabcdef12`). */
  instanceId: string;
  /** The instance status: `Running`, `Suspended` or `Terminated`. */
  status: string;
  /** The SQL task's name. */
  taskName: string;
  /** The SQL task's status: `Waiting`, `Running`, `Success`, `Failed`, `Cancelled`, ... */
  taskStatus: string;
  /** Finished share of the task's stages, 0..100, when the service reported progress. */
  progress: number | undefined;
  /** The Logview URL of the instance, when it could be built. */
  logviewUrl: string | undefined;
}

/** The result of a finished SQL job. */
export interface SqlResult {
  /** The instance that ran the SQL. */
  readonly instanceId: string;
  /** The SQL task's name. */
  readonly taskName: string;
  /** The Logview URL of the instance, when it could be built. */
  readonly logviewUrl: string | undefined;
  /**
   * The rows of a SELECT, typed per column (see `MaxComputeValue`), read through the instance
   * tunnel in parallel ranges (no 10,000-row cap); when the tunnel is unavailable for this instance
   * (or turned off with the client's `instanceTunnel: false`), from the CSV result instead.
   * @throws SdkError from the tunnel or the result call
   */
  rows(options?: { signal?: AbortSignal | undefined }): AsyncIterable<MaxComputeRow>;
  /**
   * The task's raw text output: CSV for a SELECT (at most 10,000 rows), `OK` or a listing for DDL,
   * `DESC` and `SHOW` statements.
   */
  text(options?: { signal?: AbortSignal | undefined }): Promise<string>;
}

/** A poller of a SQL job; resolves with its {@link SqlResult}. */
export type SqlJobPoller = Poller<SqlJobState, SqlResult>;

/** The service calls a SQL job poller makes. */
export interface SqlJobCalls {
  poll(state: SqlJobState, options: PollCallOptions): Promise<SqlJobState>;
  terminate(instanceId: string, options: PollCallOptions): Promise<void>;
  /** The failed task's message (the text of its result). */
  failureText(state: SqlJobState): Promise<string>;
  result(state: SqlJobState): SqlResult;
}

/** The poll operation behind {@link SqlJobPoller}. */
export function sqlJobOperation(calls: SqlJobCalls): PollOperation<SqlJobState, SqlResult> {
  return {
    service: 'maxcompute',
    name: 'SqlJob',
    poll: (state, options) => calls.poll(state, options),
    isDone: (state) => state.status.toLowerCase() === 'terminated',
    async result(state) {
      if (state.taskStatus.toLowerCase() === 'success') return calls.result(state);
      throw sqlTaskError(state, await calls.failureText(state).catch(() => ''));
    },
    cancel: async (state, options) => {
      await calls.terminate(state.instanceId, options);
    },
    serialize: (state) => ({ ...state }),
    deserialize: (data) => {
      const d = data as Partial<SqlJobState> | null;
      if (typeof d !== 'object' || d === null || typeof d.instanceId !== 'string' || typeof d.status !== 'string') {
        throw new TypeError('not a serialized MaxCompute SQL job poller: instanceId and status are missing');
      }
      return {
        instanceId: d.instanceId,
        status: d.status,
        taskName: typeof d.taskName === 'string' ? d.taskName : 'AnonymousSQLTask',
        taskStatus: typeof d.taskStatus === 'string' ? d.taskStatus : 'Unknown',
        progress: typeof d.progress === 'number' ? d.progress : undefined,
        logviewUrl: typeof d.logviewUrl === 'string' ? d.logviewUrl : undefined,
      };
    },
    intervalMs: () => undefined,
  };
}

/**
 * The error a SQL task that did not succeed is reported with: the code is the `ODPS-NNNNNNN` code
 * the task's message starts with (or `<Code>` of an XML error), else `SqlTask<Status>`.
 */
export function sqlTaskError(state: SqlJobState, text: string): SdkError {
  let message = text.trim();
  let code: string | undefined;
  const xmlCode = /<Code>([^<]*)<\/Code>/.exec(message);
  if (xmlCode) {
    code = xmlCode[1];
    message = /<Message>([\s\S]*?)<\/Message>/.exec(message)?.[1]?.replace(/^<!\[CDATA\[|]]>$/g, '') ?? message;
  }
  code ??= /^(ODPS-\d{7})/.exec(message)?.[1];
  code ??= `SqlTask${capitalize(state.taskStatus)}`;
  const ended = state.taskStatus.toLowerCase() === 'cancelled' ? 'was cancelled' : `ended ${state.taskStatus}`;
  return new SdkError({
    code,
    service: 'maxcompute',
    operation: 'SqlJob',
    serviceMessage: `SQL task ${state.taskName} of instance ${state.instanceId} ${ended}${message ? `: ${message}` : ''}`,
    details: { instanceId: state.instanceId, taskName: state.taskName, taskStatus: state.taskStatus, message },
  });
}

function capitalize(s: string): string {
  return s.length === 0 ? 'Failed' : s[0]?.toUpperCase() + s.slice(1).toLowerCase();
}
