// A vault's directory is readable by its owner alone: 0700, and every file in it 0600. LevelDB
// creates its files 0644 (less the umask), so they are tightened each time the vault opens; a
// directory left looser by an older techo, a copy or an unzip is tightened the same way.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

const DIR_MODE = 0o700
const FILE_MODE = 0o600
// LevelDB's files, techo's markers and the CLI's settings and daemon file: what a data directory
// holds. Anything else a person keeps there is left as it is.
const OURS = /^(CURRENT|LOCK|LOG|LOG\.old|MANIFEST-\d+|\d+\.(ldb|sst|log|dbtmp)|TECHO-[A-Z]+|config\.json|daemon\.json)$/

/** Creates `dir` (and missing parents) readable by this user only. */
export function makePrivateDir (dir: string): void {
  mkdirSync(dir, { recursive: true, mode: DIR_MODE })
}

/** Takes group and other access away from `dir` and from the vault's and techo's files in it. */
export function keepPrivate (dir: string): void {
  tighten(dir, DIR_MODE)
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && OURS.test(entry.name)) tighten(join(dir, entry.name), FILE_MODE)
  }
}

function tighten (path: string, mode: number): void {
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode)
  } catch (err) {
    // A file LevelDB removed meanwhile (an obsolete table or log) needs no tightening.
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
  }
}
