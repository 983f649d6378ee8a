// Picks how a command reaches the notebook: through the running daemon (a thin HTTP client that
// loads none of the notebook's code), or in this process (then the packages are loaded, and the
// passphrase asked, only now). Everything is imported when it is needed, so `--help` loads none of it.
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import type { NotebookAccess } from './notebook-access.js'

/** How to open: `check` runs only on the local path, before the passphrase is asked or beside its key derivation. */
export interface OpenHow { check?: () => Promise<void> }

/** Opens access to this node's notebook (on a clinic node, `opts.patient`'s replica): through its running daemon if one answers, else in this process. */
export async function openAccess (opts: GlobalOptions, how: OpenHow = {}): Promise<NotebookAccess> {
  const dataDir = dataDirFrom(opts.data)
  const daemon = await (await import('./live-daemon.js')).liveDaemonClient(dataDir)
  if (daemon !== undefined) return (await import('./remote-notebook.js')).remoteAccess(daemon, opts.patient)
  const { openLocalAccess } = await import('./local-open.js')
  return await openLocalAccess(opts, dataDir, how.check)
}

/** Runs `work` with access to the notebook and always releases it. */
export async function withAccess<T> (opts: GlobalOptions, work: (a: NotebookAccess) => Promise<T>, how: OpenHow = {}): Promise<T> {
  const access = await openAccess(opts, how)
  try {
    return await work(access)
  } finally {
    await access.close()
  }
}
