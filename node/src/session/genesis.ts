// A patient's notebook begins with a genesis state derived from the master key alone, so every
// device of the patient (including one restored from the recovery phrase) starts from the same
// first change, and what it later syncs from clinics merges without conflict.
import { type Keystore, notebookIdFor } from '@techo/identity'
import { Notebook } from '@techo/notebook'
import { type Vault } from '@techo/vault'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { type Self } from './self.js'

// The digest salt follows from the master seed, so it is secret to the patient and the same on every
// device. Noble's HKDF, not node:crypto's (the same bytes), so a phone's page starts the same notebook.
function notebookSalt (masterSeed: Uint8Array): Uint8Array {
  return hkdf(sha256, masterSeed, new Uint8Array(0), new TextEncoder().encode('techo/notebook-salt/v1'), 32)
}

/** Loads this patient's notebook, creating its genesis state if the vault has none; undefined for a clinic. */
export async function ensureNotebook (vault: Vault, keystore: Keystore, self: Self): Promise<Notebook | undefined> {
  const id = notebookIdFor(keystore.masterId)
  const doc = await vault.notebooks.load(id, { actor: self.actor })
  if (doc !== undefined) return Notebook.fromDoc(doc as never, { actor: self.actor, party: self.party })
  if (keystore.party !== 'patient' || keystore.masterSeed === undefined) return undefined
  const nb = Notebook.create({ patientId: keystore.masterId, salt: notebookSalt(keystore.masterSeed), actor: self.actor, party: self.party })
  await vault.notebooks.save(nb.id, nb.doc, {
    audit: [{ at: new Date().toISOString(), kind: 'create', peer: self.peerId, party: self.party, notebook: nb.id, detail: 'notebook started on this device' }]
  })
  return nb
}
