// Whether the vault's last session closed cleanly, kept in a small file beside the database. It says
// "open" from before LevelDB opens until after it has closed: a log or MANIFEST that ends in a
// record cut short is then the trace of a writer that died mid-write (its write was never
// acknowledged), while after a clean close the same thing can only be damage.
import { closeSync, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'

const FILE = 'TECHO-SESSION'
const CLOSED = 'closed\n'

/** What the marker says: a clean close, or a session still open (or never closed) by `pid`. */
export interface Session { closed: boolean, pid?: number }

/** Reads the marker; a vault without one (made before it existed) counts as not closed cleanly. */
export function lastSession (dir: string): Session {
  let text: string
  try {
    text = readFileSync(join(dir, FILE), 'utf8')
  } catch {
    return { closed: false }
  }
  if (text === CLOSED) return { closed: true }
  const pid = Number(/^open (\d+)\n$/.exec(text)?.[1])
  return Number.isSafeInteger(pid) ? { closed: false, pid } : { closed: false }
}

/** Marks the vault open by this process; `durable` waits until the mark is on disk. */
export function markOpen (dir: string, durable: boolean): void {
  write(dir, `open ${process.pid}\n`, durable)
}

/** Marks the vault closed cleanly (no fsync: a mark lost in a crash only makes the next check lenient). */
export function markClosed (dir: string): void {
  write(dir, CLOSED, false)
}

function write (dir: string, text: string, durable: boolean): void {
  // Rewritten in place: once the file exists, an fsync of it alone makes the new text durable.
  const fd = openSync(join(dir, FILE), 'w', 0o600)
  try {
    writeSync(fd, text)
    if (durable) fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}
