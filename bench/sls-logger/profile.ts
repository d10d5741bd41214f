/**
 * Profiling driver (not part of `run.ts`): sends records through our logger, from source, into the
 * in-process SLS emulator. `node --cpu-prof --import tsx bench/sls-logger/profile.ts [lz4|none] [n]`.
 */

import { startEmulators } from '../../packages/emulators/src/index';
import { createSlsLogger } from '../../packages/sls-logger/src/index';

const compression = (process.argv[2] ?? 'none') as 'lz4' | 'none';
const n = Number(process.argv[3] ?? 200_000);
const emu = await startEmulators({ services: ['sls'] });
emu.sls.createProject('bench-project');
emu.sls.createLogstore('bench-project', 'ours', { shardCount: 2 });
const logger = createSlsLogger({
  project: 'bench-project',
  logstore: 'ours',
  endpoint: emu.sls.endpoint,
  credentials: { ...emu.credentials, source: 'static' },
  compression,
  batch: { lingerMs: 50 },
  maxInflight: 16,
  flushOnExit: false,
});
const start = performance.now();
for (let i = 0; i < n; i++) {
  void logger.send({
    level: 'INFO',
    message: `request handled in ${i % 500} ms`,
    requestId: `req-${i}`,
    path: '/api/orders',
    status: '200',
  });
  if (i % 10_000 === 0) await new Promise((r) => setImmediate(r));
}
await logger.flush();
const ms = performance.now() - start;
console.log(compression, Math.round((n * 1000) / ms), 'rec/s', logger.stats());
await logger.close();
await emu.stop();
