// Reflected Castagnoli polynomial; the table is built once at module load (1 KiB).
/** The CRC32C lookup table, shared with the record checksum's fast paths. */
export const CRC32C_TABLE = buildTable(0x82f63b78);
const TABLE = CRC32C_TABLE;

function buildTable(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

/**
 * Computes the CRC32C (Castagnoli) checksum of `data`, continuing from `previous` so that
 * `crc32c(b, crc32c(a))` equals the checksum of `a` followed by `b`.
 *
 * @param previous - the checksum of the bytes before `data`. @defaultValue 0 (nothing before)
 * @returns the checksum as an unsigned 32-bit number; `crc32c("123456789")` is `0xe3069283`
 */
export function crc32c(data: Uint8Array, previous = 0): number {
  let c = ~previous;
  for (let i = 0; i < data.length; i++) {
    c = (TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
  }
  return ~c >>> 0;
}
