// @alikit/dts: create a DTS migration job (schema + full data, MySQL to RDS MySQL), start it, and
// follow its poller through precheck, schema and full load — against the POP emulator, whose job
// clock runs 32× faster than real time.
// Run: npx tsx examples/programs/src/dts.ts
import { pathToFileURL } from 'node:url';
import { DtsClient } from '@alikit/dts';
import { startEmulators } from '@alikit/emulators';

/** Migrates one database and waits until DTS reports the job Finished. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['pop'] });
  emu.pop.dts.speed = 32; // the emulated job's 16 s take half a second
  try {
    // Against the real service: drop endpoint, credentials, poller and env.
    const dts = new DtsClient({
      region: 'cn-hangzhou',
      endpoint: emu.pop.endpoint,
      credentials: { ...emu.credentials, source: 'emulator' },
      poller: { intervalMs: 50 }, // poll often: the emulated job is quick
      env: {}, // read no ALIBABA_CLOUD_* variables
    });
    // The spec is checked before any request; the passwords go to DTS only, never to a log or error.
    const { jobId, instanceId } = await dts.createMigrationJob({
      name: 'shop-to-rds',
      source: {
        instanceType: 'EXPRESS',
        engine: 'MYSQL',
        host: '198.51.100.10',
        port: 3306,
        user: 'dts',
        password: 'ExampleSourcePassw0rd',
      },
      destination: {
        instanceType: 'RDS',
        engine: 'MYSQL',
        instanceId: 'rm-example0001',
        user: 'dts',
        password: 'ExampleDestPassw0rd',
      },
      objects: [{ database: 'shop' }],
      migrationMode: { structureInitialization: true, dataInitialization: true, dataSynchronization: false },
    });
    out(`created ${jobId} on instance ${instanceId}`);

    const poller = await dts.beginStartMigration(jobId);
    const phases: string[] = [];
    poller.onProgress((progress) => {
      if (phases.at(-1) === progress.phase) return;
      phases.push(progress.phase);
      out(`  ${progress.phase} (${progress.status})`);
    });
    // Throws PrecheckFailed (with every item's result) or MigrationFailed instead of ending badly.
    const job = await poller.pollUntilDone({ signal: AbortSignal.timeout(10_000) });
    out(`${job.status}: full data ${job.dataInitialization?.percent}% after ${phases.join(' → ')}`);
    if (job.status !== 'Finished' || job.dataInitialization?.percent !== 100 || phases.at(-1) !== 'finished') {
      throw new Error(`unexpected job: ${job.status} after ${phases.join(' → ')}`);
    }
  } finally {
    await emu.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
