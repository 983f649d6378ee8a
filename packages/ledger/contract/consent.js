// Techo consent contract (IOST contract JavaScript).
//
// Every action takes (payload, signature): the payload is canonical JSON signed by a party's
// Ed25519 key, so whoever publishes the transaction (a sponsor paying gas and RAM) cannot
// forge or alter consent. The contract checks the signature, the payload's shape, its
// domain (this contract's id, which commits to the chain: it is the hash of the deploying
// transaction, chain id included), the signer's nonce and the payload's expiry, then writes
// current state to maps, appends the event to the parties' histories and emits it as a
// receipt. Only public keys, PeerIds, notebook ids, scopes, times and salted digests are
// stored: nothing a notebook holds.
//
// IOST's VM bans regular expressions and destructuring, so the checks below are written out.
// A thrown error aborts the transaction and rolls back its writes; its message starts with a
// stable code (ERR_...) the client maps to a LedgerError.

const MAX_PAYLOAD = 1024
const MAX_EXPIRY_AHEAD_MS = 24 * 60 * 60 * 1000
const MAX_SAFE = 9007199254740991
const B58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
// A libp2p Ed25519 PeerId is the identity multihash of the protobuf public key:
// 0x00 (identity) 0x24 (36 bytes) 0x08 0x01 (KeyType Ed25519) 0x12 0x20 (32-byte key).
const PEER_ID_PREFIX = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20]
const DEVICE_PROOF_PURPOSE = 'techo/device-possession/v1'

const COMMON_FIELDS = ['action', 'contract', 'expires', 'nonce', 'signer']
const ACTION_FIELDS = {
  registerParty: { required: ['kind'], optional: [] },
  // `proof` is the device's own signature over (chain, contract, device, party): see approveDevice.
  approveDevice: { required: ['party', 'device', 'role', 'chain', 'proof'], optional: [] },
  revokeDevice: { required: ['party', 'device'], optional: [] },
  grant: { required: ['notebook', 'clinic', 'scope', 'until'], optional: [] },
  revoke: { required: ['notebook', 'clinic'], optional: [] },
  // `device` is present when an approved device (not the master key) signs the anchor.
  anchor: { required: ['notebook', 'digest', 'seq'], optional: ['device'] }
}
const KINDS = ['patient', 'clinic']
const ROLES = ['phone', 'practitioner', 'relay']
const SCOPES = ['read', 'write']

function fail (code, message) {
  throw new Error(code + ': ' + message)
}

function isOneOf (value, list) {
  return typeof value === 'string' && list.indexOf(value) >= 0
}

function isCount (value) {
  return typeof value === 'number' && value > 0 && value <= MAX_SAFE && Math.floor(value) === value
}

// Base58 (Bitcoin alphabet) to bytes; null if a character is outside the alphabet.
function b58decode (text) {
  const bytes = []
  for (let i = 0; i < text.length; i++) {
    let carry = B58.indexOf(text.charAt(i))
    if (carry < 0) return null
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j] * 58
      bytes[j] = carry & 0xff
      carry = carry >> 8
    }
    while (carry > 0) {
      bytes.push(carry & 0xff)
      carry = carry >> 8
    }
  }
  for (let k = 0; k < text.length && text.charAt(k) === '1'; k++) bytes.push(0)
  return bytes.reverse()
}

function b58encode (bytes) {
  const digits = []
  for (let i = 0; i < bytes.length; i++) {
    let carry = bytes[i]
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j] * 256
      digits[j] = carry % 58
      carry = Math.floor(carry / 58)
    }
    while (carry > 0) {
      digits.push(carry % 58)
      carry = Math.floor(carry / 58)
    }
  }
  let out = ''
  for (let k = 0; k < bytes.length && bytes[k] === 0; k++) out += '1'
  for (let q = digits.length - 1; q >= 0; q--) out += B58.charAt(digits[q])
  return out
}

// A party id or signer: base58 of a 32-byte Ed25519 public key (43 or 44 characters).
function isKey (text) {
  if (typeof text !== 'string' || text.length < 32 || text.length > 44) return false
  const bytes = b58decode(text)
  return bytes !== null && bytes.length === 32
}

// Returns the base58 Ed25519 public key inside a libp2p Ed25519 PeerId string, or null.
function peerIdKey (text) {
  if (typeof text !== 'string' || text.length < 46 || text.length > 60) return null
  const bytes = b58decode(text)
  if (bytes === null || bytes.length !== 38) return null
  for (let i = 0; i < PEER_ID_PREFIX.length; i++) {
    if (bytes[i] !== PEER_ID_PREFIX[i]) return null
  }
  return b58encode(bytes.slice(PEER_ID_PREFIX.length))
}

