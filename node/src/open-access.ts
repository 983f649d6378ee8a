// Picks how a command reaches the notebook.
import { type NotebookAccess } from './access.js'
import { localAccess } from './local-access.js'
import { LocalSession, type GlobalOptions } from './session.js'

/** Opens access to this node's notebook. */
export async function openAccess (opts: GlobalOptions): Promise<NotebookAccess> {
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
