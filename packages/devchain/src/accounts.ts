// Accounts and authority, as IOST checks them: an account has an `owner` and an `active`
// permission, each one key here; a permission is satisfied when the transaction carries a
// signature by its key, `active` also by the owner key, and any other permission falls back
// to `active`. Contracts (ids starting with "Contract" or containing a dot) hold authority
// only for themselves and for calls they make with `callWithAuth`.
import { ed25519 } from '@noble/curves/ed25519.js'
import { base58Decode, base58Encode } from '@techo/iost'
import { ADMIN_ACCOUNT, ADMIN_SECRET_KEY } from './constants.js'
import type { CallFrame } from './exec-scope.js'
import type { AccountRecord, WorldView } from './world-state.js'

/** Returns IOST's local admin account with its well-known key as both owner and active key. */
export function adminAccount (createTime: string): AccountRecord {
  const key = adminPublicKey()
  return { name: ADMIN_ACCOUNT, owner: key, active: key, createTime }
}

/** Returns the base58 public key of the admin's well-known secret key. */
export function adminPublicKey (): string {
  // The SDK's KeyPair uses the first 32 bytes of the 64-byte secret as the Ed25519 seed.
  return base58Encode(ed25519.getPublicKey(base58Decode(ADMIN_SECRET_KEY).slice(0, 32)))
}

/** Returns true if IOST treats the id as a contract rather than an account. */
export function isContractId (id: string): boolean {
  return id.startsWith('Contract') || id.includes('.')
}

/** Returns true if IOST accepts the name for a new account: 5 to 11 of a-z, 0-9 and _. */
export function isValidAccountName (name: string): boolean {
  return /^[a-z0-9_]{5,11}$/.test(name)
}

/** Returns true if the signing keys (base58 public keys) satisfy the account's permission. */
export function hasAccountAuth (world: WorldView, id: string, permission: string, keys: ReadonlySet<string>): boolean {
  const account = world.account(id)
  if (account === null) return false
  if (keys.has(account.owner)) return true
  return permission !== 'owner' && keys.has(account.active)
}

/** Returns true if the running call holds `id@permission`: its own contract, a lender's, or a signing account. */
export function callHasAuth (frame: CallFrame, authKeys: ReadonlySet<string>, id: string, permission: string): boolean {
  if (isContractId(id)) return id === frame.contract.id || frame.authContracts.has(id)
  return hasAccountAuth(frame.world, id, permission, authKeys)
}
