import { describe, expect, it } from 'vitest';
import { loadPopCore, POP_CORE_PACKAGE } from './load-pop-core';

describe('loadPopCore', () => {
  it('loads the installed @alicloud/pop-core with both clients', async () => {
    const mod = await loadPopCore();
    expect(typeof mod.RPCClient).toBe('function');
    expect(typeof mod.ROAClient).toBe('function');
    await expect(loadPopCore()).resolves.toBe(mod);
  });

  it('says which package to install when it is missing', async () => {
    const missing = Object.assign(new Error("Cannot find package '@alicloud/pop-core'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await loadPopCore(() => Promise.reject(missing)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain(`npm install ${POP_CORE_PACKAGE}`);
    expect((error as Error).cause).toBe(missing);
    const cjsMissing = Object.assign(new Error('Cannot find module'), { code: 'MODULE_NOT_FOUND' });
    await expect(loadPopCore(() => Promise.reject(cjsMissing))).rejects.toThrow(/not installed/);
  });

  it('reports other load failures and a module of the wrong shape', async () => {
    await expect(loadPopCore(() => Promise.reject(new SyntaxError('broken build')))).rejects.toThrow(
      /could not load @alicloud\/pop-core: broken build/,
    );
    await expect(loadPopCore(async () => ({ default: {} }))).rejects.toThrow(/RPCClient and ROAClient/);
  });

  it('accepts the module whether exports sit on default (ESM import of CJS) or not (require)', async () => {
    class RPCClient {}
    class ROAClient {}
    await expect(loadPopCore(async () => ({ default: { RPCClient, ROAClient } }))).resolves.toEqual({
      RPCClient,
      ROAClient,
    });
    await expect(loadPopCore(async () => ({ RPCClient, ROAClient }))).resolves.toEqual({ RPCClient, ROAClient });
  });
});
