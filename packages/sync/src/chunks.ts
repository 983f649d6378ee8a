// Automerge chunks as a sync message carries them. An entry of a message's `changes` is not always
// one change: Automerge 3 may put several change chunks back to back in one entry (seen with two
// changes made between two messages of a long session), and decodeChange reads only the first and
// refuses the rest as "leftover data after parsing". Each chunk is 4 magic bytes, 4 checksum
// bytes, its type (1 byte), its body's length (unsigned LEB128) and the body.
const HEADER = 9

/** The chunks of one entry of a sync message's `changes`; throws if the last is cut short. */
export function splitChunks (entry: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = []
  let start = 0
  while (start < entry.length) {
    let at = start + HEADER
    let length = 0
    for (let shift = 0; ; shift += 7) {
      const byte = entry[at++]
      if (byte === undefined || shift > 28) throw new Error('a chunk is cut short')
      length += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) break
    }
    const end = at + length
    if (end > entry.length) throw new Error('a chunk is cut short')
    chunks.push(entry.subarray(start, end))
    start = end
  }
  return chunks
}
