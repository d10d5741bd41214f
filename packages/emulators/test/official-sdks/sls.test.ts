import { Agent } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, loopbackLookup, startEmulators } from '../../src/index';
import { portOf, requireFromCore } from '../helpers';

type LogClient = {
  getProject(name: string, options?: Record<string, unknown>): Promise<Record<string, unknown>>;
};
const LogClientClass = requireFromCore('@alicloud/log') as new (config: Record<string, unknown>) => LogClient;

let emu: Emulators<'sls'>;
// @alicloud/log puts the project in the host name, so the client keeps a real-looking endpoint and
// an agent resolves every name to 127.0.0.1.
const agent = new Agent({ lookup: loopbackLookup });

beforeAll(async () => {
  emu = await startEmulators({ services: ['sls'] });
  emu.sls.createProject('sdk-project');
});
afterAll(async () => {
  agent.destroy();
  await emu.stop();
});

function client(secret = emu.credentials.accessKeySecret): LogClient {
  return new LogClientClass({
    accessKeyId: emu.credentials.accessKeyId,
    accessKeySecret: secret,
    endpoint: `cn-hangzhou.log.aliyuncs.com:${portOf(emu.sls.endpoint)}`,
  });
}

describe('@alicloud/log against the sls emulator', () => {
  it('getProject returns the project', async () => {
    const project = await client().getProject('sdk-project', { agent });
    expect(project).toMatchObject({ projectName: 'sdk-project', status: 'Normal' });
  });

  it('getProject of a missing project throws ProjectNotExist with the request id', async () => {
    await expect(client().getProject('missing-project', { agent })).rejects.toMatchObject({
      code: 'ProjectNotExist',
      name: 'ProjectNotExistError',
      requestid: expect.stringMatching(/^[0-9A-F]{24}$/),
    });
  });

  it('a wrong secret throws SignatureNotMatch', async () => {
    await expect(client('WrongSecret').getProject('sdk-project', { agent })).rejects.toMatchObject({
      code: 'SignatureNotMatch',
    });
  });
});
