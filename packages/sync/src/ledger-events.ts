// Following the ledger while the service runs: device approvals and
// withdrawals update the directory and end the withdrawn device's sessions (a
// clinic relay joining or leaving places that clinic's notebooks again); a
// grant opens a clinic's replica and its sessions; a revoke ends the clinic's
// sessions on the patient's node and shreds the replica on the clinic's; and
// after each block, lapsed grants and standings are enforced.
import type { GrantEvent, LedgerViewEvents, RevokeDeviceEvent, RevokeEvent } from '@techo/ledger'
import { auditEvent } from './audit.js'
import type { SyncContext } from './context.js'
import type { Dialler } from './dial.js'
import type { Rebalancer } from './rebalance.js'
import type { ReplicaKeeper } from './replicas.js'
import type { Session } from './session.js'

export class LedgerFollower {
  readonly #ctx: SyncContext
  readonly #keeper: ReplicaKeeper
  readonly #dialler: Dialler
  readonly #rebalancer: Rebalancer
  #unlisten: Array<() => void> = []

  constructor (ctx: SyncContext, keeper: ReplicaKeeper, dialler: Dialler, rebalancer: Rebalancer) {
    this.#ctx = ctx
    this.#keeper = keeper
    this.#dialler = dialler
    this.#rebalancer = rebalancer
  }

  /** Starts reacting to the view's consent events and blocks. */
  start (): void {
    const { view } = this.#ctx.opts
    const follow = <K extends keyof LedgerViewEvents>(event: K, listener: (...args: LedgerViewEvents[K]) => void): void => {
      // node's EventEmitter types cannot resolve a listener for a generic event name; the signature above is checked.
      view.on(event, listener as never)
      this.#unlisten.push(() => view.off(event, listener as never))
    }
    follow('approveDevice', event => {
      this.#ctx.directory.approve(event)
      if (event.role === 'relay') this.#relaysChanged(event.party)
    })
    follow('revokeDevice', event => { void this.#deviceRevoked(event) })
    follow('grant', event => { void this.#granted(event) })
    follow('revoke', event => { void this.#revoked(event) })
    follow('block', () => { void this.#review() })
  }

  /** Stops reacting to the view. */
  stop (): void {
    for (const unlisten of this.#unlisten) unlisten()
    this.#unlisten = []
  }

  async #granted (event: GrantEvent): Promise<void> {
    const ctx = this.#ctx
    const { self } = ctx.opts
    if (event.clinic === self.party && self.role !== 'patient' && ctx.keeps(ctx.selfPeer, event.notebook)) this.#keeper.hold(event.notebook, event.patient)
    if (!ctx.running || this.#keeper.ownerOf(event.notebook) === undefined) return
    for (const peer of ctx.opts.node.getPeers()) this.#dialler.connected(peer)
  }

  async #revoked (event: RevokeEvent): Promise<void> {
    const ctx = this.#ctx
    const owner = this.#keeper.ownerOf(event.notebook)
    if (owner === undefined) return
    if (owner === ctx.opts.self.party) {
      await this.#closeWhere(s => s.notebook === event.notebook && s.access.party === event.clinic, 'the patient revoked this clinic\'s grant')
      await ctx.audit(auditEvent('revoke', { peer: ctx.selfPeer, party: event.clinic, notebook: event.notebook }, `stopped syncing with clinic ${event.clinic}: grant revoked at block ${event.block}`))
    } else if (event.clinic === ctx.opts.self.party) {
      await this.#keeper.drop(event.notebook, 'the patient revoked this clinic\'s grant')
    }
  }

  /** A relay of `party` joined or left: this node's own clinic's notebooks are placed again. */
  #relaysChanged (party: string): void {
    const ctx = this.#ctx
    if (party !== ctx.opts.self.party || ctx.directory.byPeer(ctx.selfPeer)?.role !== 'relay') return
    void this.#rebalancer.placeAll().catch(err => ctx.fail(err as Error))
  }

  async #deviceRevoked (event: RevokeDeviceEvent): Promise<void> {
    const ctx = this.#ctx
    const wasRelay = ctx.directory.byPeer(event.device)?.role === 'relay'
    ctx.directory.revoke(event)
    if (wasRelay) this.#relaysChanged(event.party)
    await this.#closeWhere(s => s.peer === event.device, `the approval of device ${event.device} was withdrawn`)
    // A withdrawn clinic device holds patients' data it may no longer hold; a patient's device keeps its own notebook.
    if (event.device === ctx.selfPeer && ctx.opts.self.role !== 'patient') {
      for (const id of this.#keeper.held()) await this.#keeper.drop(id, 'this device\'s approval was withdrawn')
    }
  }

  /** After each block: grants may have expired; sessions re-check themselves on every message, replicas here. */
  async #review (): Promise<void> {
    const ctx = this.#ctx
    const { view, self } = ctx.opts
    for (const id of this.#keeper.lapsed(Date.now())) {
      const grant = view.grant(id, self.party)
      await this.#keeper.drop(id, grant?.revoked === true ? 'the patient revoked this clinic\'s grant' : 'this clinic\'s grant expired')
    }
    for (const session of ctx.slots.sessions()) {
      const replica = ctx.replicas.get(session.notebook)
      if (replica === undefined) continue
      const decision = ctx.authorise(session.peer, replica)
      if (!decision.ok) await session.close(`no longer authorised: ${decision.reason}`)
    }
  }

  async #closeWhere (match: (session: Session) => boolean, reason: string): Promise<void> {
    await Promise.all(this.#ctx.slots.sessions().filter(match).map(async session => await session.close(reason)))
  }
}
