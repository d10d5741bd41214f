// The `pnpm demo` entry: runs the tour, printing to stdout; the exit code says whether it all behaved.
import { runTour } from './tour';

try {
  const { ok } = await runTour({ log: (line) => console.log(line) });
  process.exitCode = ok ? 0 : 1;
} catch (error) {
  console.error(error);
  process.exitCode = 1;
}
