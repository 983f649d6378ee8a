// LedgerView: a local copy of the consent state that follows the chain block by block. It
// polls `/getChainInfo`, fetches each new block with its receipts, applies this contract's
// events and then announces them, so "revocation takes effect at the next block" is one
// `view.on('revoke', ...)` away, and the connection gater asks `isApprovedDevice` locally.
import { EventEmitter, once } from 'node:events'
import { Backoff } from '@techo/backoff'
import createDebug from 'debug'
import { LedgerError } from './errors.js'
import {
  parseEvent,
  type AnchorEvent, type ApproveDeviceEvent, type ConsentEvent, type GrantEvent, type RegisterPartyEvent, type RevokeDeviceEvent, type RevokeEvent
} from './events.js'
import { LedgerReader, type ContractLocation } from './reader.js'
import type { AnchorRecord, DeviceRecord, GrantRecord, PartyRecord } from './records.js'
import { ChainRpc, type BlockJson, type TxReceiptJson } from './rpc.js'
import { ConsentState, type ConsentSnapshot } from './state.js'

const log = createDebug('techo:ledger:view')

/** Where the view resumes from: the last block it applied and the state after it. */
export interface ViewCheckpoint {
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
  private readonly rpc: ChainRpc
  private readonly pollMs: number
  private readonly state: ConsentState
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
    this.rpc = new ChainRpc(options.url)
    this.pollMs = options.pollMs ?? 250
    this.backoff = new Backoff({ baseMs: this.pollMs, maxMs: MAX_BACKOFF_MS })
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
    return { contractId: this.contractId, block: this.applied, state: this.state.snapshot() }
  }

  /** Returns a party's registration, or undefined. */
  party (id: string): PartyRecord | undefined { return this.state.party(id) }
  /** Returns a device's approval, or undefined if it was never approved. */
  device (peerId: string): DeviceRecord | undefined { return this.state.device(peerId) }
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
    const head = Number((await this.rpc.chainInfo()).head_block)
    while (this.running && this.applied < head) {
      const height = this.applied + 1
      const events = await this.eventsIn(await this.rpc.block(height))
      // The whole block is applied before anyone hears of it, so a throwing listener cannot
      // leave a block half-applied or applied twice.
      for (const event of events) this.state.apply(event)
      this.applied = height
      for (const event of events) this.emit(event.action, event as never)
      this.emit('block', height)
    }
  }

  private async eventsIn (block: BlockJson): Promise<ConsentEvent[]> {
    const events: ConsentEvent[] = []
    for (const tx of block.transactions ?? []) {
      const receipt: TxReceiptJson | null = tx.tx_receipt ?? await this.rpc.receipt(tx.hash)
      if (receipt?.status_code !== 'SUCCESS') continue
      for (const entry of receipt.receipts ?? []) {
        if (entry.func_name.startsWith(`${this.contractId ?? ''}/`)) events.push(parseEvent(entry.content))
      }
    }
    return events
  }
}
