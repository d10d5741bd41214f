// @alikit/core: a credentials chain (environment, then a static key pair) and a signed generic POP
// call through createPopClient, answered by the POP emulator.
// Run: npx tsx examples/programs/src/core.ts
import { pathToFileURL } from 'node:url';
import { chain, fromEnv, fromStatic } from '@alikit/core';
import { createPopClient } from '@alikit/core/pop';
import { startEmulators } from '@alikit/emulators';

/** What the emulated ECS answers to DescribeRegions. */
const REGIONS = ['cn-hangzhou', 'cn-shanghai', 'cn-beijing'];

/** Resolves credentials through a chain, calls ECS DescribeRegions with them, and checks what the service saw. */
export async function main(out: (line: string) => void = console.log): Promise<void> {
  const emu = await startEmulators({ services: ['pop'] });
  try {
    emu.pop.setResponse('DescribeRegions', { Regions: { Region: REGIONS.map((RegionId) => ({ RegionId })) } });

    // The environment comes first; an empty one here, so the chain moves on to the static key pair.
    // In your code: chain(fromEnv(), fromStatic({ accessKeyId, accessKeySecret })), or defaultCredentials().
    const credentials = chain(fromEnv({ env: {} }), fromStatic({ ...emu.credentials, source: 'static_ak' }));
    const resolved = await credentials();
    out(`credentials: ${resolved.source}, access key id ${resolved.accessKeyId}`);

    const ecs = createPopClient({
      endpoint: emu.pop.endpoint, // omit it, and pass region: 'cn-hangzhou', to call the real ECS
      product: 'ecs',
      apiVersion: '2014-05-26',
      style: 'rpc',
      credentials, // asked again before every attempt, so rotating keys are picked up
    });
    const answer = await ecs.request<{ RequestId: string; Regions: { Region: Array<{ RegionId: string }> } }>(
      'DescribeRegions',
      { AcceptLanguage: 'en-US' },
    );
    const regions = answer.Regions.Region.map((region) => region.RegionId);
    out(`DescribeRegions: ${regions.join(', ')} (request id ${answer.RequestId})`);

    // The emulator verified the signature; its record shows what reached the wire.
    const call = emu.pop.calls.find((c) => c.action === 'DescribeRegions');
    if (regions.join() !== REGIONS.join()) throw new Error(`unexpected regions: ${regions.join(', ')}`);
    if (call?.accessKeyId !== resolved.accessKeyId || call.params.AcceptLanguage !== 'en-US') {
      throw new Error('the emulator did not record the call as sent');
    }
    out(`signed ${call.signature}, version ${call.version}, key ${call.accessKeyId}`);
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
