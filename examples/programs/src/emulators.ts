// @alikit/emulators: start the OSS emulator, inject faults (two 503s that a client retries through,
// then a 403 it does not retry), and stop it again.
// Run: npx tsx examples/programs/src/emulators.ts
import { pathToFileURL } from 'node:url';
import { createHttpClient, isSdkError, signOssV4 } from '@alikit/core';
import { startEmulators } from '@alikit/emulators';

const BUCKET = 'example-bucket';
const KEY = 'hello.txt';
const TEXT = 'hello from the emulator';

/** Reads one object through injected faults and shows what the client and the rule saw. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['oss'] });
  try {
    out(`oss emulator at ${emu.oss.endpoint}, key ${emu.credentials.accessKeyId}`);
    emu.oss.createBucket(BUCKET);
    await emu.oss.putObject(BUCKET, KEY, TEXT); // seeded directly, without a request

    const http = createHttpClient({ retry: { maxAttempts: 4, baseDelayMs: 20 } });
    const getObject = () =>
      http.send({
        service: 'oss',
        operation: 'GetObject',
        method: 'GET',
        url: `${emu.oss.endpoint}/${BUCKET}/${KEY}`,
        // Called for every attempt, so each retry carries a fresh signature date.
        sign: (_request, { now }) => {
          const signed = signOssV4({
            method: 'GET',
            host: new URL(emu.oss.endpoint).host,
            protocol: 'http',
            region: emu.oss.region,
            bucket: BUCKET,
            key: KEY,
            pathStyle: true,
            credentials: emu.credentials,
            date: now,
          });
          return {
            method: 'GET',
            url: signed.url,
            headers: { ...signed.headers, Authorization: signed.authorization },
            body: undefined,
          };
        },
      });

    // A service having a bad moment: the next two GetObject calls fail with 503.
    const outage = emu.faults.inject('oss', { status: 503, times: 2, match: { operation: 'GetObject' } });
    const response = await getObject();
    if (response.text() !== TEXT || response.attempts !== 3 || outage.hits !== 2) {
      throw new Error(`expected the text after 3 attempts, got ${response.attempts} attempts, ${outage.hits} faults`);
    }
    out(`503 ×2 injected: GetObject succeeded on attempt ${response.attempts}, read "${response.text()}"`);

    // A refusal is not retried (had it been, the rule, spent after one hit, would have let the
    // repeat through): the error carries the service's own code and status.
    const refusal = emu.faults.inject('oss', { status: 403, code: 'AccessDenied', times: 1 });
    const error = await getObject().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!isSdkError(error) || error.code !== 'AccessDenied' || refusal.hits !== 1) {
      throw new Error(`expected AccessDenied, got ${String(error)}`);
    }
    out(`403 injected: ${error.code} (${error.status}), retryable ${error.retryable}, not retried`);

    emu.faults.clear();
    const again = await getObject();
    if (again.attempts !== 1 || again.text() !== TEXT) throw new Error('GetObject still failing after clear()');
    out(`faults cleared: GetObject answers ${again.status} at the first attempt`);
  } finally {
    await emu.stop();
    out('emulators stopped');
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
