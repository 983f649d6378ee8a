import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { ed25519 } from '@noble/curves/ed25519.js'
import { equalBytes } from '@noble/curves/utils.js'
import debug from 'debug'
import { IdentityError } from './errors.js'
import { createDeviceKey, deviceKeyToBytes } from './device.js'
import { checkKeystore, decodeBody, encodeBody, type Keystore } from './keystore-body.js'
import { isPartyId } from './ids.js'
import { masterKeyFromPhrase } from './master.js'
import { generateRecoveryPhrase } from './recovery.js'
import { scrypt32, type ScryptCost } from './scrypt.js'

export type { Keystore } from './keystore-body.js'

const log = debug('techo:identity')

/** How hard the passphrase is stretched: 'interactive' for real keystores, 'test' only for tests. */
export type KeystoreCost = 'interactive' | 'test'

const COSTS: Record<KeystoreCost, ScryptCost> = {
  interactive: { log2N: 17, r: 8, p: 1 },
  test: { log2N: 10, r: 8, p: 1 }
}

// Sealed layout. The header is the AEAD's associated data; the checksum (not secret) tells a
// damaged file from a wrong passphrase, which the AEAD alone cannot.
//   0  magic "TECHO-KS"   8  format version   9  KDF id (1 = scrypt)   10 log2 N   11 r   12 p
//   13 salt (16)          29 nonce (24)       53 ciphertext length (u32 BE)
//   57 ciphertext (body + 16-byte tag)        end-32 sha256 of everything before it
const MAGIC = utf8ToBytes('TECHO-KS')
const FORMAT = 1
const KDF_SCRYPT = 1
const HEADER = 57
const TAG = 16
const CHECKSUM = 32

/**
 * Encrypts a keystore under a passphrase (scrypt + XChaCha20-Poly1305); throws ERR_BAD_KEYSTORE, or
 * ERR_WEAK_PASSPHRASE for an empty one. A passphrase a person just chose goes through
 * checkPassphraseStrength first; tests and the demo seal with known passphrases and skip it.
 */
export async function sealKeystore (ks: Keystore, passphrase: string, opts: { cost?: KeystoreCost } = {}): Promise<Uint8Array> {
  const problem = checkKeystore(ks)
  if (problem !== null) throw new IdentityError('ERR_BAD_KEYSTORE', `The keystore cannot be sealed: ${problem}.`)
  if (typeof passphrase !== 'string' || passphrase.trim() === '') {
    throw new IdentityError('ERR_WEAK_PASSPHRASE', 'The passphrase is empty; choose a passphrase to protect your keys.')
  }
  const cost = COSTS[opts.cost ?? 'interactive']
  if (cost === undefined) throw new IdentityError('ERR_BAD_KEYSTORE', `The keystore cost must be 'interactive' or 'test', not ${JSON.stringify(opts.cost)}.`)
  const salt = randomBytes(16)
  const nonce = randomBytes(24)
  const body = encodeBody(ks)
  const header = new Uint8Array(HEADER)
  header.set(MAGIC, 0)
  header.set([FORMAT, KDF_SCRYPT, cost.log2N, cost.r, cost.p], 8)
  header.set(salt, 13)
  header.set(nonce, 29)
  new DataView(header.buffer).setUint32(53, body.length + TAG)
  const key = await passphraseKey(passphrase, salt, cost)
  const ciphertext = xchacha20poly1305(key, nonce, header).encrypt(body)
  key.fill(0)
  body.fill(0)
  const sealed = concatBytes(header, ciphertext)
  log('sealed a %s keystore with scrypt N=2^%d', ks.party, cost.log2N)
  return concatBytes(sealed, sha256(sealed))
}

/** Decrypts a sealed keystore; throws ERR_WRONG_PASSPHRASE, ERR_DAMAGED_KEYSTORE or ERR_UNSUPPORTED_KEYSTORE. */
export async function openKeystore (sealed: Uint8Array, passphrase: string): Promise<Keystore> {
  const { header, ciphertext, cost } = parseSealed(sealed)
  if (typeof passphrase !== 'string' || passphrase === '') throw wrongPassphrase()
  const derived = passphraseKey(passphrase, header.subarray(13, 29), cost)
  // The derivation runs on another thread: meanwhile build ed25519's base-point tables, which checking
  // the opened keystore needs next (the process's first public key costs ~40 ms otherwise).
  ed25519.Point.BASE.precompute(6, false)
  const key = await derived
  let body: Uint8Array
  try {
    body = xchacha20poly1305(key, header.subarray(29, 53), header).decrypt(ciphertext)
  } catch {
    throw wrongPassphrase()
  } finally {
    key.fill(0)
  }
  const ks = decodeBody(body)
  body.fill(0)
  if (ks === null) {
    throw new IdentityError('ERR_DAMAGED_KEYSTORE', 'The keystore decrypted, but its contents are not a valid keystore; restore it from your recovery phrase.')
  }
  log('opened a %s keystore (scrypt N=2^%d)', ks.party, cost.log2N)
  return ks
}

