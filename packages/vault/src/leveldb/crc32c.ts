// CRC-32C (Castagnoli), the checksum LevelDB stores beside every log record and table block, and
// its "mask", which LevelDB applies so that a CRC stored inside checksummed data stays checkable.
// Slicing-by-8: eight bytes per step, a few hundred MB/s in V8, so checking a vault costs little.

const POLY = 0x82f63b78
const TABLES: Uint32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256))
  const first = tables[0]!
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? (c >>> 1) ^ POLY : c >>> 1
    first[n] = c >>> 0
  }
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1]!
    const table = tables[t]!
    for (let n = 0; n < 256; n++) table[n] = (prev[n]! >>> 8) ^ first[prev[n]! & 0xff]!
  }
  return tables
})()
const [T0, T1, T2, T3, T4, T5, T6, T7] = TABLES as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array]

/** The CRC-32C of `bytes`. */
export function crc32c (bytes: Uint8Array): number {
  let crc = 0xffffffff
  let i = 0
  const end8 = bytes.length - (bytes.length % 8)
  for (; i < end8; i += 8) {
    const a = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24))
    crc = T7[a & 0xff]! ^ T6[(a >>> 8) & 0xff]! ^ T5[(a >>> 16) & 0xff]! ^ T4[a >>> 24]! ^
      T3[bytes[i + 4]!]! ^ T2[bytes[i + 5]!]! ^ T1[bytes[i + 6]!]! ^ T0[bytes[i + 7]!]!
  }
  for (; i < bytes.length; i++) crc = T0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

/** The CRC that LevelDB's mask turned into `masked` (crc32c::Unmask). */
export function unmask (masked: number): number {
  const rot = (masked - 0xa282ead8) >>> 0
  return ((rot >>> 17) | (rot << 15)) >>> 0
}
