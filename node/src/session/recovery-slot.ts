// The recovery slot: the node's party kind, at-rest key and device key, wrapped to the party's
// X25519 key, so the recovery phrase alone (without the passphrase) reopens this vault.
import { deviceKeyFromBytes, fromBase58, masterKeyFromPhrase, unwrapKey, wrapKey, wrappingKeyPair, wrappingPublicKeyFor, type Keystore } from '@techo/identity'
import { CliError, EXIT } from '../cli/exit.js'

const PARTIES: Array<Keystore['party']> = ['patient', 'clinic']
const VAULT_KEY_BYTES = 32

/** Wraps what the phrase must be able to restore: the party kind, the vault key and the device key. */
export function sealRecovery (keystore: Keystore): Uint8Array {
  const secret = new Uint8Array(1 + VAULT_KEY_BYTES + keystore.device.length)
  secret[0] = PARTIES.indexOf(keystore.party)
  secret.set(keystore.vaultKey, 1)
  secret.set(keystore.device, 1 + VAULT_KEY_BYTES)
  return wrapKey(wrappingPublicKeyFor(fromBase58(keystore.masterId)), secret)
}

/** Rebuilds the keystore from the phrase and the recovery slot; a phrase of another party is refused. */
export function openRecovery (phrase: string, recovery: Uint8Array): Keystore {
  const master = masterKeyFromPhrase(phrase)
  let secret: Uint8Array
  try {
    secret = unwrapKey(wrappingKeyPair(master.seed).secretKey, recovery)
  } catch {
    throw new CliError('That recovery phrase is valid but belongs to another identity than the one in this data directory.', 'ERR_WRONG_PHRASE', EXIT.badInput)
  }
  const party = PARTIES[secret[0] ?? -1]
  const device = secret.slice(1 + VAULT_KEY_BYTES)
  if (party === undefined) throw new CliError('The recovery slot of this vault is damaged.', 'ERR_DAMAGED_VAULT', EXIT.badInput)
  deviceKeyFromBytes(device)
  return {
    version: 1,
    party,
    masterSeed: master.seed,
    masterId: master.id,
    device,
    vaultKey: secret.slice(1, 1 + VAULT_KEY_BYTES),
    createdAt: new Date().toISOString()
  }
}
