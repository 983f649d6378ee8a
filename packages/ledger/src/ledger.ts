// The typed Ledger: parties sign consent payloads with their own keys; the sponsor account
// publishes them and pays gas and RAM. The same code talks to the dev chain and to a real
// IOST node; only the URL, chain id, contract and sponsor change.
import { masterKeyFromSeed, type DeviceKey, type SignedPayload } from '@techo/identity'
import { LedgerError } from './errors.js'
import type {
  AnchorEvent, ApproveDeviceEvent, ConsentEvent, GrantEvent, RegisterPartyEvent, RevokeDeviceEvent, RevokeEvent
} from './events.js'
import { parseEvent } from './events.js'
import type { Sponsor } from './iost-sdk.js'
import { proveDevice, verifyDeviceProof, type DeviceBinding, type DeviceProof } from './device-proof.js'
import { buildPayload, signConsentPayload, type ActionFields, type ConsentAction, type ConsentPayload } from './payload.js'
import { Publisher } from './publisher.js'
import { LedgerReader } from './reader.js'
import type { GrantRecord } from './records.js'
import type { TxReceiptJson } from './rpc.js'
import { checkPartyId, type DeviceRole, type PartyKind, type Scope } from './validate.js'

/** How to reach the chain and who pays. */
export interface LedgerConfig {
  /** The nodes' HTTP APIs: one URL, or several (a list, or separated by commas); remote ones need https. */
  url: string | readonly string[]
  /** How many nodes must give the same answer for it to count; default: a majority. */
  quorum?: number
  /** The chain id the node runs (1020 for a local node and the dev chain, 1024 for mainnet). */
  chainId: number
  /** The consent contract's id (`Contract...`) or linked name (`techo_consent`). */
  contract: string
  /** The IOST account that publishes and pays. */
  sponsor: Sponsor
  /** Gas limit per action; defaults to 1,000,000 (IOST allows 6,000 to 4,000,000). */
  gasLimit?: number
  /** Gas ratio; defaults to 1. */
  gasRatio?: number
  /** How long a signed payload stays valid; defaults to 10 minutes (the contract allows up to a day). */
  payloadTtlMs?: number
  /** How long to wait for a receipt; defaults to 30 s. */
  receiptTimeoutMs?: number
  /** How often to ask for the receipt; defaults to 100 ms. */
  pollMs?: number
}


/** What an accepted action left: its transaction, its event as the chain recorded it, and its cost. */
export interface ActionResult<E extends ConsentEvent = ConsentEvent> {
  txHash: string
  event: E
  /** The payload as signed and published. */
  signed: SignedPayload
  gasUsage: number
  /** RAM bytes the transaction added, summed over the accounts that paid. */
  ramUsage: number
}

export interface GrantInput { clinic: string, notebook: string, scope: Scope, until: number }
export interface RevokeInput { clinic: string, notebook: string }
export interface AnchorInput { notebook: string, digest: string, seq: number }

type EventOf<A extends ConsentAction> = Extract<ConsentEvent, { action: A }>

/** Reads and writes the consent contract through a sponsor account. */
export class Ledger extends LedgerReader {
  private readonly publisher: Publisher
  private readonly payloadTtlMs: number
  private readonly queues = new Map<string, Promise<void>>()
  private readonly chainId: number

  constructor (config: LedgerConfig) {
    super(config)
    this.chainId = config.chainId
    this.payloadTtlMs = config.payloadTtlMs ?? 10 * 60_000
    this.publisher = new Publisher(this.nodes, config.sponsor, {
      chainId: config.chainId,
      gasRatio: config.gasRatio ?? 1,
      gasLimit: config.gasLimit ?? 1_000_000,
      expirationSeconds: 90,
      timeoutMs: config.receiptTimeoutMs ?? 30_000,
      pollMs: config.pollMs ?? 100
    })
  }

  /** Registers the seed's key as a patient or clinic (once per key). */
  async registerParty (seed: Uint8Array, kind: PartyKind): Promise<ActionResult<RegisterPartyEvent>> {
    return await this.act(seed, 'registerParty', { kind })
  }

  /**
   * Approves a device for the seed's party in a role. The device proves it holds its key: pass the
   * DeviceKey itself (this device), or the proof it made (`proveDevice`, or an approval code read
   * with `parseDeviceApprovalCode`); a proof for another party, chain or contract is refused with
   * ERR_BAD_PROOF before anything is paid for.
   */
  async approveDevice (seed: Uint8Array, device: DeviceKey | DeviceProof, role: DeviceRole): Promise<ActionResult<ApproveDeviceEvent>> {
    const binding = await this.deviceBinding(partyIdOf(seed))
    const proof = 'sign' in device ? proveDevice(device, binding) : device
    if (!verifyDeviceProof(proof, binding)) {
      throw new LedgerError('ERR_BAD_PROOF', `The proof of device ${proof.device} is not for party ${binding.party} on contract ${binding.contract} (chain ${binding.chain}): ask the device for a new approval code.`)
    }
    return await this.act(seed, 'approveDevice', { party: binding.party, device: proof.device, role, chain: binding.chain, proof: proof.proof })
  }

