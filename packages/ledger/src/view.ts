// LedgerView: a local copy of the consent state that follows the chain block by block, verified
// rather than trusted. It asks every configured node for its irreversible height, takes each new
// block's consent part from the nodes until a quorum agree on it, replays the block's signed
// payloads under the contract's rules (block-consent.ts) and only then applies and announces the
// events. So "revocation takes effect at the next block" is one `view.on('revoke', ...)` away, the
// connection gater asks `isApprovedDevice` locally, and a lying node cannot make it believe a grant
// nobody signed. The trust model is written down in the package README.
import { EventEmitter, once } from 'node:events'
import { Backoff } from '@techo/backoff'
import createDebug from 'debug'
import { readBlockConsent, verifyBlockConsent, type ConsentContract } from './block-consent.js'
import { LedgerError } from './errors.js'
import type {
  AnchorEvent, ApproveDeviceEvent, ConsentEvent, GrantEvent, RegisterPartyEvent, RevokeDeviceEvent, RevokeEvent
} from './events.js'
import { ChainNodes } from './nodes.js'
import { LedgerReader, type ContractLocation } from './reader.js'
import type { ConsentAction } from './payload.js'
import type { AnchorRecord, DeviceRecord, GrantRecord, PartyRecord } from './records.js'
import { judgeCall } from './rules.js'
import { ConsentState, type ConsentSnapshot } from './state.js'

const log = createDebug('techo:ledger:view')

/** The checkpoint format this view writes and resumes from; an older one is replayed from the deployment instead. */
export const VIEW_CHECKPOINT_VERSION = 2

/** Where the view resumes from: the last block it applied and the state after it. */
export interface ViewCheckpoint {
  version: typeof VIEW_CHECKPOINT_VERSION
  contractId: string
  block: number
  state: ConsentSnapshot
}

export interface LedgerViewOptions extends ContractLocation {
  /** How often to ask for new blocks; defaults to 250 ms (IOST makes a block every 500 ms). */
  pollMs?: number
  /** A checkpoint from `checkpoint()`, to resume without replaying the chain from the deployment. */
  resume?: ViewCheckpoint
}

/** The view's events: one per consent action, `block` after each applied block, `error` when following fails. */
export interface LedgerViewEvents {
  registerParty: [RegisterPartyEvent]
  approveDevice: [ApproveDeviceEvent]
  revokeDevice: [RevokeDeviceEvent]
  grant: [GrantEvent]
  revoke: [RevokeEvent]
  anchor: [AnchorEvent]
  block: [number]
  error: [LedgerError]
}

const MAX_BACKOFF_MS = 10_000

/** A block-following cache of the consent contract's state, with typed events. */
export class LedgerView extends EventEmitter<LedgerViewEvents> {
  private readonly reader: LedgerReader
  private readonly nodes: ChainNodes
  private readonly names: string[]
  private readonly pollMs: number
  private state: ConsentState
  private contractId: string | undefined
  private applied = -1
  private running = false
  private readonly backoff: Backoff
  private timer: NodeJS.Timeout | undefined
  private polling: Promise<void> = Promise.resolve()
  private halt = new AbortController()

  constructor (options: LedgerViewOptions) {
    super()
    this.reader = new LedgerReader(options)
    this.nodes = new ChainNodes(options.url, options.quorum)
    // Calls may name the contract by the linked name the view was given.
    this.names = options.contract.startsWith('Contract') ? [] : [options.contract]
    this.pollMs = options.pollMs ?? 250
    this.backoff = new Backoff({ baseMs: this.pollMs, maxMs: MAX_BACKOFF_MS })
    if (options.resume !== undefined && options.resume.version !== VIEW_CHECKPOINT_VERSION) {
      throw new LedgerError('ERR_BAD_INPUT', `The checkpoint is of format ${String(options.resume.version)}, not ${VIEW_CHECKPOINT_VERSION}; start the view without it.`)
    }
    this.state = options.resume === undefined ? new ConsentState() : ConsentState.fromSnapshot(options.resume.state)
    if (options.resume !== undefined) {
      this.contractId = options.resume.contractId
      this.applied = options.resume.block
    }
  }

  /** Catches up with the chain's head, then keeps following it until `stop()`. */
  async start (): Promise<void> {
    if (this.running) return
    const contractId = await this.reader.contractId()
    if (this.contractId !== undefined && this.contractId !== contractId) {
      throw new LedgerError('ERR_BAD_INPUT', `The checkpoint is for contract ${this.contractId}, but the view follows ${contractId}.`)
    }
    if (this.contractId === undefined) this.applied = await this.reader.deployedAt() - 1
    this.contractId = contractId
    this.running = true
    this.halt = new AbortController()
    try {
      await this.catchUp()
    } catch (err) {
      this.running = false
      throw err
    }
    this.schedule()
  }

  /** Stops following; resolves once no request is in flight. */
  async stop (): Promise<void> {
    this.running = false
    this.halt.abort()
    clearTimeout(this.timer)
    await this.polling
  }

  /** The height of the last block applied. */
  get height (): number {
    return this.applied
  }

  /** Resolves once the view has applied the block at this height. */
  async waitForBlock (height: number): Promise<void> {
    const stopped = (): LedgerError => new LedgerError('ERR_BAD_INPUT', `The view stopped at block ${this.applied} and will not reach block ${height}.`)
    while (this.applied < height) {
      if (!this.running) throw stopped()
      // Rejects only when stop() aborts the signal.
      await once(this as EventEmitter, 'block', { signal: this.halt.signal }).catch(() => { throw stopped() })
    }
  }

