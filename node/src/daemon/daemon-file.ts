// `<data dir>/daemon.json`: how other techo processes find the daemon that owns the database.
// It holds the API's bearer token, so it is written readable by this user only, and a file left
// by a killed daemon is recognised as stale (its process is gone, or nothing answers) and ignored.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { lazyDebug } from '../cli/lazy-debug.js'
import { getJson } from '../access/local-http.js'

const log = lazyDebug('techo:daemon')

/** What a running daemon publishes about itself. */
export interface DaemonInfo { url: string, token: string, pid: number, peerId: string }

const FILE = 'daemon.json'
const PROBE_TIMEOUT_MS = 2000
// Only ever the loopback API: a file pointing elsewhere would send health data off this machine.
const LOCAL_URL = /^http:\/\/127\.0\.0\.1:\d{1,5}$/

/** The path of the daemon file in a data directory. */
export function daemonFilePath (dataDir: string): string {
  return join(dataDir, FILE)
}

/** Writes the daemon file atomically with mode 0600, replacing a stale one. */
export function writeDaemonFile (dataDir: string, info: DaemonInfo): void {
  const partial = join(dataDir, `${FILE}.${process.pid}.partial`)
  writeFileSync(partial, JSON.stringify(info, null, 2) + '\n', { mode: 0o600, flag: 'w' })
  renameSync(partial, daemonFilePath(dataDir))
}

/** Removes the daemon file if it still describes the daemon holding `token`. */
export function removeDaemonFile (dataDir: string, token: string): void {
  if (readDaemonFile(dataDir)?.token === token) rmSync(daemonFilePath(dataDir), { force: true })
}

/** The daemon file's contents, or undefined when it is missing or not a daemon file. */
export function readDaemonFile (dataDir: string): DaemonInfo | undefined {
  let parsed: Partial<DaemonInfo>
  try {
    parsed = JSON.parse(readFileSync(daemonFilePath(dataDir), 'utf8')) as Partial<DaemonInfo>
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') log('ignoring unreadable %s: %s', FILE, (err as Error).message)
    return undefined
  }
  const { url, token, pid, peerId } = parsed
  if (typeof url !== 'string' || !LOCAL_URL.test(url) || typeof token !== 'string' || token === '' ||
      typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid < 1 || typeof peerId !== 'string') {
    log('ignoring %s: not a daemon file of this version', FILE)
    return undefined
  }
  return { url, token, pid, peerId }
}

/** The daemon serving `dataDir` if one answers now; undefined when there is none or its file is stale. */
export async function findLiveDaemon (dataDir: string): Promise<DaemonInfo | undefined> {
  const info = readDaemonFile(dataDir)
  if (info === undefined) return undefined
  if (!processExists(info.pid)) {
    log('stale %s: process %d is gone', FILE, info.pid)
    return undefined
  }
  // The pid may have been reused by an unrelated process: only an answer with our token counts.
  try {
    const res = await getJson(`${info.url}/api/status`, info.token, PROBE_TIMEOUT_MS)
    if (res.status === 200 && (res.json as { peerId?: unknown } | null)?.peerId === info.peerId) return info
    log('stale %s: %s answered %d for another daemon', FILE, info.url, res.status)
  } catch (err) {
    log('stale %s: %s does not answer (%s)', FILE, info.url, (err as Error).message)
  }
  return undefined
}

function processExists (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    // EPERM: it exists but belongs to someone else; the probe decides.
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
