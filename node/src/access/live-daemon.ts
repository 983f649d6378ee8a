// The running daemon of a data directory, as a client, or undefined when none answers. Commands that
// work through a daemon when one runs (and in this process otherwise) all ask here; the modules load
// only when asked, so `--help` loads none of them.
import type { DaemonClient } from './daemon-client.js'

/** A client of the daemon serving `dataDir`, or undefined when none answers. */
export async function liveDaemonClient (dataDir: string): Promise<DaemonClient | undefined> {
  const { findLiveDaemon } = await import('../daemon/daemon-file.js')
  const daemon = await findLiveDaemon(dataDir)
  if (daemon === undefined) return undefined
  const { localDaemon } = await import('./local-http.js')
  return localDaemon(daemon)
}
