import { isSdkError } from '@alikit/core';
import { DtsClient, type DtsJob, type MigrationJobSpec, type MigrationProgress } from '@alikit/dts';
import type { StepContext, TourStep } from '../step';

/** How much faster than real time the emulated job runs: its 16 s (precheck, schema, full data) take about 1 s. */
export const DTS_SPEED = 16;

/** The source database's password: obviously fake; the test checks it never reaches the report. */
export const DTS_SOURCE_PASSWORD = 'ExampleTourSourcePassw0rd';
/** The destination database's password, fake as well. */
export const DTS_DESTINATION_PASSWORD = 'ExampleTourDestPassw0rd';

/** The migration the tour runs: a self-managed MySQL (by address) to an RDS MySQL, schema and full data. */
export const MIGRATION_SPEC: MigrationJobSpec = {
  name: 'alikit-tour-shop',
  source: {
    instanceType: 'EXPRESS',
    engine: 'MYSQL',
    host: '198.51.100.10',
    port: 3306,
    user: 'dts',
    password: DTS_SOURCE_PASSWORD,
  },
  destination: {
    instanceType: 'RDS',
    engine: 'MYSQL',
    instanceId: 'rm-alikittour0001',
    user: 'dts',
    password: DTS_DESTINATION_PASSWORD,
  },
  objects: [{ database: 'shop' }],
  migrationMode: { structureInitialization: true, dataInitialization: true, dataSynchronization: false },
};

/** Step 8 of the tour: a DTS migration created, started and followed through precheck, schema and full load. */
export const dtsStep: TourStep = {
  name: 'dts',
  title: 'DTS migration: DtsClient from @alikit/dts, createMigrationJob → beginStartMigration → Finished',
  async run({ emulators, log, record }: StepContext): Promise<void> {
    const { pop } = emulators;
    pop.dts.speed = DTS_SPEED;
    const dts = new DtsClient({
      region: 'cn-hangzhou',
      endpoint: pop.endpoint,
      credentials: { ...emulators.credentials, source: 'emulator' },
      poller: { intervalMs: 100, jitter: 0 },
      env: {},
    });
    const { source, destination } = MIGRATION_SPEC;
    log(
      `  endpoint ${dts.endpoint}, job clock ×${DTS_SPEED}; ${source.engine} ${source.host}:${source.port} → ` +
        `${destination.engine} ${destination.instanceId}, database shop, schema + full data`,
    );

    const started = Date.now();
    const base = { subject: 'DTS migration', action: 'beginStartMigration → pollUntilDone', expected: 'Finished' };
    const phases: string[] = [];
    let job: DtsJob;
    try {
      const created = await dts.createMigrationJob(MIGRATION_SPEC);
      log(`  created job ${created.jobId} (instance ${created.instanceId}); DTS prechecks it at once`);
      const poller = await dts.beginStartMigration(created.jobId);
      let shown = '';
      poller.onProgress((progress) => {
        if (phases.at(-1) !== progress.phase) phases.push(progress.phase);
        const line = describeProgress(progress);
        if (line === shown) return;
        shown = line;
        log(`    onProgress ${elapsed(started)} ${line}`);
      });
      job = await poller.pollUntilDone({ timeoutMs: 10_000 });
    } catch (error) {
      if (!isSdkError(error)) throw error;
      record({ ...base, ok: false, outcome: error.code, status: error.status, errorMessage: error.message });
      return;
    }
    const full = job.dataInitialization?.percent;
    const ok = job.status === 'Finished' && phases.at(-1) === 'finished' && full === 100;
    record({
      ...base,
      ok,
      outcome: job.status,
      errorMessage: ok ? undefined : `phases ${phases.join(' → ')}, full load ${full ?? '?'}%`,
    });
    if (ok) log(`    phases ${phases.join(' → ')}; finished in ${elapsed(started)}`);
  },
};

/** One progress line: the status DTS reports, then each step's percentage. */
export function describeProgress(progress: MigrationProgress): string {
  const percent = (value: number | undefined) => (value === undefined ? '–' : `${value}%`).padEnd(4);
  return (
    `${progress.status.padEnd(11)} precheck ${percent(progress.precheckPercent)}  ` +
    `structure ${percent(progress.structurePercent)}  full-load ${percent(progress.fullLoadPercent)}`.trimEnd()
  );
}

/** Seconds since `start`, for the progress lines. */
function elapsed(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}
