import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectEcsInstance } from './ecs-detect';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alikit-dmi-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('detectEcsInstance', () => {
  it('recognises the Alibaba Cloud firmware vendor or product name', async () => {
    await writeFile(join(dir, 'sys_vendor'), 'Alibaba Cloud\n');
    expect(await detectEcsInstance({ dmiDir: dir, platform: 'linux' })).toBe(true);
    await writeFile(join(dir, 'sys_vendor'), 'QEMU\n');
    await writeFile(join(dir, 'product_name'), 'Alibaba Cloud ECS\n');
    expect(await detectEcsInstance({ dmiDir: dir, platform: 'linux' })).toBe(true);
  });

  it('says no for other vendors, missing files and other systems', async () => {
    await writeFile(join(dir, 'sys_vendor'), 'Amazon EC2\n');
    await writeFile(join(dir, 'product_name'), 'm5.large\n');
    expect(await detectEcsInstance({ dmiDir: dir, platform: 'linux' })).toBe(false);
    expect(await detectEcsInstance({ dmiDir: join(dir, 'missing'), platform: 'linux' })).toBe(false);
    await writeFile(join(dir, 'sys_vendor'), 'Alibaba Cloud\n');
    expect(await detectEcsInstance({ dmiDir: dir, platform: 'win32' })).toBe(false);
  });
});
