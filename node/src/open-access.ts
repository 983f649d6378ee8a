// Picks how a command reaches the notebook: through the running daemon, or in this process.
import { type NotebookAccess } from './access.js'
import { chainLocation } from './chain-settings.js'
import { nodeAccess, vaultReplicas } from './clinic-access.js'
import { dataDirFrom } from './config.js'
import { findLiveDaemon } from './daemon/daemon-file.js'
import { remoteAccess } from './remote-access.js'
import { LocalSession, type GlobalOptions } from './session.js'

/** Opens access to this node's notebook (on a clinic node, `opts.patient`'s replica): through its running daemon if one answers, else in this process. */
export async function openAccess (opts: GlobalOptions): Promise<NotebookAccess> {
  const dataDir = dataDirFrom(opts.data)
  const daemon = await findLiveDaemon(dataDir)
  if (daemon !== undefined) return remoteAccess(daemon, opts.patient)
  const session = await LocalSession.open(opts)
  try {
    return nodeAccess(session, opts.patient, () => vaultReplicas(session, chainLocation({}, dataDir)), async () => await session.close())
  } catch (err) {
    await session.close()
    throw err
  }
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
