import { startEmulators } from '@alikit/emulators';

/** A running SLS emulator with one project and logstore. */
export async function startSls(logstore = 'app', shardCount = 2) {
  const emu = await startEmulators({ services: ['sls'] });
  const project = `proj-${Math.random().toString(36).slice(2, 8)}`;
  emu.sls.createProject(project);
  const credentials = { ...emu.credentials, source: 'static' };
  emu.sls.createLogstore(project, logstore, { shardCount });
  return { emu, project, logstore, credentials, endpoint: emu.sls.endpoint };
}
