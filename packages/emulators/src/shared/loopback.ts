import type { LookupAddress, LookupAllOptions, LookupOneOptions } from 'node:dns';

/** The callback shape of `dns.lookup`, for one address or for all of them. */
type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `dns.lookup` replacement that resolves every host name to 127.0.0.1. Give it to an HTTP agent
 * (`new http.Agent({ lookup: loopbackLookup })`) so an official SDK that puts the bucket or project
 * in the host name (`mybucket.oss-cn-hangzhou.aliyuncs.com`) reaches the emulator, without editing
 * system files.
 */
export function loopbackLookup(
  _hostname: string,
  options: LookupOneOptions | LookupAllOptions | number,
  callback: LookupCallback,
): void {
  if (typeof options === 'object' && options !== null && options.all === true) {
    callback(null, [{ address: '127.0.0.1', family: 4 }]);
  } else {
    callback(null, '127.0.0.1', 4);
  }
}