// A patient's notebook id is derived from the patient's key ("nb" + base58(sha3-256), as
// @techo/notebook's notebookIdFor computes it; at most 46 characters, so "gl_" + id is a valid
// storage key). Recomputing it binds every notebook to its patient from the start: no first
// claim to race for, so nobody can take a notebook id before its patient uses it.
function notebookOf (patient) {
  return 'nb' + IOSTCrypto.sha3('techo/notebook/v1:' + patient)
}

function requireOwnNotebook (notebook, patient) {
  if (typeof notebook !== 'string') fail('ERR_BAD_PAYLOAD', 'The notebook id must be a string.')
  if (notebook !== notebookOf(patient)) {
    fail('ERR_NOT_AUTHORISED', 'Notebook ' + notebook + ' is not the notebook of patient ' + patient + '; a patient may grant, revoke and anchor only their own notebook.')
  }
}

// A salted digest: base58 of a 32-byte hash.
function isDigest (text) {
  return isKey(text)
}

// Storage returns null (or, on some node versions, "") for a missing key.
function readJson (key, field) {
  const value = storage.mapGet(key, field)
  return value === null || value === undefined || value === '' ? null : JSON.parse(value)
}

function readCount (key, field) {
  const value = storage.mapGet(key, field)
  return value === null || value === undefined || value === '' ? 0 : Number(value)
}

// The sponsor that publishes the transaction pays the RAM it adds, not the contract owner.
function write (key, field, value) {
  storage.mapPut(key, field, typeof value === 'string' ? value : JSON.stringify(value), tx.publisher)
}

// Appends to an enumerable list kept as map fields "0", "1", ... with its length in "n".
function append (key, value) {
  const n = readCount(key, 'n')
  write(key, String(n), value)
  write(key, 'n', String(n + 1))
}

function nowMs () {
  return Math.floor(block.time / 1e6)
}

// Checks everything every action shares and returns the parsed payload. Only a transaction's own
// action may call the contract, never another contract: then every consent receipt in a block sits
// beside the call that carries its signed payload, and a client can check one against the other.
function open (payload, signature, action) {
  const context = JSON.parse(blockchain.contextInfo())
  if (context.caller !== undefined && context.caller.is_account !== true) {
    fail('ERR_NOT_AUTHORISED', 'The consent contract takes calls from transactions only, not from other contracts.')
  }
  if (typeof payload !== 'string' || typeof signature !== 'string') {
    fail('ERR_BAD_PAYLOAD', 'The payload and the signature must both be strings.')
  }
  if (payload.length > MAX_PAYLOAD) {
    fail('ERR_PAYLOAD_TOO_LARGE', 'The payload is ' + payload.length + ' characters; the limit is ' + MAX_PAYLOAD + '.')
  }
  let p
  try {
    p = JSON.parse(payload)
  } catch (e) {
    fail('ERR_BAD_PAYLOAD', 'The payload is not JSON.')
  }
  if (p === null || typeof p !== 'object' || Array.isArray(p)) {
    fail('ERR_BAD_PAYLOAD', 'The payload must be a JSON object.')
  }
  if (!isKey(p.signer)) fail('ERR_BAD_PAYLOAD', 'The payload\'s signer is not a base58 Ed25519 public key.')
  if (IOSTCrypto.verify('ed25519', IOSTCrypto.sha3(payload), signature, p.signer) !== 1) {
    fail('ERR_BAD_SIGNATURE', 'The signature does not match the payload and its signer.')
  }
  if (p.action !== action) {
    fail('ERR_BAD_PAYLOAD', 'The payload was signed for the action "' + p.action + '", not "' + action + '".')
  }
  if (p.contract !== storage.get('contract')) {
    fail('ERR_BAD_PAYLOAD', 'The payload was signed for another contract or chain, not ' + storage.get('contract') + '.')
  }
  checkFields(p, ACTION_FIELDS[action])
  const now = nowMs()
  if (!isCount(p.expires)) fail('ERR_BAD_PAYLOAD', 'The payload\'s expires must be a time in milliseconds.')
  if (p.expires <= now) fail('ERR_EXPIRED', 'The payload expired before this block; sign it again.')
  if (p.expires > now + MAX_EXPIRY_AHEAD_MS) fail('ERR_BAD_PAYLOAD', 'The payload\'s expiry is more than a day ahead.')
  const expected = readCount('nonce', p.signer) + 1
  if (p.nonce !== expected) {
    fail('ERR_STALE_NONCE', 'The payload\'s nonce is ' + JSON.stringify(p.nonce) + ' but the signer\'s next nonce is ' + expected + '.')
  }
  write('nonce', p.signer, String(expected))
  return p
}

