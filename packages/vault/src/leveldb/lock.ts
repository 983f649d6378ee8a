// Whether some process holds a LevelDB database open. LevelDB takes a POSIX lock on the LOCK file;
// on Linux /proc/locks lists every such lock by device and inode, which tells for certain. Elsewhere
// the pid the vault's session marker recorded must still be running (a weaker answer: pids recur).
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

/** True if a process holds the database in `dir` open, or (off Linux) the recorded `pid` still runs. */
export function lockHeld (dir: string, pid: number | undefined): boolean {
  let locks: string
  try {
    locks = readFileSync('/proc/locks', 'utf8')
  } catch {
    return pid !== undefined && running(pid)
  }
  let file: { dev: bigint, ino: bigint }
  try {
    file = statSync(join(dir, 'LOCK'), { bigint: true })
  } catch {
    return false
  }
  // glibc's encoding of a device number; /proc/locks prints major:minor:inode, the first two in hex.
  const major = ((file.dev >> 8n) & 0xfffn) | ((file.dev >> 32n) & ~0xfffn)
  const minor = (file.dev & 0xffn) | ((file.dev >> 12n) & ~0xffn)
  const id = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}:${file.ino}`
  return locks.split('\n').some(line => line.includes(' POSIX ') && line.split(/\s+/).includes(id))
}

function running (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
