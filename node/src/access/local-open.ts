// Opening the notebook in this process: the session (passphrase, vault, keys), then the access its
// role gives: a patient's own notebook, or on a clinic node the replica `--patient` picks.
import { chainLocation } from '../cli/chain-settings.js'
import { type GlobalOptions } from '../cli/config.js'
import { LocalSession } from '../session/session.js'
import type { NotebookAccess } from './notebook-access.js'

/** Opens the session in `dataDir` and the access `opts.patient` picks; closing the access closes the session. */
export async function openLocalAccess (opts: GlobalOptions, dataDir: string, check?: () => Promise<void>): Promise<NotebookAccess> {
  const session = await LocalSession.open(opts, check)
  const { nodeAccess, vaultReplicas } = await import('./clinic-notebook.js')
  try {
    return nodeAccess(session, opts.patient, () => vaultReplicas(session, chainLocation({}, dataDir)), async () => await session.close())
  } catch (err) {
    await session.close()
    throw err
  }
}
