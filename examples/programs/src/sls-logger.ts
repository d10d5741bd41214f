// @alikit/sls-logger: structured logs batched and sent to Log Service (SLS), flushed, then searched
// back with GetLogs — against the SLS emulator.
// Run: npx tsx examples/programs/src/sls-logger.ts
import { pathToFileURL } from 'node:url';
import { startEmulators } from '@alikit/emulators';
import { createSlsLogger } from '@alikit/sls-logger';

const PROJECT = 'example-project';
const LOGSTORE = 'app';

/** Logs a few records, flushes them, and finds the error among them with a query. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['sls'] });
  // Against the real service: drop endpoint and credentials, pass region: 'cn-hangzhou'.
  const logger = createSlsLogger({
    project: PROJECT,
    logstore: LOGSTORE,
    endpoint: emu.sls.endpoint,
    credentials: { ...emu.credentials, source: 'emulator' },
    topic: 'checkout',
    flushOnExit: false, // this program closes the logger itself
  });
  try {
    emu.sls.createProject(PROJECT);
    emu.sls.createLogstore(PROJECT, LOGSTORE);
    const from = new Date(Math.floor(Date.now() / 1000) * 1000);

    logger.info('checkout started', { cartId: 'c-1001', items: 3 });
    const request = logger.child({ requestId: 'req-7f3a' }); // adds requestId to every record
    request.warn('payment provider slow', { ms: 812 });
    request.error('payment declined', { orderId: 42, code: 'card_declined' });
    logger.debug('cache miss'); // below the default level (info): dropped

    await logger.flush(); // send everything buffered now instead of after the linger time
    const stats = logger.stats();
    out(`flushed: ${stats.sentRecords} records in ${stats.sentBatches} request(s), ${stats.failedRecords} failed`);

    const to = new Date(Date.now() + 1000);
    const errors = [];
    for await (const entry of logger.getLogs({ from, to, query: 'level: ERROR' })) errors.push(entry);
    for (const { fields } of errors) out(`found: ${fields.level} ${fields.message} requestId=${fields.requestId}`);
    const [found] = errors;
    if (stats.sentRecords !== 3 || errors.length !== 1 || found?.fields.orderId !== '42') {
      throw new Error(`expected 3 records sent and 1 error found, got ${stats.sentRecords} and ${errors.length}`);
    }

    const report = await logger.close({ timeoutMs: 5000 });
    out(`closed: ${report.delivered} delivered, ${report.undelivered} undelivered`);
  } finally {
    await logger.close({ timeoutMs: 1000 });
    await emu.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