function checkFields (p, spec) {
  for (const name in p) {
    if (COMMON_FIELDS.indexOf(name) < 0 && spec.required.indexOf(name) < 0 && spec.optional.indexOf(name) < 0) {
      fail('ERR_BAD_PAYLOAD', 'The payload has an unknown field "' + name + '".')
    }
  }
  const needed = COMMON_FIELDS.concat(spec.required)
  for (let i = 0; i < needed.length; i++) {
    if (p[needed[i]] === undefined) fail('ERR_BAD_PAYLOAD', 'The payload lacks the field "' + needed[i] + '".')
  }
}

function requireParty (id, kind, who) {
  const party = readJson('party', id)
  if (party === null) fail('ERR_NOT_REGISTERED', who + ' ' + id + ' is not registered.')
  if (kind !== null && party.kind !== kind) fail('ERR_NOT_REGISTERED', who + ' ' + id + ' is registered as a ' + party.kind + ', not a ' + kind + '.')
  return party
}

// A party may approve only a device that signed, with its own key, the canonical JSON of (chain,
// contract, device, party, purpose): keys sorted, every value plain (a number and base58 text), so
// JSON.stringify of this object is exactly the text the device signed (through SHA3-256). Without
// it anyone could approve a PeerId it saw before the device's owner did, and keep it forever. A
// contract cannot read its chain id, but its own id commits to the chain (it is the hash of the
// deploying transaction, chain id included); the chain id in the text, as the approval states it,
// lets a client or a verifying view hold the proof to the chain it is configured for.
function requireProof (p, key) {
  if (!isCount(p.chain)) fail('ERR_BAD_PAYLOAD', 'The chain id must be a positive whole number.')
  const statement = JSON.stringify({ chain: p.chain, contract: storage.get('contract'), device: p.device, party: p.party, purpose: DEVICE_PROOF_PURPOSE })
  if (typeof p.proof !== 'string' || IOSTCrypto.verify('ed25519', IOSTCrypto.sha3(statement), p.proof, key) !== 1) {
    fail('ERR_BAD_PROOF', 'Device ' + p.device + ' did not prove it holds its key: its signature over this party, chain and contract is missing or wrong.')
  }
}

// Records the event in each party's history and emits it as the receipt.
function record (event, parties) {
  event.at = nowMs()
  event.block = block.number
  event.tx = tx.hash
  for (let i = 0; i < parties.length; i++) append('h_' + parties[i], event)
  blockchain.receipt(JSON.stringify(event))
}

class TechoConsent {
  init () {
    storage.put('contract', blockchain.contractName())
    storage.put('owner', tx.publisher)
    storage.put('since', String(block.number))
  }

  can_update (data) {
    return blockchain.requireAuth(storage.get('owner'), 'active')
  }

  registerParty (payload, signature) {
    const p = open(payload, signature, 'registerParty')
    if (!isOneOf(p.kind, KINDS)) fail('ERR_BAD_PAYLOAD', 'A party\'s kind must be "patient" or "clinic".')
    if (readJson('party', p.signer) !== null) fail('ERR_ALREADY_REGISTERED', 'Party ' + p.signer + ' is already registered.')
    write('party', p.signer, { kind: p.kind, at: nowMs() })
    record({ action: 'registerParty', party: p.signer, kind: p.kind, signer: p.signer }, [p.signer])
  }

  approveDevice (payload, signature) {
    const p = open(payload, signature, 'approveDevice')
    if (p.party !== p.signer) fail('ERR_NOT_AUTHORISED', 'A device approval must be signed by its party\'s master key.')
    requireParty(p.party, null, 'Party')
    const key = peerIdKey(p.device)
    if (key === null) fail('ERR_BAD_PAYLOAD', 'The device is not a libp2p Ed25519 PeerId.')
    if (!isOneOf(p.role, ROLES)) fail('ERR_BAD_PAYLOAD', 'A device\'s role must be "phone", "practitioner" or "relay".')
    requireProof(p, key)
    const existing = readJson('device', p.device)
    if (existing !== null && existing.party !== p.party) fail('ERR_NOT_AUTHORISED', 'Device ' + p.device + ' belongs to another party.')
    write('device', p.device, { party: p.party, role: p.role, key: key, active: true, at: nowMs() })
    record({ action: 'approveDevice', party: p.party, device: p.device, role: p.role, key: key, signer: p.signer }, [p.party])
  }

