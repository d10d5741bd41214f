import { type ReadTextFile, readTextFile } from './file-source';

/** Options of {@link detectEcsInstance}. */
export interface DetectEcsInstanceOptions {
  /** Where the firmware (DMI) strings are. @defaultValue `/sys/class/dmi/id` */
  dmiDir?: string | undefined;
  /** Reads a file as text. @defaultValue `fs.promises.readFile(path, 'utf8')` */
  readFile?: ReadTextFile | undefined;
  /** The operating system. @defaultValue `process.platform` */
  platform?: string | undefined;
}

const ALIBABA_VENDOR = /alibaba\s*cloud|aliyun/i;

/**
 * Tells, without any network call, whether this machine is an Alibaba Cloud ECS instance: on
 * Linux the firmware identifies itself (`sys_vendor` "Alibaba Cloud", `product_name` "Alibaba Cloud
 * ECS"), as cloud-init checks. Elsewhere, or when the files cannot be read (some sandboxes hide
 * them), the answer is false: set `ALIBABA_CLOUD_ECS_METADATA` to the role name to use the ECS
 * provider there.
 */
export async function detectEcsInstance(options: DetectEcsInstanceOptions = {}): Promise<boolean> {
  if ((options.platform ?? process.platform) !== 'linux') return false;
  const dir = options.dmiDir ?? '/sys/class/dmi/id';
  const readFile = options.readFile ?? readTextFile;
  for (const file of ['sys_vendor', 'product_name']) {
    try {
      if (ALIBABA_VENDOR.test(await readFile(`${dir}/${file}`))) return true;
    } catch {
      // Unreadable: try the other file, then answer false.
    }
  }
  return false;
}
