#!/usr/bin/env node
// `alikit-emulators`: starts the emulators and prints their endpoints and credentials as one JSON line.
import { CLI_USAGE, parseCliOptions } from './cli-options';
import { describeEmulators } from './describe-emulators';
import { startEmulators } from './start-emulators';

async function main(): Promise<void> {
  let options: ReturnType<typeof parseCliOptions>;
  try {
    options = parseCliOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`alikit-emulators: ${(error as Error).message}\n\n${CLI_USAGE}`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    process.stdout.write(CLI_USAGE);
    return;
  }
  const emu = await startEmulators({ services: options.services, ports: options.ports, host: options.host });
  const shutdown = () => {
    process.off('SIGINT', shutdown);
    process.off('SIGTERM', shutdown);
    emu.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.stdout.write(`${JSON.stringify(describeEmulators(emu))}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`alikit-emulators: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
