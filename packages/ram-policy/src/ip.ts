/** An IPv4 or IPv6 address block; a single address is a block of prefix 32 or 128. */
export interface IpBlock {
  version: 4 | 6;
  /** The address as a number, host bits cleared. */
  network: bigint;
  prefix: number;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let out = 0n;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseIpv6(text: string): bigint | undefined {
  let head = text;
  let tailV4: bigint | undefined;
  // An IPv4 tail (`::ffff:192.0.2.1`) stands for the last two groups.
  const lastColon = text.lastIndexOf(':');
  if (text.includes('.')) {
    tailV4 = parseIpv4(text.slice(lastColon + 1));
    if (tailV4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0] ?? '');
  const right = halves.length === 2 ? groups(halves[1] ?? '') : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...new Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  let out = 0n;
  for (const g of all) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
    out = (out << 16n) | BigInt(Number.parseInt(g, 16));
  }
  if (tailV4 !== undefined) out = (out & ~0xffffffffn) | tailV4;
  return out;
}

/**
 * Parses `192.0.2.7`, `192.0.2.0/24`, `2001:db8::1` or `2001:db8::/32`. Host bits set below the
 * prefix (`192.0.2.7/24`) are accepted and cleared, as routers do.
 */
export function parseIpBlock(text: string): IpBlock | undefined {
  if (typeof text !== 'string') return undefined;
  const slash = text.indexOf('/');
  const address = slash < 0 ? text : text.slice(0, slash);
  const version: 4 | 6 = address.includes(':') ? 6 : 4;
  const value = version === 4 ? parseIpv4(address) : parseIpv6(address);
  if (value === undefined) return undefined;
  const bits = version === 4 ? 32 : 128;
  let prefix = bits;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > bits) return undefined;
    prefix = Number(p);
  }
  const hostBits = BigInt(bits - prefix);
  return { version, network: (value >> hostBits) << hostBits, prefix };
}

/** True when `address` (a single address) lies in `block`. Different IP versions never match. */
export function ipInBlock(address: IpBlock, block: IpBlock): boolean {
  if (address.version !== block.version) return false;
  const bits = BigInt((block.version === 4 ? 32 : 128) - block.prefix);
  return address.network >> bits === block.network >> bits;
}
