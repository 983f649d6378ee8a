// The patient's identity in this browser: the keystore sealed by the passphrase, with its recovery
// slot, in the IndexedDB vault, written exactly as `techo init` writes a data directory; unlocking
// opens the vault and the notebook with it.
import { createKeystore, openKeystore, sealKeystore, type Keystore } from '@techo/identity'
import { type Notebook } from '@techo/notebook'
import { openVault, type Vault } from '@techo/vault'
import { createIdentity } from '../../../src/session/create-identity.js'
import { ensureNotebook } from '../../../src/session/genesis.js'
import { selfOf, type Self } from '../../../src/session/self.js'

/** The IndexedDB database that holds this browser's vault. */
export const VAULT_NAME = 'techo'

/** An unlocked patient in this browser: the open vault, the keys and the notebook. */
export interface Unlocked { vault: Vault, keystore: Keystore, self: Self, notebook: Notebook }

/** Whether this browser already holds a sealed keystore. */
export async function hasIdentity (): Promise<boolean> {
  const vault = await openVault(VAULT_NAME)
  try {
    return await vault.getSealedKeystore() !== undefined
  } finally {
    await vault.close()
  }
}

/** Creates a patient (new master key from a new recovery phrase, new device key), seals it by `passphrase`, starts the notebook; returns it unlocked with the phrase to write down. */
export async function signUp (passphrase: string): Promise<{ unlocked: Unlocked, phrase: string }> {
  const { keystore, phrase } = await createKeystore({ party: 'patient' })
  if (phrase === undefined) throw new Error('No recovery phrase was generated.')
  await createIdentity(VAULT_NAME, keystore, await sealKeystore(keystore, passphrase))
  return { unlocked: await open(keystore), phrase }
}

/** Restores the patient of `phrase` on this browser with a new device key, sealed by `passphrase`; the notebook comes back from the clinics once this device is approved. */
export async function restore (phrase: string, passphrase: string): Promise<Unlocked> {
  const { keystore } = await createKeystore({ party: 'patient', phrase: phrase.trim().toLowerCase().split(/\s+/).join(' ') })
  await createIdentity(VAULT_NAME, keystore, await sealKeystore(keystore, passphrase))
  return await open(keystore)
}

/** Opens this browser's keystore with `passphrase` (ERR_WRONG_PASSPHRASE if it does not fit) and the notebook with it. */
export async function unlock (passphrase: string): Promise<Unlocked> {
  const vault = await openVault(VAULT_NAME, { create: false })
  let keystore: Keystore
  try {
    const sealed = await vault.getSealedKeystore()
    if (sealed === undefined) throw new Error('This browser holds no Techo notebook yet: sign up first.')
    keystore = await openKeystore(sealed, passphrase)
  } finally {
    await vault.close()
  }
  return await open(keystore)
}

async function open (keystore: Keystore): Promise<Unlocked> {
  const vault = await openVault(VAULT_NAME, { create: false })
  try {
    await vault.unlock(keystore.vaultKey)
    const self = selfOf(keystore)
    const notebook = await ensureNotebook(vault, keystore, self)
    if (notebook === undefined) throw new Error('This browser\'s identity is not a patient\'s.')
    return { vault, keystore, self, notebook }
  } catch (err) {
    await vault.close()
    throw err
  }
}
