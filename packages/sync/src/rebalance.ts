// When a clinic's relays change, so does where each notebook lives (placement.ts). A relay holds the
// notebooks now placed on it (their data comes from the patient's devices and the other holders as
// they connect) and hands off those that are not: it syncs each with every relay that now holds it,
// and only once each of them has it all does it crypto-shred its own copy. A handoff that cannot
// finish yet (a new holder is offline) is tried again at the next relay check; until then the
// notebook stays here, so no reading is ever only in flight.
import createDebug from 'debug'
import type { SyncContext } from './context.js'
import type { Dialler } from './dial.js'
import { placeNotebook } from './placement.js'
import type { RelayLinks } from './relay-links.js'
import type { ReplicaKeeper } from './replicas.js'

const log = createDebug('techo:sync:relays')

export class Rebalancer {
  readonly #ctx: SyncContext
  readonly #keeper: ReplicaKeeper
  readonly #dialler: Dialler
  readonly #links: RelayLinks
  /** Notebooks this relay still holds that are placed elsewhere now. */
  readonly #leaving = new Set<string>()
  #running: Promise<void> | undefined

  constructor (ctx: SyncContext, keeper: ReplicaKeeper, dialler: Dialler, links: RelayLinks) {
    this.#ctx = ctx
    this.#keeper = keeper
    this.#dialler = dialler
    this.#links = links
  }

  /** How many notebooks wait to be handed to the relays that hold them now. */
  get leaving (): number {
    return this.#leaving.size
  }

  /** Places every notebook granted to this clinic again: holds those placed here, hands off those that are not. */
  async placeAll (): Promise<void> {
    const { view, self, vault } = this.#ctx.opts
    for (const grant of view.grantsForClinic(self.party)) {
      if (!grant.active) continue
      if (this.#ctx.keeps(this.#ctx.selfPeer, grant.notebook)) {
        this.#leaving.delete(grant.notebook)
        if (this.#keeper.ownerOf(grant.notebook) === undefined) this.#keeper.hold(grant.notebook, grant.patient)
      } else if (this.#keeper.ownerOf(grant.notebook) !== undefined || await vault.notebooks.has(grant.notebook)) {
        this.#leaving.add(grant.notebook)
      }
    }
    await this.handOff()
  }

  /** Tries every pending handoff, one at a time (a call while one runs joins it). */
  async handOff (): Promise<void> {
    if (this.#leaving.size === 0) return
    this.#running ??= this.#handOffAll().finally(() => { this.#running = undefined })
    await this.#running
  }

  async #handOffAll (): Promise<void> {
    const { view, self } = this.#ctx.opts
    for (const id of [...this.#leaving]) {
      const grant = view.grant(id, self.party)
      // Placed here again, or no longer granted at all (the revoke shreds it): nothing to hand off.
      if (!this.#ctx.running || grant?.active !== true || this.#ctx.keeps(this.#ctx.selfPeer, id)) {
        this.#leaving.delete(id)
        continue
      }
      if (await this.#handOne(id, grant.patient)) this.#leaving.delete(id)
    }
  }

  async #handOne (id: string, owner: string): Promise<boolean> {
    const { directory, limits, opts } = this.#ctx
    const targets = placeNotebook(id, directory.activeRelays(opts.self.party))
    try {
      this.#keeper.hold(id, owner)
      const replica = await this.#keeper.acquire(id)
      if (replica === undefined) return false
      for (const target of targets) {
        await this.#links.reach(target)
        const session = await this.#dialler.ensure(target, replica, AbortSignal.timeout(limits.handshakeTimeoutMs))
        await session.waitInSync(AbortSignal.timeout(limits.idleTimeoutMs))
      }
    } catch (err) {
      log('notebook %s not yet handed to %o: %s', id, targets, (err as Error).message)
      return false
    }
    await this.#keeper.drop(id, `it moved to the clinic's relays ${targets.join(', ')}`)
    log('handed notebook %s to %o', id, targets)
    return true
  }
}
