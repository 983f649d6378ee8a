// Writing a new identity into a data directory: the sealed keystore with its recovery slot, then,
// for a patient, the notebook's first state.
import { type Keystore } from '@techo/identity'
import { openVault } from '@techo/vault'
import { CliError, EXIT } from '../cli/exit.js'
import { ensureNotebook } from './genesis.js'
import { sealRecovery } from './recovery-slot.js'
import { selfOf, type Self } from './self.js'

/** Stores the keystore (refusing to overwrite one) and creates the patient's notebook; returns who this node is. */
export async function createIdentity (dataDir: string, keystore: Keystore, sealed: Uint8Array): Promise<Self & { notebook?: string }> {
  const vault = await openVault(dataDir)
  try {
    if (await vault.getSealedKeystore() !== undefined) {
      throw new CliError(`${dataDir} already holds a techo identity; use another --data directory, or \`techo recover\` to reset its passphrase.`, 'ERR_EXISTS', EXIT.badInput)
    }
    await vault.putSealedKeystore(sealed, sealRecovery(keystore))
    await vault.unlock(keystore.vaultKey)
    const self = selfOf(keystore)
    const notebook = await ensureNotebook(vault, keystore, self)
    return { ...self, ...(notebook === undefined ? {} : { notebook: notebook.id }) }
  } finally {
    await vault.close()
  }
}