/**
 * Makes a new keystore with a fresh device key and vault key. Without `phrase` or `masterId` a
 * new recovery phrase is generated and returned (show it once); with `phrase` the master key is
 * restored from it; with `masterId` (a device that does not hold its party's master key) no
 * master seed is kept.
 */
export async function createKeystore (opts: { party: 'patient' | 'clinic', phrase?: string, masterId?: string }): Promise<{ keystore: Keystore, phrase?: string }> {
  const { party, phrase, masterId } = opts
  if (party !== 'patient' && party !== 'clinic') {
    throw new IdentityError('ERR_BAD_KEYSTORE', `The party must be 'patient' or 'clinic', not ${JSON.stringify(party)}.`)
  }
  if (phrase !== undefined && masterId !== undefined) {
    throw new IdentityError('ERR_BAD_KEYSTORE', 'Give either a recovery phrase or a master id, not both.')
  }
  if (masterId !== undefined && !isPartyId(masterId)) {
    throw new IdentityError('ERR_BAD_KEYSTORE', `The master id ${JSON.stringify(masterId)} is not a base58 Ed25519 public key.`)
  }
  const master = masterFor(phrase, masterId)
  const keystore: Keystore = {
    version: 1,
    party,
    ...(master.seed === undefined ? {} : { masterSeed: master.seed }),
    masterId: master.id,
    device: deviceKeyToBytes(createDeviceKey()),
    vaultKey: randomBytes(32),
    createdAt: new Date().toISOString()
  }
  return master.fresh === undefined ? { keystore } : { keystore, phrase: master.fresh }
}

function masterFor (phrase: string | undefined, masterId: string | undefined): { seed?: Uint8Array, id: string, fresh?: string } {
  if (masterId !== undefined) return { id: masterId }
  if (phrase !== undefined) return masterKeyFromPhrase(phrase)
  const fresh = generateRecoveryPhrase()
  return { ...masterKeyFromPhrase(fresh), fresh }
}

// Structural checks come first so a damaged file is never reported as a wrong passphrase.
function parseSealed (sealed: Uint8Array): { header: Uint8Array, ciphertext: Uint8Array, cost: ScryptCost } {
  if (!(sealed instanceof Uint8Array)) throw damaged(`it is a ${typeof sealed}, not bytes`)
  const start = sealed.subarray(0, MAGIC.length)
  if (!equalBytes(start, MAGIC.subarray(0, start.length))) {
    throw damaged('it does not start with the Techo keystore marker, so it is not a keystore or its start is corrupted')
  }
  if (sealed.length < HEADER + TAG + CHECKSUM) throw damaged(`it is truncated: only ${sealed.length} bytes remain`)
  const header = sealed.subarray(0, HEADER)
  const expected = HEADER + new DataView(header.buffer, header.byteOffset).getUint32(53) + CHECKSUM
  const covered = sealed.subarray(0, sealed.length - CHECKSUM)
  if (!equalBytes(sha256(covered), sealed.subarray(covered.length))) {
    throw damaged(sealed.length < expected
      ? `it is truncated: ${sealed.length} of its ${expected} bytes remain`
      : 'its checksum does not match, so some bytes were altered or corrupted')
  }
  // Every format keeps "magic first, sha256 of the rest last", so a newer file is recognised as such.
  if (header[8] !== FORMAT) {
    throw new IdentityError('ERR_UNSUPPORTED_KEYSTORE', `The keystore has format version ${header[8]}; this build reads version ${FORMAT}, so update Techo.`)
  }
  if (header[9] !== KDF_SCRYPT) {
    throw new IdentityError('ERR_UNSUPPORTED_KEYSTORE', `The keystore uses key-derivation method ${header[9]}, which this build does not know; update Techo.`)
  }
  if (sealed.length !== expected) throw damaged(`its length field says ${expected} bytes but it has ${sealed.length}`)
  const cost = { log2N: header[10] as number, r: header[11] as number, p: header[12] as number }
  // Bounded before any work: a doctored header must not make opening take minutes or gigabytes.
  if (cost.log2N < 10 || cost.log2N > 20 || cost.r < 1 || cost.r > 16 || cost.p < 1 || cost.p > 4 || 128 * cost.r * 2 ** cost.log2N > 2 ** 30) {
    throw damaged(`its scrypt parameters (N=2^${cost.log2N}, r=${cost.r}, p=${cost.p}) are outside the accepted range`)
  }
  return { header, ciphertext: sealed.subarray(HEADER, covered.length), cost }
}

// NFKC so the same passphrase typed on two keyboards (composed or decomposed accents) opens the keystore.
async function passphraseKey (passphrase: string, salt: Uint8Array, cost: ScryptCost): Promise<Uint8Array> {
  return await scrypt32(utf8ToBytes(passphrase.normalize('NFKC')), salt, cost)
}

function damaged (what: string): IdentityError {
  return new IdentityError('ERR_DAMAGED_KEYSTORE', `The keystore is damaged: ${what}.`)
}

function wrongPassphrase (): IdentityError {
  return new IdentityError('ERR_WRONG_PASSPHRASE', 'The passphrase is wrong.')
}
