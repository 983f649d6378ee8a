// Consent from the phone: the patient's keys sign each payload here, in the page, and the node
// that served the page publishes it as the sponsor and pays the gas. The contract checks every
// signature, so the sponsor can delay a payload but not forge or alter one; the phone needs no
// IOST account and no chain key.
import { deviceKeyFromBytes, masterKeyFromSeed, type DeviceKey } from '@techo/identity'
import {
  buildPayload, proveDevice, signConsentPayload,
  type ActionFields, type AnchorInput, type ConsentAction, type ConsentEvent, type LedgerReader, type Scope
} from '@techo/ledger'
import type { Unlocked } from './identity.js'

/** How long a signed payload stays valid: long enough for the sponsor's transaction to land. */
const PAYLOAD_TTL_MS = 10 * 60_000

/** How often a payload is offered to a sponsor whose view of the chain is behind (about 14 s in all). */
const SPONSOR_ATTEMPTS = 8

/** What the sponsor answered: the transaction that carried the payload and the event it left. */
export interface Published { tx: string, event: ConsentEvent }

/** Signs consent payloads in the page and has the sponsor at `sponsorUrl` publish them. */
export class SponsoredLedger {
  readonly #reader: LedgerReader
  readonly #sponsorUrl: string
  readonly #chainId: number
  // One payload at a time: each takes the signer's next nonce, which the previous one used up.
  #queue: Promise<unknown> = Promise.resolve()

  constructor (reader: LedgerReader, sponsorUrl: string, chainId: number) {
    this.#reader = reader
    this.#sponsorUrl = sponsorUrl
    this.#chainId = chainId
  }

  /**
   * Registers the patient and approves this device (each only if the chain does not have it yet);
   * returns what was published. A phone the patient removed (a lost one) is not approved again:
   * that was the patient's decision, taken on another phone.
   */
  async enrol (me: Unlocked): Promise<Published[]> {
    const seed = masterSeed(me)
    const done: Published[] = []
    if (await this.#reader.party(me.self.party) === undefined) done.push(await this.#act(seed, 'registerParty', { kind: 'patient' }))
    const device = await this.#reader.device(me.self.peerId)
    if (device?.active === false) throw new RemovedPhoneError(device.at)
    if (device === undefined) {
      const binding = await this.#reader.deviceBinding(me.self.party, this.#chainId)
      const proof = proveDevice(deviceKeyFromBytes(me.keystore.device), binding)
      done.push(await this.#act(seed, 'approveDevice', { party: binding.party, device: proof.device, role: 'phone', chain: binding.chain, proof: proof.proof }))
    }
    return done
  }

  /** Grants `clinic` access to the patient's notebook until `until` (ms), and mirrors the grant in the notebook. */
  async grant (me: Unlocked, clinic: string, scope: Scope, until: number): Promise<Published> {
    const published = await this.#act(masterSeed(me), 'grant', { clinic, notebook: me.notebook.id, scope, until })
    me.notebook.recordConsent({ clinic, scope, expires: new Date(until).toISOString(), status: 'active', tx: published.tx })
    return published
  }

  /** Ends `clinic`'s grant (from the next block its devices destroy their copies), and mirrors the revocation in the notebook. */
  async revoke (me: Unlocked, clinic: string): Promise<Published> {
    const current = await this.#reader.grant(me.notebook.id, clinic)
    if (current === undefined || current.revoked) throw new Error(`Clinic ${clinic} holds no grant on your notebook, so there is nothing to revoke.`)
    const published = await this.#act(masterSeed(me), 'revoke', { clinic, notebook: me.notebook.id })
    me.notebook.recordConsent({ clinic, scope: current.scope, expires: new Date(current.until).toISOString(), status: 'revoked', tx: published.tx })
    return published
  }

  /** Withdraws the approval of `device`, another of the patient's phones (a lost one): from the next block its peers refuse it. */
  async removeDevice (me: Unlocked, device: string): Promise<Published> {
    if (device === me.self.peerId) throw new Error('This is the phone you are using: remove it from another of your phones.')
    return await this.#act(masterSeed(me), 'revokeDevice', { party: me.self.party, device })
  }

  /** Anchors the notebook's digest, signed by this device (the sync service calls it after sessions that changed the notebook). */
  async anchor (signer: DeviceKey, anchor: AnchorInput): Promise<Published> {
    // A libp2p Ed25519 private key's raw form is its 32-byte seed followed by its public key.
    return await this.#act(signer.raw.subarray(0, 32), 'anchor', { ...anchor, device: signer.peerId })
  }

  async #act<A extends ConsentAction> (seed: Uint8Array, action: A, fields: ActionFields[A]): Promise<Published> {
    const run = this.#queue.then(async () => {
      const signer = masterKeyFromSeed(seed).id
      const [contract, nonce] = await Promise.all([this.#reader.contractId(), this.#reader.nextNonce(signer)])
      const payload = buildPayload(action, fields, { contract, signer, nonce, expires: Date.now() + PAYLOAD_TTL_MS })
      const signed = signConsentPayload(seed, payload)
      const request = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ action, ...signed }) }
      // 503: the node's view of the chain is behind the block this page read its nonce from (or it
      // does not follow the chain yet); the same signed payload is good until it expires.
      for (let attempt = 1; ; attempt++) {
        const res = await fetch(this.#sponsorUrl, request)
        const body = await res.json() as Published & { error?: { message: string } }
        if (res.ok) return body
        if (res.status !== 503 || attempt === SPONSOR_ATTEMPTS) throw new Error(`The sponsor did not publish the ${action}: ${body.error?.message ?? res.statusText}`)
        await new Promise(resolve => setTimeout(resolve, attempt * 500))
      }
    })
    this.#queue = run.catch(() => {})
    return await run
  }
}

/** This phone was removed from the patient's phones on the consent chain at `at` (ms): it syncs nothing. */
export class RemovedPhoneError extends Error {
  constructor (at: number) {
    super(`This phone was removed from your phones on ${new Date(at).toLocaleDateString()}, so it no longer syncs. Your notebook stays readable here; to sync from this phone again, clear this site's data in the browser's settings and restore from your recovery phrase.`)
  }
}

function masterSeed (me: Unlocked): Uint8Array {
  if (me.keystore.masterSeed === undefined) throw new Error('This browser does not hold the patient\'s master key, so it cannot sign consent.')
  return me.keystore.masterSeed
}
