/**
 * The lookup table for CRC-8/SMBUS (polynomial 0x07, init 0, no reflection, no final xor): entry
 * `i` is the MSB-first CRC of the single byte `i`. Built once at load so no magic table is pasted in.
 */
const TABLE: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
    table[i] = crc;
  }
  return table;
})();

/**
 * Folds one byte into a running PlainBuffer CRC-8 (CRC-8/SMBUS: polynomial 0x07, init 0).
 *
 * @param crc - the running checksum, 0 to start
 * @param byte - the next byte (only its low 8 bits are used)
 */
export function crc8Byte(crc: number, byte: number): number {
  return TABLE[(crc ^ byte) & 0xff] as number;
}

/**
 * Folds a run of bytes into a running PlainBuffer CRC-8 (CRC-8/SMBUS, check value `0xF4` for
 * `"123456789"`).
 *
 * @param bytes - the bytes to checksum
 * @param crc - the running checksum to continue from
 * @defaultValue crc 0
 */
export function crc8(bytes: Uint8Array, crc = 0): number {
  let c = crc & 0xff;
  for (let i = 0; i < bytes.length; i++) c = TABLE[c ^ (bytes[i] as number)] as number;
  return c;
}
