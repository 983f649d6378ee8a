// LevelDB's log format (write-ahead logs and the MANIFEST): 32 KiB blocks of records, each with a
// masked CRC-32C, a length and a type (full, or first/middle/last fragment of a longer record).
// LevelDB's own reader skips a record that fails its checksum and carries on, so a flipped byte
// silently drops acknowledged writes (and LevelDB then deletes the damaged log). This reader
// refuses instead, naming the offset.
import { crc32c, unmask } from './crc32c.js'
import { Malformed, fixed32 } from './cursor.js'

const BLOCK = 32768
const HEADER = 7
const FULL = 1
const FIRST = 2
const MIDDLE = 3
const LAST = 4

/**
 * Every record of a log file, fragments joined. A record cut off by the end of the file is what a
 * writer that died mid-write leaves: it is dropped when `tornTail` is allowed (the last session did
 * not close cleanly), and is damage otherwise, since a clean close leaves only whole records.
 * Throws Malformed naming the first damaged place.
 */
export function readLog (bytes: Uint8Array, tornTail: boolean): Uint8Array[] {
  const records: Uint8Array[] = []
  let pending: Uint8Array[] | undefined
  const torn = (at: number): Uint8Array[] => {
    if (!tornTail) throw new Malformed(`its last record, at byte ${at}, is cut short`)
    return records
  }
  for (let block = 0; block < bytes.length; block += BLOCK) {
    const blockEnd = Math.min(block + BLOCK, bytes.length)
    let at = block
    // Fewer than HEADER bytes left in a block are padding the writer leaves; LevelDB never reads them.
    while (blockEnd - at >= HEADER) {
      const length = bytes[at + 4]! | (bytes[at + 5]! << 8)
      const type = bytes[at + 6]!
      if (at + HEADER + length > blockEnd) {
        if (blockEnd === bytes.length) return torn(at)
        throw new Malformed(`the record at byte ${at} claims more bytes than its block holds`)
      }
      if (unmask(fixed32(bytes, at)) !== crc32c(bytes.subarray(at + 6, at + HEADER + length))) {
        throw new Malformed(`the record at byte ${at} fails its checksum`)
      }
      const data = bytes.subarray(at + HEADER, at + HEADER + length)
      if (type === FULL || type === FIRST) {
        // LevelDB accepts an empty first fragment left unfinished (written by old versions of it).
        if (pending !== undefined && pending.some(p => p.length > 0)) throw new Malformed(`the record at byte ${at} starts inside an unfinished one`)
        if (type === FULL) records.push(data)
        pending = type === FIRST ? [data] : undefined
      } else if (type === MIDDLE || type === LAST) {
        if (pending === undefined) throw new Malformed(`the record at byte ${at} continues a record that never started`)
        pending.push(data)
        if (type === LAST) {
          records.push(Buffer.concat(pending))
          pending = undefined
        }
      } else {
        throw new Malformed(`the record at byte ${at} has unknown type ${type}`)
      }
      at += HEADER + length
    }
  }
  return pending === undefined ? records : torn(bytes.length)
}

