// @techo/identity: keys and parties. Master keys from a recovery phrase, device keys (libp2p
// Ed25519), Automerge actor ids, signed canonical payloads that an IOST contract can check,
// X25519 key wrapping, the passphrase-sealed keystore and the strength a new passphrase needs.
export { IdentityError, type IdentityErrorCode } from './errors.js'
export { toBase58, fromBase58 } from './base58.js'
export { generateRecoveryPhrase, validateRecoveryPhrase, normaliseRecoveryPhrase, RECOVERY_PHRASE_WORDS } from './recovery.js'
export { masterKeyFromPhrase, masterKeyFromSeed, type MasterKey } from './master.js'
export { isPartyId, isActorId, isBase58Of, notebookIdFor, genesisActorFor } from './ids.js'
export { createDeviceKey, deviceKeyToBytes, deviceKeyFromBytes, peerIdForPublicKey, devicePublicKeyFromPeerId, verifyDeviceSignature, type DeviceKey } from './device.js'
export { actorIdFor, actorIdForPeerId } from './actor.js'
export { canonicalize } from './canonical.js'
export { payloadDigest, signPayload, verifyPayload, type SignedPayload } from './payload.js'
export { wrappingKeyPair, wrappingPublicKeyFor, wrapKey, unwrapKey, type WrappingKeyPair } from './wrap.js'
export { sealKeystore, openKeystore, createKeystore, type Keystore, type KeystoreCost } from './keystore.js'
export { checkPassphraseStrength } from './passphrase-strength.js'
