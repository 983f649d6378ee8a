// The table of sync sessions, one slot per (peer, notebook) pair: a slot holds
// a session being opened (dialled by us or announced by the peer's hello) and
// then the open session. Whoever needs the pair's session waits on its slot;
// when a slot is superseded (both sides dialled at once), waiters can follow
// the one that replaces it.
import type { Session } from './session.js'

export interface Slot {
  direction: 'inbound' | 'outbound'
  /** Aborts the dial or handshake of a slot that lost the tie. */
  abort: AbortController
  /** Set once the session is open. */
  session?: Session
  /** Resolves with the session once open; rejects if it never opens. */
  opened: Promise<Session>
}

export class Slots {
  readonly #slots = new Map<string, Slot>()
  readonly #waiters = new Map<string, Set<(slot: Slot | undefined) => void>>()

  /** The slot of a pair, if any. */
  get (peer: string, notebook: string): Slot | undefined {
    return this.#slots.get(key(peer, notebook))
  }

  /** Puts a slot in place (replacing any) and hands it to whoever waits for the pair's next slot. */
  set (peer: string, notebook: string, slot: Slot): void {
    const k = key(peer, notebook)
    this.#slots.set(k, slot)
    for (const waiter of [...this.#waiters.get(k) ?? []]) waiter(slot)
  }

  /** Removes the pair's slot if it is still `slot`. */
  delete (peer: string, notebook: string, slot: Slot): void {
    if (this.#slots.get(key(peer, notebook)) === slot) this.#slots.delete(key(peer, notebook))
  }

  /** Every slot. */
  all (): Slot[] {
    return [...this.#slots.values()]
  }

  /** Every open session. */
  sessions (): Session[] {
    return this.all().flatMap(slot => slot.session === undefined ? [] : [slot.session])
  }

  /** The slots of one notebook. */
  ofNotebook (notebook: string): Slot[] {
    return [...this.#slots.entries()].filter(([k]) => k.endsWith(`/${notebook}`)).map(([, slot]) => slot)
  }

  /** The next slot set for the pair, or undefined once `signal` aborts first. */
  async next (peer: string, notebook: string, signal: AbortSignal): Promise<Slot | undefined> {
    const k = key(peer, notebook)
    return await new Promise(resolve => {
      let waiters = this.#waiters.get(k)
      if (waiters === undefined) this.#waiters.set(k, waiters = new Set())
      const waiter = (slot: Slot | undefined): void => {
        waiters?.delete(waiter)
        if (waiters?.size === 0) this.#waiters.delete(k)
        signal.removeEventListener('abort', gone)
        resolve(slot)
      }
      const gone = (): void => waiter(undefined)
      waiters.add(waiter)
      if (signal.aborted) gone()
      else signal.addEventListener('abort', gone, { once: true })
    })
  }
}

// PeerIds are base58, so '/' cannot occur in them and the key splits unambiguously.
function key (peer: string, notebook: string): string {
  return `${peer}/${notebook}`
}
