// LevelDB's table files: blocks (data, filter, meta-index, index), each followed by a type byte
// and a masked CRC-32C, then a 48-byte footer pointing at the meta-index and index blocks.
// LevelDB checks none of these CRCs unless paranoid_checks is on, which classic-level does not
// offer: a flipped byte then reaches its compaction, whose assertions abort the whole process
// (table_builder.cc:97 on keys out of order). Checking that the blocks tile the file and that every
// one passes its CRC leaves LevelDB only tables exactly as it wrote them.
import { crc32c, unmask } from './crc32c.js'
import { Cursor, Malformed, fixed32 } from './cursor.js'

const FOOTER = 48
const TRAILER = 5
const MAGIC_LO = 0x8b80fb57
const MAGIC_HI = 0xdb477524
// The vault opens level with compression off, so every block it ever wrote is stored raw.
const RAW = 0

interface Handle { offset: number, size: number }

/** Throws Malformed unless `bytes` is a whole table whose every block passes its checksum. */
export function checkTable (bytes: Uint8Array): void {
  if (bytes.length < FOOTER) throw new Malformed(`it is ${bytes.length} bytes, shorter than a table's footer`)
  const footerAt = bytes.length - FOOTER
  if (fixed32(bytes, bytes.length - 8) !== MAGIC_LO || fixed32(bytes, bytes.length - 4) !== MAGIC_HI) {
    throw new Malformed('its footer lacks the table marker')
  }
  const footer = new Cursor(bytes, footerAt, bytes.length - 8)
  const metaIndex = handle(footer)
  const index = handle(footer)
  const blocks = [metaIndex, index, ...entries(block(bytes, index, footerAt)), ...entries(block(bytes, metaIndex, footerAt))]
  blocks.sort((a, b) => a.offset - b.offset)
  let expected = 0
  for (const h of blocks) {
    if (h.offset !== expected) throw new Malformed(`its blocks do not cover the file (a gap or overlap at byte ${Math.min(h.offset, expected)})`)
    block(bytes, h, footerAt)
    expected = h.offset + h.size + TRAILER
  }
  if (expected !== footerAt) throw new Malformed(`its blocks end at byte ${expected}, not at the footer (byte ${footerAt})`)
}

/** The contents of the block at `h`, after checking its place, type and checksum. */
function block (bytes: Uint8Array, h: Handle, limit: number): Uint8Array {
  if (h.offset + h.size + TRAILER > limit) throw new Malformed(`a block at byte ${h.offset} runs past the end of the blocks`)
  const end = h.offset + h.size
  if (bytes[end] !== RAW) throw new Malformed(`the block at byte ${h.offset} has type ${bytes[end]}, which the vault never writes`)
  if (unmask(fixed32(bytes, end + 1)) !== crc32c(bytes.subarray(h.offset, end + 1))) {
    throw new Malformed(`the block at byte ${h.offset} fails its checksum`)
  }
  return bytes.subarray(h.offset, end)
}

/** The block handles stored as values of an index or meta-index block. */
function entries (contents: Uint8Array): Handle[] {
  if (contents.length < 4) throw new Malformed('an index block is too short')
  const restarts = fixed32(contents, contents.length - 4)
  const end = contents.length - 4 - 4 * restarts
  if (restarts < 1 || end < 0) throw new Malformed('an index block has an impossible restart count')
  const c = new Cursor(contents, 0, end)
  const handles: Handle[] = []
  while (!c.done) {
    c.varint()
    const keyBytes = c.varint()
    const valueBytes = c.varint()
    c.take(keyBytes)
    handles.push(handle(new Cursor(c.take(valueBytes))))
  }
  return handles
}

function handle (c: Cursor): Handle {
  return { offset: c.varint(), size: c.varint() }
}
