// Picks how a command reaches the notebook: through the running daemon (a thin HTTP client that
// loads none of the notebook's code), or in this process (then the packages are loaded, and the
// passphrase asked, only now).
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { findLiveDaemon } from '../daemon/daemon-file.js'
import type { NotebookAccess } from './notebook-access.js'
import { remoteAccess } from './remote-notebook.js'

/** How to open: `before` runs only on the local path, before the passphrase is asked (to check input first). */
export interface OpenHow { before?: () => Promise<void> }

/** Opens access to this node's notebook (on a clinic node, `opts.patient`'s replica): through its running daemon if one answers, else in this process. */
export async function openAccess (opts: GlobalOptions, how: OpenHow = {}): Promise<NotebookAccess> {
  const dataDir = dataDirFrom(opts.data)
  const daemon = await findLiveDaemon(dataDir)
  if (daemon !== undefined) return remoteAccess(daemon, opts.patient)
  await how.before?.()
  const { openLocalAccess } = await import('./local-open.js')
  return await openLocalAccess(opts, dataDir)
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