  /** Returns where to resume from: the contract, the last applied block and the state after it. */
  checkpoint (): ViewCheckpoint {
    if (this.contractId === undefined) throw new LedgerError('ERR_BAD_INPUT', 'The view has not started, so it has no checkpoint.')
    return { version: VIEW_CHECKPOINT_VERSION, contractId: this.contractId, block: this.applied, state: this.state.snapshot() }
  }

  /**
   * Returns the event the contract would emit if the signed call ran in the next block, at
   * `timeMs`, on the state this view holds; throws the contract's refusal (a LedgerError)
   * otherwise. A dry run: nothing changes. A sponsor uses it to pay only for calls that will land.
   */
  judge (action: ConsentAction, signed: { payload: string, signature: string }, timeMs = Date.now()): ConsentEvent {
    if (this.contractId === undefined) throw new LedgerError('ERR_BAD_INPUT', 'The view has not started, so it cannot judge a call.')
    const data = JSON.stringify([signed.payload, signed.signature])
    return judgeCall(this.state, action, data, { contract: this.contractId, timeMs, block: this.applied + 1, tx: '' })
  }

  /** Returns a party's registration, or undefined. */
  party (id: string): PartyRecord | undefined { return this.state.party(id) }
  /** Returns a device's approval, or undefined if it was never approved. */
  device (peerId: string): DeviceRecord | undefined { return this.state.device(peerId) }
  /** Returns every device the party ever had approved, revoked ones too, in the order first approved. */
  devicesOf (party: string): Array<DeviceRecord & { device: string }> { return this.state.devicesOf(party) }
  /** Returns true only while the PeerId is an approved, unrevoked device of a registered party. */
  isApprovedDevice (peerId: string): boolean { return this.state.isApprovedDevice(peerId) }
  /** Returns the grant of a notebook to a clinic (its `active` judged now), or undefined. */
  grant (notebook: string, clinic: string): GrantRecord | undefined { return this.state.grant(notebook, clinic) }
  /** Returns every clinic ever granted the notebook, with its grant's state now. */
  grants (notebook: string): Array<GrantRecord & { clinic: string }> { return this.state.grants(notebook) }
  /** Returns every notebook ever granted to the clinic, with its grant's state now. */
  grantsForClinic (clinic: string): Array<GrantRecord & { notebook: string }> { return this.state.grantsForClinic(clinic) }
  /** Returns the notebook's latest anchor, or undefined. */
  lastAnchor (notebook: string): AnchorRecord | undefined { return this.state.lastAnchor(notebook) }
  /** Returns the last nonce the signing key used (0 if none): a payload must carry the next one. */
  nonce (signer: string): number { return this.state.nonce(signer) }
  /** Returns the last seq `by` (a device PeerId, or the patient's key) anchored on the notebook, 0 if none. */
  lastAnchorSeq (notebook: string, by: string): number { return this.state.lastAnchorSeq(notebook, by) }

  // Failures back off (up to 10 s) and are reported as `error` events when someone listens;
  // with no listener they are only logged, so a flaky node cannot crash the process.
  private schedule (delay = this.pollMs): void {
    if (!this.running) return
    this.timer = setTimeout(() => {
      this.polling = this.catchUp().then(
        () => { this.backoff.reset(); return this.pollMs },
        (err: unknown) => {
          const error = err instanceof LedgerError ? err : new LedgerError('ERR_BAD_CHAIN_DATA', `Following the chain failed: ${(err as Error).message}`, { cause: err })
          const delay = this.backoff.next()
          log('following failed (%d in a row): %s', this.backoff.failures, error.message)
          if (this.listenerCount('error') > 0) this.emit('error', error)
          return delay
        }
      ).then(delay => this.schedule(delay))
    }, delay)
  }

  private async catchUp (): Promise<void> {
    const target = await this.irreversibleHeight()
    const contract: ConsentContract = { id: this.contractId ?? '', names: this.names }
    while (this.running && this.applied < target) {
      const height = this.applied + 1
      const consent = await this.nodes.agreed(`block ${height}`, async node => await readBlockConsent(node, height, contract))
      const { events, state } = verifyBlockConsent(consent, this.state, contract.id, this.nodes.url)
      // The whole block is applied before anyone hears of it, so a throwing listener cannot
      // leave a block half-applied or applied twice.
      this.state = state
      this.applied = height
      for (const event of events) this.emit(event.action, event as never)
      this.emit('block', height)
    }
  }

  // The highest block at least a quorum of the nodes hold as irreversible: no fork can take it
  // back, and no single node can rush the view ahead.
  private async irreversibleHeight (): Promise<number> {
    const answers = await Promise.allSettled(this.nodes.nodes.map(async node => Number((await node.chainInfo()).lib_block)))
    const heights = answers.flatMap(a => a.status === 'fulfilled' && Number.isSafeInteger(a.value) ? [a.value] : []).sort((a, b) => b - a)
    const height = heights[this.nodes.quorum - 1]
    if (height !== undefined) return height
    const failed = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected')
    throw failed?.reason ?? new LedgerError('ERR_BAD_CHAIN_DATA', `The chain nodes (${this.nodes.url}) do not say which block is irreversible.`)
  }
}
