import { randomBytes } from 'node:crypto';
import { odpsError } from './errors';
import { decodeXmlText, xmlElements, xmlText } from './odps-xml';
import { runScript, SqlFailure, type SqlResult } from './sql-executor';
import type { MaxComputeCatalog } from './table-store';

/** Status of an instance (spec §3.2). */
export type InstanceStatus = 'Running' | 'Suspended' | 'Terminated';
/** Status of a task (spec §3.3). */
export type TaskStatus = 'Waiting' | 'Running' | 'Success' | 'Failed' | 'Cancelled';

/** A submitted SQL job as the emulator keeps it. */
export interface MaxComputeInstance {
  readonly id: string;
  readonly project: string;
  readonly owner: string;
  readonly jobName: string;
  readonly priority: number;
  readonly guid: string | undefined;
  readonly taskName: string;
  readonly query: string;
  /** The `settings` JSON of the task config merged with the script's `set` statements. */
  readonly settings: Record<string, string>;
  /** The submitted `<Job>` XML (for `?source`). */
  readonly jobXml: string;
  status: InstanceStatus;
  taskStatus: TaskStatus;
  readonly startTime: Date;
  endTime: Date | undefined;
  /** The result of a successful task. */
  result: SqlResult | undefined;
  /** The failure text of a failed task (`ODPS-NNNNNNN:...`). */
  failure: string | undefined;
}

/** What a parsed `<Instance><Job>` submission holds. */
export interface InstanceSubmission {
  jobName: string;
  priority: number;
  guid: string | undefined;
  taskName: string;
  query: string;
  settings: Record<string, string>;
  jobXml: string;
}

/**
 * Parses the body of `POST /projects/{p}/instances` (spec §3.1).
 * @throws ServiceError `InvalidArgument` naming what is missing or malformed.
 */
export function parseSubmission(body: string): InstanceSubmission {
  const job = /<Job(?:\s[^>]*)?>[\s\S]*<\/Job>/.exec(body)?.[0];
  if (!/<Instance[\s>]/.test(body) || !job) {
    throw odpsError('InvalidArgument', {
      message: 'ODPS-0420061: Invalid parameter in HTTP request - the body must be <Instance><Job>...</Job></Instance>',
    });
  }
  const tasks = xmlElements(job, 'Tasks')[0];
  if (tasks === undefined) {
    throw odpsError('InvalidArgument', {
      message: 'ODPS-0420061: Invalid parameter in HTTP request - the job has no <Tasks>',
    });
  }
  const sqlTasks = xmlElements(tasks, 'SQL');
  if (sqlTasks.length !== 1) {
    throw odpsError('InvalidArgument', {
      message: `ODPS-0420061: Invalid parameter in HTTP request - the emulator runs jobs with exactly one <SQL> task, got ${sqlTasks.length}`,
    });
  }
  const task = sqlTasks[0] as string;
  const query = xmlText(task, 'Query');
  if (query === undefined || query.trim() === '') {
    throw odpsError('InvalidArgument', {
      message: 'ODPS-0420061: Invalid parameter in HTTP request - the SQL task has no <Query>',
    });
  }
  const settings: Record<string, string> = {};
  for (const property of xmlElements(task, 'Property')) {
    if (xmlText(property, 'Name') !== 'settings') continue;
    const text = xmlText(property, 'Value') ?? '';
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw odpsError('InvalidArgument', {
        message: 'ODPS-0420061: Invalid parameter in HTTP request - the settings property is not a JSON object',
      });
    }
    if (typeof parsed === 'object' && parsed !== null) {
      for (const [k, v] of Object.entries(parsed)) settings[k] = String(v);
    }
  }
  const outside = job.replace(/<Tasks(?:\s[^>]*)?>[\s\S]*<\/Tasks>/, '');
  const priorityText = xmlText(outside, 'Priority');
  const priority = priorityText === undefined || priorityText === '' ? 9 : Number(priorityText);
  if (!Number.isInteger(priority) || priority < 0) {
    throw odpsError('InvalidArgument', {
      message: `ODPS-0420061: Invalid parameter in HTTP request - Priority must be a non-negative integer, got '${priorityText}'`,
    });
  }
  return {
    jobName: xmlText(outside, 'Name') ?? '',
    priority,
    guid: xmlText(outside, 'Guid') || undefined,
    taskName: xmlText(task, 'Name') || 'AnonymousSQLTask',
    query: decodeXmlText(query).trim(),
    settings,
    jobXml: job,
  };
}