  revokeDevice (payload, signature) {
    const p = open(payload, signature, 'revokeDevice')
    if (p.party !== p.signer) fail('ERR_NOT_AUTHORISED', 'A device revocation must be signed by its party\'s master key.')
    requireParty(p.party, null, 'Party')
    const device = readJson('device', p.device)
    if (device === null || device.party !== p.party) fail('ERR_NOT_AUTHORISED', 'Device ' + p.device + ' is not a device of party ' + p.party + '.')
    if (!device.active) fail('ERR_BAD_PAYLOAD', 'Device ' + p.device + ' is already revoked.')
    device.active = false
    device.at = nowMs()
    write('device', p.device, device)
    record({ action: 'revokeDevice', party: p.party, device: p.device, signer: p.signer }, [p.party])
  }

  grant (payload, signature) {
    const p = open(payload, signature, 'grant')
    requireParty(p.signer, 'patient', 'Patient')
    requireOwnNotebook(p.notebook, p.signer)
    if (!isKey(p.clinic)) fail('ERR_BAD_PAYLOAD', 'The clinic is not a base58 Ed25519 public key.')
    requireParty(p.clinic, 'clinic', 'Clinic')
    if (!isOneOf(p.scope, SCOPES)) fail('ERR_BAD_PAYLOAD', 'A grant\'s scope must be "read" or "write".')
    if (!isCount(p.until) || p.until <= nowMs()) fail('ERR_BAD_PAYLOAD', 'A grant\'s until must be a future time in milliseconds.')
    if (readJson('g_' + p.notebook, p.clinic) === null) {
      append('gl_' + p.notebook, p.clinic)
      append('gc_' + p.clinic, p.notebook)
    }
    write('g_' + p.notebook, p.clinic, { patient: p.signer, scope: p.scope, until: p.until, active: true, at: nowMs() })
    record({ action: 'grant', patient: p.signer, notebook: p.notebook, clinic: p.clinic, scope: p.scope, until: p.until, signer: p.signer }, [p.signer, p.clinic])
  }

  revoke (payload, signature) {
    const p = open(payload, signature, 'revoke')
    requireParty(p.signer, 'patient', 'Patient')
    requireOwnNotebook(p.notebook, p.signer)
    if (!isKey(p.clinic)) fail('ERR_BAD_PAYLOAD', 'The clinic is not a base58 Ed25519 public key.')
    const grant = readJson('g_' + p.notebook, p.clinic)
    if (grant === null) fail('ERR_NO_GRANT', 'Clinic ' + p.clinic + ' holds no grant on notebook ' + p.notebook + '.')
    if (!grant.active) fail('ERR_NO_GRANT', 'The grant to clinic ' + p.clinic + ' on notebook ' + p.notebook + ' is already revoked.')
    grant.active = false
    grant.at = nowMs()
    write('g_' + p.notebook, p.clinic, grant)
    record({ action: 'revoke', patient: p.signer, notebook: p.notebook, clinic: p.clinic, signer: p.signer }, [p.signer, p.clinic])
  }

  anchor (payload, signature) {
    const p = open(payload, signature, 'anchor')
    let patient = p.signer
    if (p.device !== undefined) {
      const device = readJson('device', p.device)
      if (device === null || !device.active || device.key !== p.signer) {
        fail('ERR_NOT_AUTHORISED', 'The anchor is signed by a key that is not an approved device ' + JSON.stringify(p.device) + '.')
      }
      patient = device.party
    }
    requireParty(patient, 'patient', 'Patient')
    requireOwnNotebook(p.notebook, patient)
    if (!isDigest(p.digest)) fail('ERR_BAD_PAYLOAD', 'The digest must be base58 of 32 bytes.')
    if (!isCount(p.seq)) fail('ERR_BAD_PAYLOAD', 'The anchor\'s seq must be a positive integer.')
    // The sequence runs per signer (the device, or the patient's master key), not per notebook:
    // each signer's anchors stay ordered and a replayed seq is refused, while two devices of one
    // patient never contend for the same number. The notebook's latest anchor is simply the last
    // one to land.
    const by = p.device === undefined ? p.signer : p.device
    const last = readCount('as_' + p.notebook, by)
    if (p.seq <= last) {
      fail('ERR_STALE_SEQUENCE', 'The anchor\'s seq ' + p.seq + ' is not above ' + by + '\'s last anchored seq ' + last + ' on notebook ' + p.notebook + '.')
    }
    write('as_' + p.notebook, by, String(p.seq))
    write('anchor', p.notebook, { digest: p.digest, seq: p.seq, by: by, at: nowMs() })
    record({ action: 'anchor', patient: patient, notebook: p.notebook, digest: p.digest, seq: p.seq, by: by, signer: p.signer }, [patient])
  }
}

module.exports = TechoConsent