  /** Returns what a device of `party` signs to prove it holds its key on this ledger's chain and contract. */
  override async deviceBinding (party: string, chain = this.chainId): Promise<DeviceBinding> {
    return await super.deviceBinding(party, chain)
  }

  /** Withdraws the approval of one of the seed's party's devices. */
  async revokeDevice (seed: Uint8Array, peerId: string): Promise<ActionResult<RevokeDeviceEvent>> {
    return await this.act(seed, 'revokeDevice', { party: partyIdOf(seed), device: peerId })
  }

  /** Grants a registered clinic read or write access to the patient's own notebook (notebookIdFor(patient id)) until a time (ms). */
  override async grant (patientSeed: Uint8Array, grant: GrantInput): Promise<ActionResult<GrantEvent>>
  /** Returns the grant of a notebook to a clinic, or undefined if there never was one. */
  override async grant (notebook: string, clinic: string): Promise<GrantRecord | undefined>
  override async grant (first: Uint8Array | string, second: GrantInput | string): Promise<ActionResult<GrantEvent> | GrantRecord | undefined> {
    if (typeof first === 'string' && typeof second === 'string') return await super.grant(first, second)
    if (!(first instanceof Uint8Array) || typeof second !== 'object') {
      throw new LedgerError('ERR_BAD_INPUT', 'grant takes either (patient seed, grant) or (notebook, clinic).')
    }
    const { clinic, notebook, scope, until } = second
    return await this.act(first, 'grant', { clinic, notebook, scope, until })
  }

  /** Ends a clinic's grant on the patient's own notebook. */
  async revoke (patientSeed: Uint8Array, revoke: RevokeInput): Promise<ActionResult<RevokeEvent>> {
    return await this.act(patientSeed, 'revoke', { clinic: revoke.clinic, notebook: revoke.notebook })
  }

  /** Anchors the digest of the patient's own notebook, signed by the patient's master seed or by one of the patient's approved device keys. */
  async anchor (signer: Uint8Array | DeviceKey, anchor: AnchorInput): Promise<ActionResult<AnchorEvent>> {
    const fields = { notebook: anchor.notebook, digest: anchor.digest, seq: anchor.seq }
    if (signer instanceof Uint8Array) return await this.act(signer, 'anchor', fields)
    // A libp2p Ed25519 private key's raw form is its 32-byte seed followed by its public key.
    return await this.act(signer.raw.subarray(0, 32), 'anchor', { ...fields, device: signer.peerId })
  }

  /** Returns the unsigned payload for an action by this signer: its fields checked, the next nonce and an expiry set. */
  async prepare<A extends ConsentAction> (action: A, signer: string, fields: ActionFields[A]): Promise<ConsentPayload<A>> {
    checkPartyId(signer, 'The signer')
    const [contract, nonce] = await Promise.all([this.contractId(), this.nextNonce(signer)])
    return buildPayload(action, fields, { contract, signer, nonce, expires: Date.now() + this.payloadTtlMs })
  }

  /**
   * Publishes a payload someone signed (a phone, say, that has no chain access) as the sponsor.
   * The payload goes out exactly as given: the contract, not the sponsor, judges it.
   */
  async submit<A extends ConsentAction> (action: A, signed: SignedPayload): Promise<ActionResult<EventOf<A>>> {
    const { txHash, receipt } = await this.publisher.publish([{ contract: await this.contractId(), action, args: [signed.payload, signed.signature] }])
    return { txHash, event: eventOf(receipt, action, txHash), signed, gasUsage: receipt.gas_usage, ramUsage: ramOf(receipt) }
  }

  // One action at a time per signer: each payload needs the nonce the previous one used up.
  private async act<A extends ConsentAction> (seed: Uint8Array, action: A, fields: ActionFields[A]): Promise<ActionResult<EventOf<A>>> {
    const signer = partyIdOf(seed)
    return await this.serialize(signer, async () => {
      const payload = await this.prepare(action, signer, fields)
      return await this.submit(action, signConsentPayload(seed, payload))
    })
  }

  private async serialize<T> (signer: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(signer) ?? Promise.resolve()
    const run = previous.then(task)
    const settled = run.then(() => {}, () => {})
    this.queues.set(signer, settled)
    void settled.then(() => { if (this.queues.get(signer) === settled) this.queues.delete(signer) })
    return await run
  }
}

function partyIdOf (seed: Uint8Array): string {
  try {
    return masterKeyFromSeed(seed).id
  } catch (err) {
    throw new LedgerError('ERR_BAD_INPUT', `The signing key is not usable: ${(err as Error).message}`, { cause: err })
  }
}

function eventOf<A extends ConsentAction> (receipt: TxReceiptJson, action: A, txHash: string): EventOf<A> {
  const entry = receipt.receipts?.find(r => r.func_name.endsWith(`/${action}`))
  const event = entry === undefined ? undefined : parseEvent(entry.content)
  if (event?.action !== action) {
    throw new LedgerError('ERR_BAD_CHAIN_DATA', `Transaction ${txHash} succeeded but carries no ${action} receipt; is the contract id right?`, { txHash })
  }
  return event as EventOf<A>
}

function ramOf (receipt: TxReceiptJson): number {
  return Object.values(receipt.ram_usage ?? {}).reduce<number>((sum, bytes) => sum + Number(bytes), 0)
}