/** Instance ids look like MaxCompute's: a UTC timestamp, then random lower-case hex. */
export function newInstanceId(now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 17);
  return `${stamp}g${randomBytes(6).toString('hex').slice(0, 9)}`;
}

/**
 * The instances of every project: created Running, the SQL runs after `runDelayMs` against the
 * project's catalog, and the instance ends Terminated with the task Success / Failed, or Cancelled
 * when terminated first.
 */
export class InstanceRegistry {
  readonly #instances = new Map<string, MaxComputeInstance>();
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #now: () => Date;
  /** How long a new instance stays Running before its SQL runs. */
  runDelayMs = 0;

  constructor(now: () => Date) {
    this.#now = now;
  }

  /** The instance of that project and id, if any. */
  get(project: string, id: string): MaxComputeInstance | undefined {
    const instance = this.#instances.get(id);
    return instance?.project === project ? instance : undefined;
  }

  /** The instances of a project, oldest first. */
  list(project: string): MaxComputeInstance[] {
    return [...this.#instances.values()].filter((i) => i.project === project);
  }

  /** An earlier instance submitted with the same `Guid`, if any. */
  byGuid(project: string, guid: string): MaxComputeInstance | undefined {
    return this.list(project).find((i) => i.guid === guid);
  }

  /** Creates a Running instance and schedules its SQL; `done` resolves once it is Terminated. */
  submit(
    project: string,
    owner: string,
    submission: InstanceSubmission,
    catalog: MaxComputeCatalog,
  ): { instance: MaxComputeInstance; done: Promise<void> } {
    const now = this.#now();
    const instance: MaxComputeInstance = {
      id: newInstanceId(now),
      project,
      owner,
      jobName: submission.jobName,
      priority: submission.priority,
      guid: submission.guid,
      taskName: submission.taskName,
      query: submission.query,
      settings: { ...submission.settings },
      jobXml: submission.jobXml,
      status: 'Running',
      taskStatus: 'Running',
      startTime: now,
      endTime: undefined,
      result: undefined,
      failure: undefined,
    };
    this.#instances.set(instance.id, instance);
    const done = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(instance.id);
        void this.#run(instance, catalog).finally(resolve);
      }, this.runDelayMs);
      timer.unref?.();
      this.#timers.set(instance.id, timer);
    });
    return { instance, done };
  }

  /** Runs the SQL of an instance now (used for synchronous runs by the view). */
  async #run(instance: MaxComputeInstance, catalog: MaxComputeCatalog): Promise<void> {
    if (instance.status === 'Terminated') return;
    try {
      const result = await runScript(catalog, instance.query, { settings: instance.settings });
      if (isTerminated(instance)) return;
      instance.result = result;
      instance.taskStatus = 'Success';
    } catch (error) {
      if (isTerminated(instance)) return;
      instance.taskStatus = 'Failed';
      instance.failure =
        error instanceof SqlFailure
          ? error.message
          : `ODPS-0010000:System internal error - ${error instanceof Error ? error.message : String(error)}`;
    }
    instance.status = 'Terminated';
    instance.endTime = this.#now();
  }

  /** Stops a Running instance: its task ends Cancelled. */
  terminate(instance: MaxComputeInstance): void {
    if (instance.status === 'Terminated') return;
    const timer = this.#timers.get(instance.id);
    if (timer) clearTimeout(timer);
    this.#timers.delete(instance.id);
    instance.status = 'Terminated';
    instance.taskStatus = 'Cancelled';
    instance.failure = 'ODPS-0130261:Instance was cancelled by the user';
    instance.endTime = this.#now();
  }

  /** Cancels every pending run (the emulator is stopping). */
  close(): void {
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
  }
}

/** Whether the instance has ended (read through a function: it can change while SQL runs). */
function isTerminated(instance: MaxComputeInstance): boolean {
  return instance.status === 'Terminated';
}
