// LevelDB's MANIFEST: a log of version edits (tables added and removed per level, the current
// log numbers). Replaying it gives the files the database consists of right now, which are the
// only ones LevelDB will read: tables a crash left half-written are not among them.
import { Cursor, Malformed } from './cursor.js'
import { readLog } from './log-file.js'

/** The live files of a database, as its MANIFEST describes them. */
export interface LiveFiles {
  /** Table file number → its size in bytes. */
  tables: Map<number, number>
  /** Logs numbered from this one on (and prevLogNumber) still hold writes not yet in a table. */
  logNumber: number
  prevLogNumber: number
}

const COMPARATOR = 1
const LOG_NUMBER = 2
const NEXT_FILE = 3
const LAST_SEQUENCE = 4
const COMPACT_POINTER = 5
const DELETED_FILE = 6
const NEW_FILE = 7
const PREV_LOG_NUMBER = 9
const LEVELS = 7
const BYTEWISE = 'leveldb.BytewiseComparator'

/** Replays the MANIFEST's edits; throws Malformed if a record is damaged or an edit does not decode. */
export function liveFiles (manifest: Uint8Array, tornTail: boolean): LiveFiles {
  const live: LiveFiles = { tables: new Map(), logNumber: 0, prevLogNumber: 0 }
  const edits = readLog(manifest, tornTail)
  if (edits.length === 0) throw new Malformed('it holds no version')
  for (const [i, edit] of edits.entries()) {
    try {
      apply(new Cursor(edit), live)
    } catch (err) {
      if (err instanceof Malformed) throw new Malformed(`its version edit ${i + 1} does not decode (${err.message})`)
      throw err
    }
  }
  return live
}

function apply (c: Cursor, live: LiveFiles): void {
  while (!c.done) {
    const tag = c.varint()
    switch (tag) {
      case COMPARATOR:
        if (new TextDecoder().decode(c.prefixed()) !== BYTEWISE) throw new Malformed('it names another key order')
        break
      case LOG_NUMBER: live.logNumber = c.varint(); break
      case PREV_LOG_NUMBER: live.prevLogNumber = c.varint(); break
      case NEXT_FILE: case LAST_SEQUENCE: c.varint(); break
      case COMPACT_POINTER: level(c); c.prefixed(); break
      case DELETED_FILE: level(c); live.tables.delete(c.varint()); break
      case NEW_FILE: {
        level(c)
        const number = c.varint()
        const size = c.varint()
        c.prefixed()
        c.prefixed()
        live.tables.set(number, size)
        break
      }
      default: throw new Malformed(`unknown tag ${tag}`)
    }
  }
}

function level (c: Cursor): void {
  if (c.varint() >= LEVELS) throw new Malformed('a level is out of range')
}
