// Picks how a command reaches the notebook.
import { type NotebookAccess } from './access.js'
import { dataDirFrom } from './config.js'
import { findLiveDaemon } from './daemon/daemon-file.js'
import { localAccess } from './local-access.js'
import { remoteAccess } from './remote-access.js'
import { LocalSession, type GlobalOptions } from './session.js'

/** Opens access to this node's notebook: through its running daemon if one answers, else in this process. */
export async function openAccess (opts: GlobalOptions): Promise<NotebookAccess> {
  const daemon = await findLiveDaemon(dataDirFrom(opts.data))
  if (daemon !== undefined) return remoteAccess(daemon)
  return localAccess(await LocalSession.open(opts))
}

/** Runs `work` with access to the notebook and always releases it. */
export async function withAccess<T> (opts: GlobalOptions, work: (a: NotebookAccess) => Promise<T>): Promise<T> {
  const access = await openAccess(opts)
  try {
    return await work(access)
  } finally {
    await access.close()
  }
}
